"""Incident response: the flow's steps and their order, the postmortem template, escalation."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence

from opslint.checks.incident import FlowStep, IncidentVocab, incident_vocab
from opslint.checks.units import (
    Unit,
    doc_units,
    find_part,
    has_term,
    join_labels,
    load_parts,
    primary_line,
    scope_sections,
    section_units,
)
from opslint.document.model import Document, Table
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.registry import NoParams, check_kind

__all__ = ["flow_events"]

# An item's label: the text before its colon, or its first characters ("1. **検知**: …").
_LABEL = re.compile(r"^\s*([^:：]{1,30}?)\s*[:：]")
_LABEL_CHARS = 24


@functools.lru_cache(maxsize=2048)
def _term_pattern(term: str) -> re.Pattern[str]:
    needle = normalize(term)
    if needle.isascii() and needle[:1].isalnum():
        body = re.escape(needle).replace(r"\ ", r"[\s_-]*")
        return re.compile(rf"(?<![a-z0-9]){body}(?![a-z0-9])")
    return re.compile(re.escape(needle))


def _steps_in(norm: str, steps: Sequence[FlowStep]) -> list[int]:
    """Indexes of the steps a normalised text names, in the order they appear in it."""
    found: list[tuple[int, int]] = []
    for index, step in enumerate(steps):
        starts = [m.start() for t in step.terms if (m := _term_pattern(t).search(norm))]
        if starts:
            found.append((min(starts), index))
    return [index for _, index in sorted(found)]


def _flow_scope(ctx: CheckContext) -> tuple[list[list[Unit]], int, bool] | None:
    """Units of each response-flow section (or, failing them, of each incident section)."""
    for keys, dedicated in ((["response_flow"], True), (["incident"], False)):
        sections = scope_sections(ctx.vocab, ctx.doc, keys)
        if sections:
            groups = [list(section_units(ctx.doc, s, code="comments")) for s in sections]
            return groups, primary_line(sections), dedicated
    return None


def _label(unit: Unit) -> str:
    if unit.kind == "row":
        return unit.text.split(" | ")[0]
    if unit.kind == "title":
        return unit.text
    match = _LABEL.match(unit.text)
    return match.group(1) if match else unit.text[:_LABEL_CHARS]


def flow_events(units: Sequence[Unit], vocab: IncidentVocab, *, titles: bool
                ) -> list[tuple[int, int]]:
    """(step index, line) in document order: arrow chains, then labels of items and rows."""
    arrows = "|".join(re.escape(a) for a in sorted(vocab.flow_arrows, key=len, reverse=True))
    events: list[tuple[int, int]] = []
    for unit in units:
        segments = re.split(arrows, unit.text)
        if len(segments) >= 3:
            for segment in segments:
                steps = _steps_in(normalize(segment), vocab.flow)
                events.extend((step, unit.line) for step in steps[:1])
            continue
        if unit.kind in ("item", "row", "code") or (titles and unit.kind == "title"):
            steps = _steps_in(normalize(_label(unit)), vocab.flow)
            events.extend((step, unit.line) for step in steps)
    return events


@check_kind("response-flow-step-missing")
def step_missing(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """A step of detect → triage → mitigate → fix → postmortem is not named in the flow."""
    vocab = incident_vocab(ctx)
    scoped = _flow_scope(ctx)
    if scoped is None:
        return
    groups, line, _ = scoped
    units = [u for group in groups for u in group]
    missing = [s for s in vocab.flow if not any(has_term(u.norm, s.terms) for u in units)]
    labels = [LocalText(s.label.ja, s.label.en) for s in missing]
    if len(missing) == len(vocab.flow):
        yield Hit(line, args={"step": join_labels(labels)}, key="flow:all")
        return
    for step, label in zip(missing, labels, strict=True):
        yield Hit(line, args={"step": label}, key=f"flow:{step.key}")


@check_kind("response-flow-out-of-order")
def out_of_order(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """A step's first mention comes before a step the spec puts ahead of it."""
    vocab = incident_vocab(ctx)
    scoped = _flow_scope(ctx)
    if scoped is None:
        return
    groups, _, dedicated = scoped
    for units in groups:
        yield from _inversions(flow_events(units, vocab, titles=dedicated), vocab)


def _inversions(events: Sequence[tuple[int, int]], vocab: IncidentVocab) -> Iterator[Hit]:
    """Each step whose first mention follows a step the spec puts after it."""
    seen: set[int] = set()
    latest = -1
    for step, line in events:
        if step in seen:
            continue
        seen.add(step)
        if step < latest:
            label, after = vocab.flow[step].label, vocab.flow[latest].label
            yield Hit(line, args={"step": LocalText(label.ja, label.en),
                                  "after": LocalText(after.ja, after.en)},
                      key=f"flow-order:{vocab.flow[step].key}")
        latest = max(latest, step)


def _postmortem_terms(ctx: CheckContext, vocab: IncidentVocab) -> tuple[str, ...]:
    step = next((s for s in vocab.flow if s.key == "postmortem"), None)
    return (*ctx.vocab.synonyms("postmortem"), *(step.terms if step else ()))


def _linked_template(ctx: CheckContext, vocab: IncidentVocab) -> bool:
    """A line names the postmortem, a template and a link or file: the template lives elsewhere."""
    terms = _postmortem_terms(ctx, vocab)
    for unit in doc_units(ctx.doc):
        raw = normalize(ctx.doc.lines[unit.line - 1]) if unit.line <= len(ctx.doc.lines) else ""
        if (has_term(unit.norm, terms) and has_term(unit.norm, vocab.template_terms)
                and any(re.search(p, raw) for p in vocab.link_patterns)):
            return True
    return False


def _template_parts(ctx: CheckContext) -> tuple[list[str], list[str], int | None]:
    """Postmortem template parts found and missing, and the postmortem chapter's line."""
    parts = load_parts(ctx, "incident", "postmortem_parts")
    sections = scope_sections(ctx.vocab, ctx.doc, ["postmortem"])
    units = [u for s in sections for u in section_units(ctx.doc, s, code="all")]
    found = [k for k, p in parts.items() if find_part(units, p) is not None]
    missing = [k for k in parts if k not in found]
    return found, missing, primary_line(sections) if sections else None


@check_kind("postmortem-template-missing")
def template_missing(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """No postmortem template: neither a postmortem chapter with its parts nor a linked one."""
    vocab = incident_vocab(ctx)
    found, _, line = _template_parts(ctx)
    if len(found) >= 2 or _linked_template(ctx, vocab):
        return
    if line is None:
        terms = _postmortem_terms(ctx, vocab)
        mention = next((u for u in doc_units(ctx.doc) if has_term(u.norm, terms)), None)
        incident = scope_sections(ctx.vocab, ctx.doc, ["incident"])
        line = mention.line if mention else (primary_line(incident) if incident else None)
    if line is not None:
        yield Hit(line)


@check_kind("postmortem-template-incomplete")
def template_incomplete(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """A postmortem template exists but lacks one of its parts (summary, impact, timeline…)."""
    found, missing, line = _template_parts(ctx)
    if len(found) < 2 or line is None:
        return
    parts = load_parts(ctx, "incident", "postmortem_parts")
    for key in missing:
        yield Hit(line, args={"part": parts[key].text()}, key=f"postmortem:{key}")


def _conditional(unit: Unit, vocab: IncidentVocab) -> bool:
    """A statement that says when: a condition word ("30分以上", "if") or a severity level."""
    if has_term(unit.norm, vocab.condition_terms):
        return True
    return any(re.search(p.lstrip("^"), unit.norm) for p in vocab.severity.strong)


def _matrix(doc: Document, vocab: IncidentVocab) -> bool:
    """A table whose header names escalation and whose rows say when (by level or condition)."""
    for section in doc.sections():
        for table in (b for b in section.blocks if isinstance(b, Table)):
            if not has_term(normalize(" ".join(table.header)), vocab.escalation_terms):
                continue
            for row in table.rows:
                text = " | ".join(row.cells)
                unit = Unit(row.line, text, normalize(text), "row", section)
                if _conditional(unit, vocab):
                    return True
    return False


@check_kind("escalation-conditions-missing")
def conditions_missing(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """Nothing says when an incident is escalated (after how long, at which level)."""
    vocab = incident_vocab(ctx)
    escalation = scope_sections(ctx.vocab, ctx.doc, ["escalation"])
    incident = scope_sections(ctx.vocab, ctx.doc, ["incident"])
    if not escalation and not incident:
        return
    scoped = [u for s in escalation for u in section_units(ctx.doc, s) if u.kind != "title"]
    if any(_conditional(u, vocab) for u in scoped) or _matrix(ctx.doc, vocab):
        return
    if any(has_term(u.norm, vocab.escalation_terms) and _conditional(u, vocab)
           for u in doc_units(ctx.doc)):
        return
    yield Hit(primary_line(escalation or incident))


_EXECUTIVE_SCOPE = ["incident", "escalation", "severity", "severity_levels", "team", "contacts"]


@check_kind("executive-escalation-missing")
def executive_missing(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """No escalation or contact of the incident chapters reaches executives (経営層, CTO…)."""
    vocab = incident_vocab(ctx)
    escalation = scope_sections(ctx.vocab, ctx.doc, ["escalation"])
    incident = scope_sections(ctx.vocab, ctx.doc, ["incident"])
    if not escalation and not incident:
        return
    keys = [k for k in _EXECUTIVE_SCOPE if k in ctx.vocab.sections]
    sections = scope_sections(ctx.vocab, ctx.doc, keys)
    if any(has_term(u.norm, vocab.executive_terms)
           for s in sections for u in section_units(ctx.doc, s)):
        return
    yield Hit(primary_line(escalation or incident))
