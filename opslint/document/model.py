"""The document model: frozen nodes that each know their source lines (1-based)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import Any

from opslint.document.load import LINE_BREAK, SourceText

__all__ = [
    "Block",
    "CodeBlock",
    "Comment",
    "DocKind",
    "Document",
    "ListItem",
    "Paragraph",
    "ReadProblem",
    "Row",
    "Section",
    "Table",
]


class DocKind(StrEnum):
    """What a document is, which decides the rules that apply to it."""

    RELEASE = "release"
    OPERATION = "operation"
    ARCHITECTURE = "architecture"
    BASIC_DESIGN = "basic_design"
    SECURITY = "security"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int
    end_line: int


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    line: int

    def get(self, index: int | None) -> str:
        """The cell at index, or "" when the row is short or the column is absent."""
        # Asked a million times on a 50,000-row table: the hit costs no test (a try is free).
        try:
            return self.cells[index]  # type: ignore[index]  # None: the TypeError below
        except (IndexError, TypeError):
            return ""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    line: int
    end_line: int


@dataclass(frozen=True)
class ListItem:
    text: str  # the item's own text, without nested items
    line: int
    depth: int  # 0 for top-level items
    checked: bool | None  # GFM task item state; None when not a task item
    ordered: bool


@dataclass(frozen=True)
class CodeBlock:
    info: str
    text: str
    line: int
    end_line: int


@dataclass(frozen=True)
class Comment:
    """An HTML comment (suppressions, expectations); never counts as content."""

    text: str
    line: int


Block = Paragraph | Table | ListItem | CodeBlock


@dataclass(frozen=True)
class ReadProblem:
    """A part of the document the parser could not read as written; reported, never skipped.

    ``kind`` is "unread" (nested past the parser's limit), "front_matter" (front matter
    that is not closed or not YAML) or "unclosed" (an HTML comment, raw HTML block or code
    fence that is never closed and hides the rest of the document).
    """

    kind: str
    line: int
    end_line: int
    detail: str = ""


@dataclass(frozen=True)
class Section:
    level: int  # 0 for the document root, 1-6 for headings
    title: str  # heading text as written (inline markup removed)
    norm: str  # normalised: NFKC, case-folded, numbering/emoji/comments stripped
    number: str | None  # numbering prefix such as "4" or "1.2"
    line: int  # heading line (1 for the root)
    end_line: int  # last line of the section including subsections
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()

    def walk(self) -> Iterator[Section]:
        """This section and every subsection, in document order."""
        # One generator with a stack: nested generators passed each section up through
        # every level above it (950,000 generator steps for 240,000 sections on docs100).
        stack = [self]
        while stack:
            section = stack.pop()
            yield section
            if section.children:
                stack.extend(reversed(section.children))

    def all_blocks(self) -> Iterator[Block]:
        """Every block in this section and its subsections, in document order."""
        for section in self.walk():
            yield from section.blocks

    def tables(self) -> Iterator[Table]:
        return (b for b in self.all_blocks() if isinstance(b, Table))

    def items(self) -> Iterator[ListItem]:
        return (b for b in self.all_blocks() if isinstance(b, ListItem))

    def has_content(self) -> bool:
        """True when the section or a subsection holds any block (comments do not count)."""
        return any(True for _ in self.all_blocks())

    def text(self) -> str:
        """All text of the section and its subsections (titles included), one line per block."""
        parts: list[str] = []
        for section in self.walk():
            if section.level:
                parts.append(section.title)
            for block in section.blocks:
                parts.append(_block_text(block))
        return "\n".join(parts)


def _block_text(block: Block) -> str:
    if isinstance(block, Table):
        rows = [" | ".join(block.header)] + [" | ".join(r.cells) for r in block.rows]
        return "\n".join(rows)
    return block.text


@dataclass(frozen=True)
class Document:
    path: Path  # as given or discovered, used for display
    source: SourceText
    kind: DocKind
    lang: str  # "ja" or "en"
    title: str | None
    root: Section
    front_matter: Mapping[str, Any] = field(default_factory=dict)
    front_matter_end: int = 0  # last line of front matter, 0 when none
    comments: tuple[Comment, ...] = ()
    lines: tuple[str, ...] = ()
    problems: tuple[ReadProblem, ...] = ()
    # A partial document (a DR plan, an SLO document) holds only these outline chapters of
    # its kind, and ``partial`` names what it is (rules/partial_kinds.yaml); empty: whole.
    partial: str | None = None
    holds: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        return self.source.text

    def sections(self) -> Iterator[Section]:
        """Every heading section in document order (the root excluded)."""
        # Asked about 90 times per document by the rules: the section index is built once.
        return iter(self._section_index.sections)

    def section_at(self, line: int) -> Section:
        """The innermost section containing a line."""
        index = self._section_index
        position = bisect_right(index.starts, line) - 1
        # The last heading at or above the line, else the nearest ancestor still open there.
        while position >= 0:
            section = index.sections[position]
            if line <= section.end_line:
                return section
            position = index.parents[position]
        return self.root

    @cached_property
    def hidden_from(self) -> int | None:
        """Text offset of a block that is never closed and hides the rest (``<!--`` …)."""
        line = next((p.line for p in self.problems if p.kind == "unclosed"), None)
        if line is None:
            return None
        if line <= 1:
            return 0
        previous = next(islice(LINE_BREAK.finditer(self.text), line - 2, None), None)
        return previous.end() if previous is not None else len(self.text)

    @property
    def fully_read(self) -> bool:
        """False when part of the text was nested too deep to be read."""
        return not any(p.kind == "unread" for p in self.problems)

    @cached_property
    def table_spans(self) -> tuple[tuple[int, int], ...]:
        """Each table's first and last line, in document order."""
        return tuple(sorted((t.line, t.end_line) for t in self.root.tables()))

    @cached_property
    def _section_index(self) -> _SectionIndex:
        # Built once per document: checks ask section_at for every hit, and a scan per
        # question was quadratic in the number of headings (issue 10).
        return _SectionIndex.of(self.root)


@dataclass(frozen=True)
class _SectionIndex:
    """Heading sections in document order, their first lines and their parents' positions."""

    sections: tuple[Section, ...]
    starts: tuple[int, ...]
    parents: tuple[int, ...]  # position of the parent heading, -1 for the root

    @classmethod
    def of(cls, root: Section) -> _SectionIndex:
        sections: list[Section] = []
        parents: list[int] = []
        stack: list[tuple[Section, int]] = [(child, -1) for child in reversed(root.children)]
        while stack:
            section, parent = stack.pop()
            position = len(sections)
            sections.append(section)
            parents.append(parent)
            stack.extend((child, position) for child in reversed(section.children))
        return cls(tuple(sections), tuple(s.line for s in sections), tuple(parents))
