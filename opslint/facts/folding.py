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

import unicodedata
from collections.abc import Iterator, Sequence

__all__ = ["APART", "COMMON", "joined_chunks", "nfkc"]

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
