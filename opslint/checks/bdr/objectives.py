"""Recovery objectives: RTO and RPO are stated as numbers (table column, row or prose)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from opslint.checks.bdr.backup import BackupVocab, backup_vocab
from opslint.checks.shared.severity import (
    SeverityVocab,
    incident_vocab,
    level_label,
    severity_scope,
)
from opslint.checks.shared.units import (
    Unit,
    anchor_line,
    doc_units,
    has_term,
    primary_line,
    scope_sections,
)
from opslint.checks.shared.words import join_labels
from opslint.document.model import Document, Section, Table
from opslint.document.normalize import normalize, word_pattern
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.memo import LastKept
from opslint.engine.registry import NoParams
from opslint.engine.vocab import Vocab
from opslint.facts.joined import holding
from opslint.facts.quantities import find_durations

__all__ = ["Statement", "objective_statements", "unit_statements"]

# Between an objective's term and its value: brackets, emphasis and spacing carry nothing.
_FILLER = re.compile(r"[\s()（）\[\]*_`「」:：=]+")


@dataclass(frozen=True)
class Statement:
    """A mention of an RTO or RPO: where, and whether it carries a number."""

    key: str
    line: int
    numeric: bool


def _numeric(text: str, bv: BackupVocab) -> bool:
    return bool(find_durations(text)) or any(re.search(p, text) for p in bv.zero_patterns)


def _term_patterns(bv: BackupVocab) -> list[tuple[str, re.Pattern[str]]]:
    """(objective key, compiled term) for every term, compiled once per vocabulary: built
    per unit, they cost a pattern-cache lookup per term and unit (issue 10)."""
    return _compiled(bv)[0]


def _any_term(bv: BackupVocab) -> re.Pattern[str] | None:
    """One alternation of every objective term: it matches exactly where one of the terms
    does, so a unit it misses names no objective (most units: one search, not one per term)."""
    return _compiled(bv)[1]


_Compiled = tuple[list[tuple[str, re.Pattern[str]]], re.Pattern[str] | None]


def _compiled(bv: BackupVocab) -> _Compiled:
    def build() -> _Compiled:
        compiled = []
        for key, objective in bv.objectives.items():
            for term in objective.terms:
                needle = normalize(term)
                compiled.append((key, re.compile(
                    word_pattern(re.escape(needle)) if needle.isascii()
                    else re.escape(needle))))
        patterns = [p.pattern for _, p in compiled]
        joined = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
        return compiled, joined

    return _COMPILED.get((bv,), build)


_COMPILED: LastKept[_Compiled] = LastKept()  # the last vocabulary's


def _occurrences(norm: str, bv: BackupVocab) -> list[tuple[int, int, str]]:
    either = _any_term(bv)
    if either is None or either.search(norm) is None:
        return []
    found: set[tuple[int, int, str]] = set()
    for key, pattern in _term_patterns(bv):
        found.update((m.start(), m.end(), key) for m in pattern.finditer(norm))
    return sorted(found)


def _empty(segment: str, bv: BackupVocab) -> bool:
    rest = _FILLER.sub("", segment)
    for joiner in sorted(bv.joiners, key=len, reverse=True):
        rest = rest.replace(joiner, "")
    return not rest


def unit_statements(unit: Unit, bv: BackupVocab) -> Iterator[Statement]:
    """Objectives a unit names, each with whether the text after it (to the next) has a number."""
    hits = _occurrences(unit.norm, bv)
    results: list[bool] = []
    for index, (_, end, _key) in enumerate(hits):
        stop = hits[index + 1][0] if index + 1 < len(hits) else len(unit.norm)
        results.append(_numeric(unit.norm[end:stop], bv))
    for index in range(len(hits) - 2, -1, -1):
        # "RPO/RTO 24h": a term followed only by a joiner shares the next value.
        segment = unit.norm[hits[index][1]:hits[index + 1][0]]
        if not results[index] and _empty(segment, bv):
            results[index] = results[index + 1]
    if hits and not results[-1] and len({k for _, _, k in hits}) == 1:
        results[-1] = _numeric(unit.norm[: hits[0][0]], bv)  # "4時間以内に復旧（RTO）"
    for (_, _, key), numeric in zip(hits, results, strict=True):
        yield Statement(key, unit.line, numeric)


def _severity_table(table: Table, sv: SeverityVocab) -> bool:
    # A severity table's "目標復旧時間" is a per-incident target, not the DR objective (C007).
    return any(level_label(r.cells[0], sv, weak=False) for r in table.rows if r.cells)


def _objective_columns(table: Table, bv: BackupVocab) -> list[tuple[int, str]]:
    """(column index, objective key) of each header naming an objective ("| 対象 | RTO |")."""
    return [(index, key) for index, header in enumerate(normalize(h) for h in table.header)
            for key, objective in bv.objectives.items() if has_term(header, objective.terms)]


def _column_statements(table: Table, columns: Sequence[tuple[int, str]], bv: BackupVocab
                       ) -> Iterator[Statement]:
    """Objectives as columns: numeric when a cell below has a value."""
    for index, key in columns:
        cells = [r.get(index) for r in table.rows]
        yield Statement(key, table.line, any(_numeric(normalize(c), bv) for c in cells))


def objective_statements(doc: Document, vocab: Vocab, bv: BackupVocab, sv: SeverityVocab
                         ) -> list[Statement]:
    """Every RTO/RPO mention outside severity chapters and tables, in document order."""
    excluded = severity_scope(vocab, doc, sv)
    either = _any_term(bv)
    # The units that name an objective (most name none, and make no statement).
    named = [] if either is None else _named_units(doc, excluded, either)
    lines = {u.line for u in named}
    skipped_rows: set[int] = set()
    found: list[Statement] = []
    for section in doc.sections():
        if any(s.line <= section.line <= s.end_line for s in excluded):
            continue
        for table in (b for b in section.blocks if isinstance(b, Table)):
            columns = _objective_columns(table, bv)
            rows = (table.line, *(r.line for r in table.rows))
            if not columns and lines.isdisjoint(rows):
                continue  # names no objective: whether it is a severity table changes nothing
            if _severity_table(table, sv):
                skipped_rows.update(rows)
            else:
                found.extend(_column_statements(table, columns, bv))
    for unit in named:
        if unit.line not in skipped_rows:
            found.extend(unit_statements(unit, bv))
    return sorted(found, key=lambda s: s.line)


def _named_units(doc: Document, excluded: Sequence[Section], either: re.Pattern[str]
                 ) -> list[Unit]:
    """``[u for u in doc_units(doc) if either.search(u.norm) and u is outside the excluded
    sections]``, in order. The terms' alternation is searched once in the units' texts
    joined with NUL (``facts/joined.holding``), not once per unit: it is made of escaped
    terms and word lookarounds (``_compiled``), so when no term holds NUL, no match holds
    one, and a lookaround reads the NUL beside a text as it reads the text's start or end
    (neither is a letter or digit): a match in the joined texts is a match in one unit's
    own text, and every unit holding one is found. Only the units found are then looked
    up in the excluded sections."""
    units = doc_units(doc)  # the document's units, cut once for every reader
    norms = [u.norm for u in units]
    if "\0" in either.pattern:  # a term holding NUL: each text searched alone
        found: Iterable[int] = [i for i, norm in enumerate(norms) if either.search(norm)]
    else:
        found = sorted(holding(either, norms, "\0"))
    # The excluded sections' line ranges merged, so a unit's line is looked up by bisection
    # rather than tested against every section (35,000 units in a 5 MB document).
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted((s.line, s.end_line) for s in excluded):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    named: list[Unit] = []
    for index in found:
        unit = units[index]
        at = bisect_right(starts, unit.line) - 1
        if at < 0 or unit.line > ends[at]:
            named.append(unit)
    return named


def _statements(ctx: CheckContext) -> tuple[Statement, ...]:
    """The document's objective statements, read once per document for the rules that ask."""
    from opslint.facts.reading import Reading

    def read(doc: Document, model: object) -> tuple[Statement, ...]:
        here = CheckContext(doc, ctx.model)
        return tuple(objective_statements(doc, here.vocab, backup_vocab(here),
                                          incident_vocab(here).severity))

    return ctx.read(Reading("backup-objective-statements", read))


def objective_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """RTO or RPO is not stated with a number; both unmentioned give one finding."""
    bv = backup_vocab(ctx)
    statements = _statements(ctx)
    chapter = scope_sections(ctx.vocab, ctx.doc, ["backup_dr", "backup", "dr"])
    default = primary_line(chapter) if chapter else anchor_line(ctx.doc)
    unmet = [k for k in bv.objectives if not any(s.numeric for s in statements if s.key == k)]
    labels = {k: LocalText(o.label.ja, o.label.en) for k, o in bv.objectives.items()}
    silent = [k for k in unmet if not any(s.key == k for s in statements)]
    if len(silent) == len(bv.objectives) > 1:
        yield Hit(default, args={"objective": join_labels(ctx.vocab, [labels[k] for k in silent])},
                  key="objective:all")
        return
    for key in unmet:
        mention = next((s.line for s in statements if s.key == key), default)
        yield Hit(mention, args={"objective": labels[key]}, key=f"objective:{key}")
