"""Routine work (定常作業): each cadence of the spec is present and holds the spec's tasks."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from opslint.checks.ops.routine_read import (
    RoutineUnit,
    RoutineVocab,
    Task,
    cadences_of,
    elsewhere_units,
    routine_scope,
    routine_units,
    routine_vocab,
    runs_no_hosts,
)
from opslint.checks.shared.units import has_term, primary_line
from opslint.checks.shared.words import join_labels
from opslint.document.model import Section
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.registry import NoParams
from opslint.engine.vocab import DataError

# The readers live in routine_read; tests and older imports name them from here.
__all__ = ["RoutineVocab", "cadence_missing", "cadences_of", "task_missing"]


def _satisfied(task: Task, rank: float, units: Sequence[RoutineUnit], vocab: RoutineVocab,
               *, strict: bool) -> bool:
    """Done at the cadence or more often; without ``strict`` an undated mention also counts.
    Only the units naming the task (``Task.mentioned_in``: its local terms, or
    ``named_in``) can answer, so only they are read, in order."""
    mentioned = task.mentioned_in([u.unit.norm for u in units])
    for index in sorted(mentioned):
        routine_unit = units[index]
        unit_rank = routine_unit.rank(vocab)
        if has_term(routine_unit.unit.norm, task.local_terms) and unit_rank == rank:
            return True
        if not task.named_in(routine_unit.unit.norm):
            continue
        if (unit_rank is None and not strict) or (unit_rank is not None and unit_rank <= rank):
            return True
    return False


def _present(units: Sequence[RoutineUnit], vocab: RoutineVocab) -> set[str]:
    present: set[str] = set()
    for routine_unit in units:
        for key in routine_unit.cadences:
            present.add(vocab.cadences[key].counts_as or key)
    return present


def _tasks(vocab: RoutineVocab, key: str) -> Mapping[str, Task]:
    tasks = vocab.tasks.get(key)
    if tasks is None:
        raise DataError(f"rules/vocab/routine.yaml: key 'tasks' has no cadence {key!r}")
    return tasks


@dataclass(frozen=True)
class _Routine:
    """The routine-work chapter of a document, read once for both cadence checks."""

    vocab: RoutineVocab
    sections: list[Section]
    units: list[RoutineUnit]
    present: set[str]
    elsewhere: list[RoutineUnit]  # other chapters' units that state a cadence
    hostless: bool  # serverless or managed compute only: host tasks do not apply

    def tasks(self, key: str) -> Mapping[str, Task]:
        """The spec's tasks of a cadence that apply to this set."""
        return {k: t for k, t in _tasks(self.vocab, key).items()
                if not (t.needs_hosts and self.hostless)}

    def cadences(self, *, present: bool) -> Iterator[tuple[str, float]]:
        """The spec's cadences that the document has (or lacks), with their rank."""
        for key in self.vocab.expected:
            if (key in self.present) is present:
                yield key, self.vocab.cadences[key].rank


def _routine(ctx: CheckContext) -> _Routine | None:
    vocab = routine_vocab(ctx)
    sections = routine_scope(ctx, vocab)
    if not sections:
        return None
    units = routine_units(ctx.doc, sections, vocab)
    return _Routine(vocab, sections, units, _present(units, vocab),
                    elsewhere_units(ctx.doc, sections, vocab), runs_no_hosts(ctx, vocab))




def cadence_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A cadence of the spec has no routine work and some of its tasks are done nowhere."""
    routine = _routine(ctx)
    if routine is None:
        return
    vocab, sections = routine.vocab, routine.sections
    units = [*routine.units, *routine.elsewhere]
    for key, rank in routine.cadences(present=False):
        missing = [t.label for t in routine.tasks(key).values()
                   if not _satisfied(t, rank, units, vocab, strict=True)]
        if missing:
            tasks = join_labels(ctx.vocab, [LocalText(m.ja, m.en) for m in missing])
            yield Hit(primary_line(sections), args={"cadence": vocab.label(key), "tasks": tasks},
                      key=f"routine:{key}")


def _cadence_line(units: Sequence[RoutineUnit], key: str, vocab: RoutineVocab,
                  default: int) -> int:
    def has(unit: RoutineUnit) -> bool:
        return any((vocab.cadences[c].counts_as or c) == key for c in unit.cadences)

    titles = [u.unit.line for u in units if has(u) and u.unit.kind == "title"]
    lines = titles or [u.unit.line for u in units if has(u)]
    return min(lines) if lines else default


def task_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A cadence is present but one of the spec's tasks for it is done at no cadence as often."""
    routine = _routine(ctx)
    if routine is None:
        return
    vocab, sections, units = routine.vocab, routine.sections, routine.units
    for key, rank in routine.cadences(present=True):
        line = _cadence_line(units, key, vocab, primary_line(sections))
        for task_key, task in routine.tasks(key).items():
            if not (_satisfied(task, rank, units, vocab, strict=False)
                    or _satisfied(task, rank, routine.elsewhere, vocab, strict=True)):
                label = LocalText(task.label.ja, task.label.en)
                yield Hit(line, args={"cadence": vocab.label(key), "task": label},
                          key=f"routine:{key}:{task_key}")
