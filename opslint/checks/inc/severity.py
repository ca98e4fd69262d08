"""Incident severities (障害レベル定義): levels Sev-1 to Sev-4 exist and each has criteria."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from opslint.checks.shared.severity import (
    Level,
    SeverityVocab,
    incident_vocab,
    severity_levels,
    severity_scope,
)
from opslint.checks.shared.units import primary_line, scope_sections
from opslint.checks.shared.words import listed
from opslint.document.model import DocKind, Document, ListItem, Section, Table
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText, Text
from opslint.engine.registry import NoParams
from opslint.facts.semantic import Reading, SemanticModel
from opslint.facts.severity_scales import scale_of, severity_scales
from opslint.facts.table_roles import read_tables

_WORDLESS = re.compile(r"[\W_]+")


def _incident_scope(ctx: CheckContext, sv: SeverityVocab, doc: Document | None = None
                    ) -> list[Section]:
    """The severity chapters, without those inside the monitoring chapter: "Severities and
    routing" under Observability defines alert levels, not incident severities."""
    doc = doc or ctx.doc
    alerting = scope_sections(ctx.vocab, doc, sv.not_sections)
    return [s for s in severity_scope(ctx.vocab, doc, sv)
            if not any(o.line < s.line <= o.end_line for o in alerting)]


# Sections that use levels rather than define them ("Sev-1 の宣言時：CTO に連絡").
_USES = ("escalation", "response_flow", "status_page", "postmortem")


def _read_defined_levels(doc: Document, model: SemanticModel) -> tuple[Level, ...]:
    """The severity levels the document defines: a label met only in escalation rules, the
    response flow, status updates or postmortems names a level, it does not define one."""
    ctx = CheckContext(doc, model)
    sv = incident_vocab(ctx).severity
    scope = _incident_scope(ctx, sv, doc)
    uses = [u for u in scope_sections(ctx.vocab, doc, _USES)
            if not any(s.line <= u.line <= s.end_line for s in scope)]
    return tuple(lv for lv in severity_levels(doc, ctx.vocab, sv)
                 if not any(u.line <= lv.line <= u.end_line for u in uses))


# Four incident rules ask for the defined levels of the same document: read once.
DEFINED_LEVELS: Reading[tuple[Level, ...]] = Reading("incident-defined-levels",
                                                     _read_defined_levels)


def _defined_levels(ctx: CheckContext, sv: SeverityVocab, doc: Document | None = None
                    ) -> list[Level]:
    """The severity levels a document defines (``sv`` is the vocabulary's severity section,
    the one the shared reading uses)."""
    levels: tuple[Level, ...] = ctx.read(DEFINED_LEVELS, doc=doc or ctx.doc)
    return list(levels)


def _anchor(ctx: CheckContext, sv: SeverityVocab) -> int | None:
    scope = _incident_scope(ctx, sv) or scope_sections(ctx.vocab, ctx.doc, ["incident"])
    return primary_line(scope) if scope else None


# Each table's role as the one table reader classifies it (rules/vocab/tables.yaml), by line.
TABLE_ROLES = Reading("incident-table-roles", lambda doc, model: {
    t.source.line: t.role for t in read_tables(doc, model.vocab)})
_SEVERITY_ROLE = "incident_severity"


def _listed(ctx: CheckContext, sections: Sequence[Section]) -> bool:
    """A severity chapter holding a severity table or a list: levels defined in a form not
    parsed. A table the reader gives another role (escalation steps, contacts, a monitor
    list) defines no level; an unclassified one may, in a shape of its own."""
    roles: dict[int, str | None] = ctx.read(TABLE_ROLES)
    for section in sections:
        blocks = list(section.all_blocks())
        rows = sum(len(b.rows) for b in blocks
                   if isinstance(b, Table) and roles.get(b.line) in (_SEVERITY_ROLE, None))
        if rows >= 2 or sum(isinstance(b, ListItem) for b in blocks) >= 2:
            return True
    return False


def levels_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """No severity level is defined anywhere, though the document has an incident chapter."""
    sv = incident_vocab(ctx).severity
    if _defined_levels(ctx, sv):
        return
    if _listed(ctx, _incident_scope(ctx, sv)):
        return
    line = _anchor(ctx, sv)
    if line is not None:
        yield Hit(line)


def level_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """Numbered levels exist but one of the spec's four (Sev-1 to Sev-4) is not defined."""
    sv = incident_vocab(ctx).severity
    levels = _defined_levels(ctx, sv)
    numbered = [lv for lv in levels if lv.prefix is not None]
    if not numbered:
        return  # word-only scales (High/Medium/Low) have no "fourth level" to name
    shift = 1 if any(lv.rank == 0 for lv in numbered) else 0
    ranks = {lv.rank + shift for lv in numbered}
    prefix = numbered[0].prefix or "Sev-"
    line = _anchor(ctx, sv) or numbered[0].line
    for rank in range(1, 5):
        if rank not in ranks:
            meaning = sv.spec_levels.get(rank)
            args: dict[str, Text] = {"level": f"{prefix}{rank - shift}"}
            if meaning is not None:
                args["meaning"] = LocalText(meaning.ja, meaning.en)
            yield Hit(line, args=args, key=f"severity:{rank}")


def criteria_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A defined severity level says nothing about when it applies."""
    sv = incident_vocab(ctx).severity
    for level in _defined_levels(ctx, sv):
        if not _WORDLESS.sub("", level.criteria):
            yield Hit(level.line, args={"level": level.name}, key=f"severity-criteria:{level.rank}")


SEVERITY_SCALES = Reading("severity-scales",
                          lambda doc, model: severity_scales(doc, model.vocab))


def _linked(scale: str, defined: set[str], mapped: frozenset[frozenset[str]]) -> bool:
    """Whether a chain of stated mappings leads from a scale to a defined one."""
    reached, frontier = {scale}, [scale]
    while frontier:
        current = frontier.pop()
        for pair in mapped:
            if current in pair:
                for other in pair - reached:
                    reached.add(other)
                    frontier.append(other)
    return bool(reached & defined)


def scales_unmapped(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """Incident severities named on a scale other than the defined one (P1 where Sev-1 to
    Sev-4 are defined) with no stated mapping between the two; once per scale. A release
    procedure is held to the levels of its operation design."""
    sv = incident_vocab(ctx).severity
    defining = (ctx.siblings(DocKind.OPERATION) if ctx.doc.kind is DocKind.RELEASE
                else [ctx.doc])
    levels = [lv for doc in defining[:1] for lv in _defined_levels(ctx, sv, doc)]
    defined = {scale for lv in levels if (scale := scale_of(lv.name, ctx.vocab))}
    if not defined:
        return  # no numbered definition: INC001 and INC002 speak about the levels
    scales = ctx.read(SEVERITY_SCALES)
    mapped = scales.mapped.union(*(ctx.read(SEVERITY_SCALES, doc=d).mapped
                                   for d in defining[:1] if d is not ctx.doc))
    names = [lv.name for lv in levels if scale_of(lv.name, ctx.vocab) in defined]
    reported: set[str] = set()
    for use in scales.used:
        if use.scale in defined or use.scale in reported:
            continue
        if _linked(use.scale, defined, mapped):
            continue
        reported.add(use.scale)
        yield Hit(use.line, args={"label": use.label, "defined": listed(ctx.vocab, names)},
                  key=f"severity-scale:{use.scale}")
