"""Backup and DR facts: backups, RTO/RPO, restore and failover steps, audit-log retention."""

from __future__ import annotations

from collections.abc import Iterator

from opslint.document.model import Document, ListItem, Section, Table
from opslint.document.normalize import normalize
from opslint.engine.vocab import Vocab
from opslint.facts.model import AuditLog, Backup, RecoveryStep
from opslint.facts.objectives import backup_sections, objectives, objectives_in
from opslint.facts.procedures import procedure_steps
from opslint.facts.quantities import find_durations, find_percentages, parse_frequency
from opslint.facts.reading import map_columns
from opslint.facts.technology import TechIndex
from opslint.facts.text import Terms, Unit, cell_text, label_value, units

__all__ = ["audit_logs", "backups", "objectives", "objectives_in", "recovery_steps"]


def _names_data(text: str, terms: Terms, index: TechIndex) -> bool:
    return terms.has(normalize(text), "data_target") or any(
        m.category == "datastore" for m in index.mentions(text, 0))


def _is_data(target: str, context: str, terms: Terms, index: TechIndex, mode: str | None
             ) -> bool:
    """Whether a backup holds data the RPO protects (not logs, configuration or models)."""
    if terms.has(normalize(target), "not_data_target"):
        return False
    if _names_data(target, terms, index) or mode == "pitr":
        return True
    if terms.has(normalize(context), "not_data_target"):
        return False
    return _names_data(context, terms, index)


def _retention(text: str, terms: Terms, column: bool) -> float | None:
    """Retention in a retention cell (any duration) or after a retention word in prose."""
    found = find_durations(text)
    if not column:
        labels = terms.find(text, "retention_label")
        found = [d for d in found if any(0 <= d.start - e <= 8 for _, e in labels)]
    return max((d.minutes for d in found), default=None)


def _make_backup(target: str, method: str, schedule: str, retention: str, storage: str,
                 line: int, text: str, context: str, terms: Terms, index: TechIndex) -> Backup:
    frequency = parse_frequency(f"{method} {schedule}") or parse_frequency(target)
    mode = frequency.mode if frequency else None
    how = normalize(f"{target} {method}")
    interval = frequency.interval_minutes if frequency else None
    if (mode == "pitr" and not find_durations(f"{method} {schedule}")
            and terms.has(how, "pitr_any_point")):
        interval = 0.0  # no stated lag, and the store reads any past timestamp it keeps
    return Backup(
        target=target, method=method, line=line, text=text, interval=interval, mode=mode,
        retention=_retention(retention, terms, retention != schedule), storage=storage,
        is_data=_is_data(target, context, terms, index, mode),
        replica_only=terms.has(how, "replication_cue") and not terms.has(how, "backup_copy"),
    )


def _table_backups(table: Table, section: Section, vocab: Vocab, terms: Terms,
                   index: TechIndex) -> Iterator[Backup]:
    mapped = map_columns(table, vocab, ("frequency", "retention", "method", "storage", "target"))
    if not (mapped.has("frequency") or mapped.has("method")):
        return
    if map_columns(table, vocab, ("rto", "rpo")).columns:
        return  # a scenario table of targets, not a list of backups
    for i, row in enumerate(table.rows):
        target = cell_text(mapped.cell(i, "target") or row.get(0))
        yield _make_backup(target, mapped.cell(i, "method"), mapped.cell(i, "frequency"),
                           mapped.cell(i, "retention"), mapped.cell(i, "storage"), row.line,
                           " | ".join(row.cells), section.title, terms, index)


def _list_backups(section: Section, terms: Terms, index: TechIndex) -> Iterator[Backup]:
    """Backup bullets of one backup-titled section (its own blocks, not its subsections)."""
    parent = section.title
    for block in section.blocks:
        if not isinstance(block, ListItem):
            continue
        pair = label_value(Unit(block.line, block.text, normalize(block.text), section,
                                item=block))
        if block.depth == 0:
            parent = pair[0] if pair else cell_text(block.text)
        label, value = pair if pair else ("", block.text)
        norm = normalize(block.text)
        frequency = parse_frequency(block.text)
        if (frequency is None or find_percentages(block.text)
                or terms.has(normalize(label), "retention_label")):
            continue
        if not (terms.has(norm, "backup_cue") or frequency.mode in ("pitr", "replication")):
            continue
        if pair is None and frequency.mode != "periodic":
            continue  # prose about PITR ("PITR lets us restore…") is not a backup line
        target = parent if block.depth else (label or parent)
        yield _make_backup(target, label, value, value, "", block.line, block.text,
                           section.title, terms, index)


def backups(doc: Document, vocab: Vocab, index: TechIndex) -> tuple[Backup, ...]:
    """Backup rows of the backup sections' tables, else backup bullets with a frequency."""
    terms = Terms(vocab)
    rows: list[Backup] = []
    items: list[Backup] = []
    for top in backup_sections(doc, vocab):
        for section in top.walk():
            for block in section.blocks:
                if isinstance(block, Table):
                    rows += _table_backups(block, section, vocab, terms, index)
            if vocab.section_matches(section, "backup"):
                items += _list_backups(section, terms, index)
    return tuple(sorted({b.line: b for b in rows + items}.values(), key=lambda b: b.line))


def recovery_steps(doc: Document, vocab: Vocab, procedure: str) -> tuple[RecoveryStep, ...]:
    """Steps of the restore or failover procedures (outermost matching headings)."""
    terms = Terms(vocab)
    key = "restore_procedure" if procedure == "restore" else "failover_procedure"
    matching = [s for s in doc.sections() if terms.has(s.norm, key)]
    outer = [s for s in matching
             if not any(o is not s and o.line < s.line <= o.end_line for o in matching)]
    return tuple(step for s in outer for step in procedure_steps(s, vocab, terms, procedure))


def _audit_units(doc: Document, terms: Terms) -> Iterator[Unit]:
    for section in doc.sections():
        if terms.has(section.norm, "audit_log"):
            yield from (u for u in units(section) if u.section is section)
        else:
            yield from (u for u in units(section)
                        if u.section is section and terms.has(u.norm, "audit_log"))


def _audit_log(unit: Unit, vocab: Vocab, terms: Terms) -> AuditLog | None:
    value = unit.text
    if unit.table is not None and unit.row is not None:
        mapped = map_columns(unit.table, vocab, ("retention",))
        value = unit.row.get(mapped.columns.get("retention")) if mapped.has("retention") else ""
    elif not terms.has(unit.norm, "retention_label"):
        return None
    kept = find_durations(value)
    if not kept:
        return None
    hot_spans = terms.find(value, "hot_label")
    hot = [d for d in kept if any(abs(s - d.end) <= 4 or abs(d.start - e) <= 4
                                  for s, e in hot_spans)]
    total = [d for d in kept if d not in hot] or kept
    label = label_value(unit)
    return AuditLog(cell_text(label[0]) if label else "", unit.line, unit.text,
                    max(d.minutes for d in total), hot[0].minutes if hot else None)


def audit_logs(doc: Document, vocab: Vocab) -> tuple[AuditLog, ...]:
    """Audit-log sources with their retention (total and immediately searchable)."""
    terms = Terms(vocab)
    found = [log for u in _audit_units(doc, terms) if (log := _audit_log(u, vocab, terms))]
    return tuple(sorted({a.line: a for a in found}.values(), key=lambda a: a.line))
