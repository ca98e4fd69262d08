"""Operation-design reading helpers: section scopes, text units and vocabulary parts (the
unit and part types live in the reading layer, ``facts/units.py`` and ``facts/parts.py``).

A *unit* (``facts/units.py``) is one line of meaning (a heading, paragraph, list item, table
row or code comment) with its source line; scopes are the outermost sections matching
section keys.
Shared by the routine, incident and backup checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from opslint.document.model import Document, Section
from opslint.document.normalize import any_term_pattern
from opslint.engine.context import CheckContext
from opslint.engine.memo import LastKept
from opslint.engine.vocab import Vocab
from opslint.facts.parts import Part, find_part, has_term, part_named, parts_of, unit_has
from opslint.facts.units import DOC_UNITS, CodeMode, Unit
from opslint.facts.units import section_units as read_units

__all__ = [
    "Part",
    "Unit",
    "anchor_line",
    "doc_units",
    "find_part",
    "has_term",
    "load_parts",
    "named_part",
    "outermost",
    "primary_line",
    "scope_sections",
    "scope_units",
    "section_units",
    "unit_has",
    "units_naming",
]

def section_units(
    doc: Document, section: Section, *, code: CodeMode = "none"
) -> Iterator[Unit]:
    """Units of a section and its subsections in document order: titles, whole paragraphs,
    items, table headers and rows, and code as asked (the one unit type, ``facts/units``)."""
    return read_units(section, doc=doc, code=code)


def doc_units(source: CheckContext | Document, *, code: CodeMode = "none",
              doc: Document | None = None) -> Sequence[Unit]:
    """A whole document's units. Given the check's context, they are the model's reading of
    the document (``DOC_UNITS``: cut once per document and run, shared by every check)."""
    if isinstance(source, CheckContext):
        return source.read(DOC_UNITS, "whole", code, True, doc=doc)
    kept = _DOC_UNITS.setdefault(code, LastKept())  # checks ask again for the same document
    return list(kept.get((source,), lambda: tuple(read_units(source, code=code))))


def scope_units(ctx: CheckContext, section: Section, *, code: CodeMode = "none"
                ) -> Sequence[Unit]:
    """``section_units`` of one of the document's sections, sliced from the model's units of
    the whole document (``DOC_UNITS``) instead of cut again: a section and its subsections
    are one run of the document's units in document order, from its title on."""
    whole = doc_units(ctx, code=code)
    first, last = _bounds(whole, code)
    start = first.get(id(section))
    if start is None or whole[start].section is not section:  # not a section of this document
        return list(section_units(ctx.doc, section, code=code))
    # The document's units come section by section in walk order, so a section's run ends
    # after the last unit of its last subsection that has any: found by walking its
    # subsections, not by testing every unit of the run.
    end = max(last.get(id(s), start) for s in section.walk())
    return whole[start:end]


def _bounds(whole: Sequence[Unit], code: CodeMode
            ) -> tuple[Mapping[int, int], Mapping[int, int]]:
    """Where each section's units start in a document's units and where they end (id of the
    section → index, index after), for the last units asked for in each code mode (one
    document: memory stays bounded; the rules of a document ask in two modes, turn about,
    and one kept answer for both was read again 2.5 times per document)."""
    def read() -> tuple[dict[int, int], dict[int, int]]:
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for index, unit in enumerate(whole, 1):
            key = id(unit.section)
            first.setdefault(key, index - 1)
            last[key] = index
        return first, last

    return _FIRST.setdefault(code, LastKept()).get((whole,), read)


_FIRST: dict[str, LastKept[tuple[dict[int, int], dict[int, int]]]] = {}


# code mode → the last document asked for and its units: readers that get a Document, not
# the check's context, asked for the same document's units again and again (12 times per
# document on the SLO rules: 27 s of 44 on a 5 MB document). One document per mode is
# kept, so memory stays bounded by the document being checked.
_DOC_UNITS: dict[str, LastKept[tuple[Unit, ...]]] = {}


def outermost(sections: Iterable[Section]) -> list[Section]:
    """Drop sections nested inside another one of the list; keep document order."""
    chosen: list[Section] = []
    for section in sorted(sections, key=lambda s: (s.line, s.level)):
        if not any(p.line < section.line <= p.end_line for p in chosen):
            chosen.append(section)
    return chosen


def scope_sections(
    vocab: Vocab, doc: Document, keys: Sequence[str], exclude: Sequence[str] = ()
) -> list[Section]:
    """Outermost sections whose titles match any key, minus those matching an exclude key.

    Many rules ask for the same chapters of one document: the answers for the last document
    (and vocabulary) asked about are kept."""
    memo_key = (tuple(keys), tuple(exclude))
    kept, matching = _SCOPES.get((doc, vocab), lambda: ({}, {}))
    if memo_key not in kept:
        kept[memo_key] = tuple(_scope_sections(vocab, doc, keys, exclude, matching))
    return list(kept[memo_key])


# The last document and vocabulary asked about: their scopes by (keys, exclude), and the
# sections each key matches (id of the section), read once per key: the rules ask for the
# same keys in several combinations (each key of a document is asked about 2.7 times).
_SCOPES: LastKept[tuple[dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[Section, ...]],
                        dict[str, frozenset[int]]]] = LastKept()


def _scope_sections(
    vocab: Vocab, doc: Document, keys: Sequence[str], exclude: Sequence[str] = (),
    matching: dict[str, frozenset[int]] | None = None,
) -> list[Section]:
    known = {} if matching is None else matching

    def matched(key: str) -> frozenset[int]:
        found = known.get(key)
        if found is None:
            # ``find_sections`` reads the title memo inline: no call per section.
            found = known[key] = frozenset(map(id, vocab.find_sections(doc, key)))
        return found

    # A section matching a key and no exclude key: one set, not a test of every key's set
    # per section (the document's sections are alive, so their ids are distinct).
    wanted = frozenset[int]().union(*(matched(k) for k in keys))
    if exclude and wanted:
        wanted = wanted.difference(*(matched(k) for k in exclude))
    if not wanted:
        return []
    return outermost([s for s in doc.sections() if id(s) in wanted])


def units_naming(units: Iterable[Unit], terms: Iterable[str]) -> Iterator[Unit]:
    """The units whose normalised text holds one of the terms (``has_term``), in order: the
    terms' alternation looked up once for all the units, not once per unit (a tuple of
    twenty terms hashed for each of a document's thousands of units)."""
    pattern = any_term_pattern(tuple(terms))
    if pattern is None:  # no terms: has_term holds for no text
        return
    search = pattern.search
    for unit in units:
        if search(unit.norm) is not None:
            yield unit


def primary_line(sections: Sequence[Section]) -> int:
    """The line of the outermost (then first) section: a chapter rather than a sub-heading."""
    return min(sections, key=lambda s: (s.level, s.line)).line


def anchor_line(doc: Document) -> int:
    """Where a document-wide finding points: the title heading, else line 1."""
    first = next(iter(doc.sections()), None)
    return first.line if first is not None and first.level == 1 else 1


def load_parts(ctx: CheckContext, stem: str, section: str = "parts") -> Mapping[str, Part]:
    """The ``parts`` mapping of rules/vocab/<stem>.yaml, validated once per run."""
    return parts_of(ctx.vocab, stem, section)


def named_part(ctx: CheckContext, stem: str, key: str, section: str = "parts") -> Part:
    """One part of rules/vocab/<stem>.yaml; an unknown key is a data error naming the file."""
    return part_named(ctx.vocab, stem, key, section)


