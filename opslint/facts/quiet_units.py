"""The blocks and table rows of a document that name no term of a few lists, told by the
one scan of its units folded together (``folded_units``), for readers that ask blocks or a
table's rows one by one rather than units.

``FoldedUnits.holding`` finds every unit of ``units(doc)`` a term of a list may stand in
(its loose pattern matches wherever ``Terms.has`` or ``Terms.find`` could, in a unit or
across the lines of a wrapped paragraph), and maybe more. A unit it does not find names no
term, and so does a text that is that unit's text: a table row whose unit text (its cells
joined with " | ") is the row's text, a list item whose unit is the item, a paragraph each
of whose non-blank lines is a line unit not found (a term over two lines of it would touch
both line units). Every text is compared with the unit's own before it is answered for,
so a block or row that is not among the units scanned is asked as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from opslint.document.model import Document, ListItem, Paragraph, Row, Section
from opslint.engine.vocab import Vocab
from opslint.facts.folded_units import FoldedUnits, folded_units
from opslint.facts.text import Unit

__all__ = ["QuietUnits", "units_naming"]


def units_naming(doc: Document, vocab: Vocab, key: str) -> list[Unit]:
    """The document's units (``units(doc)``), in order, in which a term of the facts.yaml
    list ``key`` may stand: every unit ``Terms.has`` or ``Terms.find`` finds one in, and
    maybe more, each still to be asked. The units are not normalised to be told, as a scan
    of their normalised texts (``term_gates.naming``) would make every one of them."""
    folded = folded_units(doc)
    return [folded.units[i] for i in sorted(folded.holding(vocab, key))]


class QuietUnits:
    """The units of a document in which no term of the facts.yaml lists ``keys`` stands, by
    what they are part of: table rows, list items and paragraph lines."""

    def __init__(self, folded: FoldedUnits, vocab: Vocab, keys: Sequence[str]) -> None:
        found: set[int] = set()
        for key in keys:
            found |= folded.holding(vocab, key)
        self._rows: dict[int, str] = {}  # id(row) → its unit's text
        self._items: dict[int, str] = {}  # id(item) → its unit's text
        self._lines: dict[tuple[int, int], str] = {}  # (id(section), line) → the line
        for index, unit in enumerate(folded.units):
            if index in found:
                continue
            if unit.row is not None:
                self._rows[id(unit.row)] = unit.text
            elif unit.item is not None:
                self._items[id(unit.item)] = unit.text
            elif unit.kind == "line":
                self._lines[(id(unit.section), unit.line)] = unit.text

    def row(self, row: Row, text: str) -> bool:
        """Whether ``text``, a row's text, names no term: its unit was not found."""
        return self._rows.get(id(row)) == text

    def block(self, block: Paragraph | ListItem, section: Section) -> bool:
        """Whether a paragraph's or list item's whole text (of ``section``'s blocks) names
        no term: its unit, or each line unit of the paragraph, was not found."""
        if isinstance(block, ListItem):
            return self._items.get(id(block)) == block.text
        lines = self._lines
        where = id(section)
        return all(lines.get((where, block.line + offset)) == text
                   for offset, text in enumerate(block.text.split("\n")) if text.strip())
