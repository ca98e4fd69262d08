"""The release-day timeline (T-0): steps from a table, else from a numbered list; its cells."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from opslint.checks.rel.chapters import chapters
from opslint.checks.rel.params import TIMELINE_COLUMNS, ColumnParams
from opslint.checks.rel.vocab import local, release_vocab
from opslint.checks.shared.common import ColumnMap
from opslint.checks.shared.text import either
from opslint.checks.shared.words import clip, joined
from opslint.document.model import Document, Section
from opslint.document.normalize import contains_any, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.facts.release import timeline_tables
from opslint.facts.release_steps import list_steps
from opslint.facts.semantic import Reading, SemanticModel

__all__ = ["COLUMNS", "Step", "Timeline", "task_text", "timeline"]

COLUMNS = TIMELINE_COLUMNS
_PLACEHOLDER_TIME = re.compile(r"^[\s\[(（【]*(hh|xx|--|\?\?):(mm|xx|--|\?\?)", re.IGNORECASE)


@dataclass(frozen=True)
class Step:
    """One row or item of the timeline; a field is None when the timeline has no such column."""

    line: int
    task: str  # every cell describing the work
    name: str  # the task cell alone, to name the step in messages
    time: str | None
    owner: str | None
    check: str | None


@dataclass(frozen=True)
class Timeline:
    section: Section
    tables: tuple[ColumnMap, ...]
    steps: tuple[Step, ...]
    missing: tuple[tuple[int, tuple[str, ...]], ...]  # (line, absent column keys) per table/list


def task_text(mapped: ColumnMap, cells: Sequence[str]) -> str:
    """The cells that describe the work: all but time, owner, check and bare numbers."""
    skip = {mapped.columns.get(k) for k in ("time", "owner", "check")}
    return " ".join(c for i, c in enumerate(cells) if i not in skip and not c.strip().isdigit())


def _is_timeline(mapped: ColumnMap) -> bool:
    return mapped.has("time") or mapped.has("task", "owner")


def _table_steps(mapped: ColumnMap) -> list[Step]:
    steps = []
    for index, row in enumerate(mapped.table.rows):
        def cell(key: str, i: int = index) -> str | None:
            return mapped.cell(i, key) if mapped.has(key) else None

        task = task_text(mapped, row.cells)
        cell_name = cell("task") or ""
        # "| 手順 | 作業 |" makes the step number the task column: name the step by its text.
        name = cell_name if cell_name.strip() and not cell_name.strip().isdigit() else task
        steps.append(Step(row.line, task, name, cell("time"), cell("owner"), cell("check")))
    return steps


def _placeholder_time(text: str) -> str | None:
    placeholder = _PLACEHOLDER_TIME.match(text)
    return placeholder.group(0).strip(" [(（【") if placeholder else None


def _marked(value: str | None, text: str, patterns: tuple[re.Pattern[str], ...]) -> str | None:
    """The field as the list gives it, else "marked" when a nested or inline label names it
    ("担当：山下", "確認: 503 が返る", "@yamada")."""
    if value:
        return value
    norm = normalize(text)
    alternation = either(patterns)  # one search of the patterns joined, where they join
    found = alternation.search(norm) is not None if alternation is not None else any(
        p.search(norm) for p in patterns)
    return "marked" if found else None


def _list_steps(ctx: CheckContext, section: Section) -> list[Step]:
    words = release_vocab(ctx).timeline
    steps = []
    for item in list_steps(section, ctx.vocab, lambda text: _placeholder_time(text) is not None):
        time = item.time.text if item.time is not None else _placeholder_time(item.text)
        steps.append(Step(item.line, item.text, item.task or item.text, time,
                          _marked(item.owner, item.text, words.owner_patterns),
                          _marked(item.check, item.text, words.check_patterns)))
    return steps


def _timeline(doc: Document, model: SemanticModel, key: str) -> Timeline | None:
    ctx = CheckContext(doc, model)
    section = chapters(ctx).get(key)
    return None if section is None else _build(ctx, section)


TIMELINE = Reading("release-timeline", _timeline)


def timeline(ctx: CheckContext, key: str = "release_day") -> Timeline | None:
    """The timeline of a chapter (None without the chapter); tables first, else a list."""
    return ctx.read(TIMELINE, key)


def _build(ctx: CheckContext, section: Section) -> Timeline:
    # Tables are read as the release facts read them; only the chapter and the test differ.
    tables = tuple(timeline_tables([section], ctx.vocab, _is_timeline))
    if tables:
        steps = [s for m in tables for s in _table_steps(m)]
        missing = tuple((m.table.line, tuple(k for k in COLUMNS if not m.has(k))) for m in tables)
        return Timeline(section, tables, tuple(steps), missing)
    steps = _list_steps(ctx, section)
    if not steps:
        return Timeline(section, (), (), ((section.line, COLUMNS),))
    absent = tuple(k for k, attr in (("time", "time"), ("owner", "owner"), ("check", "check"))
                   if all(getattr(s, attr) is None for s in steps))
    return Timeline(section, (), tuple(steps), ((steps[0].line, absent),))


def _titles(ctx: CheckContext, keys: Sequence[str]) -> LocalText:
    titles = release_vocab(ctx).timeline.column_titles
    return joined(ctx.vocab, [local(titles[k]) for k in keys], "join_tight")


def timeline_columns(ctx: CheckContext, params: ColumnParams) -> Iterator[Hit]:
    """The timeline lacks a column (time, task, owner, check), or there is no timeline at all."""
    found = timeline(ctx, params.section)
    if found is None:
        return
    for line, absent in found.missing:
        wanted = [k for k in params.columns if k in absent]
        if wanted:
            yield Hit(line, args={"columns": _titles(ctx, wanted)})


def _check_is_blank(ctx: CheckContext, step: Step) -> bool:
    words = release_vocab(ctx).timeline
    if step.check is None:
        return False
    if not (words.is_empty(step.check) or words.tick_box.match(normalize(step.check))):
        return False
    # "…がRunningになることを確認" in the procedure cell says what is checked.
    task = normalize(step.task)
    return not contains_any(task, words.verification)


def timeline_cells(ctx: CheckContext, params: ColumnParams) -> Iterator[Hit]:
    """Timeline rows whose owner or check cell is empty, a dash or only a tick box."""
    found = timeline(ctx, params.section)
    if found is None or not found.tables:
        return
    words = release_vocab(ctx).timeline
    for step in found.steps:
        blank = []
        for key in params.columns:
            value = getattr(step, key, None)
            if key == "check":
                if _check_is_blank(ctx, step):
                    blank.append(key)
            elif isinstance(value, str) and words.is_empty(value):
                blank.append(key)
        if blank:
            shown = clip(" ".join(step.name.split()), 40)
            yield Hit(step.line, args={"columns": _titles(ctx, blank), "step": shown})
