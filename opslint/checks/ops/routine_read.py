"""Reading routine work (定常作業): its vocabulary, its chapter and the cadence of each unit.

Shared by the routine checks (OPS020, OPS021) and the check of recurring obligations of the
design documents (OPS028).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from opslint.checks.ops.vocab_models import RoutineVocab, Task
from opslint.checks.shared.common import typed_vocab
from opslint.checks.shared.units import (
    Unit,
    doc_units,
    has_term,
    outermost,
    scope_sections,
)
from opslint.document.model import DocKind, Document, Section
from opslint.document.normalize import any_term_pattern, normalize
from opslint.engine.context import CheckContext
from opslint.engine.memo import LastKept, PerText
from opslint.facts.quantities import parse_frequency
from opslint.facts.units import section_units

__all__ = ["RoutineUnit", "RoutineVocab", "Task", "cadences_of", "elsewhere_units", "routine_scope",
           "routine_units", "routine_vocab", "runs_no_hosts", "unit_cadences", "units_cadences"]

_DESIGN_KINDS = (DocKind.ARCHITECTURE, DocKind.BASIC_DESIGN)
# A short paragraph naming a cadence ("**日次作業**") heads the blocks after it.
_LEAD_MAX_CHARS = 40


def routine_vocab(ctx: CheckContext) -> RoutineVocab:
    return typed_vocab(ctx, "routine", RoutineVocab)


@dataclass(frozen=True)
class RoutineUnit:
    """A unit of the routine chapter with the cadences it states or inherits."""

    unit: Unit
    cadences: frozenset[str]

    def rank(self, vocab: RoutineVocab) -> float | None:
        ranks = [vocab.cadences[c].rank for c in self.cadences]
        return min(ranks) if ranks else None


def cadences_of(text: str, vocab: RoutineVocab) -> frozenset[str]:
    """The cadences a text names: by term, else by a parsed periodic interval."""
    return _CADENCES.get((vocab,), text, lambda t: _cadences(t, vocab))


def unit_cadences(unit: Unit, vocab: RoutineVocab) -> frozenset[str]:
    """``cadences_of(unit.text)``; a table row's read from its cells (``_Rows``)."""
    return units_cadences([unit], vocab)[0]


def units_cadences(units: Sequence[Unit], vocab: RoutineVocab) -> list[frozenset[str]]:
    """``unit_cadences`` of each unit: the table rows read together (``_Rows``)."""
    rows = _ROWS.get((vocab,), lambda: _Rows(vocab))
    found: list[frozenset[str]] = [frozenset()] * len(units)
    batch: list[tuple[int, list[_Said], list[str]]] = []
    for index, unit in enumerate(units):
        cells = unit.cells if unit.row is not None else ()
        if len(cells) < 2 or unit.text != " | ".join(cells):
            found[index] = cadences_of(unit.text, vocab)
            continue
        said, fresh = rows.split(cells)
        if not fresh:
            found[index] = rows.combine(said)
            continue
        batch.append((index, said, fresh))
        if len(batch) == _BATCH:
            rows.settle(batch, found)
            batch = []
    rows.settle(batch, found)
    return found


# What a text says of cadences: the cadences its terms name, and the mode and interval of
# the frequency parse_frequency picks in it (None for none).
_Said = tuple[frozenset[str], "tuple[str, float | None] | None"]


class _Rows:
    """The cadences of table rows, each distinct cell read once.

    A row's text is its cells joined by " | ", and no cadence term or frequency cue spans
    that separator (their patterns cross no "|", and their lookarounds see the same
    non-letter at a cell's edge as at the text's edge). So a row names the cadence terms
    its cells name, and its cadence follows from the frequencies parse_frequency picks in
    its cells: PITR or replication in any cell is the row's pick (never periodic); else the
    row's pick is the shortest interval of all, the same as the shortest of the cells' own
    picks (on a tie the earliest wins, but all picks at the shortest interval are periodic
    when it is not 0, and none gives a cadence when it is). The same holds for any group of
    cells read together.

    A cell seen a second time is read alone and kept. The cells seen first (a row's ID and
    name) are read together: those of _BATCH rows at once, which in a monitor table name no
    cadence and no frequency at all, and only when they do, each row's again. (16 rows, not
    more: parse_frequency keeps its last 1,024 texts with a source offset per character.)
    (tests/test_perf_tables_reads.py compares this with reading each row's text.)
    """

    def __init__(self, vocab: RoutineVocab) -> None:
        self.vocab = vocab
        self.known: dict[str, _Said] = {}
        self.seen: set[str] = set()

    def split(self, cells: Sequence[str]) -> tuple[list[_Said], list[str]]:
        """What the cells read before say (those that say nothing left out), and the cells
        seen for the first time."""
        said: list[_Said] = []
        fresh: list[str] = []
        known, seen = self.known, self.seen
        for cell in cells:
            found = known.get(cell)
            if found is None and cell in seen:
                if len(known) >= _KEPT:
                    known.clear()
                found = known[cell] = self._said(cell)
            if found is None:
                if len(seen) >= _KEPT:
                    seen.clear()
                seen.add(cell)
                fresh.append(cell)
            elif found is not _SILENT:
                said.append(found)
        return said, fresh

    def settle(self, batch: Sequence[tuple[int, list[_Said], list[str]]],
               found: list[frozenset[str]]) -> None:
        """The cadences of rows whose first-seen cells are read together."""
        if not batch:
            return
        joined = " | ".join(cell for _, _, fresh in batch for cell in fresh)
        silent = not _named(normalize(joined), self.vocab) and _pick(joined) is None
        for index, said, fresh in batch:
            found[index] = self.combine(said if silent else [*said, self._said(" | ".join(fresh))])

    def combine(self, said: Sequence[_Said]) -> frozenset[str]:
        """A row's cadences from what its cells (alone or in groups) say."""
        if not said:  # most rows: their cells say nothing
            return _NONE
        named = frozenset().union(*(terms for terms, _ in said))
        if named:
            return named
        picks = [pick for _, pick in said if pick is not None]
        if not picks or any(mode in ("pitr", "replication") for mode, _ in picks):
            return frozenset()
        mode, minutes = min(picks, key=lambda p: p[1] or 0.0)
        return _fitting(minutes, self.vocab) if mode == "periodic" else frozenset()

    def _said(self, text: str) -> _Said:
        said = _named(normalize(text), self.vocab), _pick(text)
        return _SILENT if said == _SILENT else said


def _pick(text: str) -> tuple[str, float | None] | None:
    frequency = parse_frequency(text)
    return None if frequency is None else (frequency.mode, frequency.interval_minutes)


# A heading's cadences are asked for each unit under it ("cadence of the unit, else of its
# heading"), and a routine table repeats its cadence cells: each text is read once.
_CADENCES: PerText[frozenset[str]] = PerText()
_ROWS: LastKept[_Rows] = LastKept()
_KEPT = 4096
_BATCH = 16
_NONE: frozenset[str] = frozenset()
_SILENT: _Said = (_NONE, None)  # what most cells say: one object, skipped by identity


def _named(norm: str, vocab: RoutineVocab) -> frozenset[str]:
    return frozenset(key for key, c in vocab.cadences.items() if has_term(norm, c.terms))


def _cadences(text: str, vocab: RoutineVocab) -> frozenset[str]:
    found = _named(normalize(text), vocab)
    if found:
        return found
    frequency = parse_frequency(text)
    if frequency is None or frequency.mode != "periodic":
        return frozenset()
    return _fitting(frequency.interval_minutes, vocab)


def _fitting(minutes: float | None, vocab: RoutineVocab) -> frozenset[str]:
    """The shortest cadence a periodic interval fits in (none for no interval)."""
    if not minutes:
        return frozenset()
    fitting = sorted(vocab.cadences.items(), key=lambda kv: kv[1].max_minutes)
    key = next((k for k, c in fitting if minutes <= c.max_minutes), None)
    return frozenset({key}) if key else frozenset()


def routine_scope(ctx: CheckContext, vocab: RoutineVocab) -> list[Section]:
    """The routine chapter plus cadence headings elsewhere ("週次チェックリスト")."""
    def read() -> tuple[Section, ...]:
        base = scope_sections(ctx.vocab, ctx.doc, ["routine"])
        extra = [
            s for s in ctx.doc.sections()
            if cadences_of(s.title, vocab) and has_term(s.norm, vocab.hints)
        ]
        return tuple(outermost([*base, *extra]))

    return list(_SCOPE.get((ctx.doc, ctx.vocab, vocab), read))


def routine_units(doc: Document, sections: Sequence[Section], vocab: RoutineVocab
                  ) -> list[RoutineUnit]:
    def read() -> tuple[RoutineUnit, ...]:
        out: list[RoutineUnit] = []
        for section in sections:
            _walk(doc, section, frozenset(), vocab, out)
        return tuple(out)

    return list(_ROUTINE.get((doc, vocab, *sections), read))


# Four routine rules read the same document's routine units, two the units elsewhere, and
# all of them the routine chapters: each reader keeps its last document's answer.
_SCOPE: LastKept[tuple[Section, ...]] = LastKept()
_ROUTINE: LastKept[tuple[RoutineUnit, ...]] = LastKept()
_ELSEWHERE: LastKept[tuple[RoutineUnit, ...]] = LastKept()


def _walk(doc: Document, section: Section, inherited: frozenset[str], vocab: RoutineVocab,
          out: list[RoutineUnit]) -> None:
    heading = cadences_of(section.title, vocab) or inherited
    lead = heading
    items: list[tuple[int, frozenset[str]]] = []  # open list items: (depth, cadences)
    previous_row: frozenset[str] = frozenset()
    # The section's own blocks (its subsections are walked with their own heading), from
    # the document's one cut: the units every other reader shares, already normalised.
    units = list(section_units(section, code="comments", doc=doc, own=True))
    for unit, own in zip(units, units_cadences(units, vocab), strict=True):
        if unit.kind == "title":
            out.append(RoutineUnit(unit, heading))
            continue
        if unit.kind != "item":
            items.clear()
        if unit.kind == "item":
            while items and items[-1][0] >= unit.depth:
                items.pop()
            cadences = own or (items[-1][1] if items else lead)
            items.append((unit.depth, cadences))
        elif unit.kind == "row":
            # An empty first cell repeats the row above (a merged cadence cell).
            blank_first = not unit.text.split(" | ")[0].strip()
            cadences = own or (previous_row if blank_first and previous_row else lead)
            previous_row = cadences
        else:
            cadences = own or lead
            previous_row = frozenset() if unit.kind == "header" else previous_row
            if unit.kind == "paragraph" and own and len(unit.text) <= _LEAD_MAX_CHARS:
                lead = own
        out.append(RoutineUnit(unit, cadences))
    for child in section.children:
        _walk(doc, child, heading, vocab, out)


def elsewhere_units(doc: Document, routine: Sequence[Section], vocab: RoutineVocab
               ) -> list[RoutineUnit]:
    """Units outside the routine chapter that state a cadence in their text or their own
    heading, in a section that names who does the work ("### DR訓練" / "年1回、10月に…" /
    "担当: SRE"): a planned task that a chapter of its own describes.

    The heading joins the unit's text, and nothing is inherited from further up, so a
    cadence and a task must both be stated where the unit is. A mention without an owner
    (a drill plan nobody is assigned to) leaves the routine work to answer for it.
    """
    return list(_ELSEWHERE.get((doc, vocab, *routine),
                      lambda: tuple(_elsewhere(doc, routine, vocab))))


def _elsewhere(doc: Document, routine: Sequence[Section], vocab: RoutineVocab
               ) -> list[RoutineUnit]:
    inside = {id(s) for r in routine for s in r.walk()}
    units = [u for u in doc_units(doc)  # the document's units, cut once for every reader
             if id(u.section) not in inside and u.kind != "title"]
    owned: set[int] = set()
    # ``has_term(unit.norm, vocab.owners)`` with the owners' alternation looked up once,
    # not once per unit (no terms: has_term holds for no text, and no section is owned).
    owners = any_term_pattern(tuple(vocab.owners))
    if owners is not None:
        for unit in units:  # a section is read until a unit names an owner, not past it
            if id(unit.section) not in owned and owners.search(unit.norm) is not None:
                owned.add(id(unit.section))
    out: list[RoutineUnit] = []
    units = [u for u in units if id(u.section) in owned]
    headings: dict[int, frozenset[str]] = {}  # a section's heading, read once
    for unit, own in zip(units, units_cadences(units, vocab), strict=True):
        cadences = own
        if not cadences:
            heading = headings.get(id(unit.section))
            if heading is None:
                heading = headings[id(unit.section)] = cadences_of(unit.section.title, vocab)
            cadences = heading
        if cadences:
            joined = replace(unit, norm=f"{unit.section.norm} {unit.norm}")
            out.append(RoutineUnit(joined, cadences))
    return out


def runs_no_hosts(ctx: CheckContext, vocab: RoutineVocab) -> bool:
    """The set runs its code only on serverless or fully managed compute (Lambda, Cloud Run,
    App Service…): no operating system of its own to patch.

    Every compute product named in the document or its design documents must be a managed
    one; a set that names none, or names one host (EC2, Kubernetes nodes), runs hosts.
    """
    docs = [ctx.doc, *(d for kind in _DESIGN_KINDS for d in ctx.siblings(kind))]
    names = {n for d in docs for n in ctx.facts(d).names("compute")}
    names -= set(vocab.neutral_compute)
    return bool(names) and names <= set(vocab.managed_compute)
