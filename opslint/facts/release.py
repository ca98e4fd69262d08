"""Release-procedure facts: version, window, T-0 timeline, maintenance, migrations, rollback."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from opslint.document.model import Document, Row, Section
from opslint.document.normalize import contains_any, normalize
from opslint.engine.vocab import Vocab
from opslint.facts.model import (
    Migration,
    Milestone,
    ReleaseFacts,
    ReleaseVersion,
    ReleaseWindow,
    RollbackCriterion,
    TimelineStep,
)
from opslint.facts.procedures import (
    criteria_sections,
    database_reverts,
    rollback_criteria,
    rollback_plan,
)
from opslint.facts.quantities import TimeWindow, find_durations, find_versions, parse_window
from opslint.facts.quiet_units import units_maybe_naming
from opslint.facts.reading import ColumnMap, map_columns
from opslint.facts.release_downtime import (
    downtime_limit,
    labelled,
    planned_maintenance,
    service_stays,
)
from opslint.facts.release_steps import list_steps
from opslint.facts.release_time import (
    Frame,
    TimePoint,
    dates_in,
    reading_terms,
    squeezed,
    t_zero,
    time_points,
    zone_of,
)
from opslint.facts.term_gates import naming
from opslint.facts.text import Terms, Unit, sections_for, units
from opslint.facts.units import LAZY

__all__ = ["TIMELINE_COLUMNS", "extract_release", "head_units", "timeline_tables"]

_PHASES = ("maintenance_off", "maintenance_on", "go_no_go", "migration", "smoke", "deploy",
           "backup", "report")
_MIGRATION_ID = re.compile(r"V\d{6,}_|\d{12,14}_[a-z]")
_SQL_FILE = re.compile(r"\S+\.sql")
_WEEKDAY = re.compile(r"(?i)(?<![a-z])(?:mon|tues|wednes|thurs|fri|satur|sun)day,?(?![a-z])")
_SENTENCE = re.compile(r"\.(?=\s|$)|。|;|；")
_CLOCK_CELL = re.compile(r"^\s*[\d:：時分翌+]+\s*$")
# "duration" comes last: a key claims a column only if no earlier key did, so it never
# takes a column from the four the checks report on.
TIMELINE_COLUMNS = ("time", "task", "owner", "check", "duration")


def head_units(doc: Document, vocab: Vocab) -> list[Unit]:
    """The header fields under the title, then the overview chapter."""
    top = [s for s in (doc.root, *doc.root.children) if s.level <= 1]
    head: list[Unit] = []
    for section in top:
        head += units(section, own=True)  # not its chapters: those are cut only if read
    for section in sections_for(doc, vocab, "overview"):
        head += list(units(section))
    return head


def _version(head: list[Unit], terms: Terms) -> ReleaseVersion | None:
    candidates = [(u, v) for u, v in labelled(head, terms, "version_label")]
    candidates += [(u, u.text) for u in head]
    for unit, value in candidates:
        found = find_versions(value)
        if found:
            return ReleaseVersion(found[0].text, found[0].parts, unit.line, unit.text)
    return None


def _previous_version(doc: Document, terms: Terms) -> ReleaseVersion | None:
    for unit in units_maybe_naming(doc, terms.vocab, "previous_version_label"):
        for start, _ in terms.find(unit.text, "previous_version_label"):
            found = [v for v in find_versions(unit.text) if v.start >= start]
            if found and found[0].start - start < 24:
                return ReleaseVersion(found[0].text, found[0].parts, unit.line, unit.text)
    return None


def _no_weekdays(text: str) -> str:
    # "Tuesday 2026-06-16 23:30 to Wednesday 2026-06-17 02:30": a weekday name between the
    # separator and the date hides the window from the parser; "21 時 00 分" is spaced.
    return squeezed(_WEEKDAY.sub(lambda m: " " * len(m.group(0)), text))[0]


def _parsed_window(text: str) -> TimeWindow | None:
    window = parse_window(_no_weekdays(text))
    return replace(window, text=" ".join(window.text.split())) if window else None


def _window(head: list[Unit], terms: Terms) -> ReleaseWindow | None:
    for unit, value in labelled(head, terms, "window_label"):
        window = _parsed_window(value)
        if window is not None:
            return ReleaseWindow(window, unit.line, unit.text)
    for unit in head:
        window = _parsed_window(unit.text)
        if window is not None and window.date is not None:
            return ReleaseWindow(window, unit.line, unit.text)
    return None


def _phase(text: str, terms: Terms) -> str | None:
    norm = normalize(text)
    phase = next((p for p in _PHASES if terms.has(norm, f"phase_{p}")), None)
    if phase in (None, "deploy") and _migrating(norm, terms.vocab):
        return "migration"  # "gh-ost adds the column", "alembic upgrade head"
    return phase


def _migrating(norm: str, vocab: Vocab) -> bool:
    tools = reading_terms(vocab, "migration_tools")
    patterns = vocab.compiled("release:reading:migration_patterns", lambda: tuple(
        re.compile(p) for p in reading_terms(vocab, "migration_patterns")))
    return contains_any(norm, tools) or any(p.search(norm) for p in patterns)


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


def _row_time(row: Row, mapped: ColumnMap, vocab: Vocab) -> tuple[TimePoint | None, str | None]:
    """The row's time and the zone its column names; a T+ cell beside a clock cell (``| T+00:10
    | 23:40 |``) gives the clock."""
    index = mapped.columns.get("time")
    points = time_points(row.get(index), vocab)
    first = points[0] if points else None
    zone = zone_of(mapped.table.header[index], vocab) if index is not None else None
    if first is None or first.clock is None:
        for other, cell in enumerate(row.cells):
            clocks = [p for p in time_points(cell, vocab) if p.clock is not None]
            if other != index and clocks and _CLOCK_CELL.match(cell.replace(clocks[0].text, "0")):
                return clocks[0], zone_of(mapped.table.header[other], vocab)
    return first, zone


def _step(unit: Unit, mapped: ColumnMap, frame: Frame, reference: int | None, terms: Terms
          ) -> TimelineStep:
    row = unit.row
    assert row is not None
    columns = mapped.columns
    point, zone = _row_time(row, mapped, frame.vocab)
    task = row.get(columns.get("task")) or unit.text
    durations = find_durations(row.get(columns.get("duration")))
    return TimelineStep(
        line=unit.line, text=unit.text, time_text=row.get(columns.get("time")),
        minute=frame.minute(point, zone, reference),
        offset=point.offset if point is not None else None, task=task,
        owner=row.get(columns.get("owner")), check=row.get(columns.get("check")),
        phase=_phase(task, terms), duration=max(d.minutes for d in durations) if durations
        else None,
    )


def _list_timeline(sections: Sequence[Section], frame: Frame, terms: Terms,
                   reference: int | None) -> list[TimelineStep]:
    """Steps written as list items that start with a time ("- 01:00 作業開始", "1. T-30m …")."""
    steps: list[TimelineStep] = []
    for section in sections:
        for item in list_steps(section, frame.vocab):
            if item.time is None:
                continue
            minute = frame.minute(item.time, None, reference)
            steps.append(TimelineStep(
                item.line, item.text, item.time.text, minute, item.time.offset, item.task,
                item.owner or "", item.check or "", _phase(item.task, terms), None))
            reference = minute if minute is not None else reference
    return steps


def _frame(vocab: Vocab, head: list[Unit], day: Sequence[Section],
           window: ReleaseWindow | None) -> Frame:
    """T-0 as the head or the release-day chapter (``day``) states it, on the window's zone."""
    found = [u for s in day for u in units(s, titles=True)]
    return Frame(t_zero([*head, *found], vocab), window.window.tz if window else None, vocab)


def _timeline(doc: Document, vocab: Vocab, terms: Terms, frame: Frame,
              window: ReleaseWindow | None, sections: Sequence[Section]
              ) -> tuple[TimelineStep, ...]:
    """The steps of the release-day chapter (``sections``): its timed tables' rows, else
    its list items that start with a time."""
    steps: list[TimelineStep] = []
    for mapped in timeline_tables(sections, vocab, _has_time):
        reference = window.start if window else None
        for row in mapped.table.rows:
            text = " | ".join(row.cells)
            unit = Unit(row.line, text, LAZY, doc.root, mapped.table, row)
            step = _step(unit, mapped, frame, reference, terms)
            reference = step.minute if step.minute is not None else reference
            steps.append(step)
    if not steps:
        steps = _list_timeline(sections, frame, terms, window.start if window else None)
    return tuple(steps)


def _same_day(text: str, window: ReleaseWindow | None) -> bool:
    """Whether a text dates nothing, or the night of the window (a Go/No-Go "3月17日 17時00分"
    the day before is no decision point of the release night)."""
    if window is None or window.window.date is None:
        return True  # no night to compare with: the dates are not read
    days = dates_in(text)
    if not days:
        return True
    first = window.window.date
    nights = {first, first + datetime.timedelta(days=window.end // 1440)}
    return any((d.month, d.day) in {(n.month, n.day) for n in nights} for d in days)


def _milestone(items: Sequence[Unit], terms: Terms, key: str, frame: Frame,
               window: ReleaseWindow | None) -> Milestone | None:
    for unit in naming(items, terms, key):
        found = terms.find(unit.text, key)  # most units name no milestone: dates read after
        if not found or not _same_day(unit.text, window):
            continue
        for start, _ in found:
            points = [p for p in time_points(unit.text, frame.vocab) if p.start >= start]
            minute = frame.minute(points[0], None, None) if points else None
            if minute is not None:
                return Milestone(minute, unit.line, unit.text)
    return None


def _decision(items: Iterable[Unit], frame: Frame, window: ReleaseWindow | None,
              rollback: Sequence[Section]) -> Milestone | None:
    """The last moment a rollback is decided, stated in a sentence: "The last rollback
    decision is taken at T+02:15", "23時00分 に判断しても 23時30分 までに終わる" (in the rollback
    chapter; elsewhere the sentence must name the rollback)."""
    deciding = reading_terms(frame.vocab, "decision_terms")
    latest = reading_terms(frame.vocab, "latest_terms")
    backing = reading_terms(frame.vocab, "rollback_terms")
    inside = {s.line for top in rollback for s in top.walk()}
    listed = {s.line for part in criteria_sections(rollback, Terms(frame.vocab))
              for s in part.walk()}
    for unit in items:
        # A clause naming both is a part of the unit naming both (its separators are no
        # letters): most units are rejected here, before their dates and clauses are read.
        if not (contains_any(unit.norm, deciding) and contains_any(unit.norm, latest)):
            continue
        if not _same_day(unit.text, window):
            continue
        if unit.section.line in listed and (unit.item is not None or unit.row is not None):
            continue  # a listed criterion ("until 09:00, the on-call decides") is a trigger
        for clause in _SENTENCE.split(unit.text):
            norm = normalize(clause)
            if not (contains_any(norm, deciding) and contains_any(norm, latest)):
                continue
            if unit.section.line not in inside and not contains_any(norm, backing):
                continue
            at = min((p for p in (Terms.first(clause, t) for t in deciding) if p is not None),
                     default=None)
            points = time_points(clause, frame.vocab)
            if at is None or not points:
                continue
            nearest = min(points, key=lambda p: min(abs(p.start - at), abs(p.end - at)))
            minute = frame.minute(nearest, None, None)
            if minute is not None:
                return Milestone(minute, unit.line, unit.text)
    return None


def _go_no_go(steps: Sequence[TimelineStep], items: list[Unit], terms: Terms, frame: Frame,
              window: ReleaseWindow | None) -> Milestone | None:
    for step in steps:
        if step.phase == "go_no_go" and step.minute is not None:
            return Milestone(step.minute, step.line, step.text)
    return _milestone(items, terms, "phase_go_no_go", frame, window)


def _criteria(sections: Sequence[Section], terms: Terms, frame: Frame,
              window: ReleaseWindow | None) -> tuple[RollbackCriterion, ...]:
    """The rollback criteria, each with the last time it names on the release night."""
    def deadline(text: str) -> int | None:
        points = time_points(text, frame.vocab) if _same_day(text, window) else []
        minutes = [m for p in points if (m := frame.minute(p, None, None)) is not None]
        return minutes[-1] if minutes else None

    return rollback_criteria(sections, terms, deadline)


def _migration_row(cells: Sequence[str]) -> bool:
    """A row naming a migration by its ID or file (not a row that only mentions one)."""
    return bool(cells) and (_MIGRATION_ID.match(cells[0].strip("` ")) is not None
                            or any(_SQL_FILE.fullmatch(c.strip("` ")) for c in cells))


def _migrations(doc: Document, vocab: Vocab, steps: Sequence[TimelineStep], terms: Terms
                ) -> tuple[Migration, ...]:
    found: list[Migration] = []
    for key in ("preparation", "release_day", "overview"):
        for section in sections_for(doc, vocab, key):
            # Table rows only (the units of the rest are not cut): a row as its unit reads it.
            for row in (r for table in section.tables() for r in table.rows):
                if not _migration_row(row.cells):
                    continue
                text = " | ".join(row.cells)
                durations = find_durations(row.cells[-1]) if row.cells else []
                found.append(Migration(
                    row.cells[0], row.line, text,
                    terms.has(normalize(text), "destructive_ddl"),
                    durations[0].minutes if durations else None,
                ))
    if not found:
        found = [Migration(s.task, s.line, s.text, terms.has(normalize(s.text), "destructive_ddl"),
                           s.duration) for s in steps if s.phase == "migration"]
    return tuple(sorted({m.line: m for m in found}.values(), key=lambda m: m.line))


def _automated_steps(vocab: Vocab, day: Sequence[Section]) -> int | None:
    """The line where the release-day chapter (``day``) says every step runs through
    automation ("Every step runs as a workflow",
    "各ステージはパイプラインから実行し、手作業はしない")."""
    toil: object = vocab.terms.get("toil") or {}
    automated = vocab.compiled("release:reading:automated", lambda: tuple(
        re.compile(str(p)) for p in (toil.get("automated", []) if isinstance(toil, dict) else [])))
    every, hedges = reading_terms(vocab, "every_words"), reading_terms(vocab, "hedge_words")
    for section in day:
        for unit in units(section):
            if unit.item is not None or unit.row is not None:
                continue
            text = unicodedata.normalize("NFKC", unit.text)
            if any(p.search(text) for p in automated) and contains_any(unit.norm, every) \
                    and not contains_any(unit.norm, hedges):
                return unit.line
    return None


def extract_release(doc: Document, vocab: Vocab) -> ReleaseFacts:
    """Facts of a release procedure; fields stay empty where the document says nothing."""
    from opslint.facts.model import StatedDuration

    terms = Terms(vocab)
    head = head_units(doc, vocab)
    window = _window(head, terms)
    day = sections_for(doc, vocab, "release_day")  # the T-0 chapter, read by three facts
    frame = _frame(vocab, head, day, window)
    steps = _timeline(doc, vocab, terms, frame, window, day)
    rollback_sections: list[Section] = sections_for(doc, vocab, "rollback")
    context = head + [u for s in rollback_sections for u in units(s)]
    deadline = _milestone(context, terms, "rollback_deadline_label", frame, window)
    stays = service_stays(doc, vocab, head, terms)
    maintenance = planned_maintenance(head, steps, terms, stays)
    limit = downtime_limit(head, terms)
    owner = next((v for _, v in labelled(head, terms, "owner_label")), "")
    return ReleaseFacts(
        version=_version(head, terms),
        previous_version=_previous_version(doc, terms),
        window=window,
        owner=owner,
        timeline=steps,
        go_no_go=_go_no_go(steps, context, terms, frame, window),
        rollback_deadline=deadline or _decision(context, frame, window, rollback_sections),
        maintenance=maintenance,
        downtime_limit=StatedDuration(limit[0], limit[1].line, limit[1].text) if limit else None,
        no_downtime=stays,
        migrations=_migrations(doc, vocab, steps, terms),
        rollback_criteria=_criteria(rollback_sections, terms, frame, window),
        rollback=rollback_plan(doc, rollback_sections, vocab, terms),
        database_reverts=database_reverts(rollback_sections, terms),
        automated_steps_line=_automated_steps(vocab, day),
    )
