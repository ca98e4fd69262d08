"""Polarity and scope of a mention: adopted, or named as not adopted, planned, an example or
out of scope, read in the clause that holds it (cue words: rules/vocab/polarity.yaml).

A line often adopts one thing and rejects another ("Argo CD を使う。Flux は使わない"), so
cues are read in the mention's clause: the unit is cut at sentence ends, table cell bars,
list and label line starts and connectives (「が、」「し、」", but"). A parenthesis is a
clause inside its clause: cues inside it speak of what it holds, cues around it speak of it
too.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Final

from opslint.document.normalize import NFKC_STABLE_RUN
from opslint.engine.vocab import Vocab
from opslint.facts.folding import nfkc
from opslint.facts.model_common import Polarity
from opslint.facts.polarity_cues import ENUMERATOR, ORDER, Cues, load_cues

__all__ = ["ADOPTED", "Polarity", "denied", "fold_offsets", "fold_unit", "holds_cue",
           "polarity", "read_window", "section_polarity"]

ADOPTED: Final = "adopted"
# A label ("不採用：", "Not used:") is short; a colon further in is inside a sentence.
_LABEL_MAX: Final = 40
# Characters before a mention that a denial ("is not a") may span.
_DENIAL_REACH: Final = 30
# Characters either side of a mention that its clause may span.
_WINDOW: Final = 400
_BRACKET: Final = re.compile(r"[()]")


# ------------------------------------------------------------------------------ folding

_QUOTE_PAIRS = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'))
_QUOTES = str.maketrans(dict(_QUOTE_PAIRS))
# A full-width period ends a Japanese sentence even before a Latin letter ("使わない．Jenkins
# を使う"); NFKC would make it an ASCII period, which does not.
_PRE = str.maketrans({"\uff0e": "。"})


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    char = char.translate(_PRE)
    folded = unicodedata.normalize("NFKC", char).casefold().translate(_QUOTES)
    if len(folded) == 1:
        return folded
    lower = char.lower()
    return lower if len(lower) == 1 else char


def fold_unit(text: str) -> str:
    """A raw line folded as ``TechIndex.find`` folds it (NFKC, case folding), so the offsets
    of its hits hold, but with full-width periods kept as sentence ends."""
    # One character to map: ``replace`` is a scan in C, ``translate`` a lookup per character.
    # A document's lines folded together: ``nfkc`` normalises only where NFKC changes them.
    return nfkc(text.replace("\uff0e", "。")).casefold()


def fold_offsets(text: str) -> str:
    """NFKC and case folding that keeps every offset: a character whose folded form is
    longer ("…" → "...") stays as it is, so spans of the caller's text hold.

    A map of each character on its own (``_fold_char``; a run's ``lower`` and the quote
    replacements are per character too, and a stable run holds no final sigma): the fold
    of a piece of a text is that piece of the text's fold."""
    if text.isascii():
        return text.lower()
    parts: list[str] = []
    position = 0
    # Runs NFKC leaves alone (ASCII, kana, kanji, CJK punctuation) only need lower case.
    for run in NFKC_STABLE_RUN.finditer(text):
        parts += map(_fold_char, text[position : run.start()])
        parts.append(run.group(0).lower())
        position = run.end()
    parts += map(_fold_char, text[position:])
    # Curly quotes become straight ones; a folded character is never one. A ``replace``
    # finding nothing returns its text: four scans in C, not a lookup per character.
    folded = "".join(parts)
    for quote, straight in _QUOTE_PAIRS:
        folded = folded.replace(quote, straight)
    return folded


# The units read again (several mentions in one unit, the same clause asked of again).
_fold = functools.lru_cache(maxsize=2048)(fold_offsets)


# ------------------------------------------------------------------------------ clauses


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


@functools.lru_cache(maxsize=2048)
def _groups(text: str) -> tuple[tuple[int, int], ...]:
    """Balanced parentheses as (open, close) offsets; unmatched ones are plain text."""
    stack: list[int] = []
    found: list[tuple[int, int]] = []
    for bracket in _BRACKET.finditer(text):
        if bracket.group(0) == "(":
            stack.append(bracket.start())
        elif stack:
            found.append((stack.pop(), bracket.start()))
    return tuple(sorted(found))


def _clause_ends(cues: Cues, text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``text`` around [start, end): the nearest clause breaks outside it."""
    left, right = 0, len(text)
    for match in cues.breaks.finditer(text):
        if match.group(0) == "." and cues.abbreviation.search(text, 0, match.end()):
            continue
        # A break ends at its connective's last letter: 「置かず、」 keeps 置かず in its clause.
        if match.end() <= start:
            left = match.end()
        elif match.start() >= end:
            right = match.end()
            break
    return left, right


def _annotation(cues: Cues, group: str) -> bool:
    """A short parenthesis that is only a cue ("（不採用）", "(deprecated)", "（例）"): it
    speaks of the mention beside it, not of something it holds."""
    rest = group
    for pattern in cues.annotations:
        rest = pattern.sub(" ", rest)
    return rest != group and len(re.findall(r"[^\W\d_]", rest)) <= 3


def _level(cues: Cues, text: str, start: int, end: int,
           groups: tuple[tuple[int, int], ...], outer: tuple[int, int]) -> str:
    """The text of one parenthesis level: groups inside it apart from the span are blanked
    (their cues speak of what they hold), unless they annotate the span."""
    chars: list[str] | None = None
    for group in groups:
        inside = outer[0] < group[0] and group[1] < outer[1]
        if not inside or not (group[1] < start or group[0] >= end):
            continue
        if ENUMERATOR.fullmatch(text, group[0], group[1] + 1):
            continue  # "(1)" is no parenthesis but a clause break
        beside = (text[end : group[0]].strip() == "" if group[0] >= end
                  else text[group[1] + 1 : start].strip(" \t:") == "")
        if not (beside and _annotation(cues, text[group[0] : group[1] + 1])):
            chars = chars if chars is not None else list(text)
            chars[group[0] : group[1] + 1] = " " * (group[1] + 1 - group[0])
    return text if chars is None else "".join(chars)


def _words(gap: str, stops: frozenset[str]) -> int | None:
    """The number of words in a gap between an English cue and the mention, or None when
    the gap holds a stop word or a comma (the cue speaks of something else)."""
    if "," in gap or ":" in gap:
        return None
    words = re.findall(r"[a-z0-9][a-z0-9'/.\-]*", gap)
    return None if any(w in stops for w in words) else len(words)


def _negated(cues: Cues, clause: str, start: int, end: int) -> bool:
    """Negation cues around the span [start, end) of a clause (offsets in the clause)."""
    if cues.ja_after:
        cue = cues.ja_after.search(clause, end)
        if cue and _ja_reaches(cues, clause, end, cue.start()):
            return True
    if cues.ja_right_after and cues.ja_right_after.match(clause, end):
        return True
    for match in cues.en_before.finditer(clause, 0, start) if cues.en_before else ():
        count = _words(clause[match.end() : start], cues.stops)
        if count is not None and count <= cues.reach:
            return True
    modifier = cues.en_modifier.match(clause, end) is not None
    for match in cues.en_right_before.finditer(clause, 0, start) if cues.en_right_before else ():
        count = _words(clause[match.end() : start], cues.stops)
        if count is not None and count <= 1 and not modifier:
            return True
    if cues.en_after:
        for match in cues.en_after.finditer(clause, end):
            count = _words(clause[end : match.start()], cues.stops)
            if count is not None and count <= cues.reach:
                return True
    return _negative_label(cues, clause, start)


def _ja_reaches(cues: Cues, clause: str, end: int, cue: int) -> bool:
    """Whether a Japanese cue at ``cue`` speaks of the mention ending at ``end``."""
    if cues.ja_modifier.search(clause, end, cue):
        return False  # "EKS クラスタの公開エンドポイントは設けない": it speaks of the endpoint
    gap = clause[end:cue]
    return not ("、" in gap or "," in gap) or cues.ja_list_tie.search(clause, 0, cue) is not None


def _negative_label(cues: Cues, clause: str, start: int) -> bool:
    """A label that is a negation ("不採用：Render", "Not used: X, Y") negates its value."""
    colon = clause.find(":", 0, start)
    if colon < 0 or colon > _LABEL_MAX:
        return False
    label = clause[:colon]
    return any(p is not None and p.search(label)
               for p in (cues.ja_after, cues.en_after, cues.ja_right_after_terms))


def _clause_polarity(cues: Cues, text: str, start: int, end: int) -> Polarity:
    left, right = _clause_ends(cues, text, start, end)
    # The mention itself is no cue ("No-Code Platform"), nor a phrase on the ignore list.
    clause = _blank(text[left:right], start - left, end - left)
    if cues.ignore is not None:
        clause = cues.ignore.sub(lambda m: " " * len(m.group(0)), clause)
    if _negated(cues, clause, start - left, end - left):
        return "negated"
    for name in ORDER[1:]:
        pattern = cues.anywhere[name]
        if pattern is not None and pattern.search(clause):
            return name
    return ADOPTED


@functools.lru_cache(maxsize=2048)
def _has_cue(cues: Cues, folded: str) -> bool:
    """Whether a folded unit holds any cue: asked once per unit, however many mentions it
    holds (a line naming three products is one unit read three times)."""
    return cues.any_cue is not None and cues.any_cue.search(folded) is not None


def holds_cue(vocab: Vocab, folded: str) -> bool:
    """Whether the part of a unit ``polarity`` reads (``read_window``), folded by
    ``fold_offsets``, holds a cue: ``polarity`` is ``ADOPTED`` at once where it holds none.
    The answers ``polarity`` keeps: documents of a set share their boilerplate."""
    return _has_cue(load_cues(vocab), folded)


def read_window(length: int, start: int, end: int) -> tuple[int, int]:
    """The part [low, high) of a unit of ``length`` characters that ``polarity`` reads for
    the mention at [start, end): all of it, or ``_WINDOW`` characters either side of the
    mention in a unit longer than any clause."""
    if length > 2 * _WINDOW:
        return max(0, start - _WINDOW), min(length, end + _WINDOW)
    return 0, length


def polarity(vocab: Vocab, text: str, start: int, end: int) -> Polarity:
    """The polarity of the mention at [start, end) of a text unit (a sentence, list item,
    table row or paragraph; raw or folded text, offsets in it).

    Read from the innermost parenthesis out: cues inside a parenthesis speak of the
    mentions it holds; if none, the parenthesis is read as a mention of its clause around,
    unless it is a sentence of its own (it holds a predicate).
    """
    cues = load_cues(vocab)
    if len(text) > 2 * _WINDOW:  # no clause is this long: keep each reading linear
        low, high = read_window(len(text), start, end)
        text, start, end = text[low:high], start - low, end - low
    folded = _fold(text)
    if not _has_cue(cues, folded):
        return ADOPTED  # most units: nothing to read
    groups = _groups(folded)
    chain = [g for g in groups if g[0] < start and end <= g[1]]
    chain.sort(key=lambda g: g[0], reverse=True)  # innermost first
    span = (start, end)
    for outer in [*chain, (-1, len(folded))]:
        level = _level(cues, folded, span[0], span[1], groups, outer)
        inner = level[outer[0] + 1 : outer[1]]
        found = _clause_polarity(cues, inner, span[0] - outer[0] - 1, span[1] - outer[0] - 1)
        if found != ADOPTED:
            return found
        own = _blank(inner, span[0] - outer[0] - 1, span[1] - outer[0] - 1)
        if outer[0] >= 0 and cues.predicate and cues.predicate.search(own):
            return ADOPTED  # a sentence of its own: cues around it do not reach in
        span = (outer[0], outer[1] + 1)
    return ADOPTED


def section_polarity(vocab: Vocab, title: str) -> Polarity:
    """The polarity a heading gives its whole section ("## 採用しない構成" → negated)."""
    return _section_polarity(load_cues(vocab), title)


@functools.lru_cache(maxsize=1024)
def _section_polarity(cues: Cues, title: str) -> Polarity:
    # Documents of a set share their chapter titles ("## 概要", "## Rollback"): each title
    # is read once, not once per document and reader.
    folded = _fold(title)
    for name in ORDER:
        pattern = cues.sections[name]
        if pattern is not None and pattern.search(folded):
            return name
    return ADOPTED


def denied(vocab: Vocab, folded: str, start: int, end: int) -> bool:
    """Whether the mention at [start, end) of a folded text is named as what a thing is not
    ("キャッシュではない", "is not a cache"): polarity.yaml ``denied``, a copula or a use
    denied right after it, or a negation at most two words before it."""
    cues = load_cues(vocab)
    if cues.denied_after and folded[end:].lstrip(" \u3000").startswith(cues.denied_after):
        return True
    window = folded[max(0, start - _DENIAL_REACH) : start]
    return cues.denied_before is not None and cues.denied_before.search(window) is not None
