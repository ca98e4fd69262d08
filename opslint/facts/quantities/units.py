"""Unit names to canonical units, and time units to minutes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from opslint.facts.quantities.patterns import (
    _COUNT_UNIT,
    _FACTOR_UNIT,
    _PCT_UNIT,
    _RATE_UNIT,
    _SIZE_UNIT,
)

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
