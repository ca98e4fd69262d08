"""Searching many texts at once: the texts joined with a separator that no match can hold,
one scan of the whole, each match mapped back to the text it lies in.

Python's regex engine scans a long string in C far faster than it is called once per short
text, and the texts a reader asks about (a document's lines, a table's cells, the monitors
of a table) are many and short. The caller chooses the separator: a line break between the
lines of a document, NUL between normalised texts; it must be one no match of the pattern
can contain, so that a match found in the whole is a match in exactly one text.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

__all__ = ["CHUNK", "chunks", "holding"]

# Texts joined at a time: one scan for hundreds of texts, without a copy of a 5 MB
# document's whole text beside its texts.
CHUNK = 512


def chunks(texts: Sequence[str], apart: str) -> Iterator[str]:
    """The texts joined with ``apart``, ``CHUNK`` texts at a time."""
    for start in range(0, len(texts), CHUNK):
        yield apart.join(texts[start : start + CHUNK])


def holding(pattern: re.Pattern[str], texts: Sequence[str], apart: str) -> set[int]:
    """The indices of the texts in which ``pattern`` finds a match (``{i for i, t in
    enumerate(texts) if pattern.search(t)}``), by one scan of the texts joined with
    ``apart`` (``CHUNK`` texts at a time), which no match may contain."""
    found: set[int] = set()
    size = CHUNK
    for first, joined in zip(range(0, len(texts), size), chunks(texts, apart), strict=True):
        part = texts[first : first + size]
        starts = list(itertools.accumulate((len(t) + len(apart) for t in part[:-1]),
                                           initial=0))
        found.update(first + bisect_right(starts, m.start()) - 1
                     for m in pattern.finditer(joined))
    return found
