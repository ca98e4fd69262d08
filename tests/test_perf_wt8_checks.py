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


def test_a_mention_is_searched_once_in_the_units_not_once_per_unit(
        bundle: Bundle, count_calls: CountCalls) -> None:
    from opslint.checks.rel import vocab_models
    from opslint.document.model import DocKind
    from tests.conftest import lint_text

    lines = "\n".join(f"- 手順 {i}: サービス {i} を再起動する。" for i in range(40))
    text = f"# リリース手順書\n\n## 1. リリース概要\n\n{lines}\n"
    calls = count_calls(vocab_models, "contains_any")
    found = lint_text(bundle, text, DocKind.RELEASE, select=("REL009",))
    assert [f.rule_id for f in found] == ["REL009"]  # no approver named anywhere
    assert calls["contains_any"] == 1  # the approver's terms, in the 40 items joined


def test_joined_norms_find_what_each_unit_finds(bundle: Bundle) -> None:
    """``Item.found_in`` agrees with ``found`` unit by unit, at the edges of the units too:
    a term split across two units, or standing at the start or end of one."""
    from opslint.checks.rel.vocab_models import Item, joined_norms
    from opslint.document.model import Section
    from opslint.engine.schema import Localized
    from opslint.facts.units import Unit

    section = Section(1, "", "", None, 1, 1)
    item = Item(title=Localized(ja="x", en="x"), terms=("dr 訓練", "roll back", "承認者"))

    def units(*texts: str) -> list[Unit]:
        from opslint.document.normalize import normalize

        return [Unit(i + 1, t, normalize(t), section) for i, t in enumerate(texts)]

    for texts in [("roll", "back"), ("承認", "者"), ("dr", "訓練"), ("xroll back", "a"),
                  ("roll back",), ("DR訓練を行う",), ("rollback",), ("", "承認者"), ()]:
        group = units(*texts)
        assert item.found_in(group, joined_norms(group)) == any(item.found(u) for u in group)
