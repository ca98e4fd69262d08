"""Text units of a release doc: headings, paragraph lines, items, rows and code lines."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from opslint.document.model import CodeBlock, Document, ListItem, Paragraph, Section, Table
from opslint.document.normalize import normalize

__all__ = ["Unit", "block_units", "header_units", "labelled", "title_line", "units_of"]


@dataclass(frozen=True)
class Unit:
    """A line-sized piece of text: heading, paragraph line, list item, table row or code line."""

    line: int
    text: str
    kind: Literal["title", "line", "item", "header", "row", "code"]
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()  # a row's table header

    @cached_property
    def norm(self) -> str:
        return normalize(self.text)


def block_units(block: Paragraph | ListItem | Table | CodeBlock) -> Iterator[Unit]:
    if isinstance(block, Paragraph):
        for offset, text in enumerate(block.text.split("\n")):
            if text.strip():
                yield Unit(block.line + offset, text, "line")
    elif isinstance(block, ListItem):
        yield Unit(block.line, block.text, "item")
    elif isinstance(block, Table):
        yield Unit(block.line, " | ".join(block.header), "header", block.header)
        for row in block.rows:
            yield Unit(row.line, " | ".join(row.cells), "row", row.cells, block.header)
    else:
        for offset, text in enumerate(block.text.split("\n")):
            if text.strip():
                yield Unit(block.line + 1 + offset, text, "code")


def units_of(sections: Iterable[Section], *, titles: bool = True) -> list[Unit]:
    """Every unit of the sections and their subsections, in document order."""
    found: list[Unit] = []
    for section in sections:
        for part in section.walk():
            if part.level and titles:
                found.append(Unit(part.line, part.title, "title"))
            for block in part.blocks:
                found.extend(block_units(block))
    return found


def title_line(doc: Document) -> int:
    """The H1 line, where document-wide findings go; without one, the line after front matter."""
    return next((s.line for s in doc.sections() if s.level == 1), doc.front_matter_end + 1)


def header_units(doc: Document) -> list[Unit]:
    """The lines between the title and the first chapter: the spec's header fields."""
    found = [u for b in doc.root.blocks for u in block_units(b)]
    title = next((s for s in doc.root.children if s.level == 1), None)
    if title is not None:
        found += [u for b in title.blocks for u in block_units(b)]
    return found


# A colon in "10:00" or "https://" is not a label separator.
_LABEL = re.compile(r"^\s*([^:：]{1,40}?)\s*(?:：|:(?!//|\d))\s*(.*)$", re.DOTALL)


def labelled(unit: Unit) -> tuple[str, str] | None:
    """A unit read as ``label: value`` (a line, an item, or a row's first two cells)."""
    if unit.kind == "row":
        cells = [c for c in unit.cells if not c.strip().isdigit()]
        return (cells[0], cells[1]) if len(cells) >= 2 else None
    if unit.kind in ("line", "item"):
        match = _LABEL.match(unit.text)
        if match:
            return match.group(1).strip(), match.group(2).strip()
    return None
