"""Routine effort (OPS023): does the routine work say how much work it is, in any form?

Gate 4 asks whether the routine work fits the team's capacity. Teams answer it as a total
(工数, FTE, hours a month), as a time per item, row or cadence block ("about 10 minutes",
"15分/日"), or by saying the routine work is automated, so the human effort is reading the
results. Any of these is enough; a bare task list is not.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from opslint.checks.ops.routine_read import RoutineUnit, routine_scope, routine_units, routine_vocab
from opslint.checks.ops.vocab_models import EffortVocab
from opslint.checks.shared.common import typed_vocab
from opslint.checks.shared.units import has_term, load_parts, primary_line
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.engine.registry import NoParams
from opslint.facts.quantities import find_durations, parse_frequency

__all__ = ["routine_effort_missing", "states_effort"]


_WINDOW = 10  # characters either side of a duration read for interval and deadline words


def _is_effort_duration(text: str, vocab: EffortVocab) -> bool:
    """A duration of work in the text: short enough, and not an interval or a deadline."""
    frequency = parse_frequency(text)
    for duration in find_durations(text):
        if not 0 < duration.minutes <= vocab.max_minutes:
            continue
        if frequency and frequency.start < duration.end and duration.start < frequency.end:
            continue  # "4時間毎", "every 6 hours": how often, not how long
        before = normalize(text[max(0, duration.start - _WINDOW):duration.start])
        after = normalize(text[duration.end:duration.end + _WINDOW])
        if has_term(before, vocab.not_before) or has_term(after, vocab.not_after):
            continue
        return True
    return False


def _says_automated(unit: RoutineUnit, vocab: EffortVocab) -> bool:
    """A heading or paragraph (not one item) saying the routine work is automated."""
    if unit.unit.kind not in ("title", "paragraph"):
        return False
    norm = unit.unit.norm
    return has_term(norm, vocab.automated) and not has_term(norm, vocab.negated)


def states_effort(units: Sequence[RoutineUnit], terms: Sequence[str], vocab: EffortVocab
                  ) -> bool:
    """Whether the routine units state the effort in one of the forms teams write it."""
    for unit in units:
        if has_term(unit.unit.norm, terms) or _says_automated(unit, vocab):
            return True
        if unit.unit.kind in ("item", "row", "paragraph", "title") and _is_effort_duration(
                unit.unit.text, vocab):
            return True
    return False


def routine_effort_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """The routine work states its effort nowhere (no total, no time per task, not automated)."""
    vocab = routine_vocab(ctx)
    sections = routine_scope(ctx, vocab)
    if not sections:
        return
    effort = typed_vocab(ctx, "routine:effort", EffortVocab)
    capacity = load_parts(ctx, "routine")["capacity"]
    if states_effort(routine_units(ctx.doc, sections, vocab), capacity.terms, effort):
        return
    yield Hit(primary_line(sections), args={"part": capacity.text()}, key="routine:capacity")
