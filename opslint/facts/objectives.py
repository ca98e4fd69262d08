"""RTO and RPO: tables with objective columns, rows of other tables, and sentences.

Each objective is read from the clause that names it, so two in one sentence get their own
values ("The RTO is 45 minutes and the RPO is 1 minute", "RTO は 2時間、RPO は 15分"); a
scenario the sentence leads with, or a scenario table's row, is its scope.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

from opslint.document.model import Document, ListItem, Paragraph, Section, Table
from opslint.document.normalize import normalize
from opslint.engine.vocab import Vocab
from opslint.facts.folded_units import folded_units
from opslint.facts.model import RecoveryObjective
from opslint.facts.prose import Sentence, sentences
from opslint.facts.quantities import Duration, find_durations
from opslint.facts.quiet_units import QuietUnits
from opslint.facts.reading import map_columns
from opslint.facts.text import (
    Terms,
    Unit,
    cell_text,
    fold,
    label_value,
    outermost,
    sections_for,
    units,
)
from opslint.facts.units import LAZY

__all__ = ["backup_sections", "objectives", "objectives_in"]

# Between two objectives, these alone mean they share a value or take the values that
# follow in order ("RPO/RTO 24h", "RTO and RPO: 4 hours and 15 minutes").
_SHARED = re.compile(r"^(?:[\s/／・、,，&と()（）]|及び|および|(?i:\b(?:and|or)\b))*$")
# What may stand between "RTO" and its value: "RTO: 1時間", "RTO <= 4h", "RTO（DB）は 2時間",
# "RTO 目標 4時間", "目標復旧時間（RTO）を 4時間", "the RTO is 45 minutes", "an RTO of 8 hours";
# anything wordier ("RPO は Global Database のラグ 1秒") is not the value.
_GAP = re.compile(
    r"^(?:[\s:：=＝<>≦≤≧≥~〜|｜()（）\-–—*]|は|を|が|とし(?:て)?|目標値?|約|最大|"
    r"(?i:\b(?:is|are|be|will|shall|must|should|of|set|to|at|target(?:ed)?|most|up|within|"
    r"under|no|more|than|about|approximately|around|max(?:imum)?)\b)|"
    r"[（(][^）)]{0,20}[）)])*$"
)
_BRACKETS = re.compile(r"[()（）\[\]【】]")
_BRACKETS_ONLY = re.compile(r"^[\s()（）\[\]【】]*$")
_CLAUSE = re.compile(r"[,，、;；:：]")
_MARKUP_CHARS = re.compile(r"[`*「」]")
# Words around a scenario that say nothing about it ("For the …", "this is why the regional").
_LEAD_WORDS = frozenset({
    "a", "an", "the", "for", "in", "of", "case", "event", "if", "when", "during", "on", "upon",
    "after", "this", "that", "is", "why", "so", "and", "but", "then", "our", "its", "with"})
_TRAILING_PARTICLE = re.compile(r"(?:では|には|は|の|で|も|、|,)+$")


def backup_sections(doc: Document, vocab: Vocab) -> list[Section]:
    """The backup/DR chapters of a document, in order."""
    found: dict[int, Section] = {}
    for key in ("backup_dr", "backup"):
        for section in sections_for(doc, vocab, key):
            found.setdefault(section.line, section)
    return [found[k] for k in sorted(found)]


@dataclass(frozen=True)
class _Mention:
    """Where a text names an objective: "RTO", "目標復旧時間（RTO）" (one mention)."""

    kind: str
    start: int
    end: int
    acronym: bool


def _mentions(text: str, terms: Terms, keys: Sequence[str]) -> list[_Mention]:
    spans = sorted((s, e, key.upper()) for key in keys for s, e in terms.find(text, key))
    merged: list[_Mention] = []
    for start, end, kind in spans:
        last = merged[-1] if merged else None
        acronym = text[start:end].strip().upper() == kind
        if last is not None and last.kind == kind and (
                start < last.end or _BRACKETS_ONLY.match(text[last.end : start])):
            merged[-1] = _Mention(kind, last.start, max(end, last.end), last.acronym or acronym)
        else:
            merged.append(_Mention(kind, start, end, acronym))
    return merged


def _runs(text: str, mentions: Sequence[_Mention]) -> Iterator[list[_Mention]]:
    """Mentions joined only by "/", "・", "and"…: "RPO/RTO 24h", "RTO と RPO はそれぞれ"."""
    run: list[_Mention] = []
    for mention in mentions:
        if run and not _SHARED.match(text[run[-1].end : mention.start]):
            yield run
            run = []
        run.append(mention)
    if run:
        yield run


def _run_values(text: str, run: Sequence[_Mention], durations: Sequence[Duration]
                ) -> list[Duration]:
    """The values of a run: one each, in order, when as many follow joined ("RTO/RPO: 4時間/
    15分"), else the one value they share; none when the value is not right after them."""
    after = [d for d in durations if d.start >= run[-1].end]
    gap = text[run[-1].end : after[0].start] if after else ""
    if not after or len(gap) > 30 or not _GAP.match(gap):
        return []
    kinds = list(dict.fromkeys(m.kind for m in run))
    paired = after[: len(kinds)]
    if len(kinds) > 1 and len(paired) == len(kinds) and all(
            _SHARED.match(text[a.end : b.start]) for a, b in pairwise(paired)):
        return paired
    return [after[0]] * len(kinds)


def _objectives_at(text: str, terms: Terms, keys: Sequence[str] = ("rto", "rpo")
                   ) -> Iterator[tuple[_Mention, Duration]]:
    """Each objective of a text with the clause's own value: "The RTO is 45 minutes and the
    RPO is 1 minute", "RTO は 2時間、RPO は 15分", "目標復旧時間（RTO）を 4時間 と定める"."""
    mentions = _mentions(text, terms, keys)
    if not mentions:
        return
    durations = find_durations(text)
    for run in _runs(text, mentions):
        later = [m.start for m in mentions if m.start >= run[-1].end]
        values = _run_values(text, run, durations)
        if not values or (later and later[0] < values[0].start):
            continue
        kinds = list(dict.fromkeys(m.kind for m in run))
        for kind, value in zip(kinds, values, strict=True):
            yield next(m for m in run if m.kind == kind), value


def objectives_in(text: str, terms: Terms, keys: Sequence[str] = ("rto", "rpo")
                  ) -> Iterator[tuple[str, Duration]]:
    """(RTO|RPO, value) pairs of a text: "RTO <= 4h / RPO <= 15m", "RPO/RTO 24h"."""
    for mention, value in _objectives_at(text, terms, keys):
        yield mention.kind, value


def _scope(label: str, terms: Terms) -> str:
    scope = label
    for start, end in sorted(terms.find(label, "rto") + terms.find(label, "rpo"), reverse=True):
        scope = scope[:start] + scope[end:]
    return _BRACKETS.sub("", scope).strip(" :：-")


def _lead_scope(sentence: str, start: int, terms: Terms) -> str:
    """The scenario a sentence puts before its objectives ("For the loss of the region, …",
    "リージョン障害の場合は…", "the regional RPO"), or "" when it names none."""
    clauses = [c for c in _CLAUSE.split(sentence[:start])
               if terms.has(normalize(c), "objective_scope")]
    if not clauses:
        return ""
    words = _MARKUP_CHARS.sub("", clauses[-1]).split()
    while words and words[0].casefold() in _LEAD_WORDS:
        words = words[1:]
    # "… region the objectives are wider": the scenario ends where a new phrase begins.
    cues = [i for i, w in enumerate(words) if terms.has(normalize(w), "objective_scope")]
    ends = [j for j in range(cues[-1] + 1, len(words))
            if words[j].casefold() in _LEAD_WORDS] if cues else []
    words = words[: ends[0]] if ends else words
    while words and words[-1].casefold() in _LEAD_WORDS:
        words = words[:-1]
    return _TRAILING_PARTICLE.sub("", " ".join(words)).strip()


def _table_objectives(table: Table, vocab: Vocab) -> Iterator[RecoveryObjective]:
    mapped = map_columns(table, vocab, ("rto", "rpo"))
    for i, row in enumerate(table.rows):
        for key in ("rto", "rpo"):
            found = find_durations(mapped.cell(i, key)) if mapped.has(key) else []
            if found:
                yield RecoveryObjective(key.upper(), found[0].minutes, row.line,
                                        " | ".join(row.cells), cell_text(row.get(0)))


def _objective_table(table: Table, vocab: Vocab, dr_lines: set[int]) -> bool:
    """A table with RTO/RPO columns: in a DR chapter, or headed by the acronyms themselves."""
    columns = map_columns(table, vocab, ("rto", "rpo")).columns
    if not columns:
        return False
    acronym = any(re.search(r"(?i)\b(rto|rpo)\b", table.header[i]) for i in columns.values())
    return acronym or table.line in dr_lines or bool(table.rows and table.rows[0].line in dr_lines)


def _names_objective(text: str, terms: Terms) -> bool:
    """Whether a text names RTO or RPO. Asked of a whole block or table (its sentences or
    rows joined) first: a term found in one of them is found at the same place in the
    whole, whose line breaks and spaces are no letters, so most blocks take one search."""
    return bool(terms.find(text, "rto") or terms.find(text, "rpo"))


def _rows_naming(table: Table, section: Section, terms: Terms, quiet: QuietUnits
                 ) -> Iterator[Unit]:
    """The row units of a table that name an objective (``_mentions`` finds one): the rest
    of a large table is not cut into units only to be read for nothing. The rows the
    document's folded units tell naming neither RTO nor RPO (``quiet``) are not asked."""
    texts = [" | ".join(row.cells) for row in table.rows]  # the rows' unit texts (row_units)
    asked = [i for i, row in enumerate(table.rows) if not quiet.row(row, texts[i])]
    for index in (asked[i] for i in _candidate_rows([texts[i] for i in asked], terms)):
        if _names_objective(texts[index], terms):
            row = table.rows[index]
            yield Unit(row.line, texts[index], LAZY, section, table=table, row=row)


def _candidate_rows(texts: Sequence[str], terms: Terms) -> Iterable[int]:
    """The rows whose text may name RTO or RPO: those the terms' spans in the joined text
    touch. A row's own match is found there at the same place, or inside an earlier match
    that overlaps it (and so touches the row); folded, the joined text is the rows' folded
    texts between line breaks, which locate each span's rows (all rows, should a text hold
    a line break of its own)."""
    joined = "\n".join(texts)
    spans = terms.find(joined, "rto") + terms.find(joined, "rpo")
    if not spans:
        return ()
    folded = fold(joined).split("\n")
    if len(folded) != len(texts):
        return range(len(texts))
    ends = list(accumulate(len(f) + 1 for f in folded))  # one past each row's line break
    touched: set[int] = set()
    for start, end in spans:
        last = bisect_right(ends, max(start, end - 1))
        touched.update(range(bisect_right(ends, start), last + 1))
    return sorted(touched)


def _row_objectives(unit: Unit, terms: Terms, dr_lines: set[int]
                    ) -> Iterator[RecoveryObjective]:
    """Objectives in a row of another table; a row keyed by "RTO（DB）" is scoped to "DB"."""
    for mention, value in _objectives_at(unit.text, terms):
        if not mention.acronym and unit.line not in dr_lines:
            continue
        label = label_value(unit)
        keyed = label is not None and bool(
            terms.find(label[0], "rto") or terms.find(label[0], "rpo"))
        scope = _scope(label[0], terms) if label and keyed else ""
        yield RecoveryObjective(mention.kind, value.minutes, unit.line, unit.text, scope)


def _prose_objectives(sentence: Sentence, terms: Terms, dr_lines: set[int]
                      ) -> Iterator[RecoveryObjective]:
    """Objectives of a sentence, each from the clause that names it, scoped by the scenario
    the sentence leads with."""
    found = list(_objectives_at(sentence.text, terms))
    if not found:
        return
    scope = _lead_scope(sentence.text, min(m.start for m, _ in found), terms)
    for mention, value in found:
        line = sentence.line_at(mention.start)
        if not mention.acronym and line not in dr_lines:
            continue
        yield RecoveryObjective(mention.kind, value.minutes, line, sentence.text, scope)


def objectives(doc: Document, vocab: Vocab) -> tuple[RecoveryObjective, ...]:
    """RTO and RPO values: tables with RTO/RPO columns, then rows and sentences anywhere.

    Japanese labels (目標復旧時間) count only inside the backup/DR chapters, since incident
    severity tables use the same words for per-incident recovery targets.
    """
    terms = Terms(vocab)
    dr_lines = {u.line for s in outermost(backup_sections(doc, vocab)) for u in units(s)}
    # The blocks and rows naming neither RTO nor RPO, by one scan of the document's units
    # folded together: most are not asked one by one (``quiet_units``).
    quiet = QuietUnits(folded_units(doc), vocab, ("rto", "rpo"))
    found: list[RecoveryObjective] = []
    for section in doc.root.walk():
        for block in section.blocks:
            if isinstance(block, Table) and _objective_table(block, vocab, dr_lines):
                found += _table_objectives(block, vocab)
            elif isinstance(block, Table):
                found += (o for u in _rows_naming(block, section, terms, quiet)
                          for o in _row_objectives(u, terms, dr_lines))
            elif isinstance(block, (Paragraph, ListItem)) and not quiet.block(block, section) \
                    and _names_objective(block.text, terms):
                found += (o for s in sentences(block.text, block.line)
                          for o in _prose_objectives(s, terms, dr_lines))
    unique = {(o.kind, o.minutes, o.scope): o for o in reversed(found)}
    return tuple(sorted(unique.values(), key=lambda o: (o.line, o.kind != "RTO")))
