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
import operator
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
    ``apart`` (``CHUNK`` texts at a time), which no match may contain.

    Once a text is found, the search goes on from the start of the next one: the rest of
    that text is not read, nor its other matches mapped back. This finds the same texts
    as reading every match: a match lies in one text, and a search from a position finds
    the leftmost match starting there or later, as the scan of every match would reach
    it, so no text holding a match is passed over."""
    found: set[int] = set()
    step = len(apart)
    for first in range(0, len(texts), CHUNK):
        part = texts[first : first + CHUNK]
        joined = apart.join(part)
        match = pattern.search(joined)
        if match is None:
            continue  # most chunks of most scans: where the texts start is not needed
        # starts[i]: where text i starts in the joined whole (a last entry past the end).
        starts = list(itertools.accumulate(map(operator.add, map(len, part),
                                               itertools.repeat(step)), initial=0))
        last = len(part) - 1
        while match is not None:
            index = bisect_right(starts, match.start()) - 1
            found.add(first + index)
            if index >= last:
                break
            match = pattern.search(joined, starts[index + 1])
    return found
