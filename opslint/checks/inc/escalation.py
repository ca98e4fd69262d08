"""Escalation: conditions say when and to whom; executives are reached for the worst."""

from __future__ import annotations

import re
from collections.abc import Iterator

from opslint.checks.shared.severity import IncidentVocab, incident_vocab
from opslint.checks.shared.units import (
    Unit,
    doc_units,
    has_term,
    primary_line,
    scope_sections,
    section_units,
    units_naming,
)
from opslint.document.model import Section
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.engine.registry import NoParams
from opslint.facts.table_roles import read_tables
from opslint.facts.units import LAZY


def _conditional(unit: Unit, vocab: IncidentVocab) -> bool:
    """A statement that says when: a condition word ("30分以上", "if") or a severity level."""
    if has_term(unit.norm, vocab.condition_terms):
        return True
    return any(re.search(p.lstrip("^"), unit.norm) for p in vocab.severity.strong)


def _matrix(ctx: CheckContext, vocab: IncidentVocab) -> bool:
    """An escalation table (its role, or another table whose header names escalation, such
    as alert routing with an escalation column) whose rows say when (by level or condition)."""
    for read in read_tables(ctx.doc, ctx.vocab):
        table = read.source
        if read.role != "escalation" and not has_term(normalize(" ".join(table.header)),
                                                      vocab.escalation_terms):
            continue
        for row in table.rows:
            text = " | ".join(row.cells)
            unit = Unit(row.line, text, LAZY, read.section, table, row)
            if _conditional(unit, vocab):
                return True
    return False


def _scope(ctx: CheckContext) -> tuple[list[Section], list[Section]] | None:
    """The escalation and incident chapters; None when the document has neither."""
    escalation = scope_sections(ctx.vocab, ctx.doc, ["escalation"])
    incident = scope_sections(ctx.vocab, ctx.doc, ["incident"])
    return (escalation, incident) if escalation or incident else None


def conditions_missing(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """Nothing says when an incident is escalated (after how long, at which level)."""
    vocab = incident_vocab(ctx)
    scope = _scope(ctx)
    if scope is None:
        return
    escalation, incident = scope
    scoped = [u for s in escalation for u in section_units(ctx.doc, s) if u.kind != "title"]
    if any(_conditional(u, vocab) for u in scoped) or _matrix(ctx, vocab):
        return
    if any(_conditional(u, vocab) for u in units_naming(doc_units(ctx), vocab.escalation_terms)):
        return
    yield Hit(primary_line(escalation or incident))


_EXECUTIVE_SCOPE = ["incident", "escalation", "severity", "severity_levels", "team", "contacts"]


def executive_missing(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """No escalation or contact of the incident chapters reaches executives (経営層, CTO…)."""
    vocab = incident_vocab(ctx)
    scope = _scope(ctx)
    if scope is None:
        return
    escalation, incident = scope
    keys = [k for k in _EXECUTIVE_SCOPE if k in ctx.vocab.sections]
    sections = scope_sections(ctx.vocab, ctx.doc, keys)
    if next(units_naming((u for s in sections for u in section_units(ctx.doc, s)),
                         vocab.executive_terms), None) is not None:
        return
    yield Hit(primary_line(escalation or incident))
