"""Broken front matter is reported (META005), never read on silently (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.document.load import decode
from opslint.document.parse import parse_document

CASES = {
    "invalid YAML": ("---\ntitle: [x\nopslint: {kind: release}\n---\n# H\n", 3),
    "a list, not keys": ("---\n- a\n- b\n---\n# H\n", 1),
    "not closed": ("---\ntitle: x\n\n# H\n\ntext\n", 1),
    "tab indentation": ("---\ntitle: x\n\tkind: y\n---\n# H\n", 3),
    "deeply nested": ("---\nk: " + "[" * 5000 + "\n---\n# H\n", 1),
}


@pytest.mark.parametrize("text, line", CASES.values(), ids=list(CASES))
def test_unreadable_front_matter_is_a_problem_and_the_body_is_read(text: str, line: int) -> None:
    doc = parse_document(Path("d.md"), decode(text.encode()))
    problems = [(p.kind, p.line) for p in doc.problems]
    assert problems == [("front_matter", line)], doc.problems
    assert doc.front_matter == {}
    assert [s.title for s in doc.sections()] == ["H"]


@pytest.mark.parametrize("text", [
    "---\ntitle: x\n---\n# H\n",
    "---\n---\n# H\n",  # empty front matter
    "# H\n\n---\n\ntitle: not front matter\n",  # a thematic break later on
    "---\n\n# H starting with a rule\n",
])
def test_valid_or_absent_front_matter_is_no_problem(text: str) -> None:
    assert parse_document(Path("d.md"), decode(text.encode())).problems == ()
