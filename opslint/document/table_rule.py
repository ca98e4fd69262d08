"""markdown-it's table rule, its rows stored as one TableRow each as it reads them.

markdown-it's rule pushes three tokens per cell (th/td open, inline, close), each with its
map and children list, and parse.py's block state turns them back into one row (issue 10:
a 50,000-row table took 620 MiB as tokens); those pushes were about a third of the block
parse of a table. ``compact`` gives a rule that asks markdown-it's own, in validation mode,
whether a table starts (the delimiter row, the header's cells, its columns), then reads
the rows exactly as markdown-it's does (the same lines, terminators, cell split, trimming,
missing cells and limit on them) and stores each row as a ``TableRow``: the tokens around
them (table, thead, tbody) are pushed as before. Validation calls (silent) are markdown-it's.
``tests/test_parse_table_rows.py`` compares the rows with markdown-it's tokens.

This module does not import markdown-it (``opslint.document.parse`` is its door): the
table rule's module is passed in.

Derived from markdown-it-py (MIT License: Copyright (c) 2020 ExecutableBookProject;
Copyright (c) 2014 Vitaly Puzrin, Alex Kocharin); the notices are in
THIRD_PARTY_NOTICES.md.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from opslint.document.walk import TableRow

__all__ = ["CELL_PARTS", "Cell", "compact"]

Rule = Callable[[Any, int, int, bool], bool]

class Cell:
    """What markdown-it's table rule fills in for a cell's tokens: only content is kept."""

    __slots__ = ("attrs", "children", "content", "map")
    content: str


# What push does for the parts of a cell: nothing for its opening, reset the scratch cell
# for its text, take the text at its close. A cell's level is never read (the scratch cell
# has none): its opening and closing leave the state's level as it was.
CELL_PARTS = {"th_open": 1, "td_open": 1, "inline": 0, "th_close": -1, "td_close": -1}


# What the rule reads of markdown-it's table module besides the rule itself.
_NAMES = ("table", "getLine", "escapedSplit", "mdTrim", "MAX_AUTOCOMPLETED_CELLS")


def compact(module: ModuleType) -> Rule | None:
    """The compact rule for markdown-it's table module; None when the module lacks what it
    reads (another markdown-it-py: its own rule is kept)."""
    if not all(hasattr(module, name) for name in _NAMES):
        return None
    table: Rule = module.table
    get_line: Callable[[Any, int], str] = module.getLine
    trim: Callable[[str], str] = module.mdTrim
    limit: int = module.MAX_AUTOCOMPLETED_CELLS

    def cells(line: str) -> list[str]:
        columns: list[str] = module.escapedSplit(line)  # the fast split when installed
        if columns and columns[0] == "":
            columns.pop(0)
        if columns and columns[-1] == "":
            columns.pop()
        return columns

    def row(state: Any, line: int, texts: list[str]) -> None:
        stored = TableRow(state.level, state.env, [line, line + 1], texts)
        state.tokens.append(stored)

    def table_rows(state: Any, start: int, end: int, silent: bool) -> bool:
        if silent or not table(state, start, end, True):
            return table(state, start, end, silent) if silent else False
        header = cells(trim(get_line(state, start)))
        count = len(header)
        old_parent = state.parentType
        state.parentType = "table"
        terminators = state.md.block.ruler.getRules("blockquote")
        token = state.push("table_open", "table", 1)
        token.map = table_lines = [start, 0]
        state.push("thead_open", "thead", 1).map = [start, start + 1]
        row(state, start, [trim(text) for text in header])
        state.push("thead_close", "thead", -1)
        body_lines: list[int] | None = None
        missing = 0
        line = start + 2
        while line < end:
            if state.sCount[line] < state.blkIndent:
                break
            if any(rule(state, line, end, True) for rule in terminators):
                break
            text = trim(get_line(state, line))
            if not text or state.is_code_block(line):
                break
            columns = cells(text)
            missing += count - len(columns)
            if missing > limit:
                break
            if body_lines is None:
                state.push("tbody_open", "tbody", 1).map = body_lines = [start + 2, 0]
            texts = [trim(column) if column else "" for column in columns[:count]]
            if len(texts) < count:
                texts.extend([""] * (count - len(texts)))
            row(state, line, texts)
            line += 1
        if body_lines is not None:
            state.push("tbody_close", "tbody", -1)
            body_lines[1] = line
        state.push("table_close", "table", -1)
        table_lines[1] = line
        state.parentType = old_parent
        state.line = line
        return True

    return table_rows
