"""Gates of the term readers: cheap questions whose no settles a costlier one.

``holding``: a reader that asks every unit of a document whether it holds a word of a list
mostly hears no. The units' normalised texts are joined by line breaks and scanned once,
and only the units a match touches are asked one by one, as before. A term found in one
unit is found at the same place in the whole: a line break is no letter to a term's
lookarounds, and a match across two units only lets both be asked.

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
from opslint.facts.text import Terms
from opslint.facts.units import Unit

__all__ = ["finding", "has_covers_find", "holding", "naming"]

# A space between two Latin letters of a mixed term: required by ``has`` ("error budget 消費"
# reads "error budget ?消費"), optional for ``find``.
_LATIN_SPACE = re.compile(r"[a-z0-9] [a-z0-9]")


def holding(items: Sequence[Unit], terms: Terms, key: str) -> list[Unit]:
    """The units, in order, whose normalised text may hold a term of the list ``key`` (as
    ``Terms.has`` asks it): every unit that does, and those a match across a line break
    touches. One scan of the units' normalised texts joined; the caller still asks each
    unit found. A match inside an earlier match of the scan overlaps it, so that earlier
    match touches its unit too. A normalised text holds no line break (its whitespace is
    collapsed to spaces), so the line breaks before a match count the units before it."""
    pattern = any_term_pattern(terms(key))
    if pattern is None or not items:
        return []
    joined = "\n".join([u.norm for u in items])
    if joined.count("\n") != len(items) - 1:  # a unit normalised some other way: ask all
        return list(items) if pattern.search(joined) else []
    touched: set[int] = set()
    for match in pattern.finditer(joined):
        start, end = match.span()
        first = joined.count("\n", 0, start)
        touched.update(range(first, first + joined.count("\n", start, max(start, end - 1)) + 1))
    return [items[i] for i in sorted(touched)]


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
