"""The parse stage's memory on huge tables (issue 10: a 5 MB document within 400 MiB),
guarded by counting what is created and kept per table row, never by measuring RSS.

markdown-it's table rule pushes 23 block tokens for a 7-cell row and the inline parse adds
a child per cell; all stayed alive until the walk (a 50,000-row table: 620 MiB). Now a row
is stored as one ``TableRow`` while markdown-it parses, and inline text is parsed when the
walker reaches it and dropped after.
"""

from __future__ import annotations

from pathlib import Path

from markdown_it.rules_block import state_block

from opslint.document import parse, walk
from opslint.document.load import SourceText
from tests.conftest import CountCalls


def _table(rows: int) -> str:
    body = "".join(f"| m{n} | `x{n}` | [l](http://e/{n}) <!-- c{n} --> |\n"
                   for n in range(rows))
    return f"# Monitors\n\n| name | metric | link |\n|---|---|---|\n{body}\ntext after\n"


def _parse(text: str) -> None:
    parse.parse_document(Path("doc.md"), SourceText(text, "utf-8", False, "\n"))


def test_a_table_row_creates_no_block_token(count_calls: CountCalls) -> None:
    counted = count_calls(state_block, "Token")
    count_calls(parse, "_new_token")  # the tokens parse's push makes itself
    _parse(_table(200))
    small = counted["Token"] + counted["_new_token"]
    assert small > 0
    counted.clear()
    _parse(_table(400))
    # table, thead, tbody, text: not one per row
    assert counted["Token"] + counted["_new_token"] == small


def test_the_stream_holds_one_item_per_row_and_no_inline_pieces() -> None:
    small, _ = parse._tokens(_table(200), {})
    tokens, _ = parse._tokens(_table(400), {})
    assert len(tokens) - len(small) == 200
    rows = [t for t in tokens if isinstance(t, walk.TableRow)]
    assert len(rows) == 401 and all(len(row.cells) == 3 for row in rows)
    assert all(t.children is None for t in tokens if t.type == "inline")


def test_each_text_is_parsed_once_when_the_walk_reaches_it(count_calls: CountCalls) -> None:
    counted = count_calls(parse, "_inline_children")
    _parse(_table(200))
    small = counted["_inline_children"]
    counted.clear()
    _parse(_table(400))
    # one per commented cell: the code spans are read by simple_text alone, the plain
    # cells ("m{n}") are their own words
    assert counted["_inline_children"] - small == 200


def test_the_language_is_judged_without_a_string_per_letter() -> None:
    import tracemalloc

    from opslint.document.language import detect_language

    text = "監視の設計 monitoring design. " * 40_000  # 1,000,000 letters
    tracemalloc.start()
    try:
        assert detect_language(text) == "ja"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100_000  # findall held a string per CJK letter: 17 MB
