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
from collections.abc import Sequence

__all__ = ["holding"]


def holding(pattern: re.Pattern[str], texts: Sequence[str], apart: str) -> set[int]:
    """The indices of the texts in which ``pattern`` finds a match (``{i for i, t in
    enumerate(texts) if pattern.search(t)}``), by one scan of the texts joined with
    ``apart``, which no match may contain.

    A match's text is the count of separators before it, counted in C from the last match
    on, and the scan goes on from the next text's start: a text is found once, however many
    matches it holds, and nothing is done per text in Python. A search from an offset reads
    the characters before it as a lookbehind does in the whole (and ``^`` never matches
    there), so it finds the first match of the next text that a scan of the whole finds.
    Texts that hold the separator themselves are mapped by their offsets instead."""
    if not texts:
        return set()
    joined = apart.join(texts)
    if len(apart) != 1 or joined.count(apart) != len(texts) - 1:
        return _by_offsets(pattern, texts, apart, joined)
    found: set[int] = set()
    search, count, find = pattern.search, joined.count, joined.find
    index = counted = 0
    while (match := search(joined, counted)) is not None:
        start = match.start()
        index += count(apart, counted, start)
        found.add(index)
        end = find(apart, start)
        if end < 0:
            break
        index, counted = index + 1, end + 1
    return found


def _by_offsets(pattern: re.Pattern[str], texts: Sequence[str], apart: str,
                joined: str) -> set[int]:
    """``holding`` by a bisect of each match's offset in the texts' starts."""
    starts = list(itertools.accumulate((len(t) + len(apart) for t in texts[:-1]), initial=0))
    return {bisect_right(starts, m.start()) - 1 for m in pattern.finditer(joined)}
