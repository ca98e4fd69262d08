"""Quantities in Japanese and English operations text: durations, percentages, latencies,
thresholds, clock times, windows, T-offsets, frequencies, sizes and versions.

Every finder applies NFKC (full-width digits, ``％``, ``～``, ``，``) before matching and
reports ``start``/``end`` in the *original* string, so ``text[q.start:q.end] == q.text``.
Stdlib only (plus the character class of opslint.document.normalize); the only module
state is compiled patterns, immutable tables and the memo of ``_normalise``.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from opslint.document.normalize import NFKC_STABLE_RUN

__all__ = [
    "ClockTime",
    "Duration",
    "Frequency",
    "Latency",
    "Offset",
    "Percentage",
    "Size",
    "Threshold",
    "TimeWindow",
    "Version",
    "find_clock_times",
    "find_durations",
    "find_latencies",
    "find_offsets",
    "find_percentages",
    "find_sizes",
    "find_thresholds",
    "find_versions",
    "parse_duration",
    "parse_frequency",
    "parse_window",
    "to_minutes",
]


# --------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class Duration:
    """A length of time, normalised to minutes (month = 30 d, year = 365 d)."""

    minutes: float
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Percentage:
    """A percentage such as ``99.9%`` or ``スリーナイン``."""

    value: float
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Latency:
    """A percentile latency target such as ``p95 < 500ms``."""

    percentile: float
    ms: float
    comparator: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Threshold:
    """A comparison with a number, optionally sustained for a duration (``> 80% (5分継続)``)."""

    comparator: str
    value: float
    unit: str | None
    duration: Duration | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ClockTime:
    """A wall-clock time; ``翌`` / ``+1d`` add 1440 minutes."""

    minute_of_day: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class TimeWindow:
    """A time range, optionally dated; overnight ends are past 1440."""

    date: datetime.date | None
    start_minute: int
    end_minute: int
    tz: str | None
    text: str
    start: int
    end: int

    @property
    def minutes(self) -> int:
        """Length of the window in minutes."""
        return self.end_minute - self.start_minute


@dataclass(frozen=True)
class Offset:
    """A signed offset from the start of work: ``T-60m`` → -60."""

    minutes: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Frequency:
    """How often something runs; mode is periodic, continuous, pitr, replication or realtime."""

    interval_minutes: float | None
    mode: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Size:
    """A data size in bytes (KB/MB/GB are decimal, KiB/MiB/GiB binary)."""

    bytes: float
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Version:
    """A semantic version such as ``v1.0.0-rc.1``."""

    text: str
    parts: tuple[int, ...]
    prerelease: str | None
    start: int
    end: int


# --------------------------------------------------------------------------- normalisation

# Half-width voiced marks are not "combining" by category but NFKC turns them into
# combining marks, so they must be normalised together with the kana before them.
_VOICED_MARKS: Final = frozenset("\u3099\u309a\uff9e\uff9f")


@dataclass(frozen=True)
class _Norm:
    """NFKC text plus, for each of its characters, the source span it came from."""

    src: str
    text: str
    # A range when the text is its own NFKC form (no per-character table to keep), else a
    # tuple. Only indexed and measured, never changed.
    starts: Sequence[int]
    ends: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.src)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def source(self, start: int, end: int) -> tuple[str, int, int]:
        s, e = self.span(start, end)
        return self.src[s:e], s, e


def _clusters(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """Grapheme-ish clusters of ``text[start:stop]``: a character and its combining marks."""
    i = start
    while i < stop:
        j = i + 1
        while j < stop and (unicodedata.combining(text[j]) or text[j] in _VOICED_MARKS):
            j += 1
        yield i, j
        i = j


# Memoised: several finders (durations, percentages, thresholds, ...) normalise the same
# line, and the checks ask again per rule. _Norm is frozen, so sharing one is safe. 1024
# entries keep 83% of the calls on 100 docs (16 k would keep 88% at 9 MB more peak memory).
@functools.lru_cache(maxsize=1024)
def _normalise(text: str) -> _Norm:
    """NFKC one cluster at a time, so every output character knows its source span.

    Runs of NFKC_STABLE_RUN characters map to themselves one to one and are copied whole;
    only the text between them (full-width forms, combining marks) is normalised cluster by
    cluster. A run's last character stays with the text after it, since a combining mark
    there would join its cluster; region edges are then always cluster starts, so the result
    is the same as normalising every cluster of the whole text.
    """
    size = len(text)
    if text.isascii():  # the common case: every character is its own stable cluster
        return _Norm(text, text, range(size), range(1, size + 1))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def slow(start: int, stop: int) -> None:
        for i, j in _clusters(text, start, stop):
            piece = unicodedata.normalize("NFKC", text[i:j])
            out.append(piece)
            starts.extend([i] * len(piece))
            ends.extend([j] * len(piece))

    pos = 0
    for run in NFKC_STABLE_RUN.finditer(text):
        first, last = run.start(), run.end() - 1
        slow(pos, first)
        out.append(text[first:last])
        starts.extend(range(first, last))
        ends.extend(range(first + 1, last + 1))
        pos = last
    slow(pos, size)
    return _Norm(text, "".join(out), tuple(starts), tuple(ends))


# --------------------------------------------------------------------------- shared patterns

_WS: Final = r"[^\S\r\n]*"
# Digit lookarounds, not \b: CJK letters are \w. "1,500" is one number; "1.2.3" is none.
_NUM: Final = r"(?<![\d.])(?<!\d,)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d|\.\d)"
_SEP: Final = r"(?:〜|~|-|–|—|から|(?<![A-Za-z])to(?![A-Za-z]))"

_EN_DUR: Final = (
    r"(?i:(?:business|working)[ ]days?|seconds?|secs?|minutes?|mins?|hours?|hrs?"
    r"|days?|weeks?|wks?|months?|mos?|years?|yrs?)(?![A-Za-z])"
)
# A single letter may be followed by digits only when they start the next piece ("1h30m"),
# which keeps hex such as "5d9f" out.
_ONE_LETTER_DUR: Final = r"[smhdwy](?![A-Za-z])(?!\d+(?:\.\d+)?(?![smhdwy\d]))"
_JP_DUR: Final = (
    r"(?:秒間?|分(?![の類割野])間?|時間(?!帯)|営業日|日(?![本曜次付])間?|週(?!次)間?"
    r"|[かヶヵカケ箇]月間?|年(?![度次])間?)(?!目)半?"
)
_DUR_UNIT: Final = rf"(?:{_EN_DUR}|{_ONE_LETTER_DUR}|{_JP_DUR})"
_MS_UNIT: Final = (
    r"(?:(?i:milliseconds?|msecs?|ms|microseconds?|μs|us)(?![A-Za-z0-9])|ミリ秒|マイクロ秒)"
)
_SIZE_UNIT: Final = (
    r"(?:(?i:[kmgtpe]i?b|bytes?)(?![A-Za-z0-9])|(?:キロ|メガ|ギガ|テラ|ペタ)?バイト)"
)
_RATE_UNIT: Final = (
    r"(?:(?:(?i:requests?|reqs?|queries|query|ops|errors?)|件|回|リクエスト)"
    rf"{_WS}/{_WS}(?:(?i:sec|s|min|m)(?![A-Za-z])|秒|分)|(?i:rps|qps|tps|rpm)(?![A-Za-z]))"
)
_COUNT_UNIT: Final = r"(?:件|回|個|台|人|(?i:times|errors?|count|requests?|reqs?)(?![A-Za-z]))"
# "%20", "%3F": URL escapes, not percentages.
_PCT_UNIT: Final = r"(?:%(?!ile|[0-9A-Fa-f]{2})|パーセント|(?i:percent|pct)(?![A-Za-z]))"
_FACTOR_UNIT: Final = r"(?:x(?![A-Za-z0-9])|×|倍)"
_ANY_UNIT: Final = (
    rf"(?:{_RATE_UNIT}|{_PCT_UNIT}|{_MS_UNIT}|{_SIZE_UNIT}|{_DUR_UNIT}|{_COUNT_UNIT}"
    rf"|{_FACTOR_UNIT})"
)
_CMP_SYM: Final = r"(?:>=|<=|!=|==|=<|<>|≧|≦|≥|≤|⩾|⩽|≠|&gt;=|&lt;=|&gt;|&lt;|>|<)"
_CMP_EN: Final = (
    r"(?<![A-Za-z])(?i:more than|greater than|less than|fewer than|at least|at most"
    r"|above|below|exceeds?|exceeding)(?![A-Za-z])"
)
_CMP_POST: Final = (
    r"(?:以上|以下|超過|超|未満|以内|を超える|を超えた|を上回る|を下回る|より大きい|より小さい"
    r"|(?i:or more|or less|or above|or below|or greater|or fewer)(?![A-Za-z]))"
)
_DATE: Final = (
    r"(?<!\d)(?:(?P<y>\d{4})[/.\-](?P<mo>\d{1,2})[/.\-](?P<d>\d{1,2})"
    rf"|(?P<jy>\d{{4}})年{_WS}(?P<jmo>\d{{1,2}})月{_WS}(?P<jd>\d{{1,2}})日)(?!\d)"
)
_WEEKDAY: Final = r"\((?:[月火水木金土日]|(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?)\)"
_TZ: Final = (
    rf"(?:(?:UTC|GMT)(?:{_WS}[+\-−]{_WS}\d{{1,2}}(?::?\d{{2}})?)?|JST|KST|CET|CEST|EET|PST"
    r"|PDT|EST|EDT|CST|CDT|MST|MDT|BST|IST|AEST|AEDT|SGT|HKT|日本時間|[+\-]\d{2}:?\d{2}|Z)"
    r"(?![A-Za-z])"
)

_CMP_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        **dict.fromkeys([">=", "≧", "≥", "⩾", "&gt;=", "以上", "at least"], ">="),
        **dict.fromkeys(["or more", "or above", "or greater"], ">="),
        **dict.fromkeys(["<=", "=<", "≦", "≤", "⩽", "&lt;=", "以下", "以内", "at most"], "<="),
        **dict.fromkeys(["or less", "or below", "or fewer"], "<="),
        **dict.fromkeys([">", "&gt;", "超", "超過", "を超える", "を超えた", "を上回る"], ">"),
        **dict.fromkeys(["より大きい", "more than", "greater than", "above"], ">"),
        **dict.fromkeys(["exceed", "exceeds", "exceeding"], ">"),
        **dict.fromkeys(["<", "&lt;", "未満", "を下回る", "より小さい", "less than"], "<"),
        **dict.fromkeys(["fewer than", "below"], "<"),
        **dict.fromkeys(["==", "="], "=="),
        **dict.fromkeys(["!=", "≠", "<>"], "!="),
    }
)


def _cmp_name(raw: str) -> str:
    return _CMP_NAMES.get(raw.lower(), raw)


def _num(raw: str) -> float:
    return float(raw.replace(",", ""))


# --------------------------------------------------------------------------- units

_TIME_UNITS: Final = (
    (re.compile(r"(?i:ms|msecs?|milliseconds?|millis)|ミリ秒"), "ms"),
    (re.compile(r"(?i:us|μs|microseconds?)|マイクロ秒"), "us"),
    (re.compile(r"(?i:s|secs?|seconds?)|秒間?"), "s"),
    (re.compile(r"(?i:m|mins?|minutes?)|分間?"), "min"),
    (re.compile(r"(?i:h|hrs?|hours?)|時間"), "h"),
    (re.compile(r"(?i:d|days?|(?:business|working) days?)|日間?|営業日"), "d"),
    (re.compile(r"(?i:w|wks?|weeks?)|週間?"), "w"),
    (re.compile(r"(?i:mo|mos|months?)|[かヶヵカケ箇]?月間?"), "mo"),
    (re.compile(r"(?i:y|yrs?|years?)|年間?"), "y"),
)
# (numerator, denominator) of minutes per unit, kept as integers so 30 s is exactly 0.5.
_MINUTES_PER: Final[Mapping[str, tuple[int, int]]] = MappingProxyType(
    {
        "us": (1, 60_000_000),
        "ms": (1, 60_000),
        "s": (1, 60),
        "min": (1, 1),
        "h": (60, 1),
        "d": (1_440, 1),
        "w": (10_080, 1),
        "mo": (43_200, 1),
        "y": (525_600, 1),
    }
)
_OTHER_UNITS: Final = (
    (re.compile(_RATE_UNIT), "rate"),
    (re.compile(_PCT_UNIT), "%"),
    (re.compile(_SIZE_UNIT), "size"),
    (re.compile(_COUNT_UNIT), "count"),
    (re.compile(_FACTOR_UNIT), "x"),
)
_PER_MINUTE: Final = re.compile(r"(?i:min|m|rpm)$|分$")
_SIZE_WORDS: Final[Mapping[str, str]] = MappingProxyType(
    {"キロ": "K", "メガ": "M", "ギガ": "G", "テラ": "T", "ペタ": "P"}
)


def _time_unit(raw: str) -> str | None:
    unit = unicodedata.normalize("NFKC", raw).strip()
    for pattern, canon in _TIME_UNITS:
        if pattern.fullmatch(unit):
            return canon
    return None


def to_minutes(value: float, unit: str) -> float | None:
    """``value`` in ``unit`` (``"h"``, ``"時間"``, ``"ヶ月"``, ``"ms"``…) as minutes, else None."""
    canon = _time_unit(unit)
    if canon is None:
        return None
    num, den = _MINUTES_PER[canon]
    return value * num / den


def _size_canon(raw: str) -> str:
    if raw.endswith("バイト"):
        return _SIZE_WORDS.get(raw[:-3], "") + "B"
    if raw.lower().startswith("byte"):
        return "B"
    return raw[0].upper() + ("iB" if raw[1:2].lower() == "i" else "B")


def _canon_unit(raw: str) -> str:
    """Canonical unit: ms, s, min, h, d, w, mo, y, %, count, x, req/s, req/min, KB, GiB…"""
    time_unit = _time_unit(raw.rstrip("半"))
    if time_unit is not None:
        return time_unit
    for pattern, kind in _OTHER_UNITS:
        if pattern.fullmatch(raw):
            return _kind_canon(kind, raw)
    return raw


def _kind_canon(kind: str, raw: str) -> str:
    if kind == "rate":
        return "req/min" if _PER_MINUTE.search(raw) else "req/s"
    if kind == "size":
        return _size_canon(raw)
    return kind


# --------------------------------------------------------------------------- durations

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


# --------------------------------------------------------------------------- percentages

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
    found = [p for m in _PCT.finditer(norm.text) for p in _pct_of(norm, m)]
    found += [
        _make_pct(norm, m.start(), m.end(), _nines_value(m)) for m in _NINES.finditer(norm.text)
    ]
    return sorted(found, key=lambda p: p.start)


# --------------------------------------------------------------------------- latencies

_LAT_UNIT: Final = (
    r"(?:(?i:milliseconds?|msecs?|ms|microseconds?|μs|us|seconds?|secs?|s|minutes?|mins?)"
    r"(?![A-Za-z0-9])|ミリ秒|マイクロ秒|秒|分)"
)
_LATENCY: Final = re.compile(
    r"(?:(?<![A-Za-z0-9])[pP](?P<p1>100|\d{1,2}(?:\.\d+)?)(?![\d.])"
    rf"|(?<![\d.])(?P<p2>\d{{1,2}}(?:\.\d+)?)(?i:th|st|nd|rd)?{_WS}"
    r"(?:パーセンタイル|(?i:percentile)|%ile))"
    rf"(?:{_WS}(?:(?i:latency|response[ ]time)|レイテンシー?|応答時間|レスポンスタイム"
    r"|レスポンス時間))?"
    rf"{_WS}(?:[:=]{_WS})?(?:(?P<cmp>{_CMP_SYM}|{_CMP_EN}){_WS})?"
    rf"(?P<num>{_NUM}){_WS}(?P<unit>{_LAT_UNIT})"
    rf"(?:{_WS}(?P<post>以下|未満|以内|以上|超過|超))?"
)


def _latency(norm: _Norm, match: re.Match[str]) -> Latency:
    minutes = to_minutes(_num(match["num"]), match["unit"]) or 0.0
    raw_cmp = match["cmp"] or match["post"]
    text, s, e = norm.source(match.start(), match.end())
    return Latency(
        percentile=float(match["p1"] or match["p2"]),
        ms=round(minutes * 60_000, 6),
        comparator=_cmp_name(raw_cmp) if raw_cmp else None,
        text=text,
        start=s,
        end=e,
    )


def find_latencies(text: str) -> list[Latency]:
    """Percentile latencies: ``p95 < 500ms``, ``P99 1.5 秒``, ``95パーセンタイル 300ms``."""
    norm = _normalise(text)
    return [_latency(norm, m) for m in _LATENCY.finditer(norm.text)]


# --------------------------------------------------------------------------- thresholds

_THR_PRE: Final = re.compile(
    rf"(?<![-=<>!])(?P<cmp>{_CMP_SYM}|{_CMP_EN}){_WS}(?P<num>{_NUM})"
    rf"(?:{_WS}(?P<unit>{_ANY_UNIT})|(?![A-Za-z0-9_.:/]))"
)
_THR_POST: Final = re.compile(
    rf"(?P<num>{_NUM})(?:{_WS}(?P<unit>{_ANY_UNIT}))?{_WS}(?P<cmp>{_CMP_POST})"
)
# How a sustain duration hangs off a threshold: ">=2%/10分", "> 80% (5分継続)",
# "> 2% が 5分継続", "> 5 for 10m". The second pattern is the required tail, if any.
_ATTACH: Final = (
    (re.compile(rf"{_WS}/{_WS}"), None),
    (
        re.compile(rf"{_WS}\({_WS}(?:(?i:for)(?![A-Za-z]){_WS}|が{_WS})?"),
        re.compile(rf"{_WS}(?:以上)?{_WS}[^)\n]{{0,12}}\)"),
    ),
    (
        re.compile(
            rf"{_WS}(?i:for|over|in|within|during)(?![A-Za-z]){_WS}"
            rf"(?:(?i:at least|the last|last)(?![A-Za-z]){_WS})?"
        ),
        None,
    ),
    (
        re.compile(rf"{_WS}(?:が|を)?{_WS}"),
        re.compile(rf"{_WS}(?:以上)?{_WS}(?:間{_WS})?(?:継続|持続|連続|続)"),
    ),
)


def _attached(norm: _Norm, pos: int) -> tuple[Duration | None, int]:
    for lead, tail in _ATTACH:
        lead_match = lead.match(norm.text, pos)
        span = _compound_at(norm.text, lead_match.end()) if lead_match else None
        if span is None:
            continue
        tail_match = tail.match(norm.text, span.end) if tail else None
        if tail is not None and tail_match is None:
            continue
        end = tail_match.end() if tail_match else span.end
        return _make_duration(norm, span.start, span.end, span.minutes), end
    return None, pos


def _threshold(norm: _Norm, match: re.Match[str]) -> Threshold:
    duration, end = _attached(norm, match.end())
    text, s, e = norm.source(match.start(), end)
    unit = match["unit"]
    return Threshold(
        comparator=_cmp_name(match["cmp"]),
        value=_num(match["num"]),
        unit=_canon_unit(unit) if unit else None,
        duration=duration,
        text=text,
        start=s,
        end=e,
    )


def find_thresholds(text: str) -> list[Threshold]:
    """Comparisons with a number: ``> 80% (5分継続)``, ``80%以上``, ``1秒超``, ``!= 200``."""
    norm = _normalise(text)
    found = [_threshold(norm, m) for m in _THR_PRE.finditer(norm.text)]
    taken = [(t.start, t.end) for t in found]
    for match in _THR_POST.finditer(norm.text):
        item = _threshold(norm, match)
        if not _overlaps(taken, item.start, item.end):
            found.append(item)
    return sorted(found, key=lambda t: t.start)


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
    found = [_clock(m) for m in _CLOCK.finditer(text)]
    found += [_clock(m) for m in _CLOCK_JP.finditer(text)]
    ordered = sorted((c for c in found if c is not None), key=lambda c: (c.start, -c.end))
    kept: list[_Clock] = []
    for clock in ordered:
        if not kept or clock.start >= kept[-1].end:
            kept.append(clock)
    return kept


def find_clock_times(text: str) -> list[ClockTime]:
    """Wall-clock times (``01:00``, ``翌02:00``, ``21時30分``); placeholders give nothing."""
    norm = _normalise(text)
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
    kept: list[_Clock] = []
    for item in (*_t_offsets(norm.text), *_sign_offsets(norm.text), *_relative_offsets(norm.text)):
        if not _overlaps([(k.start, k.end) for k in kept], item.start, item.end):
            kept.append(item)
    found = [Offset(k.minute, *norm.source(k.start, k.end)) for k in kept]
    return sorted(found, key=lambda o: o.start)


# --------------------------------------------------------------------------- frequencies


def _en(words: str) -> str:
    return rf"(?<![A-Za-z])(?i:{words})(?![A-Za-z])"


_FREQ_WORDS: Final = (
    (re.compile(r"毎分|" + _en("every minute")), 1.0),
    (re.compile(r"毎時間?|" + _en("hourly")), 60.0),
    (
        re.compile(r"毎日|日次|日毎|毎晩|毎朝|毎夜|デイリー|" + _en("daily|nightly|once a day")),
        1440.0,
    ),
    (re.compile(r"隔日|" + _en("every other day")), 2880.0),
    (re.compile(r"毎週|週次|ウィークリー|" + _en("weekly|once a week")), 10080.0),
    (re.compile(r"隔週|" + _en("bi-?weekly|fortnightly")), 20160.0),
    (re.compile(r"毎月|月次|月例|マンスリー|" + _en("monthly|once a month")), 43200.0),
    (re.compile(r"四半期|" + _en("quarterly")), 129600.0),
    (re.compile(r"(?<!四)半期|" + _en("semi-?annual(?:ly)?|bi-?annual(?:ly)?")), 262800.0),
    (re.compile(r"毎年|年次|" + _en("yearly|annual(?:ly)?|once a year")), 525600.0),
)
_FREQ_MODES: Final = (
    (
        re.compile(
            r"常時|継続的|連続(?=$|[\s|)\]、。,]|アーカイブ|バックアップ)|(?<!\d)24/7(?!\d)|24x7|24時間365日|"
            + _en("continuous(?:ly)?")
        ),
        "continuous",
    ),
    (re.compile(r"リアルタイム|即時|" + _en("real[- ]?time")), "realtime"),
    (
        re.compile(
            r"ポイントインタイム(?:リカバリー?|復旧)?|連続アーカイブ|アーカイブログ|トランザクションログ|"
            + _en(
                r"pitr|point[- ]in[- ]time(?:[ ]recovery)?|binlogs?|archive[ ]logs?|log[ ]shipping"
                r"|continuous[ ]archiv[a-z]*"
            )
            + rf"|(?i:wal){_WS}(?:アーカイブ|(?i:archiv[a-z]*))"
        ),
        "pitr",
    ),
    (
        re.compile(
            r"レプリケーション|レプリカ|ミラーリング|同期複製|"
            + _en("replication|replicas?|mirroring")
        ),
        "replication",
    ),
)
_EVERY: Final = re.compile(
    rf"(?<![A-Za-z])(?i:every|rate\(){_WS}(?:(?P<num>{_NUM}){_WS})?(?P<unit>{_DUR_UNIT})"
)
_PER_UNIT: Final = re.compile(
    rf"(?P<num>{_NUM}){_WS}(?P<unit>{_DUR_UNIT}){_WS}"
    r"(?:ごと|毎|おき|置き|間隔|周期|(?i:each|interval)(?![A-Za-z]))"
)
_TIMES_PER: Final = re.compile(
    rf"(?:(?P<num>{_NUM}){_WS}(?P<unit>{_DUR_UNIT})|(?P<bare>時間|日|週|月|年))"
    rf"(?:{_WS}(?:に|あたり|当たり))?{_WS}(?P<k>{_NUM}){_WS}回"
)
_LAG: Final = re.compile(r"遅延|ラグ|" + _en("lag|delay"))
_ADJ_LEAD: Final = re.compile(
    rf"{_WS}[(:]?{_WS}(?:(?i:rpo|interval)|間隔|周期)?{_WS}[:=]?{_WS}(?:{_CMP_SYM}{_WS})?"
)
_RETENTION_AFTER: Final = re.compile(rf"{_WS}(?:保持|保存|(?i:retention|retained|retain))")


@dataclass(frozen=True)
class _Freq:
    start: int
    end: int
    mode: str
    minutes: float | None
    explicit: bool = False


def _interval(num: str | None, unit: str) -> float:
    half = 0.5 if unit.endswith("半") else 0.0
    return to_minutes((_num(num) if num else 1.0) + half, unit.rstrip("半")) or 0.0


def _explicit_freqs(text: str) -> Iterator[_Freq]:
    for match in (*_EVERY.finditer(text), *_PER_UNIT.finditer(text)):
        yield _Freq(
            match.start(), match.end(), "periodic", _interval(match["num"], match["unit"]), True
        )
    for match in _TIMES_PER.finditer(text):
        per = _interval(match["num"], match["unit"] or match["bare"])
        yield _Freq(match.start(), match.end(), "periodic", per / (_num(match["k"]) or 1.0), True)


def _keyword_freqs(text: str) -> Iterator[_Freq]:
    for pattern, minutes in _FREQ_WORDS:
        yield from (_Freq(m.start(), m.end(), "periodic", minutes) for m in pattern.finditer(text))
    for pattern, mode in _FREQ_MODES:
        zero = 0.0 if mode in ("continuous", "realtime") else None
        yield from (_Freq(m.start(), m.end(), mode, zero) for m in pattern.finditer(text))


def _adjacent_minutes(text: str, pos: int) -> float | None:
    lead = _ADJ_LEAD.match(text, pos)
    span = _compound_at(text, lead.end()) if lead else None
    if span is None or _RETENTION_AFTER.match(text, span.end):
        return None
    return span.minutes


def _lag_minutes(text: str) -> float | None:
    for match in _LAG.finditer(text):
        piece = _DUR_PIECE.search(text, match.end(), match.end() + 24)
        span = _compound_at(text, piece.start()) if piece else None
        if span is not None:
            return span.minutes
    return None


def _with_number(keyword: _Freq, explicit: list[_Freq], text: str) -> _Freq:
    given: float | None = explicit[0].minutes if explicit else None
    if keyword.mode == "pitr":
        # AWS: PITR restores to within about 5 minutes when no archive interval is stated.
        given = given if given is not None else _adjacent_minutes(text, keyword.end)
        default = 5.0
    else:
        lag = _lag_minutes(text)
        given = lag if lag is not None else given
        default = 0.0
    minutes = given if given is not None else default
    return _Freq(keyword.start, keyword.end, keyword.mode, minutes)


def _outermost(found: list[_Freq]) -> list[_Freq]:
    """Drop cues inside a longer one: "weekly" in "bi-weekly", "15分" in "15分ごと"."""
    return [
        f
        for f in found
        if not any(
            o.start <= f.start and f.end <= o.end and o.end - o.start > f.end - f.start
            for o in found
        )
    ]


def _pick_frequency(text: str) -> _Freq | None:
    explicit = sorted(_explicit_freqs(text), key=lambda f: (f.start, -f.end))
    candidates = _outermost([*explicit, *_keyword_freqs(text)])
    candidates.sort(key=lambda f: (f.start, -f.end))
    for mode in ("pitr", "replication"):
        keyed = [f for f in candidates if f.mode == mode]
        if keyed:
            return _with_number(keyed[0], explicit, text)
    return min(candidates, key=lambda f: (f.minutes or 0.0, f.start)) if candidates else None


def parse_frequency(text: str) -> Frequency | None:
    """How often a job runs: ``日次`` → 1440, ``15分ごと`` → 15, ``常時`` → 0. With several cues,
    PITR wins, then replication, then the shortest interval (the one that bounds the RPO)."""
    norm = _normalise(text)
    picked = _pick_frequency(norm.text)
    if picked is None:
        return None
    source, s, e = norm.source(picked.start, picked.end)
    return Frequency(picked.minutes, picked.mode, source, s, e)


# --------------------------------------------------------------------------- sizes

_SIZE: Final = re.compile(rf"(?<![A-Za-z])(?P<num>{_NUM}){_WS}(?P<unit>{_SIZE_UNIT})")
_SIZE_PREFIXES: Final = "KMGTPE"


def _bytes(value: float, unit: str) -> float:
    canon = _size_canon(unit)
    if canon == "B":
        return value
    base = 1024.0 if canon[1] == "i" else 1000.0
    return value * base ** (_SIZE_PREFIXES.index(canon[0]) + 1)


def _make_size(norm: _Norm, start: int, end: int, value: float) -> Size:
    text, s, e = norm.source(start, end)
    return Size(value, text, s, e)


def _sizes_of(norm: _Norm, match: re.Match[str]) -> list[Size]:
    unit = match["unit"]
    found = [_make_size(norm, match.start(), match.end(), _bytes(_num(match["num"]), unit))]
    head = _range_head(norm.text, match.start())
    if head is not None:
        value = _bytes(_num(head["num"]), unit)
        found.insert(0, _make_size(norm, head.start("num"), head.end("num"), value))
    return found


def find_sizes(text: str) -> list[Size]:
    """Data sizes: ``500 GB``, ``1.5TB``, ``10 GiB``; KB/MB/GB decimal, KiB/MiB/GiB binary."""
    norm = _normalise(text)
    return [size for m in _SIZE.finditer(norm.text) for size in _sizes_of(norm, m)]


# --------------------------------------------------------------------------- versions

_VERSION: Final = re.compile(
    r"(?<![A-Za-z0-9.])(?P<v>[vV])?(?P<major>0|[1-9]\d*)\.(?P<minor>0|[1-9]\d*)"
    r"\.(?P<patch>0|[1-9]\d*)(?:-(?P<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?![0-9A-Za-z]|\.\d)"
)


# "#### 2.1.1 バックアップ要件": heading numbering, not a release.
_HEADING_PREFIX: Final = re.compile(r"[ \t]*#{1,6}[ \t]+")


def _is_heading_number(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return _HEADING_PREFIX.fullmatch(text, line_start, start) is not None


def _looks_like_date(parts: tuple[int, ...]) -> bool:
    year, month, day = parts
    return 1900 <= year <= 2199 and 1 <= month <= 12 and 1 <= day <= 31


def find_versions(text: str) -> list[Version]:
    """Semantic versions (``v2.4.0``, ``1.0.0-rc.1``); not IPs, 4-part numbers or dates."""
    norm = _normalise(text)
    found: list[Version] = []
    for match in _VERSION.finditer(norm.text):
        parts = (int(match["major"]), int(match["minor"]), int(match["patch"]))
        if match["v"] is None and (
            _looks_like_date(parts) or _is_heading_number(norm.text, match.start())
        ):
            continue
        source, s, e = norm.source(match.start(), match.end())
        found.append(Version(source, parts, match["pre"], s, e))
    return found
