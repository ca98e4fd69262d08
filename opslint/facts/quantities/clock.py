"""Clock times, time windows (with overnight roll-over) and T-offsets."""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from opslint.facts.quantities.durations import _DUR_BLOCK, _compound_at, _overlaps, _scan_durations
from opslint.facts.quantities.normalise import _Norm, _normalise
from opslint.facts.quantities.patterns import _DATE, _SEP, _TZ, _WEEKDAY, _WS
from opslint.facts.quantities.types import ClockTime, Offset, TimeWindow

# --------------------------------------------------------------------------- clock times

_CLOCK_LEAD: Final = rf"(?P<next>翌日?{_WS})?(?:(?P<jp_ampm>午前|午後){_WS})?"
_CLOCK: Final = re.compile(
    rf"{_CLOCK_LEAD}(?<![\d:.])(?P<h>\d{{1,2}}):(?P<m>[0-5]\d)(?::[0-5]\d)?(?!\d|:\d)"
    rf"(?:{_WS}(?P<ampm>(?i:am|pm|a\.m\.|p\.m\.))(?![A-Za-z]))?(?P<plus>{_WS}\(?\+1d\)?)?"
)
_CLOCK_JP: Final = re.compile(
    rf"{_CLOCK_LEAD}(?<![\d.])(?P<h>\d{{1,2}})時(?![間点])(?:(?P<m>[0-5]?\d)分|(?P<half>半))?"
)


@dataclass(frozen=True)
class _Clock:
    start: int
    end: int
    minute: int


def _twelve_hour(hour: int, marker: str | None) -> int:
    if not marker or hour > 12:
        return hour
    afternoon = marker in ("午後", "pm", "p.m.")
    return hour % 12 + (12 if afternoon else 0)


def _clock(match: re.Match[str]) -> _Clock | None:
    groups = match.groupdict()
    marker = groups.get("ampm") or match["jp_ampm"]
    hour = _twelve_hour(int(match["h"]), marker.lower() if marker else None)
    minute = 30 if groups.get("half") else int(match["m"] or 0)
    if hour > 47:
        return None
    rollover = 1440 if match["next"] or groups.get("plus") else 0
    return _Clock(match.start(), match.end(), hour * 60 + minute + rollover)


def _clocks(text: str) -> list[_Clock]:
    # Each form needs its separator: one membership test spares the scan of most texts.
    found = [_clock(m) for m in _CLOCK.finditer(text)] if ":" in text else []
    found += [_clock(m) for m in _CLOCK_JP.finditer(text)] if "時" in text else []
    ordered = sorted((c for c in found if c is not None), key=lambda c: (c.start, -c.end))
    kept: list[_Clock] = []
    for clock in ordered:
        if not kept or clock.start >= kept[-1].end:
            kept.append(clock)
    return kept


def find_clock_times(text: str) -> list[ClockTime]:
    """Wall-clock times (``01:00``, ``翌02:00``, ``21時30分``); placeholders give nothing."""
    norm = _normalise(text)
    if norm.digitless:
        return []
    found: list[ClockTime] = []
    for clock in _clocks(norm.text):
        source, s, e = norm.source(clock.start, clock.end)
        found.append(ClockTime(clock.minute, source, s, e))
    return found


# --------------------------------------------------------------------------- windows

_WIN_GAP: Final = re.compile(
    rf"{_WS}(?:\(?(?P<tz>{_TZ})\)?{_WS})?{_SEP}{_WS}"
    rf"(?:(?P<date>{_DATE})(?:{_WS}{_WEEKDAY})?(?:T|{_WS}))?"
)
_DATE_BEFORE: Final = re.compile(rf"{_DATE}(?:{_WS}{_WEEKDAY})?(?:T|{_WS})$")
_TZ_AFTER: Final = re.compile(rf"{_WS}\(?(?P<tz>{_TZ})\)?")


def _date_of(match: re.Match[str] | None) -> datetime.date | None:
    if match is None:
        return None
    year = match["y"] or match["jy"]
    month = match["mo"] or match["jmo"]
    day = match["d"] or match["jd"]
    try:
        return datetime.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def _tz_name(raw: str | None) -> str | None:
    if raw is None:
        return None
    return "JST" if raw == "日本時間" else re.sub(r"\s", "", raw)


def _window(norm: _Norm, first: _Clock, second: _Clock) -> TimeWindow | None:
    text = norm.text
    gap = _WIN_GAP.fullmatch(text, first.end, second.start)
    if gap is None:
        return None
    before = _DATE_BEFORE.search(text, max(0, first.start - 40), first.start)
    after = _TZ_AFTER.match(text, second.end)
    start_date = _date_of(before)
    end_date = _date_of(gap) if gap["date"] else None
    end_minute = second.minute + _day_shift(start_date, end_date)
    if end_minute < first.minute:
        end_minute += 1440
    start = before.start() if before else first.start
    end = after.end() if after else second.end
    source, s, e = norm.source(start, end)
    tz = _tz_name(gap["tz"] or (after["tz"] if after else None))
    return TimeWindow(start_date, first.minute, end_minute, tz, source, s, e)


def _day_shift(start: datetime.date | None, end: datetime.date | None) -> int:
    return (end - start).days * 1440 if start and end else 0


def parse_window(text: str) -> TimeWindow | None:
    """The first time window: ``2026/12/10 01:00 - 05:00``, ``22:00 - 翌02:00 JST``…"""
    norm = _normalise(text)
    if norm.digitless:
        return None
    clocks = _clocks(norm.text)
    for first, second in itertools.pairwise(clocks):
        window = _window(norm, first, second)
        if window is not None:
            return window
    return None


# --------------------------------------------------------------------------- offsets

_T_LEAD: Final = re.compile(rf"(?<![A-Za-z0-9])T{_WS}(?P<sign>[+\-−]){_WS}")
_BARE_MINUTES: Final = re.compile(r"(?P<num>\d+)(?![\d.:,A-Za-z])")
# "+5分" at the start of a cell; "10-15分" (a range) and "a-5m" (a word) are not offsets.
_SIGN_LEAD: Final = re.compile(r"(?<![A-Za-z0-9)\]+\-−~〜/])(?P<sign>[+\-−])(?=\d)")
_REL_TAIL: Final = re.compile(rf"{_WS}(?P<dir>前(?!後)|後)")


def _signed(negative: bool, minutes: float) -> int:
    return -round(minutes) if negative else round(minutes)


def _t_offsets(text: str) -> Iterator[_Clock]:
    for match in _T_LEAD.finditer(text):
        negative = match["sign"] != "+"
        span = _compound_at(text, match.end())
        if span is not None:
            yield _Clock(match.start(), span.end, _signed(negative, span.minutes))
        elif (bare := _BARE_MINUTES.match(text, match.end())) is not None:
            yield _Clock(match.start(), bare.end(), _signed(negative, float(bare["num"])))


def _sign_offsets(text: str) -> Iterator[_Clock]:
    for match in _SIGN_LEAD.finditer(text):
        span = _compound_at(text, match.end())
        if span is not None:
            yield _Clock(match.start(), span.end, _signed(match["sign"] != "+", span.minutes))


def _relative_offsets(text: str) -> Iterator[_Clock]:
    blocks = [m.span() for m in _DUR_BLOCK.finditer(text)]
    for span in _scan_durations(text):
        tail = _REL_TAIL.match(text, span.end)
        if tail is not None and not _overlaps(blocks, span.start, span.end):
            yield _Clock(span.start, tail.end(), _signed(tail["dir"] == "前", span.minutes))


def find_offsets(text: str) -> list[Offset]:
    """Offsets from the start of work: ``T-60m``, ``T+1時間``, ``T-1 day``, ``+5分``, ``30分前``."""
    norm = _normalise(text)
    if norm.digitless:
        return []  # T signs, leading signs and durations all need a number
    text = norm.text
    # "T-60m" and "+5分" need a sign, "30分前" its 前 or 後: scan only for the forms present.
    signed = "+" in text or "-" in text or "−" in text
    relative = "前" in text or "後" in text
    kept: list[_Clock] = []
    for item in (*(_t_offsets(text) if signed else ()), *(_sign_offsets(text) if signed else ()),
                 *(_relative_offsets(text) if relative else ())):
        if not _overlaps([(k.start, k.end) for k in kept], item.start, item.end):
            kept.append(item)
    found = [Offset(k.minute, *norm.source(k.start, k.end)) for k in kept]
    return sorted(found, key=lambda o: o.start)
