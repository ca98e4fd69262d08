"""Postmortems: a template exists (inline with its parts, or linked) and is complete."""

from __future__ import annotations

import re
from collections.abc import Iterator

from opslint.checks.shared.severity import IncidentVocab, incident_vocab
from opslint.checks.shared.units import (
    doc_units,
    find_part,
    load_parts,
    named_part,
    primary_line,
    scope_sections,
    section_units,
    units_naming,
)
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.engine.registry import NoParams

_POSTMORTEM_KEYS = ["postmortem", "postmortems"]


def _postmortem_terms(ctx: CheckContext, vocab: IncidentVocab) -> tuple[str, ...]:
    step = next((s for s in vocab.flow if s.key == "postmortem"), None)
    return (*ctx.vocab.synonyms("postmortem"), *(step.terms if step else ()))


def _linked_template(ctx: CheckContext, vocab: IncidentVocab) -> bool:
    """A line names the postmortem, a template and a link or file: the template lives elsewhere."""
    terms = _postmortem_terms(ctx, vocab)
    # Most units name neither: their source lines are not normalised for nothing.
    for unit in units_naming(units_naming(doc_units(ctx), terms), vocab.template_terms):
        raw = normalize(ctx.doc.lines[unit.line - 1]) if unit.line <= len(ctx.doc.lines) else ""
        if any(re.search(p, raw) for p in vocab.link_patterns):
            return True
    return False


def _template_parts(ctx: CheckContext) -> tuple[list[str], list[str], int | None]:
    """Postmortem template parts found and missing, and the postmortem chapter's line."""
    parts = load_parts(ctx, "incident", "postmortem_parts")
    sections = scope_sections(ctx.vocab, ctx.doc, _POSTMORTEM_KEYS)
    # A tuple: its texts are joined once for all the parts (``part_units``), not per part.
    units = tuple(u for s in sections for u in section_units(ctx.doc, s, code="all"))
    found = [k for k, p in parts.items() if find_part(units, p) is not None]
    missing = [k for k in parts if k not in found]
    return found, missing, primary_line(sections) if sections else None


def template_missing(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """No postmortem template: neither a postmortem chapter with its parts nor a linked one."""
    vocab = incident_vocab(ctx)
    found, _, line = _template_parts(ctx)
    if len(found) >= 2 or _linked_template(ctx, vocab):
        return
    if line is None:
        incident = scope_sections(ctx.vocab, ctx.doc, ["incident"])
        line = primary_line(incident) if incident else None
    if line is not None:
        yield Hit(line)


def template_incomplete(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """A postmortem template exists but lacks one of its parts (summary, impact, timeline…)."""
    found, missing, line = _template_parts(ctx)
    if len(found) < 2 or line is None:
        return
    parts = load_parts(ctx, "incident", "postmortem_parts")
    for key in missing:
        yield Hit(line, args={"part": parts[key].text()}, key=f"postmortem:{key}")


def past_incidents_unreviewed(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """Past incidents are mentioned nowhere in the document: not in the incident chapter, not
    in another chapter (a monitoring review of last year's incidents). A design document that
    tells the history (a new service stating it has none) answers it too: the rule declares
    ``answered_by_context`` (``facts/context.py``)."""
    incident = scope_sections(ctx.vocab, ctx.doc, ["incident"])
    if not incident:
        return
    part = named_part(ctx, "incident", "past_incidents")
    if find_part(doc_units(ctx), part) is not None:
        return
    yield Hit(primary_line(incident), args={"part": part.text()}, key="incident:past_incidents")
