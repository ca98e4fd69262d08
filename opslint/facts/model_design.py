"""Facts about the system itself: components, integrations, roles, NFR figures."""

from __future__ import annotations

from dataclasses import dataclass

from opslint.facts.model_operation import AuditLog
from opslint.facts.quantities import Latency

__all__ = [
    "Component",
    "DesignFacts",
    "Integration",
    "NfrFigure",
    "Role",
]


@dataclass(frozen=True)
class Component:
    """A component of the system (a table row or list item) and the technologies it names."""

    name: str
    role: str
    technologies: tuple[str, ...]
    line: int
    text: str
    datastore: bool = False
    # The datastores of the row the design calls a cache or rebuildable, needing no backup
    # (canonical names, implied ones included): its row or a sentence naming it alone says so
    # ("キャッシュ", "rebuilt from the database"; facts/disposable.py).
    disposable: tuple[str, ...] = ()


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
    # Datastores the document calls a cache or rebuildable, needing no backup (canonical
    # names, implied ones included): a component row's own store, or a sentence's topic
    # store ("Redis はキャッシュのみ", "Memorystore is a cache only"; facts/disposable.py).
    disposable_stores: tuple[str, ...] = ()
