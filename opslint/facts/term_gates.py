"""Gates of the term readers: whether any of many units holds a term of a list, asked once.

A reader that asks every unit of a document (or of a chapter) whether it holds a label or a
word of a list mostly hears no: most documents name a given label nowhere. The units' texts
are joined by line breaks and searched once; only when the whole holds a term are the units
asked one by one, as before. A term found in one unit is found at the same place in the
whole: NFKC, case folding and whitespace collapsing change no line break and join nothing
across one, and a line break is no letter to a term's lookarounds. A match across two units
only lets the units be asked, so the gate never changes an answer.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

from opslint.document.normalize import any_term_pattern
from opslint.facts.text import Terms
from opslint.facts.units import Unit

__all__ = ["holding"]


def holding(items: Sequence[Unit], terms: Terms, key: str) -> list[Unit]:
    """The units, in order, whose normalised text may hold a term of the list ``key`` (as
    ``Terms.has`` asks it): every unit that does, and those a match across a line break
    touches. One scan of the units' normalised texts joined; the caller still asks each
    unit found. A match inside an earlier match of the scan overlaps it, so that earlier
    match touches its unit too."""
    pattern = any_term_pattern(terms(key))
    if pattern is None or not items:
        return []
    norms = [u.norm for u in items]
    ends = list(accumulate(len(n) + 1 for n in norms))  # one past each unit's line break
    touched: set[int] = set()
    for match in pattern.finditer("\n".join(norms)):
        first = bisect_right(ends, match.start())
        touched.update(range(first, bisect_right(ends, max(match.start(), match.end() - 1)) + 1))
    return [items[i] for i in sorted(touched)]
