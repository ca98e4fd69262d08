"""XDOC security: audit logs of the security design reach the operation design's logs with
at least the required retention, and release approvers are those of the approval flow."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from opslint.checks.shared.common import map_columns
from opslint.checks.shared.words import period_text, words
from opslint.checks.xdoc.audit_pairs import missing_audit_logs, pair_audit_logs
from opslint.checks.xdoc.common import location, outline_part, xlabel, xterms
from opslint.document.model import DocKind, Document, Section, Table
from opslint.document.normalize import contains_any, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.registry import NoParams
from opslint.facts.model import AuditLog, Role
from opslint.facts.people import role_named_in
from opslint.facts.placeholders import is_placeholder
from opslint.facts.text import Terms, sections_for, units

_SPLIT = re.compile(r"[、,，/／;；]|\band\b|及び|および")
_PARENS = re.compile(r"[(（][^)）]*[)）]")


def _required(ctx: CheckContext) -> tuple[Document, list[AuditLog]] | None:
    for doc in ctx.siblings(DocKind.SECURITY):
        logs = list(ctx.facts(doc).design.audit_logs)
        if logs:
            return doc, logs
    return None


def _required_and_kept(ctx: CheckContext
                        ) -> tuple[Document, list[AuditLog], list[AuditLog]] | None:
    """The security design's audit logs, and the operation design's logs with a retention."""
    required = _required(ctx)
    kept = [a for a in ctx.facts().operation.audit_logs if a.retention is not None]
    if required is None or not kept:
        return None
    return required[0], required[1], kept


def audit_log_retention_short(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """The operation design keeps audit logs shorter than the security design requires: each
    kind of log paired across the documents, else the longest retention of each."""
    both = _required_and_kept(ctx)
    if both is None:
        return
    doc, logs, kept = both
    pairs = pair_audit_logs(ctx, [a for a in logs if a.retention is not None], kept)
    found = list(_short_kinds(ctx, doc, pairs))
    if not pairs:
        found += _short_overall(ctx, doc, logs, kept)
    yield from found
    if not found:
        yield from _short_hot(ctx, doc, logs, kept)


def _short_kinds(ctx: CheckContext, doc: Document,
                 pairs: Sequence[tuple[AuditLog, list[AuditLog]]]) -> Iterator[Hit]:
    """Each kind of log the operation design keeps shorter than its pair requires."""
    for need, matched in pairs:
        best = max(matched, key=lambda a: a.retention or 0.0)
        if need.retention is not None and best.retention is not None \
                and best.retention < need.retention:
            name = need.target or best.target
            yield _short(ctx, doc, best, need, best.retention, need.retention, "total",
                         log=xlabel(ctx, "audit_log_named"), name=name)


def _short_overall(ctx: CheckContext, doc: Document, logs: Sequence[AuditLog],
                   kept: Sequence[AuditLog]) -> Iterator[Hit]:
    need = max((a for a in logs if a.retention is not None), key=lambda a: a.retention or 0,
               default=None)
    best = max(kept, key=lambda a: a.retention or 0)
    if need is None or need.retention is None or best.retention is None:
        return
    if best.retention < need.retention:
        yield _short(ctx, doc, best, need, best.retention, need.retention, "total")


def _short_hot(ctx: CheckContext, doc: Document, logs: Sequence[AuditLog],
               kept: Sequence[AuditLog]) -> Iterator[Hit]:
    hot_need = max((a.hot for a in logs if a.hot is not None), default=None)
    hot = max((a.hot for a in kept if a.hot is not None), default=None)
    if hot_need is not None and hot is not None and hot < hot_need:
        source = next(a for a in kept if a.hot == hot)
        target = next(a for a in logs if a.hot == hot_need)
        yield _short(ctx, doc, source, target, hot, hot_need, "hot")


def audit_log_missing_from_logs(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """The operation design's logs do not cover the audit logs the security design requires."""
    required = _required(ctx)
    if required is not None:
        yield from _missing(ctx, *required)


def audit_log_kind_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """An audit log the security design requires that the operation design's list of audit
    logs leaves out (neither paired nor named anywhere in the operation design)."""
    both = _required_and_kept(ctx)  # no retention kept at all: XDOC031's finding
    if both is None:
        return
    doc, logs, kept = both
    needed = [a for a in logs if a.target]
    line = min((a.line for a in kept if a.target), default=kept[0].line)
    for need in missing_audit_logs(ctx, needed, kept, "\n".join(ctx.doc.lines)):
        kept_for = (period_text(ctx.vocab, need.retention) if need.retention
                    else words(ctx.vocab)("not_stated"))
        yield Hit(line, args={"log": need.target, "required": kept_for},
                  related=(location(doc, need.line, need.text.strip()[:80]),),
                  key=f"audit-kind-missing:{normalize(need.target)}")


def _short(ctx: CheckContext, doc: Document, kept: AuditLog, need: AuditLog, value: float,
           required: float, tier: str, log: LocalText | None = None, name: str = "") -> Hit:
    what = xlabel(ctx, "audit_retention", tier)
    label = (LocalText(log.ja.format(name=name), log.en.format(name=name)) if log is not None
             else xlabel(ctx, "audit_log_all"))
    return Hit(
        kept.line,
        args={"kept": period_text(ctx.vocab, value), "required": period_text(ctx.vocab, required),
              "what": what, "log": label},
        related=(location(doc, need.line, need.text.strip()[:80]),),
        key=f"audit-retention:{tier}:{normalize(name)}",
    )


def _missing(ctx: CheckContext, doc: Document, logs: Sequence[AuditLog]) -> Iterator[Hit]:
    part = outline_part(ctx, "observability")
    if part is None:
        return  # a missing monitoring chapter is OPS001's finding
    terms = Terms(ctx.vocab)
    scope = [part, *sections_for(ctx.doc, ctx.vocab, "pillars")]
    texts = [u.norm for s in scope for u in units(s, titles=True)]
    if any(terms.has(t, "audit_log") for t in texts):
        return
    log_terms = xterms(ctx, "log_terms")
    if not any(contains_any(t, log_terms) for t in texts):
        return  # no logs at all is MON001's finding
    pillars = [s for s in scope[1:] if part.line <= s.line <= part.end_line]
    need = max(logs, key=lambda a: a.retention or 0)
    kept = (period_text(ctx.vocab, need.retention) if need.retention
            else words(ctx.vocab)("not_stated"))
    yield Hit((pillars[0] if pillars else part).line, args={"required": kept},
              related=(location(doc, need.line, need.text.strip()[:80]),), key="audit-log-pillar")


def _approval_text(ctx: CheckContext) -> tuple[Document, Section, str] | None:
    """The security design's approval-flow section and its text, spaces removed."""
    heads = xterms(ctx, "approval_section")
    for doc in ctx.siblings(DocKind.SECURITY):
        for section in doc.sections():
            if contains_any(section.norm, heads):
                return doc, section, re.sub(r"\s+", "", normalize(section.text()))
    return None


def _approver_rows(ctx: CheckContext, table: Table) -> Iterator[tuple[int, str]]:
    """(line, names cell) of the rows naming approvers: an approver column, or rows whose
    role says approver."""
    headers = [normalize(h) for h in table.header]
    column = next((i for i, h in enumerate(headers)
                   if contains_any(h, xterms(ctx, "approver_column"))), None)
    if column is not None:
        yield from ((row.line, row.get(column)) for row in table.rows)
        return
    mapped = map_columns(table, ctx.vocab, ("role", "name"))
    if not mapped.has("role", "name"):
        return
    for i, row in enumerate(table.rows):
        role = normalize(mapped.cell(i, "role"))
        if contains_any(role, xterms(ctx, "approver_role")):
            yield row.line, mapped.cell(i, "name")


def _names(cell: str) -> list[str]:
    plain = _PARENS.sub(" ", cell.replace("*", "").replace("`", ""))
    return [n.strip() for n in _SPLIT.split(plain) if n.strip()]


def _set_roles(ctx: CheckContext) -> list[Role]:
    docs = [ctx.doc, *(d for kind in DocKind if kind is not DocKind.UNKNOWN
                       for d in ctx.siblings(kind) if d is not ctx.doc)]
    return [role for doc in docs for role in ctx.facts(doc).design.roles]


def approver_outside_flow(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A release approver the security design's approval flow does not name."""
    flow = _approval_text(ctx)
    if flow is None:
        return
    doc, section, text = flow
    seen: set[str] = set()
    for table in ctx.doc.root.tables():
        for line, cell in _approver_rows(ctx, table):
            for name in _names(cell):
                if is_placeholder(name, ctx.vocab):
                    continue  # "[Name]", "TBD": a question (GATE001/002), not an approver
                compact = re.sub(r"\s+", "", normalize(name))
                for honorific in xterms(ctx, "honorifics"):
                    compact = compact.removesuffix(normalize(honorific))
                if len(compact) < 2 or compact in seen or compact in text:
                    continue
                if role_named_in(name, _set_roles(ctx), section.text(), Terms(ctx.vocab)):
                    continue  # the flow names the person's role ("運用責任者が承認する")
                seen.add(compact)
                yield Hit(line, args={"name": name, "flow": section.title},
                          related=(location(doc, section.line, section.title),),
                          key=f"approver:{compact}")
