"""One table reader: header synonyms → column keys, the document's own ID column, and every
table of a document classified by role (rules/vocab/tables.yaml).

Extractors and checks ask for the tables of a role instead of guessing from headers each
in their own way, so a table shape learned here (an ID written in the name cell, a header
synonym) is understood everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from opslint.document.model import Document, Row, Section, Table
from opslint.engine.memo import LastKept
from opslint.engine.paramspec import Field, VocabBase
from opslint.engine.vocab import Vocab
from opslint.facts.reading import header_columns

__all__ = ["ReadTable", "id_token", "read_tables", "tables_of_role"]

# An identifier of a document's own scheme at the start of a cell: letters, optional
# hyphenated groups, then a number ("M-001", "ALT-01", "MON-DB-01", "HP-ALERT-03", "TW-ALR-1").
_ID = re.compile(r"^\s*[`*]*(?P<id>[A-Z][A-Z0-9]{0,9}(?:[-_][A-Z0-9]{1,10}){0,3}[-_]?\d{1,4})"
                 r"(?![\w.])[`*]*")
_SHARE = 0.8  # first-column cells that must start with an ID and a name


class _When(VocabBase):
    all: list[str] = Field(default_factory=list)
    any: list[str] = Field(default_factory=list)
    none: list[str] = Field(default_factory=list)
    under: list[str] = Field(default_factory=list)  # section keys: in or below such a section

    def holds(self, keys: Mapping[str, int], path: Sequence[Section], vocab: Vocab) -> bool:
        return (all(k in keys for k in self.all)
                and (not self.any or any(k in keys for k in self.any))
                and not any(k in keys for k in self.none)
                and (not self.under or any(vocab.section_matches(s, k)
                                           for s in path if s.level for k in self.under)))


class _Role(VocabBase):
    keys: list[str] = Field(min_length=1)
    when: list[_When] = Field(min_length=1)


class Roles(VocabBase):
    """rules/vocab/tables.yaml (validated when the vocabularies load)."""

    roles: dict[str, _Role]
    # role -> earlier roles it comes before when one of its `under` alternatives holds
    chapter_first: dict[str, list[str]] = Field(default_factory=dict)


@dataclass(frozen=True)
class ReadTable:
    """A table as read: its view (an ID column split out of a name cell), column keys, role.

    ``view`` has the source table's rows and lines; only when a column carried IDs in front
    of names does it gain a leading ``ID`` column. ``columns`` indexes the view.
    """

    source: Table
    view: Table
    section: Section
    columns: Mapping[str, int]
    role: str | None

    def has(self, *keys: str) -> bool:
        return all(k in self.columns for k in keys)

    def cell(self, row_index: int, key: str) -> str:
        return self.view.rows[row_index].get(self.columns.get(key))


def id_token(text: str) -> str | None:
    """The identifier a cell starts with ("ALT-01 Front Door" → "ALT-01"), if any."""
    match = _ID.match(text)
    return match["id"] if match else None


def _spec(vocab: Vocab) -> Roles:
    return vocab.model("tables", Roles)


def _ids_in_front(table: Table) -> bool:
    """Whether the first column's cells start with IDs of one scheme, followed by names."""
    cells = [r.get(0) for r in table.rows if r.get(0).strip()]
    if len(cells) < 2:
        return False
    # Read until the answer is settled: a second scheme, or too many cells without an ID
    # and a name to reach the share (a 50,000-row table of bare IDs is settled in a fifth).
    need = _SHARE * len(cells)
    prefixes: set[str] = set()
    missed = 0
    for cell in cells:
        match = _ID.match(cell)
        if match is not None:
            prefixes.add(_prefix(match["id"]))
            if len(prefixes) > 1:
                return False
        if match is None or not cell[match.end():].strip(" :：-–"):
            missed += 1
            if len(cells) - missed < need:
                return False
    return len(prefixes) == 1


def _prefix(token: str) -> str:
    # One scheme shares its leading letters: MON-DB-01 and MON-Q-01, ALT-01 and ALT-23.
    return re.match(r"[A-Z]*", token).group(0)  # type: ignore[union-attr]


def _split_ids(table: Table) -> Table:
    """The table with its first column split in two: the bare ID, then the name."""
    def split(cells: tuple[str, ...]) -> tuple[str, ...]:
        cell = cells[0] if cells else ""
        match = _ID.match(cell)
        ident, rest = (match["id"], cell[match.end():].strip(" :：-–")) if match else ("", cell)
        return (ident, rest, *cells[1:])

    rows = tuple(Row(split(r.cells), r.line) for r in table.rows)
    return replace(table, header=("ID", *table.header), rows=rows)


def _columns(view: Table, role: _Role, vocab: Vocab, split: bool) -> dict[str, int]:
    columns = header_columns(view.header, vocab, role.keys)
    if split:
        columns["monitor_id"] = 0
        if 1 not in columns.values():  # the name beside the ID says what is watched
            for key in ("target", "item"):
                columns.setdefault(key, 1)
    return columns


def _chapter_role(view: Table, path: tuple[Section, ...], vocab: Vocab, spec: Roles,
                  split: bool, taken: str) -> tuple[str, dict[str, int]] | None:
    """A role whose chapter holds the table and that comes before the role ``taken``."""
    for name, before in spec.chapter_first.items():
        role = spec.roles.get(name)
        if role is None or taken not in before:
            continue
        columns = _columns(view, role, vocab, split)
        if any(w.under and w.holds(columns, path, vocab) for w in role.when):
            return name, columns
    return None


def _read(table: Table, path: tuple[Section, ...], vocab: Vocab, spec: Roles) -> ReadTable:
    section = path[-1]
    split = _ids_in_front(table)
    view = _split_ids(table) if split else table
    for name, role in spec.roles.items():
        columns = _columns(view, role, vocab, split)
        if any(w.holds(columns, path, vocab) for w in role.when):
            chapter = _chapter_role(view, path, vocab, spec, split, name)
            if chapter is not None:
                name, columns = chapter
            return ReadTable(table, view, section, columns, name)
    return ReadTable(table, view, section, {}, None)


def _tables(section: Section, path: tuple[Section, ...] = ()
            ) -> Iterator[tuple[Table, tuple[Section, ...]]]:
    """Every table with its heading path (the root first, its own section last)."""
    here = (*path, section)
    for block in section.blocks:
        if isinstance(block, Table):
            yield block, here
    for child in section.children:
        yield from _tables(child, here)


def read_tables(doc: Document, vocab: Vocab) -> tuple[ReadTable, ...]:
    """Every table of a document, in order, read and classified: once per document and
    vocabulary, however many extractors and checks ask (five readers ask per document)."""
    return _READ.get((doc, vocab), lambda: _read_all(doc, vocab))


def _read_all(doc: Document, vocab: Vocab) -> tuple[ReadTable, ...]:
    spec = _spec(vocab)
    return tuple(_read(t, path, vocab, spec) for t, path in _tables(doc.root))


# The tables of the last document read (memory bounded by one document).
_READ: LastKept[tuple[ReadTable, ...]] = LastKept()


def tables_of_role(doc: Document, vocab: Vocab, role: str) -> list[ReadTable]:
    return [t for t in read_tables(doc, vocab) if t.role == role]
