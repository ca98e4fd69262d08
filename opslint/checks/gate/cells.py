"""Empty cells in the columns a procedure cannot run without (GATE003)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence

from opslint.checks.gate.params import EmptyCellParams
from opslint.checks.shared.common import ColumnMap, map_columns
from opslint.checks.shared.places import (
    cell_column,
    cell_spans,
    is_record_column,
)
from opslint.checks.shared.text import (
    VOCAB,
    regexes,
    vocab_value,
)
from opslint.document.model import Table
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText

_MARKUP = str.maketrans("", "", "*_`~ \u3000")
_BR = ("<br>", "<br/>", "<br />")


# Memoised: asked of every required cell of every row (200,000 on a 50,000-row table),
# and a table repeats its cells ("-", "TBD", "Warning").
@functools.lru_cache(maxsize=1024)
def _bare(cell: str) -> str:
    text = cell
    for tag in _BR:
        text = text.replace(tag, "")
    return normalize(text.translate(_MARKUP))


def _required(ctx: CheckContext, table: Table, keys: list[str], ticks: set[str],
              empty: set[str]) -> dict[str, int]:
    """The required columns of a table, minus record columns ticked or filled on the day
    (``ticks`` and ``empty``: the vocabulary's tick marks and empty values, bare)."""
    mapped: ColumnMap = map_columns(table, ctx.vocab, keys)
    kept: dict[str, int] = {}
    for key, index in mapped.columns.items():
        if is_record_column(ctx, table.header[index]):
            continue
        filled = {_bare(row.get(index)) for row in table.rows} - empty
        if filled and filled <= ticks:
            continue  # a run sheet of tick boxes: unticked is the expected state
        kept[key] = index
    return kept


def _exempt(cells: tuple[str, ...], blank: list[int], totals: set[str],
            waived: Sequence[re.Pattern[str]]) -> bool:
    """A sum row ("Total"), or a row whose other cells say its thing is not done, so its
    dashes mean "not applicable"."""
    label = next((c for c in cells if c.strip()), "")
    if _bare(label) in totals:
        return True
    others = [normalize(c) for i, c in enumerate(cells) if i not in blank]
    return any(p.search(c) for c in others for p in waived)


def required_cell_empty(ctx: CheckContext, params: EmptyCellParams) -> Iterator[Hit]:
    """Rows whose owner, check, threshold, action or retention cell is blank or "-"."""
    empty = {_bare(str(t)) for t in vocab_value(ctx, VOCAB, "empty_values") or []}
    ticks = {_bare(str(t)) for t in vocab_value(ctx, VOCAB, "tick_marks") or []}
    joiner = vocab_value(ctx, VOCAB, "where", "join")
    skipped = {s.line for k in params.skip_sections for top in ctx.vocab.find_sections(ctx.doc, k)
               for s in top.walk()}
    totals = {_bare(str(t)) for t in vocab_value(ctx, VOCAB, "total_rows") or []}
    waived = regexes(ctx, VOCAB, "not_applicable")
    for section in (s for s in ctx.doc.sections() if s.line not in skipped):
        for table in (b for b in section.blocks if isinstance(b, Table)):
            required = _required(ctx, table, params.columns, ticks, empty)
            for row in table.rows:
                blank = sorted(i for i in required.values() if _bare(row.get(i)) in empty)
                if not blank or _exempt(row.cells, blank, totals, waived):
                    continue
                raw = ctx.doc.lines[row.line - 1]
                cells = cell_spans(raw)
                column = cell_column(raw, cells[blank[0]]) if blank[0] < len(cells) else 1
                names = [table.header[i] for i in blank]
                label = next((c for c in row.cells if c.strip()), "")[:30]
                yield Hit(
                    row.line, column=column, key=f"empty:{table.line}:{blank}",
                    args={"section": section.title, "row": label,
                          "columns": LocalText(joiner["ja"].join(names), joiner["en"].join(names))},
                )
