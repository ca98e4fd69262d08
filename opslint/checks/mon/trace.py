"""Traceability SLI → SLO → monitor → alert (gate 3: 監視項目がSLI/SLOと紐付いているか).

The links are those of ``opslint.trace_links``, shared with `opslint trace`.
"""

from __future__ import annotations

from collections.abc import Iterator

from opslint.checks.shared.common import map_columns
from opslint.checks.shared.words import words
from opslint.document.model import Table
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.engine.registry import NoParams
from opslint.facts.model import Monitor
from opslint.trace_links import MonitorLink, Tracer, covered, link_monitor, sli_refs


def _table_of(ctx: CheckContext, monitor: Monitor) -> Table | None:
    return next((t for t in ctx.doc.root.tables() if t.line <= monitor.line <= t.end_line), None)


def _links(ctx: CheckContext, tracer: Tracer) -> list[MonitorLink]:
    facts = ctx.facts()
    refs = sli_refs(ctx.doc, facts, tracer)
    return [link_monitor(m, refs, tracer) for m in facts.operation.monitors]


def monitor_unlinked(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A monitor whose SLI cell is empty or names no SLI the document defines (only when the
    monitor table has an SLI column: its absence is MON005's finding)."""
    tracer = Tracer(ctx.vocab)
    if not sli_refs(ctx.doc, ctx.facts(), tracer):
        return  # no SLI at all is SLO001's finding
    for link in _links(ctx, tracer):
        if link.status not in ("unknown", "empty"):
            continue
        table = _table_of(ctx, link.monitor)
        if table is None or not map_columns(table, ctx.vocab, ("sli",)).has("sli"):
            continue
        name = link.monitor.id or link.monitor.item or link.monitor.target
        sli = link.monitor.sli.strip() or words(ctx.vocab)("empty")
        yield Hit(link.monitor.line, args={"monitor": name, "sli": sli},
                  key=f"monitor-sli:{name}")


def sli_without_monitor(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """An SLI (with its SLOs) that no monitor watches."""
    facts = ctx.facts()
    if not facts.operation.monitors:
        return  # no monitor list is MON003's finding
    tracer = Tracer(ctx.vocab)
    links = _links(ctx, tracer)
    refs = sli_refs(ctx.doc, facts, tracer)
    for ref in refs:
        if not covered(ref, links, refs, tracer):
            yield Hit(ref.line, args={"sli": ref.name}, key=f"sli-monitor:{ref.name}")

