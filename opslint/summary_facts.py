"""The facts part of `opslint summary --format json`: every fact of the semantic model.

The summary's other parts are a reviewer's digest (key monitors, the first SLOs); this part
lists what the model holds, one entry per fact with its evidence, so a team (and our tests)
can see exactly what opslint read: components, datastores, SLIs, SLOs, every monitor with
its level, backups, RTO/RPO, audit-log retention and roles.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from opslint.facts.model import DocumentFacts, Monitor, OperationFacts
from opslint.facts.semantic import SemanticModel

__all__ = ["FactSet", "build_facts"]

_DAY = 1440.0


class Source(BaseModel):
    path: str
    line: int = Field(ge=1)


class ComponentFact(BaseModel):
    name: str
    role: str
    technologies: list[str]
    datastore: bool
    source: Source


class SliFact(BaseModel):
    name: str
    kind: str
    source: Source


class SloFact(BaseModel):
    name: str = Field(description="The SLO's name or ID, or the SLI it is for, as written")
    kind: str
    percent: float | None
    latency_ms: float | None
    window_days: float | None = Field(description="None for a month without a day count")
    window_kind: str | None = Field(description="days, month or None when not stated")
    source: Source


class MonitorFact(BaseModel):
    id: str
    target: str
    item: str
    threshold: str
    level: str = Field(description="The level as written")
    level_name: str | None = Field(description="critical, warning or info, through the legend")
    channels: list[str] = Field(description="Where it notifies: its own channel cell, else "
                                "the channels of its level")
    sli: str
    action: str
    source: Source


class AlertLevelFact(BaseModel):
    name: str
    label: str
    channels: list[str]
    source: Source


class SeverityFact(BaseModel):
    name: str
    rank: int
    response_minutes: float | None
    source: Source


class BackupFact(BaseModel):
    target: str
    method: str
    interval_minutes: float | None
    mode: str | None
    retention_days: float | None
    source: Source


class ObjectiveFact(BaseModel):
    kind: str
    minutes: float
    scope: str
    source: Source


class AuditLogFact(BaseModel):
    target: str
    retention_days: float | None
    document: str = Field(description="Kind of the document that states it")
    source: Source


class RoleFact(BaseModel):
    role: str
    members: str
    source: Source


class FactSet(BaseModel):
    components: list[ComponentFact]
    datastores: list[str] = Field(description="Canonical names of the datastores named")
    integrations: list[str]
    tools: dict[str, list[str]] = Field(description="Canonical names by vocabulary category")
    deploy_strategies: list[str]
    slis: list[SliFact]
    slos: list[SloFact]
    monitors: list[MonitorFact]
    alert_levels: list[AlertLevelFact]
    severities: list[SeverityFact]
    backups: list[BackupFact]
    objectives: list[ObjectiveFact]
    dr_strategies: list[str]
    audit_logs: list[AuditLogFact]
    roles: list[RoleFact]


def _src(facts: DocumentFacts, line: int) -> Source:
    return Source(path=facts.path.as_posix(), line=max(line, 1))


def _days(minutes: float | None) -> float | None:
    return None if minutes is None else round(minutes / _DAY, 3)


def _names(all_facts: Sequence[DocumentFacts], *categories: str) -> list[str]:
    seen: dict[str, None] = {}
    for facts in all_facts:
        for name in facts.names(*categories):
            seen.setdefault(name, None)
    return list(seen)


_TOOLS = ("ci_cd", "registry", "iac", "migration", "monitoring", "alerting", "channel")


def _channels(model: SemanticModel, monitor: Monitor, ops: OperationFacts) -> list[str]:
    if monitor.channels:
        return list(monitor.channels)
    return list(dict.fromkeys(c for a in ops.alert_levels if a.name == monitor.level_name
                              for c in a.channels))


def build_facts(model: SemanticModel) -> FactSet:
    """Every fact of the model's documents, in document order."""
    all_facts = model.all_facts()
    ops = [(f, f.operation) for f in all_facts]
    return FactSet(
        components=[ComponentFact(name=c.name, role=c.role, technologies=list(c.technologies),
                                  datastore=c.datastore, source=_src(f, c.line))
                    for f in all_facts for c in f.design.components],
        datastores=_names(all_facts, "datastore"),
        integrations=list(dict.fromkeys(i.name for f in all_facts
                                        for i in f.design.integrations if i.name)),
        tools={c: names for c in _TOOLS if (names := _names(all_facts, c))},
        deploy_strategies=_names(all_facts, "deploy_strategy"),
        slis=[SliFact(name=s.name, kind=s.kind, source=_src(f, s.line))
              for f, o in ops for s in o.slis],
        slos=[SloFact(name=s.name, kind=s.kind, percent=s.percent,
                      latency_ms=s.latency.ms if s.latency else None,
                      window_days=_days(s.window_minutes), window_kind=s.window_kind,
                      source=_src(f, s.line))
              for f, o in ops for s in o.slos],
        monitors=[MonitorFact(id=m.id, target=m.target, item=m.item, threshold=m.threshold,
                              level=m.level, level_name=m.level_name or None,
                              channels=_channels(model, m, o), sli=m.sli,
                              action=m.action, source=_src(f, m.line))
                  for f, o in ops for m in o.monitors],
        alert_levels=[AlertLevelFact(name=a.name, label=a.label, channels=list(a.channels),
                                     source=_src(f, a.line))
                      for f, o in ops for a in o.alert_levels],
        severities=[SeverityFact(name=s.name, rank=s.rank, response_minutes=s.response,
                                 source=_src(f, s.line)) for f, o in ops for s in o.severities],
        backups=[BackupFact(target=b.target, method=b.method, interval_minutes=b.interval,
                            mode=b.mode, retention_days=_days(b.retention),
                            source=_src(f, b.line)) for f, o in ops for b in o.backups],
        objectives=[ObjectiveFact(kind=x.kind, minutes=x.minutes, scope=x.scope,
                                  source=_src(f, x.line)) for f, o in ops for x in o.objectives],
        # The DR topology may be stated in the architecture only: every document answers.
        dr_strategies=_names(all_facts, "dr_strategy"),
        audit_logs=[AuditLogFact(target=a.target, retention_days=_days(a.retention),
                                 document=f.kind, source=_src(f, a.line))
                    for f in all_facts
                    for a in (f.operation.audit_logs or f.design.audit_logs)],
        roles=[RoleFact(role=r.role, members=r.members, source=_src(f, r.line))
               for f in all_facts for r in f.design.roles],
    )
