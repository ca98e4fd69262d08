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

__all__ = ["Needles", "Prefilter", "case_variants", "needed", "needles", "prefilter"]

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
    return _best(*_candidates(items, flags))


def _candidates(items: Any, flags: int) -> list[frozenset[_Lit] | None]:
    """Sets of strings every match of a sequence holds one of (each set on its own: every
    match holds one string of each): each run of plain items spelled out whole, and each
    item's own."""
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
    return candidates


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


def _implied(strings: frozenset[_Lit], by: frozenset[_Lit]) -> bool:
    """Whether every text holding one of ``by`` holds one of ``strings`` ("XXX" holds "X"):
    a set to search for nothing."""
    return all(any(b in a and (b_folded or not a_folded) for b, b_folded in strings)
               for a, a_folded in by)


@functools.lru_cache(maxsize=1024)
def needles(pattern: re.Pattern[str]) -> Needles | None:
    """The literals one of which every match of the pattern contains, or None (no such
    set is known: the pattern must be run on every text)."""
    found = needed(pattern)
    return found[0] if found else None


_MAX_NEEDED = 3  # sets of needles a pattern is screened with


@functools.lru_cache(maxsize=1024)
def needed(pattern: re.Pattern[str]) -> tuple[Needles, ...]:
    """Sets of literals every match of the pattern holds one of each, the best first (the
    one ``needles`` gives); empty when no set is known. A bracketed name ("[担当者]") holds
    one of the name words, "[" and "]": a line with the word but no bracket cannot match,
    and the word alone admits many lines of a document. Worked out once per pattern and
    code, then read back from the cache folder by later runs (``regex_cache.remembered``):
    reading the parse trees took 35-55 ms of every one-file check."""
    from opslint.regex_cache import remembered

    return remembered("needles", pattern, lambda: _needed(pattern))


def _needed(pattern: re.Pattern[str]) -> tuple[Needles, ...]:
    if pattern.flags & (re.LOCALE | re.VERBOSE) or not isinstance(pattern.pattern, str):
        return ()
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):  # compiled once already: not expected
        return ()
    candidates = _candidates(parsed.data, parsed.state.flags)
    best = _best(*candidates)
    if best is None:
        return ()
    others = {c for c in candidates
              if c is not None and _score(c)[0] > 0 and not _implied(c, best)}
    ranked = [best, *sorted(others, key=lambda c: (_score(c), sorted(c)), reverse=True)]
    return tuple(Needles(frozenset(s for s, folded in strings if not folded),
                         frozenset(s for s, folded in strings if folded))
                 for strings in ranked[:_MAX_NEEDED])


@dataclass(frozen=True)
class Prefilter:
    """One search for the needles of several patterns: ``admits(text)`` is False only when
    none of the patterns can match in the text."""

    needles: re.Pattern[str]
    spans_lines: bool = False  # a needle holds a line break (positions in joined lines)
    # The patterns with more than one set of needles (``needed``): for each, one search per
    # set, all of which a text must pass for it to match there; ``single``: the needles of
    # the patterns with one set (a text holding one needs no further search).
    confirm: tuple[tuple[re.Pattern[str], ...], ...] = ()
    single: re.Pattern[str] | None = None

    def admits(self, text: str) -> bool:
        if self.needles.search(text) is None:
            return False  # most texts
        return not self.confirm or self._confirmed(text)

    def _confirmed(self, text: str) -> bool:
        """Whether the text holds a needle of a pattern with one set, or one of each set
        of a pattern with several (loops, not generators: asked of every text admitted)."""
        if self.single is not None and self.single.search(text) is not None:
            return True
        for sets in self.confirm:
            for needles in sets:
                if needles.search(text) is None:
                    break
            else:
                return True
        return False

    def holding(self, texts: Sequence[str]) -> set[int]:
        """The indices of the texts that may hold a match: those holding a needle, by one
        search of the texts joined with line breaks (a document's lines), not one per
        text; of those, only the ones holding every set of needles of one pattern. A needle
        holding a line break could span two texts: then every index."""
        if self.spans_lines:
            return set(range(len(texts)))
        held = holding(self.needles, texts, "\n")
        if self.confirm:
            return {i for i in held if self._confirmed(texts[i])}
        return held


def _alternation(exact: frozenset[str], folded: frozenset[str]) -> re.Pattern[str]:
    """One search for the needles, spelled as a tree by first characters ("を(?:記述|記入)",
    not "を記述|を記入"): the engine tries the alternatives one by one where it stops, and a
    flat list of a hundred needles was tried whole at every を, 時 or "n" of a document. A
    needle that extends a shorter one is left out (only where a match starts is read).
    The needles read in any case after their first character are one tree as well, in one
    IGNORECASE group: ``(?i:x|y)`` matches where ``(?i:x)`` or ``(?i:y)`` does, and the tree
    matches the strings its branches spell; twelve groups tried one by one at every "a"
    and "s" of English prose made the secret scan's needles three times slower."""
    heads: dict[str, tuple[list[str], list[str]]] = {}
    for needle in exact:
        heads.setdefault(needle[0], ([], []))[0].append(needle[1:])
    for needle in folded:
        for first in case_variants(needle[0]):
            heads.setdefault(first, ([], []))[1].append(needle[1:])
    parts = []
    for first, (rests, folded_rests) in sorted(heads.items()):
        if "" in rests or "" in folded_rests:
            parts.append(re.escape(first))  # the character alone is a needle
            continue
        tails = [_tree(rests)] if rests else []
        if folded_rests:  # one tree too, read in any case: "(?i:cce(?:ss_key|ss_token))"
            tails.append(f"(?i:{_tree(folded_rests)})")
        parts.append(re.escape(first) + _group(tails))
    return re.compile("|".join(parts))


def _tree(strings: list[str]) -> str:
    """The alternation of non-empty strings as a tree by first characters."""
    if "" in strings:
        return ""
    heads: dict[str, list[str]] = {}
    for string in strings:
        heads.setdefault(string[0], []).append(string[1:])
    return "|".join(re.escape(first) + _group([_tree(rests)])
                    for first, rests in sorted(heads.items()))


def _group(tails: list[str]) -> str:
    body = "|".join(tails)
    return f"(?:{body})" if len(tails) > 1 or "|" in body else body


@functools.lru_cache(maxsize=256)
def prefilter(patterns: Sequence[re.Pattern[str]]) -> Prefilter | None:
    """The prefilter of a tuple of patterns, or None when one of them has no needles."""
    sets = [needed(p) for p in patterns]
    if not sets or not all(sets):
        return None
    exact = frozenset(s for n in sets for s in n[0].exact)
    folded = frozenset(s for n in sets for s in n[0].folded)
    multi = [n for n in sets if len(n) > 1]
    if not multi:
        return Prefilter(_alternation(exact, folded), any("\n" in s for s in exact | folded))
    confirm = tuple(tuple(_alternation(one.exact, one.folded) for one in n) for n in multi)
    singles = [n[0] for n in sets if len(n) == 1]
    single = _alternation(frozenset(s for n in singles for s in n.exact),
                          frozenset(s for n in singles for s in n.folded)) if singles else None
    return Prefilter(_alternation(exact, folded), any("\n" in s for s in exact | folded),
                     confirm, single)
