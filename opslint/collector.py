"""How often Python's cyclic garbage collector runs during a run of opslint.

A run allocates millions of short-lived objects that hold no reference cycles (tokens,
units, matches, facts) and frees them by reference counting. With CPython's default
first-generation threshold (700 allocations) the collector still runs tens of thousands of
times per large run, and each run of the older generations walks every live object: 6-11 %
of the CPU of a 5 MB or 100-document check (docs/performance.md, fifth round). Raising
that threshold keeps the collector (reference cycles are still collected) but runs it far
less often; the garbage that waits longer is at most that many objects. Parsing pauses it
altogether (document/parse.py).
"""

from __future__ import annotations

import gc

__all__ = ["FIRST_GENERATION_THRESHOLD", "tune_for_batch"]

FIRST_GENERATION_THRESHOLD = 20_000


def tune_for_batch() -> None:
    """Raise the first-generation threshold for a batch run (never lowers it, never turns a
    disabled collector on: an embedding program's own settings win)."""
    first, *older = gc.get_threshold()
    if 0 < first < FIRST_GENERATION_THRESHOLD:
        gc.set_threshold(FIRST_GENERATION_THRESHOLD, *older)
