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
from operator import attrgetter

from opslint.document.model import Document, ListItem, Paragraph, Row, Section
from opslint.engine.vocab import Vocab
from opslint.facts.folded_units import FoldedUnits, folded_units
from opslint.facts.text import Unit

__all__ = ["QuietUnits", "units_maybe_naming"]


def units_maybe_naming(doc: Document, vocab: Vocab, key: str) -> list[Unit]:
    """The document's units (``units(doc)``), in order, in which a term of the facts.yaml
    list ``key`` may stand: every unit ``Terms.has`` or ``Terms.find`` finds one in, and
    maybe more, each still to be asked. The units are not normalised to be told, as a scan
    of their normalised texts (``term_gates.naming``) would make every one of them."""
    folded = folded_units(doc)
    return [folded.units[i] for i in sorted(folded.holding(vocab, key))]


class QuietUnits:
    """The units of a document in which no term of the facts.yaml lists ``keys`` stands,
    asked by what they are part of: table rows, list items and paragraphs."""

    def __init__(self, folded: FoldedUnits, vocab: Vocab, keys: Sequence[str]) -> None:
        self._units = folded.units
        self._found: set[int] = set()
        for key in keys:
            self._found |= folded.holding(vocab, key)
        # Each unit's index by the row or item it cuts, or by its section and line: made
        # on first use (a monitor reader asks rows only), in C loops over the units.
        self._rows: dict[int, int] | None = None
        self._items: dict[int, int] | None = None
        self._lines: dict[tuple[int, int], int] | None = None

    def _quiet(self, index: int | None, text: str) -> bool:
        """Whether the unit at ``index`` has the text ``text`` and was not found."""
        return index is not None and index not in self._found \
            and self._units[index].text == text

    def row(self, row: Row, text: str) -> bool:
        """Whether ``text``, a row's text, names no term: the row's unit has that text and
        was not found."""
        if self._rows is None:
            self._rows = _by_identity(self._units, "row")
        return self._quiet(self._rows.get(id(row)), text)

    def block(self, block: Paragraph | ListItem, section: Section) -> bool:
        """Whether a paragraph's or list item's whole text (of ``section``'s blocks) names
        no term: the item's unit, or the line units of the paragraph (each line that is not
        blank, one after the other among the units, so that a term over two lines would
        have been found across them), have those texts and were not found."""
        if isinstance(block, ListItem):
            if self._items is None:
                self._items = _by_identity(self._units, "item")
            return self._quiet(self._items.get(id(block)), block.text)
        if self._lines is None:
            units = self._units
            places = zip(map(id, map(attrgetter("section"), units)),
                         map(attrgetter("line"), units), strict=True)
            self._lines = dict(zip(places, range(len(units)), strict=True))
        lines = self._lines
        where = id(section)
        previous: int | None = None
        for offset, text in enumerate(block.text.split("\n")):
            if not text.strip():
                continue  # not cut into a unit
            index = lines.get((where, block.line + offset))
            if not self._quiet(index, text) or (previous is not None and index != previous + 1):
                return False
            previous = index
        return True


def _by_identity(units: Sequence[Unit], field: str) -> dict[int, int]:
    """Each unit's index by the identity of its ``field`` (a row or a list item)."""
    found = dict(zip(map(id, map(attrgetter(field), units)), range(len(units)), strict=True))
    found.pop(id(None), None)  # the units that cut no such part
    return found
