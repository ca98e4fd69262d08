"""Table rows stored compactly (parse._CompactState) hold the cells markdown-it's table
rule gives: the same rows, lines and cell contents as its own token stream."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from opslint.document import parse, walk
from tests.conftest import CountCalls

_TEXT = """# T

| a | b \\| c | `x` |
|:--|--:|:-:|
| 1 <!-- c --> | [l][r] | &amp; \\* |
| only |
| a | b | c | d |

[r]: http://x

- item
  | h | i |
  |---|---|
  | x | **b** |
  after

> | q | r |
> |---|---|
> | 1 | 2 |

| x |
|---|
"""


def _plain() -> list[Token]:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(_TEXT)


def test_compact_rows_hold_the_cells_and_lines_markdown_it_gives() -> None:
    expected: list[tuple[list[int] | None, list[str]]] = []
    cells: list[str] | None = None
    for token in _plain():
        if token.type == "tr_open":
            cells = []
            expected.append((token.map, cells))
        elif token.type == "tr_close":
            cells = None
        elif token.type == "inline" and cells is not None:
            cells.append(token.content)
    tokens, _ = parse._tokens(_TEXT, {})
    rows = [(t.map, t.cells) for t in tokens if isinstance(t, walk.TableRow)]
    assert rows == expected
    assert len(rows) == 10  # escaped pipe, missing and extra cells, in a list and a quote


def test_compact_rows_keep_the_levels_of_what_follows() -> None:
    plain: list[tuple[str, int]] = []
    in_row = False
    for token in _plain():
        if token.type == "tr_open":
            in_row = True
            plain.append(("table_row", token.level))
        elif not in_row:
            plain.append((token.type, token.level))
        in_row = in_row and token.type != "tr_close"
    ours = [(t.type, t.level) for t in parse._tokens(_TEXT, {})[0]]
    assert ours == plain


def test_a_tables_repeated_cells_are_parsed_once_and_its_comments_kept_per_row(
        count_calls: CountCalls) -> None:
    from pathlib import Path

    from opslint.document.load import SourceText

    rows = "".join(f"| R-{n} | **same** | x <!-- note --> |\n" for n in range(40))
    text = f"# T\n\n| id | a | b |\n|---|---|---|\n{rows}"
    calls = count_calls(parse, "_inline_children")
    doc = parse.parse_document(Path("t.md"), SourceText(text, "utf-8", False, "\n"))
    table = next(doc.root.tables())
    assert [r.cells for r in table.rows] == [(f"R-{n}", "same", "x") for n in range(40)]
    # Each row's comment is collected at its own line: a cell with a comment is read again.
    assert [c.line for c in doc.comments if c.text == "note"] == list(range(5, 45))
    # The commented cell on every row; "**same**" is read once, by simple_text alone, and
    # plain texts (the title, the header's 3 cells, 40 IDs) are their own words.
    assert calls["_inline_children"] == 40
