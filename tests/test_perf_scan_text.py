"""The line scans of checks/shared/text.py do less work per line (issue 10) and answer as
before."""

from __future__ import annotations

import random
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from opslint.bundle import Bundle
from opslint.checks.shared import places
from opslint.checks.shared import text as shared_text
from opslint.document.model import DocKind
from opslint.facts.labels import read_label
from opslint.facts.reading import Line
from tests.conftest import CountCalls, lint_text

_ROOT = Path(__file__).resolve().parents[1]


def _field_of_reading_every_line(raw: str) -> tuple[str, int] | None:
    """field_of as it was: the label reader run on every line."""
    found = read_label(raw)
    if found is None or raw[found.value_start :].startswith("//"):
        return None
    key = found.label
    if key not in raw or places._NOT_KEY.search(key):
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
        assert places.field_of(raw) == expected, raw
        found += expected is not None
    assert found > 1000


def test_owner_fields_read_labels_only_on_lines_with_a_colon(
        bundle: Bundle, count_calls: CountCalls) -> None:
    text = (_ROOT / "examples/ja/clean/16_Release_Procedure.md").read_text(encoding="utf-8")
    calls = count_calls(places, "read_label")
    lint_text(bundle, text, DocKind.RELEASE, select=("GATE001",))
    with_colon = sum(":" in line or "：" in line for line in text.splitlines())
    # Only lines whose value after the colon is an owner placeholder (none here) have their
    # label read since the tenth round (``tokens.field_value``).
    assert calls["read_label"] <= with_colon < len(text.splitlines()) / 2


def test_fold_lines_given_patterns_keeps_every_line_they_match_in(bundle: Bundle) -> None:
    families = bundle.vocab.terms["placeholders"]["patterns"].values()
    patterns = tuple(re.compile(p) for family in families for p in family)
    pieces = ["TBD", "ＴＢＤ", "XX", "分", "[Name]", "<担当者>", "ＨＨ：ＭＭ", "未定", "20XX", "-",
              "MM/DD", " ", "あ", "a", "（記入）", "??", "○○", "\n", "x", "to be decided"]
    rng = random.Random("fold_lines")
    examples = [line for path in sorted(_ROOT.glob("examples/*/*/*.md"))
                for line in path.read_text(encoding="utf-8").splitlines()]
    texts = [*examples, *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 3)))
                          for _ in range(3000))]
    lines = [Line(number, raw) for number, raw in enumerate(texts, start=1)]
    ctx: Any = SimpleNamespace(doc=object())
    kept = [(line.number, folded) for line, folded in shared_text.fold_lines(ctx, lines, patterns)]
    matched = [line.number for line in lines
               if shared_text.spans(patterns, shared_text.fold(line.text).text)]
    assert len(matched) > 100
    assert set(matched) <= {number for number, _ in kept}
    # Most lines of the examples are left out.
    assert sum(number <= len(examples) for number, _ in kept) * 3 < len(examples)
    assert all(folded.text == shared_text.fold(lines[n - 1].text).text for n, folded in kept)
    # Without patterns, every line as before.
    assert [line for line, _ in shared_text.fold_lines(ctx, lines)] == lines


def test_owner_cells_are_cut_only_in_tables_with_an_owner_column(
        bundle: Bundle, count_calls: CountCalls) -> None:
    from opslint.checks.gate import tokens

    text = (_ROOT / "examples/ja/clean/17_Operation_Design.md").read_text(encoding="utf-8")
    calls = count_calls(tokens, "cell_spans")
    lint_text(bundle, text, DocKind.OPERATION, select=("GATE001",))
    rows = sum(line.lstrip().startswith("|") for line in text.splitlines())
    assert 0 < calls["cell_spans"] < rows / 2, (calls, rows)
