"""Traceability SLI → SLO → monitor → alert (gate 3: 監視項目がSLI/SLOと紐付いているか).

The links are those of ``opslint.trace_links``, shared with `opslint trace`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from opslint.checks.shared.common import map_columns
from opslint.checks.shared.words import words
from opslint.document.model import Document
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.engine.registry import NoParams
from opslint.facts.reading import Reading
from opslint.facts.semantic import SemanticModel
from opslint.trace_links import MonitorLink, SliRef, Tracer, link_monitor, sli_refs
from opslint.trace_watch import covered


def _read_links(doc: Document, model: SemanticModel) -> tuple[tuple[SliRef, ...],
                                                                tuple[MonitorLink, ...]]:
    facts = model.facts(doc)
    tracer = Tracer(model.vocab)
    refs = sli_refs(doc, facts, tracer)
    return tuple(refs), tuple(link_monitor(m, refs, tracer) for m in facts.operation.monitors)


# The SLIs and every monitor's links, read once per document for MON060 and MON061.
LINKS: Reading[tuple[tuple[SliRef, ...], tuple[MonitorLink, ...]]] = Reading(
    "monitor-links", _read_links)


class _SliColumns:
    """Whether the table a line is in has an SLI column, each table's header read once."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        self.tables = list(ctx.doc.root.tables())
        self.starts = [t.line for t in self.tables]
        self.found: dict[int, bool] = {}

    def at(self, line: int) -> bool:
        # The first table holding the line (tables do not overlap; the one starting last at
        # or before the line is the only candidate).
        index = bisect.bisect_right(self.starts, line) - 1
        if index < 0 or not line <= self.tables[index].end_line:
            return False
        if index not in self.found:
            table = self.tables[index]
            self.found[index] = map_columns(table, self.ctx.vocab, ("sli",)).has("sli")
        return self.found[index]


def monitor_unlinked(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A monitor whose SLI cell is empty or names no SLI the document defines (only when the
    monitor table has an SLI column: its absence is MON005's finding)."""
    refs, links = ctx.read(LINKS)
    if not refs:
        return  # no SLI at all is SLO001's finding
    columns = _SliColumns(ctx)
    for link in links:
        if link.status not in ("unknown", "empty"):
            continue
        if not columns.at(link.monitor.line):
            continue
        name = link.monitor.id or link.monitor.item or link.monitor.target
        sli = link.monitor.sli.strip() or words(ctx.vocab)("empty")
        yield Hit(link.monitor.line, args={"monitor": name, "sli": sli},
                  key=f"monitor-sli:{name}")


def sli_without_monitor(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """An SLI (with its SLOs) that no monitor watches."""
    if not ctx.facts().operation.monitors:
        return  # no monitor list is MON003's finding
    tracer = Tracer(ctx.vocab)
    refs, links = ctx.read(LINKS)
    for ref in refs:
        if not covered(ref, links, refs, tracer):
            yield Hit(ref.line, args={"sli": ref.name}, key=f"sli-monitor:{ref.name}")
