"""The one text-unit type: a line-sized piece of a document with its section and source line.

A unit is a heading title, a paragraph (whole, or one of its source lines), a sentence, a
list item, a table header or row (its cells kept), or a line of a code block. Every reader
— the fact extractors and the checks — takes its units from here; how fine it cuts prose
(whole paragraphs, lines, sentences in ``facts/prose.py``) is an option of the one producer,
not a type of its own. ``label`` reads a unit as ``label: value`` with the one label reader
(``facts/labels.py``); ``value_first`` reads a key–value row with its remarks columns last.

A document's units are a ``Reading`` of the semantic model (``DOC_UNITS``): produced once
per document and cut, and shared by every check that reads the whole document.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from opslint.document.load import split_lines
from opslint.document.model import CodeBlock, Document, ListItem, Paragraph, Row, Section, Table
from opslint.document.normalize import contains_any, normalize
from opslint.facts.labels import Label, read_label, strip_markup
from opslint.facts.reading import Reading

__all__ = ["DOC_UNITS", "LAZY", "CodeMode", "ProseMode", "Unit", "UnitKind", "doc_units",
           "front_matter_units", "loose", "make_unit",
           "section_units"]

# "paragraph": a whole paragraph; "line": one source line of a paragraph (or a sentence).
UnitKind = Literal["title", "paragraph", "line", "item", "header", "row", "code"]
ProseMode = Literal["whole", "lines"]
CodeMode = Literal["none", "comments", "all"]

# Comment lines in shell, YAML, SQL and JS blocks: runbooks describe their steps there.
_CODE_COMMENT = re.compile(r"^\s*(?:#(?!!)|//|--)\s*(\S.*)$")
_NOWHERE = Section(0, "", "", None, 0, 0)


class _Lazy(str):
    """The type of ``LAZY``: a string only so that ``Unit``'s field keeps its type."""


# Passed as a unit's ``norm``: normalised from its text on first use, not when it is cut.
LAZY: str = _Lazy()


class _Norm:
    """``Unit.norm`` of a unit given ``LAZY``: ``normalize(text)``, worked out on first read.

    Most units are never read normalised (a sentence scanned for people, a monitor row
    for burn rates), and the normalize cache missed about 108 k times on a 5 MB document
    when every unit normalised itself when cut. The value is kept in the instance's
    ``__dict__`` under the field's own name, where a given one is too: later reads are plain
    attribute reads (this descriptor has no ``__set__``, so the instance's value wins), and
    equality, hashing, ``repr``, ``replace``, copies and pickles read the same string as
    before; a pickled unit that was never read normalises again when it is."""

    def __get__(self, unit: Unit | None, owner: type | None = None) -> str:
        if unit is None:  # the class attribute: no default for the dataclass field
            raise AttributeError("norm")
        norm = unit.__dict__["norm"] = normalize(unit.text)
        return norm


@dataclass(frozen=True)
class Unit:
    """One piece of text with its source line and the section (heading path) it sits in.

    ``norm`` is the text normalised (``normalize``); given as ``LAZY`` it is worked out on
    first use (``_Norm``)."""

    line: int
    text: str
    norm: str
    section: Section
    table: Table | None = None
    row: Row | None = None
    item: ListItem | None = None
    kind: UnitKind = field(default="line", compare=False)

    def __post_init__(self) -> None:
        if self.__dict__["norm"] is LAZY:
            del self.__dict__["norm"]  # read through ``_Norm`` on first use
        if self.row is not None and self.kind == "line":
            object.__setattr__(self, "kind", "row")
        elif self.item is not None and self.kind == "line":
            object.__setattr__(self, "kind", "item")

    @property
    def cells(self) -> tuple[str, ...]:
        """A row's cells, a header's titles; () for prose."""
        if self.row is not None:
            return self.row.cells
        if self.kind == "header" and self.table is not None:
            return self.table.header
        return ()

    @property
    def header(self) -> tuple[str, ...]:
        """The header of a row's table; () otherwise."""
        return self.table.header if self.row is not None and self.table is not None else ()

    @property
    def depth(self) -> int:
        """A list item's depth (0 at the top level and for anything else)."""
        return self.item.depth if self.item is not None else 0

    def value_first(self, remarks: tuple[str, ...]) -> Unit:
        """A key–value row read with its remarks columns last: the columns whose titles
        contain one of ``remarks`` (normalised column titles: rules/vocab/columns.yaml
        ``remarks``) move after the others, in the cells, the text and so in ``label()``,
        so the value follows its label whatever the column order ("| RTO | 備考 | 1時間 |"
        reads as "RTO | 1時間 | 備考"). A row whose first column is the remarks one, a
        row whose cells do not match its header, and any other unit are returned as is."""
        if self.row is None or len(self.header) != len(self.cells):
            return self
        notes = [contains_any(normalize(title), remarks) for title in self.header]
        if not any(notes[1:]) or notes[0]:
            return self
        cells = self.row.cells
        order = ([c for c, n in zip(cells, notes, strict=True) if not n]
                 + [c for c, n in zip(cells, notes, strict=True) if n])
        text = " | ".join(order)
        return replace(self, row=replace(self.row, cells=tuple(order)), text=text, norm=LAZY)

    def label(self) -> Label | None:
        """The unit read as ``label: value``: a line or an item by the label reader (emphasis
        and code marks dropped), a row as its first cell and the rest."""
        if self.row is not None:
            cells = self.row.cells
            if len(cells) >= 2 and cells[0].strip():
                return Label(strip_markup(cells[0]), " | ".join(cells[1:]), 0)
            return None
        if self.kind not in ("line", "item", "paragraph"):
            return None
        if ":" not in self.text and "：" not in self.text:
            return None  # a label and a definition both end at a colon: most units hold none
        lines = self.text.split("\n")
        if self.item is not None or (len(lines) > 1 and lines[1].startswith(": ")):
            return read_label(self.text)  # an item, or a definition list (term, ": value")
        return read_label(lines[0])


# Set after the dataclass is made, so the field keeps no default and stays positional.
Unit.norm = _Norm()  # type: ignore[assignment]

_new = object.__new__


def make_unit(line: int, text: str, section: Section, kind: UnitKind,
              table: Table | None = None, row: Row | None = None,
              item: ListItem | None = None) -> Unit:
    """``Unit(line, text, LAZY, section, table, row, item, kind)``, made without the frozen
    dataclass's ``__init__`` (a guarded ``setattr`` per field) and ``__post_init__``: the
    readers cut about 180 k units from 100 documents. The instance's ``__dict__`` is the one
    ``__init__`` leaves (``norm`` left to ``_Norm``), so equality, hashing, ``repr`` and
    pickles are the same; ``kind`` is given as ``__post_init__`` would settle it ("row" for
    a row, "item" for a list item)."""
    unit = _new(Unit)
    fields = unit.__dict__
    fields["line"] = line
    fields["text"] = text
    fields["section"] = section
    fields["table"] = table
    fields["row"] = row
    fields["item"] = item
    fields["kind"] = kind
    return unit


def front_matter_units(doc: Document) -> Iterator[Unit]:
    """The front matter's scalar keys as label lines (``owner: 山田``), at their source lines."""
    keys = {str(k) for k, v in doc.front_matter.items()
            if isinstance(v, (str, int, float)) and not isinstance(v, bool)}
    for number in range(2, min(doc.front_matter_end, len(doc.lines) + 1)):
        text = doc.lines[number - 1]
        if text.split(":", 1)[0].strip() in keys:
            yield loose(number, text)


def loose(line: int, text: str, kind: UnitKind = "line",
          section: Section | None = None) -> Unit:
    """A unit of text that is not a block of a document (a step's task, a quoted value)."""
    return make_unit(line, text, section or _NOWHERE, kind)


def _code_units(block: CodeBlock, section: Section, doc: Document | None,
                code: CodeMode) -> tuple[Unit, ...]:
    first = block.line + 1  # a fenced block's content starts after the fence line
    if doc is not None and not (
        0 < block.line <= len(doc.lines)
        and doc.lines[block.line - 1].lstrip().startswith(("```", "~~~"))
    ):
        first = block.line  # an indented block starts on its own line
    found: list[Unit] = []
    for offset, text in enumerate(split_lines(block.text)):
        match = _CODE_COMMENT.match(text)
        if code == "all" and text.strip():
            found.append(make_unit(first + offset, text, section, "code"))
        elif code == "comments" and match:
            found.append(make_unit(first + offset, match.group(1), section, "code"))
    return tuple(found)


def _table_units(table: Table, section: Section) -> tuple[Unit, ...]:
    return tuple([make_unit(row.line, " | ".join(row.cells), section, "row", table, row)
                  for row in table.rows])


def _whole_units(block: Paragraph, section: Section) -> tuple[Unit, ...]:
    return (make_unit(block.line, block.text, section, "paragraph"),)


def _line_units(block: Paragraph, section: Section) -> list[Unit]:
    return [make_unit(block.line + offset, text, section, "line")
            for offset, text in enumerate(block.text.split("\n")) if text.strip()]


def _item_units(block: ListItem, section: Section) -> tuple[Unit, ...]:
    return (make_unit(block.line, block.text, section, "item", item=block),)


def _block_units(block: Any, section: Section, *, headers: bool, prose: ProseMode,
                 code: CodeMode, doc: Document | None, cut: _Cut | None) -> Sequence[Unit]:
    """A block's units, made at once (no generator to resume per unit); given the
    document's cut, the ones every reader shares (``_Cut``)."""
    make: Callable[[Any, Section], Sequence[Unit]]
    kind = type(block)
    if kind is Paragraph:
        make = _whole_units if prose == "whole" else _line_units
    elif kind is ListItem:
        make = _item_units
    elif kind is Table:
        make = functools.partial(_headed, cut) if headers else _table_units
    elif kind is CodeBlock and code != "none":
        make = functools.partial(_code_units, doc=doc, code=code)
    else:
        return ()
    if cut is None:
        return make(block, section)
    kept = cut.kept(headers, prose, code)[kind]  # where the cut keeps this kind's units
    found = kept.get(id(block))
    if found is None:
        found = kept[id(block)] = make(block, section)
    return found


def _headed(cut: _Cut | None, table: Table, section: Section) -> tuple[Unit, ...]:
    """A table's header unit and its rows, the rows shared with the cut without headers."""
    rows = _table_units(table, section) if cut is None else cut.rows.get(id(table))
    if rows is None:
        rows = cut.rows[id(table)] = _table_units(table, section)  # type: ignore[union-attr]
    header = make_unit(table.line, " | ".join(table.header), section, "header", table)
    return (header, *rows)


class _Cut:
    """One document's units block by block, as the readers cut them: each block (and each
    heading title) is cut once per way of cutting it, whichever reader asks first, and every
    other reader gets the same units (a table's rows are the same units with or without its
    header, in whole paragraphs or lines, with code or without). The readers used to cut
    each block about eight times (the model's units of the document in two code modes,
    ``facts/text.units``, ``checks/rel/text``, the coverage, procedure and monitoring
    readers), and each copy normalised its text again on first read, missing the
    ``normalize`` cache on a large document every time. One document is held, the last one
    cut (``_cut``), keyed by the identity of its blocks and sections."""

    __slots__ = ("code", "comments", "doc", "headed", "items", "lines", "rows", "sections",
                 "titles", "whole")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.sections = {id(s) for s in doc.root.walk()}
        self.titles: dict[int, Unit] = {}
        self.whole: dict[int, Sequence[Unit]] = {}
        self.lines: dict[int, Sequence[Unit]] = {}
        self.items: dict[int, Sequence[Unit]] = {}
        self.rows: dict[int, Sequence[Unit]] = {}
        self.headed: dict[int, Sequence[Unit]] = {}
        self.comments: dict[int, Sequence[Unit]] = {}
        self.code: dict[int, Sequence[Unit]] = {}

    def kept(self, headers: bool, prose: ProseMode, code: CodeMode
             ) -> dict[type, dict[int, Sequence[Unit]]]:
        """Where the units of each kind of block cut this way are kept, by the block's
        exact type: the one definition ``_block_units`` (which fills them) and
        ``section_units`` (which looks them up) both read; a kind cut into no units (code
        blocks without ``code``, any other block) is missing."""
        found: dict[type, dict[int, Sequence[Unit]]] = {
            Paragraph: self.whole if prose == "whole" else self.lines,
            ListItem: self.items,
            Table: self.headed if headers else self.rows,
        }
        if code != "none":
            found[CodeBlock] = self.comments if code == "comments" else self.code
        return found


def _cut(doc: Document | None, scope: Section) -> _Cut | None:
    """The cut ``scope`` is read through: ``doc``'s when given (a new one when ``doc`` is not
    the document held), else the one held; None when ``scope`` is not a section of it (a
    section of another document is cut apart, as it always was)."""
    cut = _HELD[0]
    if doc is not None and (cut is None or cut.doc is not doc):
        cut = _HELD[0] = _Cut(doc)
    return cut if cut is not None and id(scope) in cut.sections else None


# The cut of the last document cut: memory stays bounded by one document.
_HELD: list[_Cut | None] = [None]


def section_units(scope: Section | Document, *, titles: bool = True, headers: bool = True,
                  prose: ProseMode = "whole", code: CodeMode = "none",
                  doc: Document | None = None, own: bool = False) -> Iterator[Unit]:
    """Units of a section and its subsections (``own``: its own blocks only), in order.

    ``titles`` makes each heading a unit (its title often carries a value: "切り戻し後の確認
    （15分）"); ``headers`` each table header; ``prose`` cuts paragraphs whole or by source
    line; ``code`` adds comment lines or every line of code blocks. ``doc`` tells fenced
    from indented code blocks (without it, blocks are taken as fenced); with it, or given
    a document, or a section of the document cut last, the blocks' units are that
    document's one cut (``_Cut``).

    The units are gathered at once, a block's kept tuple added in one ``extend``, and
    handed out by the list's iterator: about 11,000 calls on 300 documents take 400,000
    units, nearly all of them read to the end, and a generator was resumed once per unit.
    The units and their order are those the generator yielded; only the work of a reader
    that stops early (a few section-sized scopes) is done whole, into the same cut.
    """
    if isinstance(scope, Document):
        doc, scope = doc or scope, scope.root
    cut = _cut(doc, scope)
    found: list[Unit] = []
    add, add_all = found.append, found.extend
    # A section of no document held (no cut) is cut apart: its titles and units are kept
    # in throwaway dicts, and each block is cut by ``_block_units``.
    kept_by_kind = cut.kept(headers, prose, code) if cut is not None else None
    kept_titles: dict[int, Unit] = cut.titles if cut is not None else {}
    for section in [scope] if own else scope.walk():
        if titles and section.level:
            title = kept_titles.get(id(section))
            if title is None:
                title = kept_titles[id(section)] = make_unit(section.line, section.title,
                                                             section, "title")
            add(title)
        for block in section.blocks:
            # The block's units kept in the cut, as ``_block_units`` keeps them, looked up
            # here: a block is asked for about 20 times a document (no call per block).
            units = None
            if kept_by_kind is not None:
                kept = kept_by_kind.get(type(block))
                if kept is None:
                    continue  # a kind cut into no units this way (code without ``code``)
                units = kept.get(id(block))
            if units is None:
                units = _block_units(block, section, headers=headers, prose=prose, code=code,
                                     doc=doc, cut=cut)
            add_all(units)
    return iter(found)


def units_of(sections: Iterable[Section], **options: Any) -> list[Unit]:
    """Every unit of the sections and their subsections, in document order."""
    return [u for section in sections for u in section_units(section, **options)]


def _doc_units(doc: Document, _model: object, prose: ProseMode, code: CodeMode,
               titles: bool) -> tuple[Unit, ...]:
    return tuple(section_units(doc, prose=prose, code=code, titles=titles))


def doc_units(doc: Document, *, code: CodeMode = "none") -> list[Unit]:
    """A whole document's units (titles, whole paragraphs, headers and rows, code lines)."""
    return list(section_units(doc, code=code))


# A document's units, once per document and cut: ctx.read(DOC_UNITS, prose, code, titles).
DOC_UNITS: Reading[tuple[Unit, ...]] = Reading("units", _doc_units)
