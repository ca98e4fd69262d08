"""Observability and alert routing: pillars with their tools, and where each alert level goes."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from opslint.checks.mon.params import UnpairedParams
from opslint.checks.mon.table import (
    MONITOR_SECTIONS,
    VOCAB,
    is_blank,
    level_of,
    monitor_levels,
    monitor_rows,
    monitor_tables_of,
)
from opslint.checks.shared.common import map_columns
from opslint.checks.shared.units import (
    Part,
    anchor_line,
    has_term,
    named_part,
    scope_sections,
    section_units,
    unit_has,
    units_naming,
)
from opslint.checks.shared.words import joined, listed, words
from opslint.document.model import Document, Table
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.registry import NoParams
from opslint.facts.model import Monitor
from opslint.facts.monitoring import route_pages
from opslint.facts.parts import part_units
from opslint.facts.text import cell_text

__all__ = ["LevelStatement", "critical_monitors", "level_statements"]


def parts_unpaired(ctx: CheckContext, params: UnpairedParams) -> Iterator[Hit]:
    """A part the scope mentions, but never together with its companion (a log without a tool)."""
    companion = named_part(ctx, params.vocab, params.companion)
    sections = scope_sections(ctx.vocab, ctx.doc, params.scope)
    from opslint.checks.shared.units import scope_units  # the model's units, sliced

    # A tuple: the parts are searched in the units' texts joined once (``part_units``).
    units = tuple(u for s in sections for u in scope_units(ctx, s))
    for key in params.parts:
        part = named_part(ctx, params.vocab, key)
        mentions = list(part_units(units, part))  # the units ``unit_has`` holds for, in order
        if not mentions or any(unit_has(u, companion) for u in mentions):
            continue
        # A subsection titled after the part ("#### ログ") may name the tool in its body.
        titled = [u.section for u in mentions if u.kind == "title"]
        if any(unit_has(u, companion) for s in titled for u in scope_units(ctx, s)):
            continue
        yield Hit(mentions[0].line, args={"part": part.text()}, key=f"{params.vocab}:{key}")


@dataclass(frozen=True)
class LevelStatement:
    """Text that speaks about one alert level: a table row, or a labelled piece of prose."""

    level: str
    line: int
    norm: str


def _table_statements(table: Table, ctx: CheckContext, levels: Mapping[str, Part]
                      ) -> Iterator[LevelStatement]:
    mapped = map_columns(table, ctx.vocab, ["level"])
    if mapped.has("level"):
        for index, row in enumerate(table.rows):
            level = level_of(mapped.cell(index, "level"), levels)
            if level is not None:
                yield LevelStatement(level, row.line, normalize(" | ".join(row.cells)))
        return
    # Levels as columns: | 項目 | Critical | Warning | Info |.
    by_column = {i: lv for i, h in enumerate(table.header) if (lv := level_of(h, levels))}
    if len(by_column) < 2:
        return
    for row in table.rows:
        for index, level in by_column.items():
            text = normalize(f"{row.get(0)} {row.get(index)}")
            yield LevelStatement(level, row.line, text)


def _label_pattern(ctx: CheckContext, levels: Mapping[str, Part]) -> re.Pattern[str]:
    separators = str(ctx.vocab.terms.get(VOCAB, {}).get("level_label_separators", r"\s*[:：]"))
    names = "|".join(
        f"(?P<{key}>{'|'.join(re.escape(normalize(t)) for t in part.terms)})"
        for key, part in levels.items()
    )
    return re.compile(rf"(?:^|(?<=[\s、,;；|/(（・*\[【]))(?:{names})(?![a-z]){separators}")


def _prose_statements(text: str, line: int, pattern: re.Pattern[str]) -> Iterator[LevelStatement]:
    norm = normalize(text)
    labels = [(m.start(), m.lastgroup or "") for m in pattern.finditer(norm)]
    for index, (start, level) in enumerate(labels):
        end = labels[index + 1][0] if index + 1 < len(labels) else len(norm)
        yield LevelStatement(level, line, norm[start:end])


def level_statements(ctx: CheckContext) -> list[LevelStatement]:
    """What the monitoring chapter says about each alert level, in tables and labelled prose.

    Only the monitoring chapter: elsewhere "重大" is an incident severity and "注意:" a note.
    Read once per document for the rules that ask (info pages, level channels).
    """
    from opslint.facts.reading import Reading

    return list(ctx.read(Reading("alert-level-statements",
                                 lambda doc, model: _level_statements(CheckContext(doc, model)))))


def _level_statements(ctx: CheckContext) -> tuple[LevelStatement, ...]:
    levels = monitor_levels(ctx)
    sections = scope_sections(ctx.vocab, ctx.doc, MONITOR_SECTIONS)
    found = [st for s in sections for t in s.tables() for st in _table_statements(t, ctx, levels)]
    pattern = _label_pattern(ctx, levels)
    from opslint.checks.shared.units import scope_units  # the model's units, sliced

    for unit in (u for s in sections for u in scope_units(ctx, s)):
        if unit.kind in ("paragraph", "item"):
            for offset, text in enumerate(unit.text.split("\n")):
                found.extend(_prose_statements(text, unit.line + offset, pattern))
    return tuple(sorted(found, key=lambda s: s.line))


def _terms(ctx: CheckContext, key: str) -> tuple[str, ...]:
    return ctx.vocab.term_list(VOCAB, key)


def info_pages(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """An Info-level alert that phones or pages someone."""
    paging, negation = _terms(ctx, "paging"), _terms(ctx, "negation")
    for statement in level_statements(ctx):
        if statement.level != "info":
            continue
        # Per table cell: "なし" in the SLI column does not negate "架電" in the action.
        cells = [c for c in statement.norm.split("|") if has_term(c, paging)]
        if any(not has_term(c, negation) for c in cells):
            yield Hit(statement.line, key=f"info-pages:{statement.line}")


def _used_levels(ctx: CheckContext, statements: Sequence[LevelStatement]) -> list[str]:
    levels = monitor_levels(ctx)
    tables = [m for m in monitor_tables_of(ctx) if m.has("level")]
    used = [lv for r in monitor_rows(tables) if (lv := level_of(r.cell("level"), levels))]
    used = used or [s.level for s in statements]
    return [key for key in levels if key in used]


def _levels_with_channel_cells(ctx: CheckContext, levels: Mapping[str, Part]) -> set[str]:
    tables = [m for m in monitor_tables_of(ctx) if m.has("level", "channel")]
    return {lv for r in monitor_rows(tables) if not is_blank(r.cell("channel"), ctx.vocab)
            and (lv := level_of(r.cell("level"), levels))}


def _routing_anchor(doc: Document, ctx: CheckContext) -> int:
    sections = scope_sections(ctx.vocab, doc, ("alerts", "escalation"))
    sections = sections or scope_sections(ctx.vocab, doc, MONITOR_SECTIONS)
    return sections[0].line if sections else anchor_line(doc)


def level_channel_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """An alert level in use with no notification channel (Slack, PagerDuty, phone…)."""
    channels, every = _terms(ctx, "channels"), _terms(ctx, "all_levels")
    statements = level_statements(ctx)
    levels = monitor_levels(ctx)
    used = _used_levels(ctx, statements)
    from opslint.checks.shared.units import scope_units  # the model's units, sliced

    scope = [u for s in scope_sections(ctx.vocab, ctx.doc, MONITOR_SECTIONS)
             for u in scope_units(ctx, s)]
    if next(units_naming(units_naming(scope, every), channels), None) is not None:
        return
    if not used:
        if next(units_naming(scope, channels), None) is None:
            label = named_part(ctx, VOCAB, "any_level").text()
            yield Hit(_routing_anchor(ctx.doc, ctx), args={"level": label}, key="channel:any")
        return
    routed = _levels_with_channel_cells(ctx, levels)
    for level in used:
        mine = [s for s in statements if s.level == level]
        if level in routed:
            continue  # the monitor rows of this level name their channel ("#ops-alerts")
        if mine and not any(has_term(s.norm, channels) for s in mine):
            label = levels[level].text()
            yield Hit(mine[0].line, args={"level": label}, key=f"channel:{level}")


def _pages(ctx: CheckContext, text: str) -> bool:
    return route_pages(text, ctx.vocab)


def critical_monitors(ctx: CheckContext) -> list[Monitor]:
    """The monitors at Critical level, through the document's legend."""
    levels = monitor_levels(ctx)
    return [m for m in ctx.facts().operation.monitors
            if (m.level_name or level_of(m.level, levels) or "") == "critical"]


def critical_not_paging(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """Critical monitors that page nobody. A monitor's own channel cell is its route; a
    monitor without one follows the Critical level's routing."""
    routing = [a for a in ctx.facts().operation.alert_levels if a.name == "critical"]
    level_pages = any(_pages(ctx, " ".join(a.channels)) for a in routing)
    own: list[Monitor] = []
    by_level: list[Monitor] = []
    for monitor in critical_monitors(ctx):
        if _pages(ctx, monitor.action):
            continue
        if _names_channel(ctx, monitor.channel):
            if not _pages(ctx, monitor.channel):
                own.append(monitor)
        elif not level_pages:
            by_level.append(monitor)
    if own:
        cells = list(dict.fromkeys(cell_text(m.channel) for m in own))
        yield _unpaged(ctx, own, joined(ctx.vocab, cells), own[0].line)
    if by_level and routing:
        names = list(dict.fromkeys(c for a in routing for c in a.channels))
        yield _unpaged(ctx, by_level, joined(ctx.vocab, names), routing[0].line)
    elif by_level and not _chapter_pages(ctx):
        # No route at all: reported only when the chapter never names a way to page, so
        # routing written in a form not read as a level's route is not taken for none.
        yield _unpaged(ctx, by_level, words(ctx.vocab)("none_stated"), by_level[0].line)


def _chapter_pages(ctx: CheckContext) -> bool:
    sections = scope_sections(ctx.vocab, ctx.doc, MONITOR_SECTIONS)
    return any(_pages(ctx, u.text) for s in sections for u in section_units(ctx.doc, s)
               if u.kind != "title")


# A chat channel or an address written as such: "#ops-alerts", "ops@example.com".
_CHANNEL_LIKE = re.compile(r"(?<![\w&])#[\w-]+|[\w.+-]+@[\w-]+\.[\w.]+")


def _names_channel(ctx: CheckContext, cell: str) -> bool:
    """Whether a channel cell names a channel; "see 3.3" or "as routed" defers to the level."""
    text = cell_text(cell)
    if is_blank(text, ctx.vocab):
        return False
    return has_term(normalize(text), _terms(ctx, "channels")) or bool(_CHANNEL_LIKE.search(text))


def _unpaged(ctx: CheckContext, monitors: Sequence[Monitor], channels: LocalText, line: int
             ) -> Hit:
    names = listed(ctx.vocab, (m.id or m.item or m.target for m in monitors))
    return Hit(line, args={"monitors": names, "channels": channels},
               key=f"critical-paging:{line}")
