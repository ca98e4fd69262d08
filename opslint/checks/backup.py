"""Backup and DR: backup frequency and retention, restore steps, numeric RTO and RPO."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from pydantic import BaseModel, ConfigDict, ValidationError

from opslint.checks.common import ColumnMap, find_tables
from opslint.checks.units import (
    Unit,
    has_term,
    join_labels,
    primary_line,
    scope_sections,
    section_units,
)
from opslint.document.model import CodeBlock, Document, ListItem, Paragraph, Section, Table
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.registry import NoParams, check_kind
from opslint.engine.schema import Localized
from opslint.engine.vocab import DataError, Vocab
from opslint.facts.quantities import find_durations, parse_frequency

__all__ = ["BackupVocab", "backup_sections", "backup_tables", "backup_vocab"]

_COLUMNS = ["target", "method", "frequency", "retention", "storage"]


class Objective(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    label: Localized
    terms: list[str]


class BackupVocab(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    objectives: dict[str, Objective]
    zero_patterns: list[str]
    joiners: list[str]
    restore_terms: list[str]
    frequency_terms: list[str]
    retention_terms: list[str]
    retention_patterns: list[str]


def backup_vocab(ctx: CheckContext) -> BackupVocab:
    cached = ctx.cache.get(("backup", "vocab"))
    if cached is None:
        try:
            cached = BackupVocab.model_validate(ctx.vocab.terms.get("backup", {}))
        except ValidationError as error:
            raise DataError(f"rules/vocab/backup.yaml: {error}") from None
        ctx.cache[("backup", "vocab")] = cached
    vocab: BackupVocab = cached
    return vocab


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


_SCHEDULE = {
    "frequency": LocalText("頻度", "frequency"),
    "retention": LocalText("保持期間", "retention"),
}


@check_kind("backup-schedule-incomplete")
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
    yield Hit(line, args={"attribute": join_labels([_SCHEDULE[k] for k in missing])},
              key=f"backup-schedule:{'+'.join(missing)}")


def _steps(blocks: Sequence[object], after: int) -> bool:
    """Whether blocks after a line spell out steps: a list, a code block, a table, a chain."""
    later = [b for b in blocks if getattr(b, "line", 0) > after]
    items = sum(isinstance(b, ListItem) for b in later)
    rows = sum(len(b.rows) for b in later if isinstance(b, Table))
    code = any(isinstance(b, CodeBlock) for b in later)
    chain = any(isinstance(b, Paragraph) and b.text.count("→") >= 2 for b in later)
    return items >= 2 or rows >= 2 or code or chain


def _restore_described(doc: Document, section: Section, bv: BackupVocab) -> bool:
    for sub in section.walk():
        if has_term(sub.norm, bv.restore_terms) and _steps(list(sub.all_blocks()), sub.line - 1):
            return True
        for unit in section_units(doc, sub):
            if unit.section is not sub or not has_term(unit.norm, bv.restore_terms):
                continue
            raw = doc.lines[unit.line - 1] if unit.line <= len(doc.lines) else ""
            if _steps(list(sub.blocks), unit.line) or "](" in raw or ".md" in raw.lower():
                return True
    return False


@check_kind("restore-procedure-missing")
def restore_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """Backup and DR name no restore steps (a list, script, table or linked runbook)."""
    bv = backup_vocab(ctx)
    sections = scope_sections(ctx.vocab, ctx.doc, ["backup_dr", "backup", "dr"])
    if not sections:
        return
    restore_headings = [s for s in ctx.doc.sections() if has_term(s.norm, bv.restore_terms)]
    if any(_restore_described(ctx.doc, s, bv) for s in [*sections, *restore_headings]):
        return
    yield Hit(primary_line(sections))
