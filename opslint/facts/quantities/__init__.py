"""Quantities in Japanese and English operations text: durations, percentages, latencies,
thresholds, clock times, windows, T-offsets, frequencies, sizes and versions.

Every finder applies NFKC (full-width digits, ``％``, ``～``, ``，``) before matching and
reports ``start``/``end`` in the *original* string, so ``text[q.start:q.end] == q.text``.
Stdlib only (plus the character class of opslint.document.normalize); the only module
state is compiled patterns, immutable tables and the memos of ``normalise._normalise``,
``thresholds._thresholds_of`` and ``latencies._latencies_of``.
One module per kind of quantity; this package re-exports their public API.
"""

from __future__ import annotations

from opslint.facts.quantities.clock import find_clock_times, find_offsets, parse_window
from opslint.facts.quantities.durations import find_durations, parse_duration
from opslint.facts.quantities.frequencies import parse_copy_frequency, parse_frequency
from opslint.facts.quantities.latencies import find_latencies

# The normaliser's internals, for tests/test_normalize_fast.py.
from opslint.facts.quantities.normalise import _VOICED_MARKS as _VOICED_MARKS
from opslint.facts.quantities.normalise import _Norm as _Norm
from opslint.facts.quantities.normalise import _normalise as _normalise
from opslint.facts.quantities.percentages import find_percentages
from opslint.facts.quantities.sizes import find_sizes
from opslint.facts.quantities.thresholds import find_thresholds
from opslint.facts.quantities.types import (
    ClockTime,
    Duration,
    Frequency,
    Latency,
    Offset,
    Percentage,
    Size,
    Threshold,
    TimeWindow,
    Version,
)
from opslint.facts.quantities.units import to_minutes
from opslint.facts.quantities.versions import find_versions

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
    "parse_copy_frequency",
    "parse_duration",
    "parse_frequency",
    "parse_window",
    "to_minutes",
]
