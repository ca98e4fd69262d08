"""Literal prefilters for regex scans: the strings one of which every match must contain.

A scan that runs a list of patterns over every line of a document (the placeholder
families, the secret kinds) spends most of its time on lines that match none of them:
Python's regex engine tries each alternative of a combined pattern at every position of
every line. Most patterns cannot match without one of a few literal strings ("TBD", "HH",
"://", "-----BEGIN "), and those are found by one scan of a literal alternation, whose first
characters the engine skips to in C (its charset prefix). ``needles`` reads them from the
pattern's parse tree; a line (or a document) holding none of them cannot match, so the
pattern is not run on it. Where a pattern has no such literals (``[A-Za-z0-9]{40}``, a
pattern that can match the empty string) it has no prefilter, and every text is searched as
before: a prefilter only skips work, it never decides a match.

A literal read under IGNORECASE is searched as its first character's case variants, each
followed by the rest under IGNORECASE ("[tT](?i:oken)", spelled as alternatives): every
alternative then starts with a plain character, which keeps the engine's charset skip
(``(?i:token)`` would be tried at every position). The variants are the two cases and the
characters IGNORECASE matches besides (İ, ı, ſ, K); ``tests/test_perf_scan_prefilter.py``
checks them against the engine on every code point.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from opslint.facts.joined import holding

__all__ = ["Needles", "Prefilter", "case_variants", "needles", "prefilter"]

# re's parser and its opcode names (imported by name: neither has type stubs).
_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

_MAX_SET = 48  # strings in one set of alternatives; a larger product is cut into runs
_MAX_CLASS = 16  # characters of a class read as alternatives ("[（(]", "[:時]")
_MAX_TIMES = 3  # a repeat of up to this many copies is spelled out ("X{2}", "\?{0,2}")
# Characters IGNORECASE matches with an ASCII letter besides its two cases.
_CASE_EXTRA = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}  # İ ı, K, ſ
# Characters without case: IGNORECASE matches each with itself only (kana, kanji).
_CASELESS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def case_variants(char: str) -> str:
    """The characters IGNORECASE matches with an ASCII or caseless character."""
    if not char.isascii() or not char.isalpha():
        return char
    lower = char.lower()
    return lower + lower.upper() + _CASE_EXTRA.get(lower, "")


# A literal and whether it was read (in part) under IGNORECASE.
_Lit = tuple[str, bool]
_EMPTY: frozenset[_Lit] = frozenset({("", False)})


@dataclass(frozen=True)
class Needles:
    """Literal strings every match contains one of: ``exact`` as written, ``folded`` in
    any case."""

    exact: frozenset[str]
    folded: frozenset[str]


def _char_ok(char: str, ignore_case: bool) -> bool:
    return not ignore_case or char.isascii() or bool(_CASELESS.fullmatch(char))


def _join(left: frozenset[_Lit], right: frozenset[_Lit]) -> frozenset[_Lit]:
    return frozenset((a + b, ca or cb) for (a, ca), (b, cb) in itertools.product(left, right))


def _exact(op: Any, av: Any, flags: int) -> frozenset[_Lit] | None:
    """The strings an item matches, when they are few and plain (a literal, a small class,
    alternatives of such, a zero-width assertion as the empty string); else None."""
    ignore_case = bool(flags & re.IGNORECASE)
    if op is _c.LITERAL:
        char = chr(av)
        return frozenset({(char, ignore_case)}) if _char_ok(char, ignore_case) else None
    if op is _c.IN:
        chars: list[str] = []
        for item_op, item in av:
            if item_op is _c.LITERAL:
                chars.append(chr(item))
            elif item_op is _c.RANGE and item[1] - item[0] < _MAX_CLASS:
                chars.extend(chr(c) for c in range(item[0], item[1] + 1))
            else:
                return None  # a negated class, a category, a wide range
        if len(chars) > _MAX_CLASS or not all(_char_ok(c, ignore_case) for c in chars):
            return None
        return frozenset((c, ignore_case) for c in chars)
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return frozenset({("", False)})
    if op is _c.SUBPATTERN:
        return _exact_seq(av[3], _flags(flags, av[1], av[2]))
    if op is _c.BRANCH:
        either = _branches(_exact_seq, av[1], flags)
        return either if either is not None and len(either) <= _MAX_SET else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[1] <= _MAX_TIMES:
        body = _exact_seq(av[2], flags)
        if body is None:
            return None
        found: set[_Lit] = set()
        power = frozenset({("", False)})
        for times in range(av[1] + 1):
            if times >= av[0]:
                found |= power
            power = _join(power, body)
        return frozenset(found) if len(found) <= _MAX_SET else None
    return None


def _branches(descend: Callable[[Any, int], frozenset[_Lit] | None], branches: Any,
              flags: int) -> frozenset[_Lit] | None:
    """The union of what ``descend`` reads from each branch of an alternation, or None
    when it reads nothing from one of them (a match may take that branch)."""
    found: set[_Lit] = set()
    for branch in branches:
        strings = descend(branch, flags)
        if strings is None:
            return None
        found |= strings
    return frozenset(found)


def _exact_seq(items: Any, flags: int) -> frozenset[_Lit] | None:
    strings: frozenset[_Lit] = frozenset({("", False)})
    for op, av in items:
        part = _exact(op, av, flags)
        if part is None:
            return None
        strings = _join(strings, part)
        if len(strings) > _MAX_SET:
            return None
    return strings


def _flags(flags: int, add: int, delete: int) -> int:
    return (flags | add) & ~delete


def _score(strings: frozenset[_Lit] | None) -> tuple[int, int]:
    """How well a set filters: its weakest string, then fewer strings. A string is as
    strong as it is long, and one holding a letter (or kana, kanji) is stronger than one of
    punctuation or digits only ("仮" over "(", "200x" over "20"). A set holding the empty
    string filters nothing."""
    if not strings:
        return (0, 0)
    weakest = min(len(s) + any(c.isalpha() for c in s) if s else 0 for s, _ in strings)
    return (weakest, -len(strings))


def _best(*candidates: frozenset[_Lit] | None) -> frozenset[_Lit] | None:
    best = max(candidates, key=_score, default=None)
    return best if _score(best)[0] > 0 else None


def _need(op: Any, av: Any, flags: int) -> frozenset[_Lit] | None:
    """Strings one of which every match of the item contains; None when unknown."""
    if op is _c.SUBPATTERN:
        return _need_seq(av[3], _flags(flags, av[1], av[2]))
    if op is _c.ATOMIC_GROUP:
        return _need_seq(av, flags)
    if op is _c.BRANCH:
        return _branches(_need_seq, av[1], flags)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _need_seq(av[2], flags)
    return _best(_exact(op, av, flags))


def _need_seq(items: Any, flags: int) -> frozenset[_Lit] | None:
    """The best of: each run of plain items spelled out whole, and each item's own."""
    candidates: list[frozenset[_Lit] | None] = []
    run = _EMPTY
    for op, av in items:
        if op is _c.ASSERT:  # a lookaround that must match reads the text too
            candidates.append(_need_seq(av[1], flags))
        part = _exact(op, av, flags)
        joined = _join(run, part) if part is not None else None
        if joined is not None and len(joined) <= _MAX_SET:
            run = joined
            continue
        candidates.append(run)
        if part is None:
            candidates.append(_need(op, av, flags))
            candidates.append(_repeat_head(run, op, av, flags))
            run = _EMPTY
        else:
            run = part
    candidates.append(run)
    return _best(*candidates)


def _repeat_head(run: frozenset[_Lit], op: Any, av: Any, flags: int) -> frozenset[_Lit] | None:
    """The run before a long repeat of plain strings, followed by the repeat's least
    copies ("?" then "?+" reads "??")."""
    if op not in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) or not av[0]:
        return None
    body = _exact_seq(av[2], flags)
    if body is None or av[0] > _MAX_TIMES:
        return None
    for _ in range(av[0]):
        run = _join(run, body)
        if len(run) > _MAX_SET:
            return None
    return run


@functools.lru_cache(maxsize=1024)
def needles(pattern: re.Pattern[str]) -> Needles | None:
    """The literals one of which every match of the pattern contains, or None (no such
    set is known: the pattern must be run on every text)."""
    if pattern.flags & (re.LOCALE | re.VERBOSE) or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):  # compiled once already: not expected
        return None
    strings = _need_seq(parsed.data, parsed.state.flags)
    if strings is None:
        return None
    return Needles(frozenset(s for s, folded in strings if not folded),
                   frozenset(s for s, folded in strings if folded))


@dataclass(frozen=True)
class Prefilter:
    """One search for the needles of several patterns: ``admits(text)`` is False only when
    none of the patterns can match in the text."""

    needles: re.Pattern[str]
    spans_lines: bool = False  # a needle holds a line break (positions in joined lines)

    def admits(self, text: str) -> bool:
        return self.needles.search(text) is not None

    def holding(self, texts: Sequence[str]) -> set[int]:
        """The indices of the texts holding a needle, by one search of the texts joined
        with line breaks (a document's lines), not one per text. A needle holding a line
        break could span two texts: then every index."""
        if self.spans_lines:
            return set(range(len(texts)))
        return holding(self.needles, texts, "\n")


def _alternation(exact: frozenset[str], folded: frozenset[str]) -> re.Pattern[str]:
    parts = sorted(map(re.escape, exact))
    for needle in sorted(folded):
        rest = f"(?i:{re.escape(needle[1:])})" if needle[1:] else ""
        parts += (re.escape(first) + rest for first in case_variants(needle[0]))
    return re.compile("|".join(parts))


@functools.lru_cache(maxsize=256)
def prefilter(patterns: Sequence[re.Pattern[str]]) -> Prefilter | None:
    """The prefilter of a tuple of patterns, or None when one of them has no needles."""
    found = [needles(p) for p in patterns]
    if not found or any(n is None for n in found):
        return None
    exact = frozenset(s for n in found if n is not None for s in n.exact)
    folded = frozenset(s for n in found if n is not None for s in n.folded)
    return Prefilter(_alternation(exact, folded), any("\n" in s for s in exact | folded))
