"""Times of a release procedure: clock times and T± offsets (``T+00:10``, ``T-60m``), the T-0
the document states (``T+00:00 = 07:00 UTC``, "relative to 23:30 JST") and time zones, all
resolved onto the clock of the release window."""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from opslint.document.normalize import contains_any, normalize
from opslint.engine.vocab import DataError, Vocab
from opslint.facts.quantities import find_clock_times, find_offsets
from opslint.facts.text import Unit

__all__ = [
    "Clock", "Frame", "TimePoint", "dates_in", "reading_terms", "rolled", "shift", "squeezed",
    "t_zero", "time_points", "zone_of",
]

VOCAB = "release"
# "T+00:10", "T-01:30": a clock-shaped time right after a T sign is an offset from T-0.
_T_SIGN = re.compile(r"(?<![A-Za-z0-9])T\s*(?P<sign>[+\-−])\s*$")
_ZONE_AFTER = re.compile(r"^\s*[(（]?\s*(?P<zone>[A-Za-z]{1,4}|日本時間)(?![A-Za-z])")
_DIGIT = re.compile(r"\d")
_ROLLOVER = 360  # a time more than 6 h before the previous one happened after midnight
# A space between a digit and 時/分/年/月/日 (either side): "21 時 00 分", spaced by some writers.
_CJK_GAP = re.compile(
    r"(?:(?<=\d)[ \t\u3000]+(?=[時分年月日])|(?<=[時分年月日])[ \t\u3000]+(?=\d))")
# "T0 = 22:00", "T = 22:00", "T-0: 22:00", "T は 21時00分": T itself named as a clock time.
_T_IS = re.compile(r"(?<![A-Za-z0-9])T(?:\s*[+\-−]?\s*0+)?\s*(?:=|は|is|:)\s*$")
_ANCHOR_GAP = 48  # characters between "T+00:00" and the clock time it is said to be
# What a clock time needs in a unit's normalised text: a digit right before its ":" or, once
# the spaces of "21 時 00 分" are squeezed, its 時 (the whitespace collapsed to one space).
# NFKC and case folding make the same digits, colons and 時 of a text and its clusters.
_CLOCKISH = re.compile(r"\d(?::| ?時)")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(?P<name>(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)"
# Dates as written: 2026-03-17, 2026/3/17, 2026年3月17日, 3月17日, 17 March, March 17, and
# "12/11 02:05" (a bare month/day only before a clock time: "6/6 Pods" is a count).
_DATES = (
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<![\d/年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(rf"(?<![\w/])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?![a-z])"),
    re.compile(rf"(?<![a-z]){_MONTH}\s+(?P<d>\d{{1,2}})(?![\d:])"),
    re.compile(r"(?<![\d/.:])(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=\s*(?:\([^)]{1,4}\)\s*)?\d{1,2}:\d{2})"),
)


@dataclass(frozen=True)
class TimePoint:
    """A time written in a text: a clock time, or an offset from T-0 (``clock`` is None)."""

    start: int
    end: int
    text: str
    clock: int | None  # minute of day as written (+1440 for 翌 / +1d)
    offset: int | None  # signed minutes from T-0
    zone: str | None  # the time zone written right after it, if any


@dataclass(frozen=True)
class Clock:
    """A clock time with the zone it is written in (None: the document's own)."""

    minute: int
    zone: str | None


def reading_terms(vocab: Vocab, key: str) -> tuple[str, ...]:
    """A term list of ``reading`` in rules/vocab/release.yaml."""
    def build() -> tuple[str, ...]:
        value = _reading(vocab).get(key, [])
        if not isinstance(value, list):
            raise DataError(f"rules/vocab/{VOCAB}.yaml: reading.{key} is not a list")
        return tuple(str(v) for v in value)

    return vocab.compiled(f"release:reading:{key}", build)


def _reading(vocab: Vocab) -> Mapping[str, object]:
    data = vocab.terms.get(VOCAB) or {}
    reading = data.get("reading", {}) if isinstance(data, Mapping) else {}
    return reading if isinstance(reading, Mapping) else {}


def zones(vocab: Vocab) -> Mapping[str, int]:
    """Time zone names → minutes east of UTC (``reading.timezones``)."""
    def build() -> Mapping[str, int]:
        table = _reading(vocab).get("timezones", {})
        if not isinstance(table, Mapping):
            raise DataError(f"rules/vocab/{VOCAB}.yaml: reading.timezones is not a mapping")
        return {unicodedata.normalize("NFKC", str(k)): int(v) for k, v in table.items()}

    return vocab.compiled("release:reading:timezones", build)


def dates_in(text: str) -> list[datetime.date]:
    """The calendar days a text names (year 2000 when it gives none: compare month and day)."""
    return list(_dates_in(text))


# Pure str -> days, asked again for the same unit by each milestone and criterion read of a
# release (about 11 calls per distinct text on 100 docs): memoised as ``normalize`` is.
@functools.lru_cache(maxsize=1024)
def _dates_in(text: str) -> tuple[datetime.date, ...]:
    return _read_dates(text)


def _read_dates(text: str) -> tuple[datetime.date, ...]:
    folded = unicodedata.normalize("NFKC", text)
    if _DIGIT.search(folded) is None:
        return ()  # every date form holds a digit: one search rejects most texts
    found: list[tuple[int, datetime.date]] = []
    for pattern in _DATES:
        for match in pattern.finditer(folded):
            groups = match.groupdict()
            month = (_MONTHS.index(groups["name"][:3].lower()) + 1 if groups.get("name")
                     else int(groups["m"]))
            try:
                day = datetime.date(int(groups.get("y") or 2000), month, int(groups["d"]))
            except ValueError:
                continue
            if not any(start <= match.start() < start + 10 for start, _ in found):
                found.append((match.start(), day))
    return tuple(d for _, d in sorted(found, key=lambda f: f[0]))


def zone_of(text: str, vocab: Vocab) -> str | None:
    """A time zone named in a short text such as a column header ("JST", "Time (UTC)")."""
    table = zones(vocab)
    words = re.findall(r"[A-Za-z]{1,4}|日本時間", unicodedata.normalize("NFKC", text))
    return next((w for w in words if w in table), None)


def _zone_after(text: str, end: int, table: Mapping[str, int]) -> str | None:
    match = _ZONE_AFTER.match(unicodedata.normalize("NFKC", text[end : end + 12]))
    return match["zone"] if match and match["zone"] in table else None


def squeezed(text: str) -> tuple[str, list[int]]:
    """The text without spaces between digits and 時・分・年・月・日 ("21 時 00 分" → "21時00分"),
    and where each of its characters was in the original (one past the end included)."""
    gaps = {i for m in _CJK_GAP.finditer(text) for i in range(m.start(), m.end())}
    if not gaps:
        return text, [*range(len(text) + 1)]
    kept = [i for i in range(len(text)) if i not in gaps]
    return "".join(text[i] for i in kept), [*kept, len(text)]


def time_points(text: str, vocab: Vocab) -> list[TimePoint]:
    """The times of a text in order: clock times, and offsets from T-0 in any form."""
    return list(vocab.compiled("release:time_points", lambda: _points_memo(vocab))(text))


def _points_memo(vocab: Vocab) -> Callable[[str], tuple[TimePoint, ...]]:
    # A text's times depend on it and the vocabulary's time zones only, and a release reads
    # the same units for T-0, each milestone and the timeline (about 3 calls per distinct
    # text): one bounded memo per vocabulary, kept with it.
    @functools.lru_cache(maxsize=1024)
    def points(text: str) -> tuple[TimePoint, ...]:
        if _CJK_GAP.search(text) is None:  # nothing to squeeze: most texts
            return tuple(_points(text, vocab))
        short, where = squeezed(text)
        return tuple(replace(p, start=where[p.start], end=where[p.end - 1] + 1,
                             text=text[where[p.start] : where[p.end - 1] + 1])
                     for p in _points(short, vocab))

    return points


def _points(text: str, vocab: Vocab) -> list[TimePoint]:
    table = zones(vocab)
    found: list[TimePoint] = []
    for clock in find_clock_times(text):
        lead = max(0, clock.start - 4)
        sign = _T_SIGN.search(unicodedata.normalize("NFKC", text[lead : clock.start]))
        if sign is not None:
            hours, _, minutes = clock.text.partition(":")
            value = int(hours) * 60 + int(minutes) if hours.isdigit() and minutes.isdigit() \
                else clock.minute_of_day
            start = lead + sign.start()
            found.append(TimePoint(start, clock.end, text[start : clock.end], None,
                                   -value if sign["sign"] != "+" else value, None))
        else:
            found.append(TimePoint(clock.start, clock.end, clock.text, clock.minute_of_day, None,
                                   _zone_after(text, clock.end, table)))
    for offset in find_offsets(text):
        if not any(p.start <= offset.start < p.end or offset.start <= p.start < offset.end
                   for p in found):
            found.append(TimePoint(offset.start, offset.end, offset.text, None, offset.minutes,
                                   None))
    return sorted(found, key=lambda p: p.start)


def t_zero(items: Iterable[Unit], vocab: Vocab) -> Clock | None:
    """The clock time the document gives T-0: ``T+00:00 = 07:00 UTC``, "T+00:00 … is 23:30
    JST", ``T0 = 22:00``, "times are relative to 23:30 JST", ``21:00 を基準``."""
    cues = reading_terms(vocab, "t_zero_cues")
    for unit in items:
        # Every way of giving T-0 names a clock time: a unit without one is not read for its
        # times (most units of the release day: five in six on 100 documents).
        if _CLOCKISH.search(unit.norm) is None:
            continue
        points = time_points(unit.text, vocab)
        named = next((p for p in points if p.clock is not None and _T_IS.search(
            unicodedata.normalize("NFKC", unit.text[max(0, p.start - 12) : p.start]))), None)
        if named is not None:
            return Clock(named.clock or 0, named.zone)
        for index, point in enumerate(points):
            if point.offset != 0:
                continue
            after = points[index + 1] if index + 1 < len(points) else None
            if after is not None and after.clock is not None \
                    and after.start - point.end <= _ANCHOR_GAP:
                return Clock(after.clock, after.zone)
        if contains_any(unit.norm, cues):
            clocks = [p for p in points if p.clock is not None]
            if len(clocks) == 1 and _near_cue(unit.text, clocks[0], cues):
                return Clock(clocks[0].clock or 0, clocks[0].zone)
    return None


def _near_cue(text: str, point: TimePoint, cues: tuple[str, ...]) -> bool:
    """The clock time stands right next to the cue ("relative to 23:30", "21:00 を基準")."""
    around = normalize(text[max(0, point.start - 16) : point.end + 8])
    return contains_any(around, cues)


def shift(minute: int, zone: str | None, target: str | None, vocab: Vocab) -> int:
    """A clock minute written in ``zone`` on the clock of ``target`` (unchanged if unknown)."""
    table = zones(vocab)
    if zone is None or target is None or zone not in table or target not in table:
        return minute
    return minute - table[zone] + table[target]


def rolled(minute: int, reference: int | None) -> int:
    """A clock minute after midnight when it lies far before the previous one (23:50 → 00:10)."""
    if reference is not None and reference - minute > _ROLLOVER:
        return minute + 1440
    return minute


@dataclass(frozen=True)
class Frame:
    """What places a step's time on the window's clock: T-0 and the window's zone."""

    anchor: Clock | None
    zone: str | None
    vocab: Vocab

    def minute(self, point: TimePoint | None, zone: str | None, reference: int | None
               ) -> int | None:
        if point is None:
            return None
        if point.clock is not None:
            minute = shift(point.clock, point.zone or zone, self.zone, self.vocab)
            return self._onto_window(minute, reference)
        if self.anchor is None or point.offset is None:
            return None
        start = shift(self.anchor.minute, self.anchor.zone, self.zone, self.vocab)
        return self._onto_window(start + point.offset, None)

    @staticmethod
    def _onto_window(minute: int, reference: int | None) -> int:
        while minute < 0:
            minute += 1440
        return rolled(minute, reference)
