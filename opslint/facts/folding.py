"""NFKC of a document's texts joined together, without normalising text NFKC leaves alone.

The document-wide readers fold a document's prose lines or units joined with a separator
(``technology.APART``) in one call per chunk. ``unicodedata.normalize`` returns its input
at once when a quick check finds every character stable, but one full-width parenthesis
(Japanese prose holds one every few lines) makes it decompose and recompose the whole
chunk: about 40 ns a character, most of it spent on kana and kanji it gives back as they
were. ``nfkc`` gives the same string and normalises only where something may change:

1. A character replaced by its compatibility decomposition leaves NFKC unchanged (NFKC is
   the canonical composition of the full compatibility decomposition, and the
   decomposition of a string is that of its characters, canonically reordered). The
   full-width punctuation of Japanese prose (``_COMMON``) decomposes to one ASCII
   character each: ``str.replace`` swaps it in a scan in C, after which the quick check
   usually passes.
2. Otherwise the text is cut at a separator that is a starter with no decomposition that
   no canonical composition holds, neither first nor second (``APART``, a line break):
   nothing on one side of it changes how the other side normalises, so each piece is
   normalised alone, and only the pieces the quick check does not pass.

tests/facts/test_folding.py checks both properties on every character and compares
``nfkc`` with ``unicodedata.normalize`` on generated texts.
"""

from __future__ import annotations

import functools
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence

from opslint.document.normalize import NFKC_UNSTABLE_CHAR

__all__ = ["APART", "COMMON", "fold_each", "folds_apart", "joined_chunks", "nfkc"]

# What stands between two texts folded as one (see ``technology.APART``): a starter with no
# decomposition that no composition holds, so each text normalises as alone.
APART = "\x00"
# Full-width punctuation of Japanese prose and its NFKC (each its compatibility
# decomposition, one ASCII character): replaced in a scan in C before the quick check.
COMMON: tuple[tuple[str, str], ...] = (
    ("\uff08", "("), ("\uff09", ")"), ("\uff1a", ":"), ("\uff0c", ","), ("\uff1f", "?"),
    ("\uff01", "!"), ("\u3000", " "),
)
# Below this length a text goes straight to ``unicodedata.normalize``: the scans would
# cost more than they save.
_SHORT = 256

_normalize = unicodedata.normalize
_is_normalized = unicodedata.is_normalized


def nfkc(text: str, apart: str = APART) -> str:
    """``unicodedata.normalize("NFKC", text)``, by the two steps of the module docstring.
    ``apart``: the separator the text may be cut at (``APART`` or a line break)."""
    if len(text) < _SHORT:
        return _normalize("NFKC", text)
    for char, decomposed in COMMON:
        text = text.replace(char, decomposed)
    if _is_normalized("NFKC", text):
        return text
    return apart.join(piece if _is_normalized("NFKC", piece) else _normalize("NFKC", piece)
                      for piece in text.split(apart))


def joined_chunks(texts: Sequence[str], size: int) -> Iterator[str]:
    """The texts joined with ``APART``, ``size`` at a time: a fold per chunk, not per text,
    and not one of a 5 MB document's whole text at once (NFKC copies its input several
    times). A fold that cuts at ``APART`` (``nfkc``, case folding, a per-character
    replace) gives, joined with ``APART``, the fold of all the texts joined."""
    for first in range(0, len(texts), size):
        yield APART.join(texts[first : first + size])


def fold_each(texts: Sequence[str], fold: Callable[[str], str], size: int) -> list[str]:
    """``[fold(t) for t in texts]``, a chunk of texts at a time (``joined_chunks``): one
    call per chunk, not per text, for a fold that cuts at ``APART`` and never makes or
    removes one. A text holding ``APART`` itself makes the count come out wrong: then
    each text is folded alone."""
    folded = APART.join(map(fold, joined_chunks(texts, size))).split(APART)
    if len(folded) != len(texts):
        return [fold(text) for text in texts]
    return folded


# Starters (canonical combining class 0) that a canonical composition takes as its second
# character, in the Unicode version of ``_SECOND_STARTERS_OF`` (Python 3.11's); with another
# version the table is worked out (``_second_starters``). Hangul jamo compose by rule, not
# by the table: a vowel after a leading consonant, a trailing consonant after a syllable.
_SECOND_STARTERS_OF = "14.0.0"
_SECOND_STARTERS = frozenset(
    "\u09be\u09d7\u0b3e\u0b56\u0b57\u0bbe\u0bd7\u0cc2\u0cd5\u0cd6\u0d3e\u0d57\u0dcf"
    "\u0ddf\u0fb5\u0fb7\u102e\u1b35\U00011127\U0001133e\U00011357\U000114b0"
    "\U000114ba\U000114bd\U000115af\U00011930"
)
_HANGUL_SECONDS = frozenset(map(chr, [*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)]))


@functools.lru_cache(maxsize=1)
def second_starters() -> frozenset[str]:
    """Every character that is a starter and may compose with a character before it."""
    if unicodedata.unidata_version == _SECOND_STARTERS_OF:
        return _SECOND_STARTERS | _HANGUL_SECONDS
    return second_starters_of_unicode() | _HANGUL_SECONDS


def second_starters_of_unicode() -> frozenset[str]:
    """The starters that canonical decompositions of two characters take second, worked out
    from the running Python's Unicode tables (about 0.5 s; the kept table stands in for it
    on its own Unicode version)."""
    found: set[str] = set()
    for code in range(sys.maxunicode + 1):
        mapping = unicodedata.decomposition(chr(code))
        if mapping and not mapping.startswith("<") and len(parts := mapping.split()) == 2:
            second = chr(int(parts[1], 16))
            if unicodedata.combining(second) == 0:
                found.add(second)
    return frozenset(found)


@functools.lru_cache(maxsize=1024)
def _starts_apart(char: str) -> bool:
    """Whether NFKC may cut a text before ``char``: its compatibility decomposition starts
    with a starter that composes with nothing before it. Canonical reordering stops at a
    starter and composition with a character before it is blocked by one, so nothing before
    the cut changes how what follows normalises, nor the other way round (UAX #15)."""
    first = unicodedata.normalize("NFKD", char)[:1]
    return unicodedata.combining(first) == 0 and first not in second_starters()


def folds_apart(text: str) -> bool:
    """Whether NFKC may cut ``text`` before any of its characters (``_starts_apart``): then
    NFKC of the text is that of each character joined, and NFKC of any part of it, or of
    what is left with some characters taken out, is the matching part of the text's NFKC.
    Most text holds only characters of ``NFKC_STABLE_RUN`` (ASCII, kana, kanji, CJK
    punctuation: each may be cut before, tests/facts/test_folding.py), and the rest are
    asked one by one."""
    return all(_starts_apart(char) for char in NFKC_UNSTABLE_CHAR.findall(text))
