"""Facts of a release procedure: version, window, timeline, maintenance, migrations, rollback."""

from __future__ import annotations

from dataclasses import dataclass, field

from opslint.facts.model_common import StatedDuration, TechMention
from opslint.facts.model_operation import RecoveryStep
from opslint.facts.quantities import Threshold, TimeWindow

__all__ = [
    "DatabaseRevert",
    "Maintenance",
    "Migration",
    "Milestone",
    "ReleaseFacts",
    "ReleaseVersion",
    "ReleaseWindow",
    "RollbackCriterion",
    "RollbackPlan",
    "TimelineStep",
]


@dataclass(frozen=True)
class ReleaseVersion:
    """The version being released (``v2.4.0``) or the one rolled back to."""

    version: str
    parts: tuple[int, ...]
    line: int
    text: str


@dataclass(frozen=True)
class ReleaseWindow:
    """The release"s work window from its header or overview (``2026/12/10 01:00 - 05:00``)."""

    window: TimeWindow
    line: int
    text: str

    @property
    def start(self) -> int:
        return self.window.start_minute

    @property
    def end(self) -> int:
        return self.window.end_minute


@dataclass(frozen=True)
class TimelineStep:
    """One row of the T-0 timeline.

    ``minute`` is the absolute time (minutes after midnight of the window"s day, rolled over
    past 1440) when the row gives a clock time; ``offset`` the signed minutes of a relative
    time (``T-60m``). ``phase`` is one of maintenance_on, maintenance_off, go_no_go,
    migration, deploy, smoke, backup, report, or None.
    """

    line: int
    text: str
    time_text: str
    minute: int | None
    offset: int | None
    task: str
    owner: str
    check: str
    phase: str | None
    duration: float | None  # minutes, from a duration column when the table has one


@dataclass(frozen=True)
class Milestone:
    """A point in time the document fixes: the Go/No-Go decision, the rollback deadline."""

    minute: int
    line: int
    text: str


@dataclass(frozen=True)
class Maintenance:
    """Planned downtime of this release: maintenance ON→OFF in the timeline, or as stated."""

    minutes: float
    start: int | None  # clock minute, when known
    end: int | None
    line: int
    end_line: int
    text: str
    source: str  # "timeline" or "stated"
    partial: bool  # only some functions stop


@dataclass(frozen=True)
class Migration:
    """A database migration of the release (an ID, a file or a timeline step)."""

    name: str
    line: int
    text: str
    destructive: bool
    duration: float | None


@dataclass(frozen=True)
class DatabaseRevert:
    """What the rollback does with the database: a step reverting it (down migration,
    rollback SQL, restore to a restore point), or a statement that it stays as it is."""

    line: int
    text: str
    keeps: bool  # the database is left as it is (the old version works with it)


@dataclass(frozen=True)
class RollbackCriterion:
    """One rollback trigger with its parsed thresholds and, if any, a clock deadline."""

    line: int
    text: str
    thresholds: tuple[Threshold, ...]
    deadline: int | None


@dataclass(frozen=True)
class RollbackPlan:
    """How long a rollback takes: its steps, stated totals and the checks after it.

    ``minutes`` is the worst case: the largest stated total, else the sum of the steps"
    durations (a step offering alternatives, ``A: 5分 / C: 40分``, counts its longest). A
    step taken only instead of the one before it ("only if the data are damaged", "手順 3 が
    失敗した場合は") is an alternative to it: the longer of the two counts. A step the
    document runs past the window ("作業枠を延長し") is not part of the planned rollback.
    """

    steps: tuple[RecoveryStep, ...]
    totals: tuple[StatedDuration, ...]
    post_check: StatedDuration | None
    alternatives: tuple[int, ...] = ()  # lines of steps taken instead of the step before
    overruns: tuple[int, ...] = ()  # lines of steps stated to run past the window

    @property
    def minutes(self) -> float | None:
        if self.totals:
            return max(t.minutes for t in self.totals)
        groups: list[list[float]] = []
        for step in self.steps:
            if step.line in self.overruns:
                continue
            if step.line in self.alternatives and groups:
                groups[-1].append(step.minutes or 0.0)
            else:
                groups.append([step.minutes or 0.0])
        timed = [s for s in self.steps if s.minutes is not None and s.line not in self.overruns]
        return sum(max(g) for g in groups) if timed else None

    @property
    def line(self) -> int:
        lines = [t.line for t in self.totals] + [s.line for s in self.steps]
        return min(lines) if lines else 0


@dataclass(frozen=True)
class ReleaseFacts:
    """What a release procedure states (empty for other kinds of document)."""

    version: ReleaseVersion | None = None
    previous_version: ReleaseVersion | None = None
    window: ReleaseWindow | None = None
    owner: str = ""
    timeline: tuple[TimelineStep, ...] = ()
    go_no_go: Milestone | None = None
    rollback_deadline: Milestone | None = None
    maintenance: Maintenance | None = None
    downtime_limit: StatedDuration | None = None
    no_downtime: bool = False
    migrations: tuple[Migration, ...] = ()
    deploy_strategies: tuple[TechMention, ...] = ()
    rollback_criteria: tuple[RollbackCriterion, ...] = ()
    rollback: RollbackPlan = field(default_factory=lambda: RollbackPlan((), (), None))
    database_reverts: tuple[DatabaseRevert, ...] = ()  # the rollback's database steps
    automated_steps_line: int | None = None  # where the T-0 chapter says every step is automated
