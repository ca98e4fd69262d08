"""`opslint trace`: the SLI → SLO → monitor → alert level → channel → action matrix.

Built from the operation designs' facts with the links of ``opslint.trace_links``, the same
the traceability rules (MON060–MON062) use. JSON output is the ``Trace`` model below
(schema version 1, docs/trace.md).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from opslint.document.model import DocKind, Document
from opslint.facts.model import DocumentFacts
from opslint.facts.semantic import SemanticModel
from opslint.trace_links import (
    MonitorLink,
    SliRef,
    Tracer,
    channels_of,
    link_monitor,
    sli_refs,
)
from opslint.trace_watch import watching

__all__ = ["Trace", "TraceMonitor", "TraceRow", "build_trace"]


class Evidence(BaseModel):
    path: str
    line: int = Field(ge=1)


class TraceSlo(BaseModel):
    target: str = Field(description="99.9% or p95 < 400ms, as parsed")
    window: str | None = Field(description="Evaluation window as written, if any")
    evidence: Evidence


class TraceMonitor(BaseModel):
    id: str
    item: str = Field(description="Target and item of the monitor, as written")
    threshold: str
    level: str = Field(description="critical, warning, info, or empty when not recognised")
    level_label: str = Field(description="The level as written")
    channels: list[str] = Field(description="Channels of the monitor's alert level")
    pages: bool = Field(description="A human is paged (paging tool, phone, or the action says so)")
    action: str
    indirect: bool = Field(description="The SLI column marks the link as indirect")
    inferred: bool = Field(
        default=False, description="Not linked in the SLI column: it names the SLI or watches "
        "its kind of signal (listed only for an SLI no monitor is linked to)")
    sli_status: Literal["linked", "none", "unknown", "empty"]
    evidence: Evidence


class TraceRow(BaseModel):
    sli: str
    kind: str = Field(description="availability, latency, error_rate or other")
    evidence: Evidence
    slos: list[TraceSlo]
    monitors: list[TraceMonitor]
    covered: bool = Field(description="Some monitor watches this SLI (linked, named or by kind)")


class Gaps(BaseModel):
    slis_without_monitor: int
    monitors_without_sli: int = Field(description="SLI column empty or naming no defined SLI")
    critical_without_paging: int


class Trace(BaseModel):
    schema_version: Literal[1] = 1
    lang: Literal["ja", "en"]
    documents: list[str] = Field(description="Operation designs the matrix was built from")
    rows: list[TraceRow]
    unlinked_monitors: list[TraceMonitor] = Field(
        description="Monitors tied to no SLI: deliberately (sli_status none) or not")
    gaps: Gaps


def _ev(facts: DocumentFacts, line: int) -> Evidence:
    return Evidence(path=facts.path.as_posix(), line=max(line, 1))


def _monitor(facts: DocumentFacts, link: MonitorLink, channels: dict[str, tuple[str, ...]],
             tracer: Tracer, inferred: bool = False) -> TraceMonitor:
    m = link.monitor
    level_channels = channels.get(link.level, ())
    return TraceMonitor(
        id=m.id, item=" ".join(p for p in (m.target, m.item) if p), threshold=m.threshold,
        level=link.level, level_label=m.level, channels=list(level_channels),
        pages=tracer.pages(level_channels, m.action), action=m.action, indirect=link.indirect,
        sli_status=link.status, inferred=inferred, evidence=_ev(facts, m.line),
    )


def _slo(facts: DocumentFacts, ref: SliRef) -> list[TraceSlo]:
    out = []
    for slo in ref.slos:
        if slo.latency is not None:
            target = slo.latency.text
        else:
            sign = {"<": "< ", "<=": "≤ ", ">": "> ", ">=": "≥ "}.get(slo.comparator or "", "")
            target = f"{sign}{slo.percent:g}%" if slo.percent is not None else slo.text
        out.append(TraceSlo(target=target, window=slo.window_text or None,
                            evidence=_ev(facts, slo.line)))
    return out


def rows_of(doc: Document, facts: DocumentFacts, tracer: Tracer
            ) -> tuple[list[TraceRow], list[TraceMonitor]]:
    """One row per SLI (its SLOs and the monitors linked to it), and the unlinked monitors."""
    refs = sli_refs(doc, facts, tracer)
    links = [link_monitor(m, refs, tracer) for m in facts.operation.monitors]
    channels = channels_of(facts.operation.alert_levels)
    rows = []
    for ref in refs:
        linked = [_monitor(facts, k, channels, tracer) for k in links if ref.name in k.slis]
        seen = watching(ref, links, refs, tracer)
        if not linked:
            linked = [_monitor(facts, k, channels, tracer, inferred=True) for k in seen]
        rows.append(TraceRow(sli=ref.name, kind=ref.kind, evidence=_ev(facts, ref.line),
                             slos=_slo(facts, ref), monitors=linked, covered=bool(seen)))
    unlinked = [_monitor(facts, k, channels, tracer) for k in links if not k.slis]
    return rows, unlinked


def build_trace(model: SemanticModel, lang: Literal["ja", "en"]) -> Trace:
    """The matrix of every linted operation design of the model."""
    tracer = Tracer(model.vocab)
    ops = [d for d in model.docs if d.kind is DocKind.OPERATION and model.docs.linted(d)]
    rows: list[TraceRow] = []
    unlinked: list[TraceMonitor] = []
    for doc in ops:
        got_rows, got_unlinked = rows_of(doc, model.facts(doc), tracer)
        rows += got_rows
        unlinked += got_unlinked
    monitors = [m for r in rows for m in r.monitors] + unlinked
    gaps = Gaps(
        slis_without_monitor=sum(1 for r in rows if not r.covered),
        monitors_without_sli=sum(1 for m in unlinked if m.sli_status in ("unknown", "empty")),
        critical_without_paging=len({(m.evidence.path, m.evidence.line) for m in monitors
                                     if m.level == "critical" and not m.pages}),
    )
    return Trace(lang=lang, documents=[d.path.as_posix() for d in ops], rows=rows,
                 unlinked_monitors=unlinked, gaps=gaps)
