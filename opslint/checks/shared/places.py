"""Where a match sits in a line: the table cell and its column header, the "key: value"
field, or the section (the place a placeholder finding names)."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Mapping

from opslint.checks.shared.text import VOCAB, vocab_value
from opslint.document.model import Section, Table
from opslint.document.normalize import contains_term, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import LocalText
from opslint.engine.memo import Bounded
from opslint.facts.labels import read_label

__all__ = ["cell_column", "cell_spans", "column_header", "field_of", "is_record_column",
           "where"]

_PIPE = re.compile(r"(?<!\\)\|")


def cell_spans(raw: str) -> list[tuple[int, int]]:
    """[start, end) of each cell of a pipe-table row line (0-based, pipes excluded)."""
    cuts = [m.start() for m in _PIPE.finditer(raw)]
    if not cuts:
        return []
    stripped = raw.strip()
    bounds = cuts if stripped.startswith("|") else [-1, *cuts]
    if not stripped.endswith("|"):
        bounds.append(len(raw))
    return [(a + 1, b) for a, b in itertools.pairwise(bounds)]


def cell_column(raw: str, span: tuple[int, int]) -> int:
    """1-based column of a cell's first character (of the cell itself when it is empty)."""
    text = raw[span[0] : span[1]]
    return span[0] + 1 + (len(text) - len(text.lstrip()) if text.strip() else 0)


# A key is a plain name: brackets, a sentence end or a snake_case word make the line prose,
# markup or code (``api_key: …``), not a field.
_NOT_KEY = re.compile(r"[\[\]<>。！？_]")


def field_of(raw: str) -> tuple[str, int] | None:
    """A "key: value" line's key and the 0-based start of its value, read by the one label
    reader (``facts/labels.py``). A key names something (it holds a letter and does not end
    in a digit) and is written plainly: emphasis or code inside it (``**Blue/green** with
    …:``) make the line a sentence."""
    if ":" not in raw and "\uff1a" not in raw:  # "：", the full-width colon
        return None  # every label ends at a colon (most lines: the reader is not run)
    found = read_label(raw)
    if found is None or raw[found.value_start :].startswith("//"):
        return None
    key = found.label
    if key not in raw or _NOT_KEY.search(key):
        return None
    if not any(ch.isalpha() for ch in key) or key[-1].isdigit():
        return None
    return key, found.value_start


def _table_at(section: Section, line: int) -> Table | None:
    # Within the table's lines, then by bisection over its rows: checks ask for every hit,
    # and a set of every row's line per call was quadratic in the rows (issue 10).
    for block in section.blocks:
        if not isinstance(block, Table) or not block.line <= line <= block.end_line:
            continue
        if line == block.line:
            return block
        index = line - block.line - 2  # a row a line, after the header and delimiter rows
        if 0 <= index < len(block.rows) and block.rows[index].line == line:
            return block
        index = bisect_left(block.rows, line, key=lambda row: row.line)
        if index < len(block.rows) and block.rows[index].line == line:
            return block
    return None


def _fill(template: Mapping[str, str], **values: str) -> LocalText:
    return LocalText(template["ja"].format(**values), template["en"].format(**values))


def column_header(ctx: CheckContext, line: int, column: int) -> str | None:
    """The header of the table column a position falls in, when the line is a table row."""
    table = _table_at(ctx.doc.section_at(line), line)
    if table is None:
        return None
    index = _cell_at(ctx.doc.lines[line - 1], column - 1)
    if index is None or index >= len(table.header) or not table.header[index].strip():
        return None
    return table.header[index]


def _cell_at(raw: str, position: int) -> int | None:
    """The index of the ``cell_spans`` cell holding a 0-based position (None on a pipe or
    outside the cells), from the pipes before it: asked for every hit, and cutting the
    whole row into cells for one index was most of the cost of a hit in a table."""
    if "\\" in raw:  # an escaped pipe is not a cut: the cells as cut
        return next((i for i, (a, b) in enumerate(cell_spans(raw)) if a <= position < b), None)
    if position >= len(raw) or raw[position] == "|" or "|" not in raw:
        return None
    stripped = raw.strip()
    index = raw.count("|", 0, position) - stripped.startswith("|")
    if index < 0 or (stripped.endswith("|") and raw.find("|", position) < 0):
        return None  # before the opening pipe, after the closing one
    return index


def is_record_column(ctx: CheckContext, header: str) -> bool:
    """A column filled while the procedure runs (結果, 実施時刻): blank until then (memoised)."""
    # Asked for every hit: 50,000 on a 50,000-row table.
    memo: Bounded[str, bool] = ctx.vocab.compiled("text.record_columns", Bounded)
    return memo.get(header, _is_record_column, ctx, header)


def _is_record_column(ctx: CheckContext, header: str) -> bool:
    terms = [str(t) for t in vocab_value(ctx, VOCAB, "record_headers") or []]
    return any(contains_term(normalize(header), t) for t in terms)


def where(ctx: CheckContext, line: int, column: int, header: str | None) -> LocalText:
    """Where a match sits: a table column (``header``: the position's ``column_header``,
    which callers have already), a "key: value" field, the header or a section."""
    doc = ctx.doc
    section = doc.section_at(line)
    if header is not None:  # asked for every hit in a table: a column's place is kept
        cells: Bounded[tuple[str, str], LocalText] = ctx.vocab.compiled(
            "text.where_cells", Bounded)
        return cells.get((section.title, header), _cell_place, ctx, section.title, header)
    templates = vocab_value(ctx, VOCAB, "where")
    raw = doc.lines[line - 1]
    field = field_of(raw)
    if field is not None and column - 1 >= field[1]:
        return _fill(templates["field"], field=field[0])
    if section.level == 0 or (section.level == 1 and section.title == doc.title):
        return _fill(templates["header"])
    return _fill(templates["section"], section=section.title)


def _cell_place(ctx: CheckContext, section: str, header: str) -> LocalText:
    return _fill(vocab_value(ctx, VOCAB, "where")["cell"], section=section, column=header)
