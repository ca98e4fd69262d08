"""Helpers shared by check modules: tables by column synonyms, scanned lines, terms.

Column maps and scanned lines come from opslint.facts.reading (re-exported here).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from opslint.document.model import ListItem, Paragraph, Section, Table
from opslint.document.normalize import contains_term, normalize
from opslint.engine.context import CheckContext
from opslint.engine.vocab import Vocab
from opslint.facts.reading import ColumnMap, Line, column_terms, map_columns, scan_lines

__all__ = [
    "ColumnMap",
    "Line",
    "any_term",
    "column_terms",
    "find_tables",
    "map_columns",
    "scan_lines",
    "section_units",
    "typed_vocab",
]


def find_tables(
    sections: Iterable[Section], vocab: Vocab, keys: Sequence[str], required: Sequence[str]
) -> list[ColumnMap]:
    """Tables under the sections whose header has every ``required`` column key."""
    maps: list[ColumnMap] = []
    for section in sections:
        for table in section.tables():
            mapped = map_columns(table, vocab, keys)
            if mapped.has(*required):
                maps.append(mapped)
    return maps


def section_units(section: Section) -> Iterator[tuple[int, str]]:
    """(line, text) of each paragraph, list item and table row in a section, code excluded."""
    for block in section.all_blocks():
        if isinstance(block, Paragraph | ListItem):
            yield block.line, block.text
        elif isinstance(block, Table):
            for row in block.rows:
                yield row.line, " | ".join(row.cells)


def any_term(text: str, terms: Iterable[str]) -> str | None:
    """The first term found in a text (normalised comparison), or None."""
    normalized = normalize(text)
    return next((t for t in terms if contains_term(normalized, t)), None)


M = TypeVar("M")


def typed_vocab(ctx: CheckContext, name: str, model: type[M]) -> M:
    """rules/vocab/<name>.yaml (``"<stem>:<key>"``: one key of it) as its model, validated
    when the vocabularies loaded (an entry of opslint/checks/vocabs.py)."""
    return ctx.vocab.model(name, model)
