"""Typed facts read from documents: what rules, ``summary`` and ``trace`` reason about.

Every fact is a frozen dataclass carrying ``line`` (1-based, in its document) and ``text``
(the source cell, row, list item or line it was read from), so any finding built on it can
point at its evidence. Durations are in minutes, percentages in percent (99.9, not 0.999),
clock times in minutes after midnight of the release day (past 1440 after midnight).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from opslint.facts.quantities import Latency, Threshold, TimeWindow

__all__ = [
    "AlertLevel",
    "AuditLog",
    "Backup",
    "BurnRate",
    "Component",
    "DesignFacts",
    "DocumentFacts",
    "ErrorBudget",
    "Exclusion",
    "Integration",
    "Maintenance",
    "Migration",
    "Milestone",
    "Monitor",
    "NfrFigure",
    "OperationFacts",
    "RecoveryObjective",
    "RecoveryStep",
    "ReleaseFacts",
    "ReleaseVersion",
    "ReleaseWindow",
    "Role",
    "RollbackCriterion",
    "RollbackPlan",
    "SeverityLevel",
    "Sli",
    "Slo",
    "StatedDuration",
    "TechMention",
    "TimelineStep",
]


# --------------------------------------------------------------------------- shared


@dataclass(frozen=True)
class TechMention:
    """A named product or practice from rules/vocab/technology.yaml (``Datadog``, ``blue_green``).

    ``category`` is the vocabulary section (datastore, compute, ci_cd, monitoring, alerting,
    channel, deploy_strategy, dr_strategy, topology…), ``name`` its canonical name and
    ``alias`` the form written in the document.
    """

    category: str
    name: str
    alias: str
    line: int
    text: str


@dataclass(frozen=True)
class StatedDuration:
    """A duration the document states for something (a total, a check, a limit), in minutes."""

    minutes: float
    line: int
    text: str


@dataclass(frozen=True)
class Exclusion:
    """A statement that planned maintenance does not count against the SLO/error budget."""

    line: int
    text: str


# --------------------------------------------------------------------------- release


@dataclass(frozen=True)
class ReleaseVersion:
    """The version being released (``v2.4.0``) or the one rolled back to."""

    version: str
    parts: tuple[int, ...]
    line: int
    text: str


@dataclass(frozen=True)
class ReleaseWindow:
    """The release's work window from its header or overview (``2026/12/10 01:00 - 05:00``)."""

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

    ``minute`` is the absolute time (minutes after midnight of the window's day, rolled over
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
class RollbackCriterion:
    """One rollback trigger with its parsed thresholds and, if any, a clock deadline."""

    line: int
    text: str
    thresholds: tuple[Threshold, ...]
    deadline: int | None


@dataclass(frozen=True)
class RollbackPlan:
    """How long a rollback takes: its steps, stated totals and the checks after it.

    ``minutes`` is the worst case: the largest stated total, else the sum of the steps'
    durations (a step offering alternatives, ``A: 5分 / C: 40分``, counts its longest).
    """

    steps: tuple[RecoveryStep, ...]
    totals: tuple[StatedDuration, ...]
    post_check: StatedDuration | None

    @property
    def minutes(self) -> float | None:
        if self.totals:
            return max(t.minutes for t in self.totals)
        timed = [s.minutes for s in self.steps if s.minutes is not None]
        return sum(timed) if timed else None

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


# --------------------------------------------------------------------------- operation


@dataclass(frozen=True)
class Sli:
    """A service level indicator; ``kind`` is availability, latency, error_rate or other."""

    name: str
    kind: str
    line: int
    text: str


@dataclass(frozen=True)
class Slo:
    """A service level objective: a percentage target or a latency target, with its window.

    ``window_kind`` is "days" (an explicit length), "month" (月間 / monthly with no day count:
    28–31 days) or None; ``window_minutes`` is set only for "days". ``kind`` is availability,
    success (another good-event ratio), error_rate, latency or other.
    """

    name: str
    kind: str
    line: int
    text: str
    percent: float | None = None
    latency: Latency | None = None
    comparator: str | None = None
    window_minutes: float | None = None
    window_kind: str | None = None
    window_text: str = ""


@dataclass(frozen=True)
class ErrorBudget:
    """A stated error budget: minutes of allowed failure and/or a percentage.

    ``slo_percent`` / ``window_*`` are set when the same line also states them
    (``99.5% / 30日 = 約 3.6 時間``); otherwise the budget belongs to the document's SLO.
    """

    line: int
    text: str
    minutes: float | None
    minutes_text: str
    percent: float | None
    slo_percent: float | None = None
    window_minutes: float | None = None
    window_kind: str | None = None


@dataclass(frozen=True)
class BurnRate:
    """A burn-rate alert condition: factor, long and short windows, stated error ratio."""

    factor: float | None
    long_window: float | None
    short_window: float | None
    error_ratio: float | None  # percent, when the condition states it
    text: str


@dataclass(frozen=True)
class Monitor:
    """A monitor or alert: a row of the monitor table, or an alert bullet with a condition."""

    id: str
    target: str
    item: str
    threshold: str
    level: str
    sli: str
    action: str
    line: int
    text: str
    thresholds: tuple[Threshold, ...] = ()
    latencies: tuple[Latency, ...] = ()
    burn_rate: BurnRate | None = None


@dataclass(frozen=True)
class AlertLevel:
    """An alert level (critical, warning, info) with the channels it notifies."""

    name: str
    label: str
    channels: tuple[str, ...]
    line: int
    text: str


@dataclass(frozen=True)
class SeverityLevel:
    """An incident severity (``Sev-1``…): its rank (1 = worst), definition and response time."""

    name: str
    rank: int
    definition: str
    line: int
    text: str
    response: float | None = None  # minutes, first response or recovery target


@dataclass(frozen=True)
class Backup:
    """One backup of a target: method, frequency (mode periodic/pitr/replication/continuous)."""

    target: str
    method: str
    line: int
    text: str
    interval: float | None  # minutes between recovery points; None when unknown
    mode: str | None  # periodic, pitr, replication, continuous, realtime
    retention: float | None  # minutes
    storage: str = ""
    is_data: bool = True  # a datastore or data (not logs or configuration), for RPO
    replica_only: bool = False  # a replica with no point-in-time copy (snapshot, PITR…)


@dataclass(frozen=True)
class RecoveryObjective:
    """An RTO or RPO value; ``scope`` names its scenario or target when the table gives one."""

    kind: str  # "RTO" or "RPO"
    minutes: float
    line: int
    text: str
    scope: str = ""


@dataclass(frozen=True)
class RecoveryStep:
    """A step of a restore, failover or rollback procedure, with its duration if stated."""

    line: int
    text: str
    minutes: float | None
    procedure: str  # "restore", "failover" or "rollback"
    owner: str = ""


@dataclass(frozen=True)
class AuditLog:
    """An audit-log source and how long it is kept (total and immediately searchable)."""

    target: str
    line: int
    text: str
    retention: float | None  # minutes
    hot: float | None = None  # minutes kept immediately searchable, when stated


@dataclass(frozen=True)
class OperationFacts:
    """What an operation design states (empty for other kinds of document)."""

    slis: tuple[Sli, ...] = ()
    slos: tuple[Slo, ...] = ()
    error_budgets: tuple[ErrorBudget, ...] = ()
    monitors: tuple[Monitor, ...] = ()
    alert_levels: tuple[AlertLevel, ...] = ()
    severities: tuple[SeverityLevel, ...] = ()
    backups: tuple[Backup, ...] = ()
    objectives: tuple[RecoveryObjective, ...] = ()
    restore_steps: tuple[RecoveryStep, ...] = ()
    failover_steps: tuple[RecoveryStep, ...] = ()
    dr_strategies: tuple[TechMention, ...] = ()
    audit_logs: tuple[AuditLog, ...] = ()


# --------------------------------------------------------------------------- design


@dataclass(frozen=True)
class Component:
    """A component of the system (a table row or list item) and the technologies it names."""

    name: str
    role: str
    technologies: tuple[str, ...]
    line: int
    text: str
    datastore: bool = False


@dataclass(frozen=True)
class Integration:
    """An external system the service depends on, with its degraded mode and owner if stated."""

    name: str
    line: int
    text: str
    fallback: str = ""
    owner: str = ""


@dataclass(frozen=True)
class Role:
    """A role with its members and permissions (security design, RACI, approvers)."""

    role: str
    members: str
    permissions: str
    line: int
    text: str
    approver: bool = False


@dataclass(frozen=True)
class NfrFigure:
    """A non-functional requirement figure: ``key`` is availability, rto, rpo, latency,
    planned_outage, service_hours or backup_retention; the parsed value in ``percent``,
    ``minutes`` or ``latency``."""

    key: str
    value: str
    line: int
    text: str
    percent: float | None = None
    minutes: float | None = None
    latency: Latency | None = None
    window_minutes: float | None = None  # availability: the evaluation window, as for Slo
    window_kind: str | None = None


@dataclass(frozen=True)
class DesignFacts:
    """What any document says about the system itself (mostly from the design documents)."""

    components: tuple[Component, ...] = ()
    integrations: tuple[Integration, ...] = ()
    roles: tuple[Role, ...] = ()
    audit_logs: tuple[AuditLog, ...] = ()
    nfr: tuple[NfrFigure, ...] = ()


# --------------------------------------------------------------------------- document


@dataclass(frozen=True)
class DocumentFacts:
    """Every fact of one document: technology mentions plus the per-kind fact groups.

    ``mentions`` holds every technology named anywhere outside code blocks (deduplicated per
    name and line); the helpers below filter it by category. ``slo_exclusion`` is the first
    statement, in any kind of document, that planned maintenance does not count against the
    SLO ("計画停止を除く", "メンテナンスページの応答は SLI の対象外").
    """

    path: Path
    kind: str
    lang: str
    mentions: tuple[TechMention, ...] = ()
    slo_exclusion: Exclusion | None = None
    release: ReleaseFacts = field(default_factory=ReleaseFacts)
    operation: OperationFacts = field(default_factory=OperationFacts)
    design: DesignFacts = field(default_factory=DesignFacts)

    def named(self, *categories: str) -> tuple[TechMention, ...]:
        """Mentions in the given categories, in document order."""
        return tuple(m for m in self.mentions if m.category in categories)

    def names(self, *categories: str) -> tuple[str, ...]:
        """Distinct canonical names in the given categories, in order of first mention."""
        seen: dict[str, None] = {}
        for mention in self.named(*categories):
            seen.setdefault(mention.name, None)
        return tuple(seen)
