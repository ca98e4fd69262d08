"""Sentences of prose: a paragraph or list item read sentence by sentence, lines kept.

A paragraph wraps anywhere ("an RTO of 8⏎hours"), so a fact stated in one sentence is read
from the whole sentence, and each thing found in it still knows its own source line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from opslint.document.model import ListItem, Paragraph, Section, Table
from opslint.facts.text import Unit
from opslint.facts.units import make_unit

__all__ = ["Sentence", "row_units", "section_units", "sentences"]

# A sentence ends at 。！？, at a full stop followed by a space, or at a full-width full stop
# not inside a number; "99.9%", "v1.2" and "１．５時間" go on.
_SENTENCE_END = re.compile(r"[。！？!?]|\.(?=\s)|．(?![0-9０-９])")
# A paragraph of label lines ("**Owner:** …⏎**Version:** …", "RTO：2時間⏎RPO：15分") is one
# statement per line: a line starting a new label ends the one before it.
_LABEL_LINE = re.compile(
    r"\n(?=[ \t]*[A-Z0-9\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef（(「【・][^:：|\n]{0,39}[:：])")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a paragraph or list item: line breaks read as spaces, source lines kept."""

    text: str
    line: int
    breaks: tuple[int, ...] = ()  # offsets in ``text`` where a source line ended

    def line_at(self, offset: int) -> int:
        return self.line + bisect_left(self.breaks, offset)


def sentences(text: str, line: int) -> Iterator[Sentence]:
    """The sentences of a block's text (its first line is ``line``), lines joined first."""
    if "\n" not in text:  # one source line (most list items and short paragraphs)
        return iter(_line_sentences(text, line))
    return _block_sentences(text, line)


def _block_sentences(text: str, line: int) -> Iterator[Sentence]:
    flat = text.replace("\n", " ")
    breaks = _breaks(text)
    start = 0
    ends = {m.end() for m in _SENTENCE_END.finditer(flat)}
    ends |= {m.end() for m in _LABEL_LINE.finditer(text)}
    for end in [*sorted(ends), len(flat)]:
        piece = flat[start:end]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            first = start + lead
            yield Sentence(piece.strip(), line + bisect_left(breaks, first),
                           tuple(b - first for b in breaks if first <= b < end))
        start = end


def _line_sentences(text: str, line: int) -> list[Sentence]:
    # ``sentences`` of a text without line breaks: no label line starts, no breaks to keep.
    # About 70 k texts per 100 documents, most of one sentence: a list, not a generator.
    end = _SENTENCE_END.search(text)
    if end is None:
        piece = text.strip()
        return [_sentence(piece, line)] if piece else []
    found: list[Sentence] = []
    start = 0
    for stop in [end.end(), *(m.end() for m in _SENTENCE_END.finditer(text, end.end())),
                 len(text)]:
        piece = text[start:stop].strip()
        if piece:
            found.append(_sentence(piece, line))
        start = stop
    return found


_new = object.__new__


def _sentence(text: str, line: int) -> Sentence:
    """``Sentence(text, line)`` without the frozen dataclass's ``__init__`` (a guarded
    ``setattr`` per field): the same ``__dict__``, so equal, hashed and shown the same."""
    sentence = _new(Sentence)
    fields = sentence.__dict__
    fields["text"] = text
    fields["line"] = line
    fields["breaks"] = ()
    return sentence


def _breaks(text: str) -> list[int]:
    """Offsets of the text's line breaks (a find per break, not a test per character)."""
    found: list[int] = []
    at = text.find("\n")
    while at >= 0:
        found.append(at)
        at = text.find("\n", at + 1)
    return found


def row_units(table: Table, section: Section) -> Iterator[Unit]:
    """A table's rows as units, cells joined with " | "."""
    for row in table.rows:
        text = " | ".join(row.cells)
        yield make_unit(row.line, text, section, "row", table, row)


def section_units(section: Section) -> Iterator[Unit]:
    """A section's own units (not its subsections'): each sentence of a paragraph, each list
    item with its wrapped lines joined, each table row."""
    for block in section.blocks:
        if isinstance(block, Paragraph):
            for sentence in sentences(block.text, block.line):
                yield make_unit(sentence.line, sentence.text, section, "line")
        elif isinstance(block, ListItem):
            text = block.text.replace("\n", " ")
            yield make_unit(block.line, text, section, "item", item=block)
        elif isinstance(block, Table):
            yield from row_units(block, section)
