"""Gates of the term readers: cheap questions whose no settles a costlier one.

``holding``: a reader that asks every unit of a document whether it holds a word of a list
mostly hears no. The units' normalised texts are scanned once, joined with NUL
(``facts/joined.holding``), and only the units found are asked one by one, as before.

``finding``: ``Terms.find`` reads a raw text's spans (folded, spaces as written), and its
word patterns start with a lookbehind, so the regex engine tries every position of the
text; ``Terms.has`` asks the unit's normalised text with letter-led patterns
(``normalize.word_pattern``). For a list whose every term is a word term (ASCII, starting
with a letter or digit) or holds no space between two Latin letters, a text ``find`` finds
a term in is a text ``has`` says yes to: both read the same normalised term, the text's
whitespace runs become one space (which ``[\\s_-]*`` and `` ?`` match where ``\\s*`` did),
and a space is no letter to the lookarounds. So a no from ``has`` answers ``find`` too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from opslint.document.normalize import any_term_pattern, normalize
from opslint.facts.joined import holding as joined_holding
from opslint.facts.text import Terms
from opslint.facts.units import Unit

__all__ = ["finding", "has_covers_find", "holding", "naming"]

# A space between two Latin letters of a mixed term: required by ``has`` ("error budget 消費"
# reads "error budget ?消費"), optional for ``find``.
_LATIN_SPACE = re.compile(r"[a-z0-9] [a-z0-9]")


def holding(items: Sequence[Unit], terms: Terms, key: str) -> list[Unit]:
    """The units, in order, whose normalised text holds a term of the list ``key`` as
    ``Terms.has`` asks it: one scan of the texts joined with NUL (``facts/joined.holding``;
    a term pattern cannot match NUL and reads it as a text's edge). The caller still asks
    each unit found."""
    pattern = any_term_pattern(terms(key))
    if pattern is None or not items:
        return []
    found = joined_holding(pattern, [u.norm for u in items], "\0")
    return [items[i] for i in sorted(found)]


def has_covers_find(terms: tuple[str, ...]) -> bool:
    """Whether ``Terms.has`` says yes to every text ``Terms.find`` finds a term of
    ``terms`` in (the module's docstring): each term a word term or without a space
    between two Latin letters."""
    for term in terms:
        needle = normalize(term)
        if not (needle.isascii() and needle[:1].isalnum()) and _LATIN_SPACE.search(needle):
            return False
    return True


def _covers(terms: Terms, key: str) -> bool:
    return terms.vocab.compiled(f"term_gates:covers:{key}", lambda: has_covers_find(terms(key)))


def finding(text: str, norm: str, terms: Terms, key: str) -> list[tuple[int, int]]:
    """``terms.find(text, key)``, given ``norm`` (``normalize(text)``): not searched when
    ``has`` finds no term of the list in the normalised text and that settles it."""
    if _covers(terms, key) and not terms.has(norm, key):
        return []
    return terms.find(text, key)


def naming(items: Sequence[Unit], terms: Terms, key: str) -> Sequence[Unit]:
    """The units, in order, in which ``terms.find`` may find a term of the list ``key``:
    those ``holding`` finds when ``has`` settles ``find`` for the list, else all."""
    return holding(items, terms, key) if _covers(terms, key) else items
