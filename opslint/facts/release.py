"""Release-procedure facts: version, window, T-0 timeline, maintenance, migrations, rollback."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from opslint.document.model import Document, Section
from opslint.document.normalize import normalize
from opslint.engine.vocab import Vocab
from opslint.facts.model import (
    Maintenance,
    Migration,
    Milestone,
    ReleaseFacts,
    ReleaseVersion,
    ReleaseWindow,
    TimelineStep,
)
from opslint.facts.procedures import rollback_criteria, rollback_plan
from opslint.facts.quantities import (
    find_clock_times,
    find_durations,
    find_offsets,
    find_versions,
    parse_window,
)
from opslint.facts.tables import map_columns
from opslint.facts.text import Terms, Unit, label_value, limit_duration, sections_for, units

if TYPE_CHECKING:
    from opslint.checks.shared.common import ColumnMap

__all__ = ["TIMELINE_COLUMNS", "extract_release", "head_units", "timeline_tables"]

_PHASES = ("maintenance_off", "maintenance_on", "go_no_go", "migration", "smoke", "deploy",
           "backup", "report")
_MIGRATION_ID = re.compile(r"V\d{6,}_|\d{12,14}_[a-z]")
_SQL_FILE = re.compile(r"\S+\.sql")
_ROLLOVER = 360  # a row more than 6 h before the previous one happened after midnight
# "duration" comes last: a key claims a column only if no earlier key did, so it never
# takes a column from the four the checks report on.
TIMELINE_COLUMNS = ("time", "task", "owner", "check", "duration")


def head_units(doc: Document, vocab: Vocab) -> list[Unit]:
    """The header fields under the title, then the overview chapter."""
    top = [s for s in (doc.root, *doc.root.children) if s.level <= 1]
    head: list[Unit] = []
    for section in top:
        head += [u for u in units(section) if u.section is section]
    for section in sections_for(doc, vocab, "overview"):
        head += list(units(section))
    return head


def _labelled(items: Iterable[Unit], terms: Terms, key: str) -> Iterator[tuple[Unit, str]]:
    for unit in items:
        pair = label_value(unit)
        if pair is not None and terms.has(normalize(pair[0]), key):
            yield unit, pair[1]


def _version(head: list[Unit], terms: Terms) -> ReleaseVersion | None:
    candidates = [(u, v) for u, v in _labelled(head, terms, "version_label")]
    candidates += [(u, u.text) for u in head]
    for unit, value in candidates:
        found = find_versions(value)
        if found:
            return ReleaseVersion(found[0].text, found[0].parts, unit.line, unit.text)
    return None


def _previous_version(doc: Document, terms: Terms) -> ReleaseVersion | None:
    for unit in units(doc):
        for start, _ in terms.find(unit.text, "previous_version_label"):
            found = [v for v in find_versions(unit.text) if v.start >= start]
            if found and found[0].start - start < 24:
                return ReleaseVersion(found[0].text, found[0].parts, unit.line, unit.text)
    return None


def _window(head: list[Unit], terms: Terms) -> ReleaseWindow | None:
    for unit, value in _labelled(head, terms, "window_label"):
        window = parse_window(value)
        if window is not None:
            return ReleaseWindow(window, unit.line, unit.text)
    for unit in head:
        window = parse_window(unit.text)
        if window is not None and window.date is not None:
            return ReleaseWindow(window, unit.line, unit.text)
    return None


def _phase(text: str, terms: Terms) -> str | None:
    norm = normalize(text)
    return next((p for p in _PHASES if terms.has(norm, f"phase_{p}")), None)


def _rolled(minute: int, reference: int | None) -> int:
    if reference is not None and reference - minute > _ROLLOVER:
        return minute + 1440
    return minute


def timeline_tables(sections: Iterable[Section], vocab: Vocab,
                    accept: Callable[[ColumnMap], bool]) -> list[ColumnMap]:
    """The sections' tables, columns mapped by TIMELINE_COLUMNS, that ``accept`` takes.

    The one place the T-0 table is read, for these facts and for the REL timeline checks.
    Each passes its own ``accept``: the facts need a time column (their steps are timed),
    the checks also take a task+owner table to report its missing time column.
    """
    mapped = (map_columns(t, vocab, TIMELINE_COLUMNS) for s in sections for t in s.tables())
    return [m for m in mapped if accept(m)]


def _has_time(mapped: ColumnMap) -> bool:
    return mapped.has("time")


def _step(unit: Unit, columns: Mapping[str, int], reference: int | None, terms: Terms
          ) -> TimelineStep:
    row = unit.row
    assert row is not None
    time_text = row.get(columns.get("time"))
    clocks = find_clock_times(time_text)
    offsets = find_offsets(time_text)
    minute = _rolled(clocks[0].minute_of_day, reference) if clocks else None
    task = row.get(columns.get("task")) or unit.text
    durations = find_durations(row.get(columns.get("duration")))
    return TimelineStep(
        line=unit.line, text=unit.text, time_text=time_text, minute=minute,
        offset=offsets[0].minutes if offsets and not clocks else None, task=task,
        owner=row.get(columns.get("owner")), check=row.get(columns.get("check")),
        phase=_phase(task, terms), duration=max(d.minutes for d in durations) if durations
        else None,
    )


def _list_timeline(doc: Document, vocab: Vocab, terms: Terms, reference: int | None
                   ) -> list[TimelineStep]:
    """Steps written as list items that start with a time ("- 01:00 作業開始", "1. T-30m …")."""
    steps: list[TimelineStep] = []
    for section in sections_for(doc, vocab, "release_day"):
        for unit in units(section):
            if unit.item is None:
                continue
            clocks = [c for c in find_clock_times(unit.text) if c.start <= 3]
            offsets = [o for o in find_offsets(unit.text) if o.start <= 3]
            if not clocks and not offsets:
                continue
            first = clocks[0] if clocks else offsets[0]
            minute = _rolled(clocks[0].minute_of_day, reference) if clocks else None
            task = unit.text[first.end :].strip(" :：-–")
            steps.append(TimelineStep(
                unit.line, unit.text, first.text, minute,
                None if clocks else offsets[0].minutes, task, "", "", _phase(task, terms), None))
            reference = minute if minute is not None else reference
    return steps


def _timeline(doc: Document, vocab: Vocab, terms: Terms, window: ReleaseWindow | None
              ) -> tuple[TimelineStep, ...]:
    steps: list[TimelineStep] = []
    sections = sections_for(doc, vocab, "release_day")
    for mapped in timeline_tables(sections, vocab, _has_time):
        reference = window.start if window else None
        for row in mapped.table.rows:
            text = " | ".join(row.cells)
            unit = Unit(row.line, text, normalize(text), doc.root, mapped.table, row)
            step = _step(unit, mapped.columns, reference, terms)
            reference = step.minute if step.minute is not None else reference
            steps.append(step)
    if not steps:
        steps = _list_timeline(doc, vocab, terms, window.start if window else None)
    return tuple(steps)


def _milestone(items: Iterable[Unit], terms: Terms, key: str) -> Milestone | None:
    for unit in items:
        for start, _ in terms.find(unit.text, key):
            clocks = [c for c in find_clock_times(unit.text) if c.start >= start]
            if clocks:
                return Milestone(clocks[0].minute_of_day, unit.line, unit.text)
    return None


def _go_no_go(steps: Sequence[TimelineStep], items: list[Unit], terms: Terms
              ) -> Milestone | None:
    for step in steps:
        if step.phase == "go_no_go" and step.minute is not None:
            return Milestone(step.minute, step.line, step.text)
    return _milestone(items, terms, "phase_go_no_go")


def _timeline_maintenance(steps: Sequence[TimelineStep], terms: Terms) -> Maintenance | None:
    on = next((s for s in steps if s.phase == "maintenance_on" and s.minute is not None), None)
    off = next((s for s in steps if s.phase == "maintenance_off" and s.minute is not None
                and on is not None and s.line > on.line), None)
    if on is None or off is None or on.minute is None or off.minute is None:
        return None
    partial = terms.has(normalize(f"{on.text} {off.text}"), "partial_downtime")
    return Maintenance(off.minute - on.minute, on.minute, off.minute, on.line, off.line,
                       on.text, "timeline", partial)


def _stated_downtime(head: list[Unit], terms: Terms) -> tuple[Maintenance | None, Unit | None]:
    """The downtime the overview states, and the unit stating a limit ("15分以内"), if any."""
    limit: Unit | None = None
    for unit, value in _labelled(head, terms, "downtime_label"):
        partial = terms.has(unit.norm, "partial_downtime")
        window = parse_window(value)
        if window is not None:
            return Maintenance(window.minutes, window.start_minute, window.end_minute,
                               unit.line, unit.line, unit.text, "stated", partial), limit
        for duration in find_durations(value):
            if limit_duration(value, duration, terms):
                limit = limit or unit
            else:
                return Maintenance(duration.minutes, None, None, unit.line, unit.line,
                                   unit.text, "stated", partial), limit
    return None, limit


def _downtime_limit(head: list[Unit], terms: Terms) -> tuple[float, Unit] | None:
    for unit in head:
        if not terms.has(unit.norm, "downtime_label"):
            continue
        for duration in find_durations(unit.text):
            if limit_duration(unit.text, duration, terms):
                return duration.minutes, unit
    return None


def _migration_row(cells: Sequence[str]) -> bool:
    """A row naming a migration by its ID or file (not a row that only mentions one)."""
    return bool(cells) and (_MIGRATION_ID.match(cells[0].strip("` ")) is not None
                            or any(_SQL_FILE.fullmatch(c.strip("` ")) for c in cells))


def _migrations(doc: Document, vocab: Vocab, steps: Sequence[TimelineStep], terms: Terms
                ) -> tuple[Migration, ...]:
    found: list[Migration] = []
    for key in ("preparation", "release_day", "overview"):
        for section in sections_for(doc, vocab, key):
            for unit in units(section):
                if unit.row is None or not _migration_row(unit.cells):
                    continue
                durations = find_durations(unit.cells[-1]) if unit.cells else []
                found.append(Migration(
                    unit.cells[0], unit.line, unit.text,
                    terms.has(unit.norm, "destructive_ddl"),
                    durations[0].minutes if durations else None,
                ))
    if not found:
        found = [Migration(s.task, s.line, s.text, terms.has(normalize(s.text), "destructive_ddl"),
                           s.duration) for s in steps if s.phase == "migration"]
    return tuple(sorted({m.line: m for m in found}.values(), key=lambda m: m.line))


def extract_release(doc: Document, vocab: Vocab) -> ReleaseFacts:
    """Facts of a release procedure; fields stay empty where the document says nothing."""
    from opslint.facts.model import StatedDuration

    terms = Terms(vocab)
    head = head_units(doc, vocab)
    window = _window(head, terms)
    steps = _timeline(doc, vocab, terms, window)
    rollback_sections: list[Section] = sections_for(doc, vocab, "rollback")
    context = head + [u for s in rollback_sections for u in units(s)]
    stated, _ = _stated_downtime(head, terms)
    limit = _downtime_limit(head, terms)
    owner = next((v for _, v in _labelled(head, terms, "owner_label")), "")
    return ReleaseFacts(
        version=_version(head, terms),
        previous_version=_previous_version(doc, terms),
        window=window,
        owner=owner,
        timeline=steps,
        go_no_go=_go_no_go(steps, context, terms),
        rollback_deadline=_milestone(context, terms, "rollback_deadline_label"),
        maintenance=stated or _timeline_maintenance(steps, terms),
        downtime_limit=StatedDuration(limit[0], limit[1].line, limit[1].text) if limit else None,
        no_downtime=any(terms.has(u.norm, "no_downtime") for u in head),
        migrations=_migrations(doc, vocab, steps, terms),
        rollback_criteria=rollback_criteria(rollback_sections, terms),
        rollback=rollback_plan(doc, rollback_sections, vocab, terms),
    )
