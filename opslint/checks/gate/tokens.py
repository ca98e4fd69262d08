"""Template markers, open-status words and tentative values left in a document
(GATE001, GATE002, GATE004)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from opslint.checks.gate.params import TentativeParams, TokenParams
from opslint.checks.shared.common import map_columns
from opslint.checks.shared.places import (
    cell_column,
    cell_spans,
    column_header,
    field_of,
    is_record_column,
    where,
)
from opslint.checks.shared.text import (
    VOCAB,
    family_regexes,
    fold_lines,
    may_match,
    quoted,
    regexes,
    scope_lines,
    spans,
    vocab_value,
)
from opslint.document.normalize import contains_any, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit


def placeholder_token(ctx: CheckContext, params: TokenParams) -> Iterator[Hit]:
    """Template markers or open-status words left in the text, one finding per occurrence."""
    patterns = family_regexes(ctx, VOCAB, "patterns", params.families)
    headings = {s.line for s in ctx.doc.sections()}
    for line, folded in fold_lines(ctx, scope_lines(ctx, params.sections), patterns):
        if not params.headings and line.number in headings:
            continue
        for start, end in spans(patterns, folded.text):
            if params.skip_quoted and quoted(folded.text, start, end):
                continue
            column = folded.column(start)
            header = column_header(ctx, line.number, column)
            if header is not None and is_record_column(ctx, header):
                continue  # "HH:MM" in an 実施時刻 column is filled in on the day
            yield _hit(ctx, line.number, column, folded.source(start, end), header)
    if params.owner_values:
        yield from _owner_values(ctx, params.sections)


# What follows a field's colon before its value: spaces, then emphasis, then spaces.
_VALUE_START = re.compile(r"[:\uff1a]\s*(?:\*\*|__)?\s*")


def field_value(raw: str) -> str:
    """The value ``_owner_values`` reads of a line, were it a field (``field_of``), from
    its first colon: a label holds no colon, nor does what may stand before it (spaces, a
    bullet, emphasis), so a field's colon is the line's first; its value starts after the
    spaces and emphasis that follow (``facts/labels._LABEL``, greedy, no backtracking:
    the value ``.*`` takes the rest). Where ``field_of`` finds a field, its value is this
    one (tests/test_perf_checks_round10.py), so a line whose value is no placeholder is
    passed over without reading its label."""
    start = _VALUE_START.search(raw)
    return "" if start is None else raw[start.end() :].strip().strip("*_`")


def _hit(ctx: CheckContext, line: int, column: int, word: str, header: str | None) -> Hit:
    place = where(ctx, line, column, header)
    return Hit(line, column=column, args={"word": word, "where": place},
               key=f"{place.en}:{word}")


def _owner_values(ctx: CheckContext, sections: Sequence[str]) -> Iterator[Hit]:
    """Owner fields and owner/name cells whose whole value is a placeholder such as 名前."""
    values = {normalize(v) for v in vocab_value(ctx, VOCAB, "owner_values") or []}
    keys = [str(k) for k in vocab_value(ctx, VOCAB, "owner_fields") or []]
    terms = [t for k in keys for t in ctx.vocab.term_list("columns", k)]
    scoped = {line.number: line.text for line in scope_lines(ctx, sections)}
    owner_terms = tuple(terms)
    ordered = sorted(scoped.items())
    for number, raw in ordered:
        # Only the lines holding a colon: ``field_of`` finds no field in any other. Two
        # lines in three hold one, so two substring tests per line cost less than one
        # search of the lines joined and a look-up of the line of each match.
        if ":" not in raw and "\uff1a" not in raw:
            continue
        if "\n" not in raw and normalize(field_value(raw)) not in values:
            continue  # most lines with a colon: no label is read (a definition spans two)
        field = field_of(raw)
        if field is None or not contains_any(normalize(field[0]), owner_terms):
            continue
        value = raw[field[1] :].strip().strip("*_`")
        if normalize(value) in values:
            yield _hit(ctx, number, field[1] + 1, value,
                       column_header(ctx, number, field[1] + 1))
    for table in ctx.doc.root.tables():
        columns = list(map_columns(table, ctx.vocab, keys).columns.values())
        if not columns:
            continue  # most tables have no owner or name column: their rows are not cut
        for row in (r for r in table.rows if r.line in scoped):
            raw = scoped[row.line]
            cells = cell_spans(raw)
            for index in columns:
                if normalize(row.get(index).strip("*_`")) in values and index < len(cells):
                    column = cell_column(raw, cells[index])
                    yield _hit(ctx, row.line, column, row.get(index),
                               column_header(ctx, row.line, column))


def tentative_value(ctx: CheckContext, params: TentativeParams) -> Iterator[Hit]:
    """A number with a unit marked as provisional (仮, 暫定, tentative) close beside it."""
    markers = _Markers(ctx)
    (quantity,) = markers.quantity
    window = int(vocab_value(ctx, VOCAB, "tentative_window") or 20)
    headings = {s.line for s in ctx.doc.sections()}
    for line, folded in fold_lines(ctx, scope_lines(ctx, params.sections), markers.markers):
        if line.number in headings:
            continue
        found = markers.spans(folded.text)
        if not found:
            continue  # most lines: no marker, so their values are not read
        values = [(m.start(), m.end()) for m in quantity.finditer(folded.text)]
        for start, end in found:
            near = [(max(start - v_end, v_start - end, 0), v_start, v_end)
                    for v_start, v_end in values]
            near = [n for n in near if n[0] <= window]
            if not near:
                continue
            _, v_start, v_end = min(near)
            column = folded.column(v_start)
            place = where(ctx, line.number, column, column_header(ctx, line.number, column))
            value = folded.source(v_start, v_end)
            yield Hit(line.number, column=column, key=f"{place.en}:{value}",
                      args={"value": value, "word": folded.source(start, end), "where": place})


_SUBJECT_REACH = 30  # characters before an approximate marker that may name a duration
# A parenthesis holding two figures or more: the breakdown a figure was worked out from
# (the text is folded: full-width parentheses read as ASCII ones).
_PARENS = re.compile(r"\(([^()]*)\)")


class _Markers:
    """The marker patterns of the placeholders vocabulary, looked up once per rule run
    rather than once per line (four look-ups a line)."""

    def __init__(self, ctx: CheckContext) -> None:
        self.tentative = regexes(ctx, VOCAB, "tentative_markers")
        self.approximate = regexes(ctx, VOCAB, "approximate_markers")
        self.subjects = regexes(ctx, VOCAB, "approximate_subjects")
        self.measured = regexes(ctx, VOCAB, "measured")
        self.quantity = regexes(ctx, VOCAB, "quantity")
        # Both kinds of marker, so that a line holding neither is rejected by one search.
        self.markers = ctx.vocab.compiled("regex:placeholders:tentative+approximate",
                                          lambda: (*self.tentative, *self.approximate))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Tentative markers, and approximate ones (目安, estimate) unless the figure is an
        estimate of a duration or the line shows how it was measured or worked out."""
        if not may_match(self.markers, text):
            return []  # most lines
        found = spans(self.tentative, text)
        approximate = spans(self.approximate, text)
        if not approximate or self._worked_out(text):
            return found
        kept = [(a, b) for a, b in approximate
                if not any(p.search(text[max(0, a - _SUBJECT_REACH) : a]) for p in self.subjects)]
        return sorted({*found, *kept})

    def _worked_out(self, text: str) -> bool:
        if any(p.search(text) for p in self.measured):
            return True
        (quantity,) = self.quantity
        return any(len(quantity.findall(m.group(1))) >= 2 for m in _PARENS.finditer(text))
