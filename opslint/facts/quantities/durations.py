"""Durations (``5分``, ``1h30m``, ``5〜10分``) and the span helpers other finders share."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from opslint.facts.quantities.normalise import _Norm, _normalise
from opslint.facts.quantities.patterns import _DUR_UNIT, _NUM, _SEP, _WS, _num
from opslint.facts.quantities.types import Duration
from opslint.facts.quantities.units import to_minutes

_DUR_PIECE: Final = re.compile(rf"(?P<num>{_NUM}){_WS}(?P<unit>{_DUR_UNIT})")
_DUR_NEXT: Final = re.compile(
    rf"{_WS}(?:(?i:and)(?![A-Za-z]){_WS}|と{_WS})?(?P<num>{_NUM}){_WS}(?P<unit>{_DUR_UNIT})"
)
_RANGE_HEAD: Final = re.compile(rf"(?P<num>{_NUM}){_WS}{_SEP}{_WS}$")
_T_BEFORE: Final = re.compile(rf"(?<![A-Za-z0-9])T{_WS}[+\-−]{_WS}$")
# Dates, ordinals and jargon whose digits sit next to a unit letter or kanji.
_DUR_BLOCK: Final = re.compile(
    r"(?<!\d)(?:\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}|\d{4}年\d{1,2}月(?:\d{1,2}日)?"
    r"|\d{1,2}月\d{1,2}日|(?:19|20|21)\d{2}年(?!間))"
    r"|(?<=月)\d{1,2}日|第\d+|毎時\d+分"
    r"|(?<![A-Za-z0-9])(?i:k8s|k3s|a11y|i18n|l10n)(?![A-Za-z0-9])"
)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    minutes: float
    unit: str


def _piece(match: re.Match[str]) -> tuple[float, str]:
    """Minutes of one ``number unit`` piece and its unit (``1時間半`` → 90, ``時間``)."""
    unit = match["unit"]
    half = 0.5 if unit.endswith("半") else 0.0
    unit = unit.rstrip("半")
    return to_minutes(_num(match["num"]) + half, unit) or 0.0, unit


def _unit_size(unit: str) -> float:
    return to_minutes(1.0, unit) or 0.0


def _compound_at(text: str, pos: int) -> _Span | None:
    """The duration starting exactly at ``pos``, merging "1時間30分" / "1h30m"."""
    match = _DUR_PIECE.match(text, pos)
    if match is None:
        return None
    minutes, unit = _piece(match)
    end, last = match.end(), _unit_size(unit)
    while (nxt := _DUR_NEXT.match(text, end)) is not None:
        more, nxt_unit = _piece(nxt)
        if _unit_size(nxt_unit) >= last:
            break
        minutes, end, last = minutes + more, nxt.end(), _unit_size(nxt_unit)
    return _Span(pos, end, minutes, unit)


def _glued_to_word(text: str, match: re.Match[str]) -> bool:
    # "k8s", "a11y": a one-letter unit right after a lowercase letter is part of a word;
    # "RPO24h" (upper case) is a real notation and stays.
    glued = match.start() > 0 and "a" <= text[match.start() - 1] <= "z"
    return glued and len(match["unit"]) == 1


def _scan_durations(text: str) -> Iterator[_Span]:
    pos = 0
    for match in _DUR_PIECE.finditer(text):
        if match.start() < pos or _glued_to_word(text, match):
            continue
        span = _compound_at(text, match.start())
        if span is not None:
            pos = span.end
            yield span


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _range_head(text: str, start: int) -> re.Match[str] | None:
    """The ``5`` of ``5〜10分``: a bare number joined to the quantity at ``start``."""
    return _RANGE_HEAD.search(text, max(0, start - 32), start)


def _is_t_offset(text: str, start: int) -> bool:
    return _T_BEFORE.search(text, max(0, start - 8), start) is not None


def _make_duration(norm: _Norm, start: int, end: int, minutes: float) -> Duration:
    text, s, e = norm.source(start, end)
    return Duration(minutes, text, s, e)


def _durations_of(norm: _Norm, span: _Span) -> list[Duration]:
    found = [_make_duration(norm, span.start, span.end, span.minutes)]
    head = _range_head(norm.text, span.start)
    if head is not None:
        minutes = to_minutes(_num(head["num"]), span.unit) or 0.0
        found.insert(0, _make_duration(norm, head.start("num"), head.end("num"), minutes))
    return found


def find_durations(text: str) -> list[Duration]:
    """Every duration in ``text``; ranges (``5〜10分``) give both ends. Dates are skipped."""
    norm = _normalise(text)
    if norm.digitless:
        return []  # every duration starts with a number
    blocks = [m.span() for m in _DUR_BLOCK.finditer(norm.text)]
    found: list[Duration] = []
    for span in _scan_durations(norm.text):
        if _overlaps(blocks, span.start, span.end) or _is_t_offset(norm.text, span.start):
            continue
        found.extend(_durations_of(norm, span))
    return found


def parse_duration(text: str) -> Duration | None:
    """The first duration in ``text``, if any."""
    found = find_durations(text)
    return found[0] if found else None
