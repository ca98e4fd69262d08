"""The line scans of checks/shared/text.py do less work per line (issue 10) and answer as
before."""

from __future__ import annotations

import random
from pathlib import Path

from opslint.bundle import Bundle
from opslint.checks.shared import text as shared_text
from opslint.document.model import DocKind
from opslint.facts.labels import read_label
from tests.conftest import CountCalls, lint_text

_ROOT = Path(__file__).resolve().parents[1]


def _field_of_reading_every_line(raw: str) -> tuple[str, int] | None:
    """field_of as it was: the label reader run on every line."""
    found = read_label(raw)
    if found is None or raw[found.value_start :].startswith("//"):
        return None
    key = found.label
    if key not in raw or shared_text._NOT_KEY.search(key):
        return None
    if not any(ch.isalpha() for ch in key) or key[-1].isdigit():
        return None
    return key, found.value_start


def _lines() -> list[str]:
    lines = [line for path in sorted(_ROOT.glob("examples/*/*/*.md"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    pieces = ["Owner", "名前", ":", "：", " ", "**", "`", "- ", "・", "1. ", "10:00", "http://x",
              "\n", ": ", "a", "|", "担当者", "_"]
    rng = random.Random("fields")
    return lines + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
                    for _ in range(20000)]


def test_field_of_answers_as_when_every_line_was_read() -> None:
    found = 0
    for raw in _lines():
        expected = _field_of_reading_every_line(raw)
        assert shared_text.field_of(raw) == expected, raw
        found += expected is not None
    assert found > 1000


def test_owner_fields_read_labels_only_on_lines_with_a_colon(
        bundle: Bundle, count_calls: CountCalls) -> None:
    text = (_ROOT / "examples/ja/clean/16_Release_Procedure.md").read_text(encoding="utf-8")
    calls = count_calls(shared_text, "read_label")
    lint_text(bundle, text, DocKind.RELEASE, select=("GATE001",))
    with_colon = sum(":" in line or "：" in line for line in text.splitlines())
    assert 0 < calls["read_label"] <= with_colon < len(text.splitlines()) / 2
