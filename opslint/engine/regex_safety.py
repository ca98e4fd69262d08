"""Reject regular expressions that can backtrack catastrophically, before any text is read.

Python's ``re`` has no timeout, and a pattern such as ``(\\w+\\s?)+$`` takes exponential time
on a line that almost matches: one user-supplied pattern could hang a pre-commit run. A
pattern is refused when a repeated part can match the same text in more than one way
(``(a+)+``, ``(\\w+\\s?)+``, ``(a|ab)+``, ``(.*,)+``), which is what makes backtracking
exponential. The analysis is conservative and reads ``re``'s own parse tree; possessive
quantifiers and atomic groups (``a++``, ``(?>…)``) never backtrack and always pass.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

__all__ = ["UnsafePattern", "check_pattern"]

_parser: Any = importlib.import_module("re._parser")  # sre_parse, private but stable
_c: Any = importlib.import_module("re._constants")

# Characters standing for every class a pattern can name: ASCII, Latin, kana, kanji,
# full-width and width-variant forms, spaces, separators and an astral character.
_SAMPLE = frozenset([chr(i) for i in range(128)]
                    + ["é", "ß", "あ", "ア", "一", "ｱ", "０", "Ａ", "\u3000", "\xa0", "\u2028",
                       "\U0001f600"])
_WIDE = 8  # a repeat allowing more than this many iterations counts as unbounded


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _linebreak(ch: str) -> bool:
    return ch == "\n"


_CATEGORIES: dict[str, Callable[[str], bool]] = {
    "CATEGORY_DIGIT": str.isdecimal,
    "CATEGORY_SPACE": str.isspace,
    "CATEGORY_WORD": _word,
    "CATEGORY_LINEBREAK": _linebreak,
}


class UnsafePattern(ValueError):
    """The pattern could take exponential time; the message says which part and why."""


def _category(name: str, ch: str) -> bool:
    negated = "_NOT_" in name
    base = name.replace("_NOT_", "_").replace("CATEGORY_UNI_", "CATEGORY_").replace(
        "CATEGORY_LOC_", "CATEGORY_")
    test = _CATEGORIES.get(base)
    return True if test is None else test(ch) != negated


def _in_class(items: Sequence[tuple[Any, Any]], ch: str, fold: bool) -> bool:
    negate = bool(items) and items[0][0] is _c.NEGATE
    found = False
    for op, value in items[1:] if negate else items:
        if op is _c.LITERAL:
            found = chr(value) == ch or (fold and chr(value).casefold() == ch.casefold())
        elif op is _c.RANGE:
            low, high = value
            found = low <= ord(ch) <= high or (fold and (
                low <= ord(ch.lower()) <= high or low <= ord(ch.upper()) <= high))
        elif op is _c.CATEGORY:
            found = _category(str(value), ch)
        else:  # anything unknown may match: the analysis must stay conservative
            found = True
        if found:
            break
    return found != negate


def _chars(node: tuple[Any, Any], flags: int) -> frozenset[str]:
    """Every sample character the node can consume, anywhere in its match."""
    op, value = node
    fold = bool(flags & re.IGNORECASE)
    if op is _c.LITERAL:
        return frozenset(ch for ch in _SAMPLE if ch == chr(value)
                         or (fold and ch.casefold() == chr(value).casefold())) | {chr(value)}
    if op is _c.NOT_LITERAL:
        return _SAMPLE - {chr(value)}
    if op is _c.ANY:
        return _SAMPLE if flags & re.DOTALL else _SAMPLE - {"\n"}
    if op is _c.IN:
        return frozenset(ch for ch in _SAMPLE if _in_class(value, ch, fold))
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return frozenset()
    return frozenset().union(*(_chars(n, flags) for n in _children(node))) if _children(
        node) else _SAMPLE


def _children(node: tuple[Any, Any]) -> list[tuple[Any, Any]]:
    op, value = node
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        return list(value[2])
    if op is _c.SUBPATTERN:
        return list(value[-1])
    if op is _c.ATOMIC_GROUP:
        return list(value)
    if op is _c.BRANCH:
        return [n for branch in value[1] for n in branch]
    if op is _c.GROUPREF_EXISTS:
        return [n for part in value[1:] if part is not None for n in part]
    return []


def _lengths(seq: Iterable[tuple[Any, Any]]) -> tuple[int, int]:
    """The least and most characters a sequence matches (most capped at _WIDE + 1)."""
    low = high = 0
    for node in seq:
        a, b = _length(node)
        low, high = low + a, min(high + b, _WIDE + 1)
    return low, high


def _length(node: tuple[Any, Any]) -> tuple[int, int]:
    op, value = node
    if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN):
        return 1, 1
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high = _lengths(value[2])
        most = value[1] if value[1] is not _c.MAXREPEAT else _WIDE + 1
        return low * value[0], min(high * most, _WIDE + 1)
    if op is _c.BRANCH:
        spans = [_lengths(b) for b in value[1]]
        return min(s[0] for s in spans), max(s[1] for s in spans)
    if op in (_c.SUBPATTERN, _c.ATOMIC_GROUP):
        return _lengths(_children(node))
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return 0, 0
    return 0, _WIDE + 1  # back references and the like: any length


def _first(seq: Sequence[tuple[Any, Any]], flags: int) -> frozenset[str]:
    found: frozenset[str] = frozenset()
    for node in seq:
        op, value = node
        if op is _c.BRANCH:
            found |= frozenset().union(*(_first(b, flags) for b in value[1]))
        elif op in (_c.SUBPATTERN, _c.ATOMIC_GROUP):
            found |= _first(_children(node), flags)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            found |= _first(value[2], flags)
        else:
            found |= _chars(node, flags)
        if _length(node)[0] > 0:
            break
    return found


def _backtracks(node: tuple[Any, Any]) -> bool:
    op, value = node
    return op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and (
        value[1] is _c.MAXREPEAT or value[1] > _WIDE)


def _overlapping(branches: Sequence[Sequence[tuple[Any, Any]]], flags: int) -> str | None:
    firsts = [(_first(b, flags), _lengths(b)[0] == 0) for b in branches]
    for i, (first, empty) in enumerate(firsts):
        for other, other_empty in firsts[i + 1 :]:
            if first & other or (empty and other_empty):
                return "alternatives that can match the same text"
    return None


def _ambiguous(seq: Sequence[tuple[Any, Any]], flags: int) -> str | None:
    """Why one iteration of a repeated sequence can match the same text in two ways."""
    items = list(seq)
    while len(items) == 1 and items[0][0] is _c.SUBPATTERN:
        items = _children(items[0])
    for node in items:
        if node[0] is _c.BRANCH and (why := _overlapping(node[1][1], flags)):
            return why
    if len(items) == 1 and items[0][0] is _c.BRANCH:
        return next((r for b in items[0][1][1] if (r := _ambiguous(b, flags))), None)
    mandatory = [n for n in items if _length(n)[0] > 0]
    for node in items:
        if node[0] is _c.ATOMIC_GROUP or node[0] is _c.POSSESSIVE_REPEAT:
            continue  # never gives back what it matched
        low, high = _length(node)
        if low == high:
            continue
        chars = _chars(node, flags)
        others = [n for n in mandatory if n is not node]
        if others and all(_chars(n, flags) & chars for n in others):
            return "parts that can take the same characters from each other"
        if not others and high > 1:
            return "a part that repeats on its own, so the repetitions can divide the same " \
                "text in many ways"
    return None


def _walk(seq: Iterable[tuple[Any, Any]]) -> Iterator[tuple[Any, Any]]:
    for node in seq:
        yield node
        yield from _walk(_children(node))


def check_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """The compiled pattern; ``re.error`` when it is invalid, ``UnsafePattern`` when a
    repeated part of it can match the same text in more than one way."""
    compiled = re.compile(pattern, flags)
    tree = _parser.parse(pattern, flags)
    flags = tree.state.flags
    for node in _walk(tree):
        if _backtracks(node) and (why := _ambiguous(node[1][2], flags)):
            raise UnsafePattern(
                f"it could take exponential time: a repeated group holds {why} (rewrite it "
                "so each repetition can match only one way, or use a possessive quantifier "
                "such as ++ or an atomic group (?>...))"
            )
    return compiled
