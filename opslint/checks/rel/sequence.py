"""Release-day order: times ascend and stay in the window; a state switched on is switched off."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from opslint.checks.rel.chapters import chapters
from opslint.checks.rel.params import PairParams, SequenceParams
from opslint.checks.rel.text import Unit, block_units
from opslint.checks.rel.timeline import timeline
from opslint.checks.rel.vocab import Pair, local, release_vocab
from opslint.checks.shared.words import clock
from opslint.document.model import Section
from opslint.document.normalize import contains_any
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.vocab import DataError
from opslint.facts import quantities as q
from opslint.facts.model import TimelineStep
from opslint.facts.release_time import time_points
from opslint.facts.units import loose

_DAY = 1440
_HALF_DAY = 720


def timeline_order(ctx: CheckContext, params: SequenceParams) -> Iterator[Hit]:
    """A timeline time earlier than the one before it (clock times and T± offsets apart)."""
    found = timeline(ctx, params.section)
    if found is None:
        return
    last: dict[str, tuple[int, str]] = {}
    for step in found.steps:
        point = _time_of(ctx, step.time or "")
        if point is None:
            continue  # no time, or a placeholder such as HH:MM (the GATE rules report those)
        kind, minute, text = point
        previous = last.get(kind)
        if previous is not None and kind == "clock":
            # Past midnight: a jump back of half a day or more is the next day (23:50 → 00:10).
            while minute < previous[0] and previous[0] - minute >= _HALF_DAY:
                minute += _DAY
        if previous is not None and minute < previous[0]:
            yield Hit(step.line, args={"time": text, "previous": previous[1]},
                      key=f"timeline-order:{step.line}")
            continue
        last[kind] = (minute, text)


def _time_of(ctx: CheckContext, cell: str) -> tuple[str, int, str] | None:
    """("clock", minute of day, text) or ("offset", minutes from T, text) of a time cell."""
    point = next(iter(time_points(cell, ctx.vocab)), None)
    if point is None:
        return None
    if point.clock is not None:
        return "clock", point.clock, point.text
    return ("offset", point.offset, point.text) if point.offset is not None else None


def _inside(minute: int, window: q.TimeWindow) -> bool:
    return any(window.start_minute <= minute + shift <= window.end_minute
               for shift in (-_DAY, 0, _DAY))


def _shown(ctx: CheckContext, step: TimelineStep) -> LocalText:
    """The step's time as written; a T± time with the clock time it stands for."""
    point = next(iter(time_points(step.time_text, ctx.vocab)), None)
    text = point.text if point is not None else step.time_text.strip()
    if point is None or point.clock is not None or step.minute is None:
        return LocalText(text, text)
    at = clock(ctx.vocab, step.minute)
    phrase = release_vocab(ctx).resolved_time
    return LocalText(phrase.ja.format(time=text, clock=at.ja),
                     phrase.en.format(time=text, clock=at.en))


def timeline_window(ctx: CheckContext, params: SequenceParams) -> Iterator[Hit]:
    """A timeline time outside the release window: clock times, and T± times once the
    document says what T-0 is."""
    release = ctx.facts().release
    window = release.window
    if window is None or window.window.minutes <= 0 or timeline(ctx, params.section) is None:
        return
    for step in release.timeline:
        if step.minute is not None and not _inside(step.minute, window.window):
            yield Hit(step.line, args={"time": _shown(ctx, step), "window": window.window.text},
                      key=f"timeline-window:{step.line}")


def _work_units(ctx: CheckContext, key: str, section: Section) -> list[Unit]:
    """The chapter's steps (timeline rows or items); without a timeline, all its units.

    Descriptions ("the API shows the maintenance page while the flag is on") are not steps,
    so a chapter with a timeline is read through its steps only.
    """
    found = timeline(ctx, key)
    if found is not None and found.steps:
        return [loose(s.line, s.task, "row") for s in found.steps]
    units: list[Unit] = []
    for part in section.walk():
        if part.level:
            units.append(loose(part.line, part.title, "title", part))
        units.extend(u for b in part.blocks for u in block_units(b, part))
    return units


def _has(unit: Unit, terms: tuple[str, ...]) -> bool:
    return contains_any(unit.norm, terms)


Event = Literal["start", "end", "earlier_start"]


def _unbalanced(units: list[Unit], pair: Pair) -> Iterator[tuple[int, Event, Event]]:
    """(line, the step found, the step missing) of each unpaired switch."""
    opened: int | None = None
    seen_start = False
    for unit in units:
        if _has(unit, pair.ignore):
            continue
        starts, ends = _has(unit, pair.start), _has(unit, pair.end)
        if starts and ends:
            continue  # "ON → deploy → OFF" in one step
        if starts and opened is None:
            opened, seen_start = unit.line, True
        elif ends and opened is not None:
            opened = None
        elif ends and not seen_start:
            yield unit.line, "end", "earlier_start"
    if opened is not None:
        yield opened, "start", "end"


def paired_steps(ctx: CheckContext, params: PairParams) -> Iterator[Hit]:
    """A state switched on (maintenance mode) and never switched off again, or the reverse."""
    vocab = release_vocab(ctx)
    pairs, events = vocab.pairs, vocab.pair_events
    if params.pair not in pairs:
        raise DataError(f"rules/vocab/release.yaml: unknown pairs key {params.pair!r}; "
                        f"known: {', '.join(sorted(pairs))}")
    pair = pairs[params.pair]
    found = chapters(ctx)
    for key in params.sections:
        section = found.get(key)
        if section is None:
            continue
        for line, event, missing in _unbalanced(_work_units(ctx, key, section), pair):
            yield Hit(line, args={"section": section.title, "state": local(pair.title),
                                  "event": local(events[event]),
                                  "missing": local(events[missing])}, key=f"pair:{params.pair}")
