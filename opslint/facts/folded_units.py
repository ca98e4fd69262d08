"""A document's units folded together once, and the units in which a term list may stand.

Several readers look for a few words in a whole document (audit logs, disposable stores, DR
descriptions) and used to fold or normalise every unit or sentence to ask each one. They
ask here instead: the units of the document (``text.units``: paragraph lines, list items,
table rows) are folded once (NFKC, case folding: ``technology.fold``), ``APART`` between
them, and one scan of a term list's loose pattern finds the units it may stand in. The
reader then asks its own matcher of those units only.

The loose pattern is a term's letters in order, with any run of spaces, line breaks, unit
breaks, hyphens or underscores between any two of them (ASCII words keep their edges). It
matches wherever a list's own matchers could (``Terms.has`` on a normalised unit,
``Terms.find`` on a folded one, ``contains_any``), in any sentence of a unit, or in a
sentence wrapped over several paragraph lines (normalising only collapses spaces; a
sentence is a piece of its lines cut after a sentence end), and more.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence

from opslint.document.model import Document
from opslint.document.normalize import normalize
from opslint.engine.memo import LastKept
from opslint.engine.vocab import Vocab
from opslint.facts.folding import joined_chunks
from opslint.facts.polarity_cues import trie_branches
from opslint.facts.technology import APART, fold, text_starts
from opslint.facts.text import Unit, units

__all__ = ["FoldedUnits", "folded_units"]

# Between two letters of a term: what normalising collapses or a term's matcher lets stand
# between its words (spaces, hyphens, underscores), and the break between two units.
_GAP = r"[\s\x00_-]*"
# Units folded in one call: NFKC works on copies of its whole input (a 5 MB document).
_CHUNK = 2000


def _loose(terms: Sequence[str]) -> re.Pattern[str] | None:
    """A term list's loose pattern (the module's docstring); None for no terms. An ASCII
    term starting with a letter or digit keeps its word edges: what stands before or after
    it in a unit or sentence stands there in the units folded together, or a space, a unit
    break or a sentence end does."""
    if not terms:
        return None
    words = {normalize(t) for t in terms}
    edged = {w for w in words if w.isascii() and w[:1].isalnum()}
    branches = [*trie_branches(_spaced(edged), _GAP, r"(?<![a-z0-9].)", "(?![a-z0-9])"),
                *trie_branches(_spaced(words - edged), _GAP)]
    return re.compile("|".join(branches)) if branches else None


def _spaced(words: set[str]) -> list[str]:
    # A space between any two letters (``trie_branches`` reads it as ``_GAP``).
    return sorted(" ".join(w.replace(" ", "")) for w in words)


class FoldedUnits:
    """The units of a document and their texts folded together (``folded_units``)."""

    def __init__(self, found: Sequence[Unit]) -> None:
        self.units = found
        self._text = APART.join(map(fold, joined_chunks([u.text for u in found], _CHUNK)))
        # Machine integers: a 50,000-row table's starts take 400 kB, not 1.8 MB of objects.
        self._starts = array("q", text_starts(self._text))

    def holding(self, vocab: Vocab, key: str) -> set[int]:
        """Indices of the units a term of the facts.yaml list ``key`` may stand in (all
        that one does, and maybe more): one scan of the whole."""
        pattern = vocab.compiled(f"facts:loose:{key}",
                                 lambda: _loose(vocab.term_list("facts", key)))
        if pattern is None:
            return set()
        if len(self._starts) != len(self.units):  # a unit holds APART: ask each
            return set(range(len(self.units)))
        found: set[int] = set()
        for match in pattern.finditer(self._text):
            # A loose match may run on into the next units: each one it touches may hold a
            # term (it may hide a match of that unit's own).
            first = bisect_right(self._starts, match.start()) - 1
            last = bisect_right(self._starts, max(match.start(), match.end() - 1)) - 1
            found.update(range(first, last + 1))
        return found


def folded_units(doc: Document) -> FoldedUnits:
    """The document's units (``text.units``) folded together, made once per document (the
    last document's kept: memory stays bounded by one document)."""
    return _HELD.get((doc,), lambda: FoldedUnits(tuple(units(doc))))


_HELD: LastKept[FoldedUnits] = LastKept()
