"""Data sizes in bytes."""

from __future__ import annotations

import re
from typing import Final

from opslint.facts.quantities.durations import _range_head
from opslint.facts.quantities.normalise import _Norm, _normalise
from opslint.facts.quantities.patterns import _NUM, _SIZE_UNIT, _WS, _num
from opslint.facts.quantities.types import Size
from opslint.facts.quantities.units import _size_canon

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
    if norm.digitless:
        return []
    return [size for m in _SIZE.finditer(norm.text) for size in _sizes_of(norm, m)]
