"""Percentages, including ranges and "three nines"."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from opslint.facts.quantities.durations import _range_head
from opslint.facts.quantities.normalise import _Norm, _normalise
from opslint.facts.quantities.patterns import _NUM, _PCT_UNIT, _WS, _num
from opslint.facts.quantities.types import Percentage

_PCT: Final = re.compile(rf"(?P<num>{_NUM}){_WS}{_PCT_UNIT}")
_NINES: Final = re.compile(
    r"(?<![A-Za-z])(?P<en>(?i:two|three|four|five|six|[2-6]))[ -]?(?i:nines?)(?![A-Za-z])"
    r"|(?P<ja>ツー|スリー|フォー|ファイブ|シックス|[2-6])ナイン"
)
_NINE_COUNTS: Final[Mapping[str, int]] = MappingProxyType(
    {
        **dict.fromkeys(["two", "ツー", "2"], 2),
        **dict.fromkeys(["three", "スリー", "3"], 3),
        **dict.fromkeys(["four", "フォー", "4"], 4),
        **dict.fromkeys(["five", "ファイブ", "5"], 5),
        **dict.fromkeys(["six", "シックス", "6"], 6),
    }
)


def _make_pct(norm: _Norm, start: int, end: int, value: float) -> Percentage:
    text, s, e = norm.source(start, end)
    return Percentage(value, text, s, e)


def _pct_of(norm: _Norm, match: re.Match[str]) -> list[Percentage]:
    found = [_make_pct(norm, match.start(), match.end(), _num(match["num"]))]
    head = _range_head(norm.text, match.start())
    if head is not None:
        found.insert(0, _make_pct(norm, head.start("num"), head.end("num"), _num(head["num"])))
    return found


def _nines_value(match: re.Match[str]) -> float:
    count = _NINE_COUNTS[(match["en"] or match["ja"]).lower()]
    return round(100.0 - 10.0 ** (2 - count), 6)


def find_percentages(text: str) -> list[Percentage]:
    """Every percentage, including ``99.9 ％``, ranges and "three nines"/"スリーナイン"."""
    norm = _normalise(text)
    found = [] if norm.digitless else [
        p for m in _PCT.finditer(norm.text) for p in _pct_of(norm, m)]
    found += [
        _make_pct(norm, m.start(), m.end(), _nines_value(m)) for m in _NINES.finditer(norm.text)
    ]
    return sorted(found, key=lambda p: p.start)
