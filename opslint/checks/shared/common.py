"""Helpers shared by check modules: tables by column synonyms, scanned lines, terms."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from opslint.document.model import CodeBlock, Document, ListItem, Paragraph, Section, Table
from opslint.document.normalize import contains_any, contains_term, normalize
from opslint.engine.context import CheckContext
from opslint.engine.vocab import DataError, Vocab

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


@dataclass(frozen=True)
class ColumnMap:
    """A table with the index of each column key found in its header."""

    table: Table
    columns: Mapping[str, int]

    def cell(self, row_index: int, key: str) -> str:
        return self.table.rows[row_index].get(self.columns.get(key))

    def has(self, *keys: str) -> bool:
        return all(k in self.columns for k in keys)


def column_terms(vocab: Vocab, key: str) -> tuple[str, ...]:
    return vocab.term_list("columns", key)


def map_columns(table: Table, vocab: Vocab, keys: Sequence[str]) -> ColumnMap:
    """Find each key's column; the first key to claim a header keeps it (order = priority)."""
    headers = [normalize(h) for h in table.header]
    found: dict[str, int] = {}
    for key in keys:
        for index, header in enumerate(headers):
            if index in found.values():
                continue
            if contains_any(header, column_terms(vocab, key)):
                found[key] = index
                break
    return ColumnMap(table, found)


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


@dataclass(frozen=True)
class Line:
    """A source line with its 1-based number, for line-oriented scans."""

    number: int
    text: str


def scan_lines(
    doc: Document, section: Section | None = None, *, code: bool = False
) -> Iterator[Line]:
    """Source lines of a document (or a section), skipping front matter, HTML comments and,
    unless ``code``, fenced code. Columns of matches are then exact."""
    skip: set[int] = set(range(1, doc.front_matter_end + 1))
    scope = section or doc.root
    if not code:
        for block in scope.all_blocks():
            if isinstance(block, CodeBlock):
                skip.update(range(block.line, block.end_line + 1))
    skip.update(_comment_lines(doc))
    first = scope.line if scope.level else 1
    last = scope.end_line if scope.level else len(doc.lines)
    for number in range(first, min(last, len(doc.lines)) + 1):
        if number not in skip:
            yield Line(number, _INLINE_COMMENT.sub(_blank, doc.lines[number - 1]))


_COMMENT_OPEN = re.compile(r"^\s*<!--")
_INLINE_COMMENT = re.compile(r"<!--.*?-->")


def _blank(match: re.Match[str]) -> str:
    # Comments become spaces of the same length, so match columns stay exact.
    return " " * len(match.group(0))


def _comment_lines(doc: Document) -> set[int]:
    # Whole-line HTML comments (possibly multi-line) are not prose.
    lines: set[int] = set()
    inside = False
    for number, text in enumerate(doc.lines, start=1):
        if inside or _COMMENT_OPEN.match(text):
            if "-->" in text:
                inside = False
                if text.strip().endswith("-->"):
                    lines.add(number)
                continue
            inside = True
            lines.add(number)
    return lines


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


M = TypeVar("M", bound=BaseModel)


def typed_vocab(ctx: CheckContext, name: str, model: type[M]) -> M:
    """rules/vocab/<name>.yaml validated as a pydantic model, once per run."""

    def build() -> M:
        try:
            return model.model_validate(ctx.vocab.terms.get(name, {}))
        except ValidationError as error:
            raise DataError(f"rules/vocab/{name}.yaml: {error}") from None

    return ctx.vocab.compiled(f"typed:{name}:{model.__qualname__}", build)
