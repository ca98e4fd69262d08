"""The engine's own work per document, counted: what does not depend on the document (the
rule names for directives, the question rules, the check functions) is not rebuilt for each
one, and a document without directives reads no rule name at all."""

from __future__ import annotations

import importlib
from pathlib import Path

from opslint.config import Config
from opslint.engine.suppress import parse_directives
from opslint.lint import Bundle, document_from_text, lint_documents
from tests.conftest import CountCalls

ROOT = Path(__file__).resolve().parent.parent
RELEASE = (ROOT / "examples" / "ja" / "defects").glob("16_*.md")


class _Known:
    """Rule (id, name) pairs that count how often they are read."""

    def __init__(self) -> None:
        self.reads = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        self.reads += 1
        yield ("REL001", "release-section-missing")


def test_a_document_without_directives_reads_no_rule_name(bundle: Bundle) -> None:
    known = _Known()
    plain = document_from_text("# リリース手順書\n\n本文。\n", Path("a.md"), bundle)
    assert parse_directives(plain, known).directives == []
    assert known.reads == 0
    marked = document_from_text("# リリース手順書\n\n<!-- opslint-disable REL001 -->\n本文。\n",
                                Path("b.md"), bundle)
    assert [d.selectors for d in parse_directives(marked, known).directives] == [("REL001",)]
    assert known.reads == 1


def test_check_functions_are_imported_once_not_per_document(
        bundle: Bundle, count_calls: CountCalls) -> None:
    config = Config()
    text = next(iter(RELEASE)).read_text(encoding="utf-8")
    doc = document_from_text(text, Path("16_Release_Procedure.md"), bundle, config)
    lint_documents([doc], [], config, bundle)  # every check module imported by now
    calls = count_calls(importlib, "import_module")
    again = lint_documents([doc], [], config, bundle)
    assert again.findings
    assert calls["import_module"] == 0
