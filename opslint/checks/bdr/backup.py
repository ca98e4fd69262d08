"""Backup and DR: backup frequency and retention, restore and failover procedures."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from opslint.checks.bdr.params import ProcedureParams
from opslint.checks.bdr.vocab_models import BackupVocab, Procedure
from opslint.checks.shared.common import ColumnMap, find_tables, typed_vocab
from opslint.checks.shared.units import (
    Unit,
    has_term,
    primary_line,
    scope_sections,
    section_units,
)
from opslint.checks.shared.words import join_labels
from opslint.document.model import CodeBlock, Document, ListItem, Paragraph, Section, Table
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.registry import NoParams
from opslint.engine.vocab import DataError, Vocab
from opslint.facts.quantities import find_durations, parse_frequency

__all__ = ["BackupVocab", "backup_sections", "backup_tables", "backup_vocab"]

_COLUMNS = ["target", "method", "frequency", "retention", "storage"]


def backup_vocab(ctx: CheckContext) -> BackupVocab:
    return typed_vocab(ctx, "backup", BackupVocab)


def backup_sections(vocab: Vocab, doc: Document) -> list[Section]:
    """The backup chapter(s), else the combined backup-and-DR chapter."""
    return scope_sections(vocab, doc, ["backup"]) or scope_sections(vocab, doc, ["backup_dr"])


def backup_tables(doc: Document, vocab: Vocab, sections: Sequence[Section]) -> list[ColumnMap]:
    """Tables of the backup chapter with a target column: one backup per row."""
    return find_tables(sections, vocab, _COLUMNS, ["target"])


def _has_frequency(text: str) -> bool:
    return parse_frequency(text) is not None


def _has_retention(unit_norm: str, text: str, bv: BackupVocab) -> bool:
    if not has_term(unit_norm, bv.retention_terms):
        return False
    return bool(find_durations(text)) or any(re.search(p, unit_norm) for p in bv.retention_patterns)


def _table_has(table: ColumnMap, column: str, bv: BackupVocab) -> bool:
    if column in table.columns:
        return True
    rows = [" | ".join(r.cells) for r in table.table.rows]
    if column == "frequency":
        return bool(rows) and all(_has_frequency(r) for r in rows)
    return bool(rows) and all(_has_retention(normalize(r), r, bv) for r in rows)


def _prose_has(units: Sequence[Unit], column: str, bv: BackupVocab) -> bool:
    if column == "frequency":
        return any(_has_frequency(u.text) for u in units)
    return any(_has_retention(u.norm, u.text, bv) for u in units)


_SCHEDULE = ("frequency", "retention")


def schedule_incomplete(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """The backup chapter states no frequency or no retention (by table column or in prose)."""
    bv = backup_vocab(ctx)
    sections = backup_sections(ctx.vocab, ctx.doc)
    if not sections:
        return
    tables = backup_tables(ctx.doc, ctx.vocab, sections)
    rows = {r.line for t in tables for r in t.table.rows}
    prose = [u for s in sections for u in section_units(ctx.doc, s) if u.line not in rows]
    missing = [
        key for key in _SCHEDULE
        if not any(_table_has(t, key, bv) for t in tables) and not _prose_has(prose, key, bv)
    ]
    if not missing:
        return
    line = tables[0].table.line if tables else primary_line(sections)
    labels = [LocalText(bv.schedule_labels[k].ja, bv.schedule_labels[k].en) for k in missing]
    yield Hit(line, args={"attribute": join_labels(ctx.vocab, labels)},
              key=f"backup-schedule:{'+'.join(missing)}")


def _steps(blocks: Sequence[object], after: int) -> bool:
    """Whether blocks after a line spell out steps: a list, a code block, a table, a chain."""
    later = [b for b in blocks if getattr(b, "line", 0) > after]
    items = sum(isinstance(b, ListItem) for b in later)
    rows = sum(len(b.rows) for b in later if isinstance(b, Table))
    code = any(isinstance(b, CodeBlock) for b in later)
    chain = any(isinstance(b, Paragraph) and b.text.count("→") >= 2 for b in later)
    return items >= 2 or rows >= 2 or code or chain


def _following(blocks: Sequence[object], statement: Paragraph | ListItem) -> list[object]:
    """What elaborates a statement: an item's deeper items, or a paragraph's next blocks up
    to the next paragraph."""
    after = [b for b in blocks if getattr(b, "line", 0) > statement.line]
    out: list[object] = []
    for block in after:
        if isinstance(statement, ListItem):
            if not isinstance(block, ListItem) or block.depth <= statement.depth:
                break
        elif isinstance(block, Paragraph):
            break
        out.append(block)
    return out


def _described(doc: Document, section: Section, procedure: Procedure) -> bool:
    """A heading or statement naming the procedure, followed by steps, a runbook link, or
    saying the procedure is automatic (a managed failover has no manual steps)."""
    for sub in section.walk():
        if has_term(sub.norm, procedure.terms) and _steps(list(sub.all_blocks()), sub.line - 1):
            return True
        for block in sub.blocks:
            if isinstance(block, Table) and _procedure_column(block, procedure):
                return True
            if not isinstance(block, Paragraph | ListItem):
                continue
            norm = normalize(block.text)
            if not has_term(norm, procedure.terms):
                continue
            raw = doc.lines[block.line - 1] if block.line <= len(doc.lines) else ""
            if (_steps(_following(sub.blocks, block), block.line)
                    or has_term(norm, procedure.automatic) or "](" in raw or ".md" in raw.lower()):
                return True
    return False


# A cell that says something: more than a dash, "TBD" or a bare yes.
_SUBSTANTIAL = 6


def _says_how(cell: str) -> bool:
    """More than a time ("40 minutes" in a "Restore time" column is no procedure)."""
    for duration in reversed(find_durations(cell)):
        cell = cell[: duration.start] + cell[duration.end :]
    return len(re.sub(r"[\W_]", "", cell)) >= _SUBSTANTIAL


def _procedure_column(table: Table, procedure: Procedure) -> bool:
    """A table column named for the procedure ("Restore procedure", "リストア手順と所要時間")
    whose cells, in most rows, say how (a runbook and its steps) per row."""
    columns = [i for i, h in enumerate(table.header) if has_term(normalize(h), procedure.terms)]
    for column in columns:
        filled = [r for r in table.rows if _says_how(r.get(column))]
        if table.rows and 2 * len(filled) >= len(table.rows):
            return True
    return False


def procedure_missing(ctx: CheckContext, params: ProcedureParams) -> Iterator[Hit]:
    """A recovery procedure (restore, failover) is named nowhere with steps or a runbook."""
    procedure = backup_vocab(ctx).procedures.get(params.procedure)
    if procedure is None:
        raise DataError(f"rules/vocab/backup.yaml: key 'procedures' has no {params.procedure!r}")
    sections = scope_sections(ctx.vocab, ctx.doc, params.scope, params.exclude) or (
        scope_sections(ctx.vocab, ctx.doc, params.fallback))
    if not sections:
        return
    named = [s for s in ctx.doc.sections() if has_term(s.norm, procedure.terms)]
    if any(_described(ctx.doc, s, procedure) for s in [*sections, *named]):
        return
    yield Hit(primary_line(sections))
