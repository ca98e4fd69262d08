"""Backup and DR facts: backups, RTO/RPO, restore and failover steps, audit-log retention."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from opslint.document.model import Document, ListItem, Paragraph, Section, Table
from opslint.document.normalize import contains_any, normalize
from opslint.engine.vocab import Vocab
from opslint.facts.folded_units import folded_units
from opslint.facts.model import AuditLog, Backup, RecoveryStep
from opslint.facts.objectives import backup_sections, objectives, objectives_in
from opslint.facts.procedures import procedure_steps
from opslint.facts.prose import section_units
from opslint.facts.quantities import (
    Duration,
    find_clock_times,
    find_durations,
    find_percentages,
    parse_copy_frequency,
    parse_frequency,
)
from opslint.facts.reading import column_terms, map_columns
from opslint.facts.table_roles import tables_of_role
from opslint.facts.technology import TechIndex
from opslint.facts.text import Terms, Unit, cell_text, label_value
from opslint.facts.units import LAZY

__all__ = ["audit_logs", "backups", "objectives", "objectives_in", "recovery_steps"]

# "searchable for 90 days", "直近 90日 は検索可能": a word between an immediate-search term and
# its duration.
_HOT_JOIN = re.compile(r"\s*(?:(?i:for|up to)|は|を|が|の間|:|：)?\s*")
# A line introducing a list ("Audit logs are kept as follows:", "監査ログの保存期間は以下のとおり").
_LEAD_IN = re.compile(r"[:：]\s*$|以下|次のとおり|次の通り|(?i:\bas follows\b|\bbelow\b)")
_CLAUSE_MARK = re.compile(r"[。、；;]|,\s")
# PITR restores to within about 5 minutes when no archive interval is stated (as in
# quantities.parse_frequency); a lag stated in words stands this far after its cue.
_PITR_LAG = 5.0
_LAG_REACH = 16
# Products that run or route the system: rebuilt from code, they hold no data to restore.
_INFRA = ("compute", "edge")
# The noun after an infrastructure name that names the thing rebuilt ("EKS clusters").
_INFRA_NOUN = re.compile(r"[\s`]*(?:クラスター?|ノードプール|ノードグループ|ノード|インスタンス|"
                         r"(?i:clusters?|node ?pools?|node ?groups?|nodes|instances|services))")
_PARENS = re.compile(r"[(（][^)）]*[)）]")  # what a log records, not what kind it is
_NAME_TAIL = re.compile(r"(?:\s+(?i:are|is|were|will be|get|gets)|は|を|が|も|の)+\s*$")


def _names_data(text: str, terms: Terms, index: TechIndex) -> bool:
    return terms.has(normalize(text), "data_target") or any(
        m.category == "datastore" for m in index.mentions(text, 0))


def _rebuilt(target: str, text: str, terms: Terms, index: TechIndex) -> bool:
    """Infrastructure recreated from code rather than restored: the target names a compute
    or edge product and the text rebuilds it from IaC or Git ("GKE cluster | Not backed up:
    rebuilt from Terraform", "etcd: Ansible でクラスタを作り直し Argo CD で再同期")."""
    norm = normalize(text)
    return (any(m.category in _INFRA for m in index.mentions(target, 0))
            and terms.has(norm, "rebuild_cue") and terms.has(norm, "code_source"))


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


def _log_lag(text: str, terms: Terms) -> float | None:
    """How far behind a point-in-time log archive stated in words runs ("WAL は継続（60秒
    以内）" → 1): the first duration just after the cue, else PITR's usual 5 minutes; None
    without a cue."""
    cues = terms.find(text, "pitr_cue")
    if not cues:
        return None
    clocks = [(c.start, c.end) for c in find_clock_times(text)]  # "03時00分" is no lag
    after = [d for d in find_durations(text)
             if any(0 <= d.start - e <= _LAG_REACH for _, e in cues)
             and not any(s <= d.start < e for s, e in clocks)]
    return after[0].minutes if after else _PITR_LAG


def _make_backup(target: str, method: str, schedule: str, retention: str, storage: str,
                 line: int, text: str, context: str, terms: Terms, index: TechIndex) -> Backup:
    how_often = f"{method} {schedule}"
    frequency = parse_frequency(how_often) or parse_frequency(target)
    copy = parse_copy_frequency(how_often) or parse_copy_frequency(target)
    how = normalize(f"{target} {method}")
    # No stated lag, and the store reads any past timestamp it keeps (Spanner).
    any_point = not find_durations(how_often) and terms.has(how, "pitr_any_point")
    interval = frequency.interval_minutes if frequency else None
    if frequency is not None and frequency.mode == "pitr" and any_point:
        interval = 0.0
    copy_interval = copy.interval_minutes if copy else None
    if copy is not None and copy.mode == "pitr" and any_point:
        copy_interval = 0.0
    log_lag = None if copy is not None and copy.mode == "pitr" else _log_lag(how_often, terms)
    if log_lag is not None and (copy_interval is None or log_lag < copy_interval):
        copy_interval = log_lag
    every_write = terms.has(normalize(method), "continuous_copy")
    if every_write:
        copy_interval = 0.0
    mode = frequency.mode if frequency else None
    rebuilt = _rebuilt(target, text, terms, index)
    return Backup(
        target=target, method=method, line=line, text=text, interval=interval, mode=mode,
        retention=_retention(retention, terms, retention != schedule), storage=storage,
        is_data=not rebuilt and _is_data(target, context, terms, index, mode),
        replica_only=terms.has(how, "replication_cue") and not terms.has(how, "backup_copy"),
        copy_interval=copy_interval,
        point_in_time=every_write or log_lag is not None
        or (copy is not None and copy.mode in ("pitr", "continuous")),
        replicated=terms.has(how, "replication_cue"), rebuilt=rebuilt,
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
        frequency = parse_frequency(block.text)
        if frequency is None and block.depth:
            continue  # no backup line, and no parent of the items after it: no label to read
        pair = label_value(Unit(block.line, block.text, normalize(block.text), section,
                                item=block))
        if block.depth == 0:
            parent = pair[0] if pair else cell_text(block.text)
        label, value = pair if pair else ("", block.text)
        norm = normalize(block.text)
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


def _rebuilt_prose(section: Section, terms: Terms, index: TechIndex) -> Iterator[Backup]:
    """Sentences of a backup section saying infrastructure is rebuilt from code, not backed
    up ("The EKS clusters hold no state; they are rebuilt from Terraform")."""
    for unit in section_units(section):
        if unit.table is not None:
            continue
        text = cell_text(unit.text)
        norm = normalize(text)
        if not (terms.has(norm, "rebuild_cue") and terms.has(norm, "code_source")):
            continue  # what _rebuilt asks of the text: most lines, without looking up products
        hit = next((h for h in index.find(text) if h.entry.category in _INFRA), None)
        if hit is None or not _rebuilt(hit.alias, text, terms, index):
            continue
        noun = _INFRA_NOUN.match(text, hit.end)
        target = cell_text(text[hit.start : noun.end() if noun else hit.end])
        yield Backup(target=target, method=text, line=unit.line, text=unit.text, interval=None,
                     mode=None, retention=None, is_data=False, rebuilt=True)


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
                items += _rebuilt_prose(section, terms, index)
    return tuple(sorted({b.line: b for b in rows + items}.values(), key=lambda b: b.line))


def recovery_steps(doc: Document, vocab: Vocab, procedure: str) -> tuple[RecoveryStep, ...]:
    """Steps of the restore or failover procedures (outermost matching headings)."""
    terms = Terms(vocab)
    key = "restore_procedure" if procedure == "restore" else "failover_procedure"
    matching = [s for s in doc.sections() if terms.has(s.norm, key)]
    outer = [s for s in matching
             if not any(o is not s and o.line < s.line <= o.end_line for o in matching)]
    return tuple(step for s in outer for step in procedure_steps(s, vocab, terms, procedure))


def _kept(value: str, terms: Terms) -> tuple[float | None, float | None] | None:
    """(total, immediately searchable) minutes a text keeps something, None without a
    duration. "1年（直近90日はホット）" is both; "searchable for 90 days" alone states no total."""
    kept = find_durations(value)
    if not kept:
        return None
    hot_spans = terms.find(value, "hot_label")
    hot = [d for d in kept if any(_beside(value, d, s, e) for s, e in hot_spans)]
    total = [d for d in kept if d not in hot]
    return (max(d.minutes for d in total) if total else None,
            hot[0].minutes if hot else None)


def _beside(text: str, duration: Duration, start: int, end: int) -> bool:
    between = text[end : duration.start] if duration.start >= end else text[duration.end : start]
    return len(between) <= 4 or bool(_HOT_JOIN.fullmatch(between))


def _audit_units(doc: Document, terms: Terms) -> Iterator[Unit]:
    for section in doc.sections():
        if terms.has(section.norm, "audit_log"):
            yield from section_units(section)
        else:
            yield from (u for u in section_units(section) if terms.has(u.norm, "audit_log"))


def _named(text: str, terms: Terms) -> str:
    """What a sentence without a label keeps: its words before the first duration or
    retention word ("Auth0 tenant logs are kept for 1 year" → "Auth0 tenant logs")."""
    cuts = [d.start for d in find_durations(text)]
    cuts += [s for key in ("retention_label", "hot_label") for s, _ in terms.find(text, key)]
    head = cell_text(text[: min(cuts)]) if cuts else ""
    name = _NAME_TAIL.sub("", head).strip(" -–:：,、")
    return name if len(name) <= 60 and not _CLAUSE_MARK.search(name) else ""


def _audit_log(unit: Unit, vocab: Vocab, terms: Terms, listed: bool = False
               ) -> AuditLog | None:
    """One audit log of a row, a line naming retention, or an item of an audit-log list."""
    value = unit.text
    label = label_value(unit)
    if unit.table is not None and unit.row is not None:
        mapped = map_columns(unit.table, vocab, ("retention",))
        value = unit.row.get(mapped.columns.get("retention")) if mapped.has("retention") else ""
    elif listed and label is not None and parse_frequency(label[1]) is None:
        value = label[1]  # "- Auth0 tenant logs: 1 year" in a list of audit logs
    elif not terms.has(unit.norm, "retention_label"):
        return None
    kept = _kept(value, terms)
    if kept is None:
        return None
    target = cell_text(label[0]) if label else _named(unit.text, terms) if listed else ""
    return AuditLog(target, unit.line, unit.text, kept[0], kept[1])


def _listed_items(section: Section, terms: Terms) -> Iterator[Unit]:
    """Items of a list of audit logs outside an audit-log chapter: a list led in by a line
    naming them ("Audit logs are kept as follows:"), or nested under an item naming them."""
    lead = False
    # The last top-level item, and whether it names audit logs: asked only when an item
    # nests under it (most top-level items have none), and once for all of them.
    parent: ListItem | None = None
    named: bool | None = None
    for block in section.blocks:
        if isinstance(block, ListItem):
            if block.depth == 0:
                parent, named = block, None
            if not lead and block.depth and parent is not None and named is None:
                named = terms.has(normalize(parent.text), "audit_log")
            if lead or (block.depth and named):
                yield Unit(block.line, block.text, LAZY, section, item=block)
        else:
            # The lead-in wording first: a pattern search spares normalising most paragraphs.
            lead = isinstance(block, Paragraph) and bool(_LEAD_IN.search(block.text)) \
                and terms.has(normalize(block.text), "audit_log")


def _table_logs(doc: Document, vocab: Vocab, terms: Terms) -> Iterator[AuditLog]:
    """Rows of audit-log tables: each row is a log, whatever its kind column calls it
    ("Auth0 tenant logs", "Aurora MySQL Advanced Auditing")."""
    columns = column_terms(vocab, "audit_log")
    if not any(contains_any(normalize(" ".join(t.header)), columns) for t in doc.root.tables()):
        return  # no audit-log column: spare reading every table's role
    for read in tables_of_role(doc, vocab, "audit_log"):
        hot_at = next((i for i, h in enumerate(read.view.header)
                       if terms.has(normalize(h), "hot_label")), None)
        origin = map_columns(read.source, vocab, ("log_source",))
        for i, row in enumerate(read.source.rows):
            kept = _kept(read.cell(i, "retention"), terms)
            searchable = find_durations(read.view.rows[i].get(hot_at)) if hot_at is not None else []
            if kept is None or kept[0] is None:
                continue
            hot = kept[1] if kept[1] is not None else (
                searchable[0].minutes if searchable else None)
            source = cell_text(row.get(origin.columns.get("log_source"))
                               if origin.has("log_source") else "")
            yield AuditLog(cell_text(read.cell(i, "audit_log")), row.line,
                           " | ".join(row.cells), kept[0], hot, source)


def _names_audit_logs(doc: Document, terms: Terms) -> bool:
    """Whether a heading or a unit of the document may name audit logs: one scan of its
    units folded together (``folded_units``), not a normalisation and a search per
    sentence. Every unit the prose readers below test is a heading, or a sentence, item or
    row of the units scanned."""
    return any(terms.has(s.norm, "audit_log") for s in doc.sections()) \
        or bool(folded_units(doc).holding(terms.vocab, "audit_log"))


def audit_logs(doc: Document, vocab: Vocab) -> tuple[AuditLog, ...]:
    """Audit-log sources with their retention (total and immediately searchable)."""
    terms = Terms(vocab)
    found: list[AuditLog] = []
    if _names_audit_logs(doc, terms):  # else only a table's role can tell one
        found += [log for u in _audit_units(doc, terms) if (log := _audit_log(u, vocab, terms))]
        audit_titled = [s for s in doc.sections() if terms.has(s.norm, "audit_log")]
        items = [u for s in doc.sections() for u in _listed_items(s, terms)]
        items += [u for s in audit_titled for u in section_units(s) if u.item is not None]
        found += [log for u in items if (log := _audit_log(u, vocab, terms, listed=True))]
    found += _table_logs(doc, vocab, terms)  # last: a row read by its table's role wins
    logs = sorted({a.line: a for a in found}.values(), key=lambda a: a.line)
    return tuple(replace(a, kinds=_log_kinds(_PARENS.sub(" ", f"{a.target} {a.source}"), terms))
                 for a in logs)


def _log_kinds(text: str, terms: Terms) -> tuple[str, ...]:
    """The kinds of audit log a name and source speak of (rules/vocab/facts.yaml)."""
    norm = normalize(text)
    return tuple(k for k in terms("audit_log_kinds") if terms.has(norm, f"audit_kind_{k}"))
