"""Text units of a release doc: headings, paragraph lines, items, rows and code lines.

The unit type and the label reader are the reading layer's (``facts/units.py``,
``facts/labels.py``); this module only fixes how a release check cuts a document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from opslint.document.model import CodeBlock, Document, ListItem, Paragraph, Section, Table
from opslint.facts.units import Unit, front_matter_units, section_units

__all__ = ["Unit", "block_units", "header_units", "labelled", "title_line", "units_of"]

_NOWHERE = Section(0, "", "", None, 0, 0)


def _release_units(section: Section, *, titles: bool, own: bool) -> Iterator[Unit]:
    return section_units(section, titles=titles, prose="lines", code="all", own=own)


def block_units(block: Paragraph | ListItem | Table | CodeBlock,
                section: Section = _NOWHERE) -> Iterator[Unit]:
    """One block's units (a paragraph line by line, code lines included)."""
    holder = Section(section.level, section.title, section.norm, section.number,
                     section.line, section.end_line, (block,))
    return _release_units(holder, titles=False, own=True)


def units_of(sections: Iterable[Section], *, titles: bool = True) -> list[Unit]:
    """Every unit of the sections and their subsections, in document order."""
    return [u for section in sections for u in _release_units(section, titles=titles, own=False)]


def title_line(doc: Document) -> int:
    """The H1 line, where document-wide findings go; without one, the line after front matter."""
    return next((s.line for s in doc.sections() if s.level == 1), doc.front_matter_end + 1)


def header_units(doc: Document) -> list[Unit]:
    """The front matter's keys and the lines between the title and the first chapter: the
    spec's header fields."""
    found = [*front_matter_units(doc), *_release_units(doc.root, titles=False, own=True)]
    title = next((s for s in doc.root.children if s.level == 1), None)
    if title is not None:
        found += _release_units(title, titles=False, own=True)
    return found


def labelled(unit: Unit) -> tuple[str, str] | None:
    """A unit read as ``label: value`` (a line, an item, or a row's first two cells)."""
    if unit.kind == "row":
        cells = [c for c in unit.cells if not c.strip().isdigit()]
        return (cells[0], cells[1]) if len(cells) >= 2 else None
    if unit.kind in ("line", "item"):
        found = unit.label()
        if found is not None:
            return found.label, found.value
    return None
