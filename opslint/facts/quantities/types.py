"""The public quantity types: frozen dataclasses with source spans."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


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
