"""The placeholder patterns (rules/vocab/placeholders.yaml) start with a character, not a
lookbehind, so a search skips the positions where no match can start (issue 10); each
rewritten pattern matches exactly where its old form did, with the same spans."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml

_VOCAB = Path(__file__).resolve().parents[1] / "rules" / "vocab" / "placeholders.yaml"

# The old form of each rewritten pattern, by family and index: the lookbehind in front.
_OLD = {
    ('version', 0): (
        r'(?<![A-Za-z0-9])v?[Xx]\.[XxYy](?:\.[XxZz])?(?![A-Za-z0-9])'),
    ('version', 1): (
        r'(?i)(?<![A-Za-z0-9])v?\d+\.Y_SET_ME\.Z_SET_ME'),
    ('version', 2): (
        r'(?<![A-Za-z0-9])[A-Z_]*SET_ME(?![A-Za-z0-9])'),
    ('date', 1): (
        r'(?<![A-Za-z0-9/])MM\s*[/月]\s*DD(?![A-Za-z0-9])'),
    ('time', 0): (
        r'(?<![A-Za-z0-9])(?:HH|hh|XX|xx)\s*[:時]\s*(?:MM|mm|XX|xx)(?:\s*[:分]'
        r'\s*(?:SS|ss))?(?![A-Za-z0-9])(?!\s*(?:形式|表記|フォーマット|format))'),
    ('amount', 0): (
        r'(?<![A-Za-z0-9?])(?:XX|xx|X|\?{1,3})\s*(?:分間?|時間|秒|日間?|週間|か月|ヶ月|カ月'
        r'|年|件|回|%|ms|mins?|minutes?|hours?|days?)(?![A-Za-z])'),
    ('amount', 1): (
        r'(?<![?])\?{2,}(?![?])'),
    ('marks', 1): (
        r'(?<![A-Za-z0-9_-])XXX+(?![A-Za-z0-9_-])'),
    ('open_items', 0): (
        r'(?<![A-Za-z0-9_-])(?:TBD|TBA|TBC|TODO|FIXME)(?![A-Za-z0-9_-])'),
    ('open_items', 1): (
        r'(?i)(?<![a-z])(?<!need )(?<!needs )(?<!must )(?<!have )(?<!has )(?'
        r'<!had )to be (?:decided|determined|confirmed|announced)(?![a-z])'),
}

# Pieces of the texts the patterns read: their literals, the characters their lookarounds
# test (letters, digits, "_", "-", "/", "?"), case variants that IGNORECASE folds (K, ſ, İ),
# Japanese text, spaces and whole matches. Strings of up to 9 pieces reach every boundary
# the lookbehinds look at.
_PIECES = ["X", "x", "XX", "XXX", "v", "V", "Y", "y", "Z", ".", "SET_ME", "Y_SET_ME", "_", "A",
           "a", "1", "2026", "-", "/", "MM", "DD", "月", "HH", "hh", "時", ":", "分", "?", "??",
           "件", "ms", "min", " ", "  ", "TBD", "TBA", "TODO", "FIXME", "T", "F", "need ",
           "needs ", "has ", "to be ", "decided", "To Be ", "あ", "\n", "K", "k", "ſ", "ı", "İ",
           "\u212a", "é", "0", "9", "形式", "1.Y_SET_ME.Z_SET_ME", ".Z_SET_ME", "MM/DD",
           "HH:MM", "xx:xx", "XX分", "SS", "to be decided", "TO BE CONFIRMED", "vX.Y.Z", "x.x"]


def _patterns() -> dict[tuple[str, int], str]:
    data = yaml.safe_load(_VOCAB.read_text(encoding="utf-8"))["patterns"]
    return {(family, i): str(p) for family, items in data.items() for i, p in enumerate(items)}


@pytest.mark.parametrize("key", sorted(_OLD))
def test_rewritten_pattern_matches_like_its_old_form(key: tuple[str, int]) -> None:
    old, new = re.compile(_OLD[key]), re.compile(_patterns()[key])
    rng = random.Random(f"{key}")
    checked = 0
    for _ in range(20000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 9)))
        expected = [m.span() for m in old.finditer(text)]
        assert [m.span() for m in new.finditer(text)] == expected, text
        checked += bool(expected)
    assert checked > 100  # the strings reach the matches, not only the misses


def test_no_placeholder_pattern_starts_with_a_lookbehind() -> None:
    for key, pattern in _patterns().items():
        body = re.sub(r"^\(\?[aiLmsux]+\)", "", pattern)
        assert not body.startswith(("(?<=", "(?<!")), key
