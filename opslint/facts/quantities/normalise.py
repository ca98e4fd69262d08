"""NFKC normalisation that remembers, for every output character, its source span."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from opslint.document.normalize import NFKC_STABLE_RUN

# Half-width voiced marks are not "combining" by category but NFKC turns them into
# combining marks, so they must be normalised together with the kana before them.
_VOICED_MARKS: Final = frozenset("\u3099\u309a\uff9e\uff9f")
_DIGIT: Final = re.compile(r"\d")


@dataclass(frozen=True)
class _Norm:
    """NFKC text plus, for each of its characters, the source span it came from."""

    src: str
    text: str
    # A range when the text is its own NFKC form (no per-character table to keep), else a
    # tuple. Only indexed and measured, never changed.
    starts: Sequence[int]
    ends: Sequence[int]

    @functools.cached_property  # a memoised text is asked once per finder
    def digitless(self) -> bool:
        """Whether the NFKC text holds no digit (``\\d``, as the finders' numbers need): a
        finder whose every pattern needs one reads nothing here, and need not run them."""
        return _DIGIT.search(self.text) is None

    def span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.src)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def source(self, start: int, end: int) -> tuple[str, int, int]:
        s, e = self.span(start, end)
        return self.src[s:e], s, e


def _clusters(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """Grapheme-ish clusters of ``text[start:stop]``: a character and its combining marks."""
    i = start
    while i < stop:
        j = i + 1
        while j < stop and (unicodedata.combining(text[j]) or text[j] in _VOICED_MARKS):
            j += 1
        yield i, j
        i = j


# The characters outside NFKC_STABLE_RUN's class, in runs: the only ones NFKC may change.
_UNSTABLE_RUN: Final = re.compile("[^" + NFKC_STABLE_RUN.pattern[1:-2] + "]+")


# Memoised: several finders (durations, percentages, thresholds, ...) normalise the same
# line, and the checks ask again per rule. _Norm is frozen, so sharing one is safe. 1024
# entries keep 83% of the calls on 100 docs (16 k would keep 88% at 9 MB more peak memory).
@functools.lru_cache(maxsize=1024)
def _normalise(text: str) -> _Norm:
    """NFKC one cluster at a time, so every output character knows its source span.

    Without a combining mark (the common case: Japanese text with full-width brackets and
    colons) every cluster is one character: the characters of NFKC_STABLE_RUN's class are
    copied as they are, run by run, and only the others are normalised, one by one.
    """
    size = len(text)
    if text.isascii():  # the common case: every character is its own stable cluster
        return _Norm(text, text, range(size), range(1, size + 1))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for run in _UNSTABLE_RUN.finditer(text):
        first, stop = run.span()
        out.append(text[pos:first])
        starts.extend(range(pos, first))
        ends.extend(range(pos + 1, first + 1))
        for i in range(first, stop):
            char = text[i]
            if unicodedata.combining(char) or char in _VOICED_MARKS:
                return _clustered(text)  # a mark joins the character before it
            piece = unicodedata.normalize("NFKC", char)
            out.append(piece)
            starts.extend([i] * len(piece))
            ends.extend([i + 1] * len(piece))
        pos = stop
    out.append(text[pos:])
    starts.extend(range(pos, size))
    ends.extend(range(pos + 1, size + 1))
    return _Norm(text, "".join(out), tuple(starts), tuple(ends))


def _clustered(text: str) -> _Norm:
    """``_normalise`` of a text holding combining marks, cluster by cluster.

    Runs of NFKC_STABLE_RUN characters map to themselves one to one and are copied whole;
    only the text between them (full-width forms, combining marks) is normalised cluster by
    cluster. A run's last character stays with the text after it, since a combining mark
    there would join its cluster; region edges are then always cluster starts, so the result
    is the same as normalising every cluster of the whole text.
    """
    size = len(text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def slow(start: int, stop: int) -> None:
        for i, j in _clusters(text, start, stop):
            piece = unicodedata.normalize("NFKC", text[i:j])
            out.append(piece)
            starts.extend([i] * len(piece))
            ends.extend([j] * len(piece))

    pos = 0
    for run in NFKC_STABLE_RUN.finditer(text):
        first, last = run.start(), run.end() - 1
        slow(pos, first)
        out.append(text[first:last])
        starts.extend(range(first, last))
        ends.extend(range(first + 1, last + 1))
        pos = last
    slow(pos, size)
    return _Norm(text, "".join(out), tuple(starts), tuple(ends))
