"""Sentences of prose: a paragraph or list item read sentence by sentence, lines kept.

A paragraph wraps anywhere ("an RTO of 8⏎hours"), so a fact stated in one sentence is read
from the whole sentence, and each thing found in it still knows its own source line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Sentence", "sentences"]

# A sentence ends at 。！？ or at a full stop followed by a space; "99.9%" and "v1.2" go on.
_SENTENCE_END = re.compile(r"[。．！？!?]|\.(?=\s)")


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
    flat = text.replace("\n", " ")
    breaks = [i for i, c in enumerate(text) if c == "\n"]
    start = 0
    for end in [m.end() for m in _SENTENCE_END.finditer(flat)] + [len(flat)]:
        piece = flat[start:end]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            first = start + lead
            yield Sentence(piece.strip(), line + bisect_left(breaks, first),
                           tuple(b - first for b in breaks if first <= b < end))
        start = end
