"""Facts of an operation design: SLIs, SLOs, budgets, monitors, backups, RTO/RPO, DR."""

from __future__ import annotations

from dataclasses import dataclass

from opslint.facts.model_common import TechMention
from opslint.facts.quantities import Latency, Threshold

__all__ = [
    "AlertLevel",
    "AuditLog",
    "Backup",
    "BurnRate",
    "ErrorBudget",
    "Monitor",
    "OperationFacts",
    "RecoveryObjective",
    "RecoveryStep",
    "SeverityLevel",
    "Sli",
    "Slo",
]


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
    sli: str = ""  # the SLI a row of an SLO table names beside the SLO's own ID ("SLO-A")


@dataclass(frozen=True)
class ErrorBudget:
    """A stated error budget: minutes of allowed failure and/or a percentage.

    ``slo_percent`` / ``window_*`` are set when the same line also states them
    (``99.5% / 30日 = 約 3.6 時間``); otherwise the budget belongs to the document"s SLO.
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
    channel: str = ""  # the channel cell of a monitor list, as written
    channels: tuple[str, ...] = ()  # the channels that cell names (canonical names)
    level_name: str = ""  # critical, warning or info: the level through the legend


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
    # Minutes between the recovery points kept as copies (PITR archive, periodic backups),
    # replicas left out: what bounds the data lost to a deletion or corruption.
    copy_interval: float | None = None
    point_in_time: bool = False  # PITR, log archiving or continuous backup
    replicated: bool = False  # the row also keeps a replica
    rebuilt: bool = False  # infrastructure recreated from code (IaC, Git), not restored


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
    source: str = ""  # where it comes from, when a column says so ("EKS control plane")
    kinds: tuple[str, ...] = ()  # kinds read from its name and source (application, access…)


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
    # The document's own level words and what they mean ("page" → critical, "通知" → info).
    level_legend: tuple[tuple[str, str], ...] = ()
