"""Work of the rules and of the engine loop, counted (round 8 of issue 10): what depends on
the kind of a document only is chosen once per kind, not once per rule on every document."""

from __future__ import annotations

from pathlib import Path

from opslint.config import Config
from opslint.engine.schema import RuleSpec
from opslint.lint import Bundle, document_from_text, lint_documents
from tests.conftest import CountCalls

ROOT = Path(__file__).resolve().parent.parent
RELEASE = sorted((ROOT / "examples" / "ja" / "defects").glob("16_*.md"))[0]


def test_rules_are_chosen_once_per_kind_not_per_document(
        bundle: Bundle, count_calls: CountCalls) -> None:
    config = Config()
    text = RELEASE.read_text(encoding="utf-8")
    docs = [document_from_text(text, Path(f"d{i}/16_Release_Procedure.md"), bundle, config)
            for i in range(4)]
    calls = count_calls(RuleSpec, "applies_to")
    result = lint_documents(docs, [], config, bundle)
    assert result.findings
    # Each rule is asked once for the one kind of the four documents (not four times).
    assert 0 < calls["applies_to"] <= len(bundle.rules)
