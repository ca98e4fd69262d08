"""Backup and DR facts: backups, RTO/RPO, restore and failover steps, audit-log retention."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from opslint.document.model import Document, ListItem, Section, Table
from opslint.document.normalize import normalize
from opslint.engine.vocab import Vocab
from opslint.facts.model import AuditLog, Backup, RecoveryObjective, RecoveryStep
from opslint.facts.procedures import procedure_steps
from opslint.facts.quantities import Duration, find_durations, find_percentages, parse_frequency
from opslint.facts.reading import map_columns
from opslint.facts.technology import TechIndex
from opslint.facts.text import Terms, Unit, cell_text, label_value, sections_for, units

__all__ = ["audit_logs", "backups", "objectives", "objectives_in", "recovery_steps"]

_SHARED = re.compile(r"^[\s/／・、,&と及び()（）]*$")
# What may stand between "RTO" and its value: "RTO: 1時間", "RTO <= 4h", "RTO（DB）は 2時間",
# "RTO 目標 4時間"; anything wordier ("RPO は Global Database のラグ 1秒") is not the value.
_GAP = re.compile(
    r"^(?:[\s:：=＝<>≦≤≧≥~〜|｜()（）\-–—]|は|目標値?|約|最大|[（(][^）)]{0,20}[）)])*$"
)
_BRACKETS = re.compile(r"[()（）\[\]【】]")


def _backup_sections(doc: Document, vocab: Vocab) -> list[Section]:
    found: dict[int, Section] = {}
    for key in ("backup_dr", "backup"):
        for section in sections_for(doc, vocab, key):
            found.setdefault(section.line, section)
    return [found[k] for k in sorted(found)]


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
    return Backup(
        target=target, method=method, line=line, text=text,
        interval=frequency.interval_minutes if frequency else None, mode=mode,
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
    for top in _backup_sections(doc, vocab):
        for section in top.walk():
            for block in section.blocks:
                if isinstance(block, Table):
                    rows += _table_backups(block, section, vocab, terms, index)
            if vocab.section_matches(section, "backup"):
                items += _list_backups(section, terms, index)
    return tuple(sorted({b.line: b for b in rows + items}.values(), key=lambda b: b.line))


def _first_after(durations: Sequence[Duration], position: int) -> Duration | None:
    return next((d for d in durations if d.start >= position), None)


def objectives_in(text: str, terms: Terms, keys: Sequence[str] = ("rto", "rpo")
                  ) -> Iterator[tuple[str, Duration]]:
    """(RTO|RPO, value) pairs of a text: "RTO <= 4h / RPO <= 15m", "RPO/RTO 24h"."""
    spans = sorted((s, e, key.upper()) for key in keys for s, e in terms.find(text, key))
    durations = find_durations(text)
    for i, (_, end, kind) in enumerate(spans):
        value = _first_after(durations, end)
        later = [s for s, _, _ in spans[i + 1 :] if s >= end]
        if value is None:
            continue
        if later and later[0] < value.start:
            if not _SHARED.match(text[end : later[0]]):
                continue
            gap = text[max(e for s, e, _ in spans if s < value.start) : value.start]
        else:
            gap = text[end : value.start]
        if len(gap) <= 30 and _GAP.match(gap):
            yield kind, value


def _scope(label: str, terms: Terms) -> str:
    scope = label
    for start, end in sorted(terms.find(label, "rto") + terms.find(label, "rpo"), reverse=True):
        scope = scope[:start] + scope[end:]
    return _BRACKETS.sub("", scope).strip(" :：-")


def _table_objectives(table: Table, vocab: Vocab) -> Iterator[RecoveryObjective]:
    mapped = map_columns(table, vocab, ("rto", "rpo"))
    for i, row in enumerate(table.rows):
        for key in ("rto", "rpo"):
            found = find_durations(mapped.cell(i, key)) if mapped.has(key) else []
            if found:
                yield RecoveryObjective(key.upper(), found[0].minutes, row.line,
                                        " | ".join(row.cells), cell_text(row.get(0)))


def _objective_table(table: Table, vocab: Vocab, dr_lines: set[int]) -> bool:
    """A table with RTO/RPO columns: in a DR chapter, or headed by the acronyms themselves."""
    columns = map_columns(table, vocab, ("rto", "rpo")).columns
    if not columns:
        return False
    acronym = any(re.search(r"(?i)\b(rto|rpo)\b", table.header[i]) for i in columns.values())
    return acronym or table.line in dr_lines or bool(table.rows and table.rows[0].line in dr_lines)


def objectives(doc: Document, vocab: Vocab) -> tuple[RecoveryObjective, ...]:
    """RTO and RPO values: tables with RTO/RPO columns, then labelled text anywhere.

    Japanese labels (目標復旧時間) count only inside the backup/DR chapters, since incident
    severity tables use the same words for per-incident recovery targets.
    """
    terms = Terms(vocab)
    dr_lines = {u.line for s in _backup_sections(doc, vocab) for u in units(s)}
    found: list[RecoveryObjective] = []
    for unit in units(doc):
        if unit.table is not None and _objective_table(unit.table, vocab, dr_lines):
            if unit.row is unit.table.rows[0]:
                found += _table_objectives(unit.table, vocab)
            continue
        acronyms_only = unit.line not in dr_lines
        for kind, value in objectives_in(unit.text, terms):
            if acronyms_only and not re.search(kind, unit.text, re.IGNORECASE):
                continue
            label = label_value(unit)
            keyed = label is not None and unit.row is not None and bool(
                terms.find(label[0], "rto") or terms.find(label[0], "rpo"))
            scope = _scope(label[0], terms) if label and keyed else ""
            found.append(RecoveryObjective(kind, value.minutes, unit.line, unit.text, scope))
    unique = {(o.kind, o.minutes, o.scope): o for o in reversed(found)}
    return tuple(sorted(unique.values(), key=lambda o: (o.line, o.kind != "RTO")))


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
