"""Comparisons with a number, optionally sustained for a duration."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from opslint.facts.quantities.durations import _compound_at, _make_duration, _overlaps
from opslint.facts.quantities.normalise import _Norm, _normalise
from opslint.facts.quantities.patterns import (
    _ANY_UNIT,
    _CMP_EN,
    _CMP_EQ_POST,
    _CMP_EQ_PRE,
    _CMP_POST,
    _CMP_SYM,
    _NUM,
    _WS,
    _cmp_name,
    _num,
)
from opslint.facts.quantities.types import Duration, Threshold
from opslint.facts.quantities.units import _canon_unit


class _Patterns(NamedTuple):
    # Every comparator of the patterns below, as each of them writes its ``cmp`` group.
    comparator: re.Pattern[str]
    pre: re.Pattern[str]
    post: re.Pattern[str]
    eq: tuple[re.Pattern[str], ...]
    # How a sustain duration hangs off a threshold; the second pattern is the tail, if any.
    attach: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...]


# Compiled on first use, not at import: only documents with alert-rule YAML read thresholds
# (facts/yaml_rules.py), and these are among the largest patterns (docs/performance.md).
@functools.cache
def _patterns() -> _Patterns:
    pre = re.compile(
        rf"(?<![-=<>!])(?P<cmp>{_CMP_SYM}|{_CMP_EN}){_WS}(?P<num>{_NUM})"
        rf"(?:{_WS}(?P<unit>{_ANY_UNIT})|(?![A-Za-z0-9_.:/]))"
    )
    post = re.compile(
        rf"(?P<num>{_NUM})(?:{_WS}(?P<unit>{_ANY_UNIT}))?{_WS}(?P<cmp>{_CMP_POST})"
    )
    eq = (
        re.compile(
            rf"(?P<cmp>{_CMP_EQ_PRE}){_WS}(?P<num>{_NUM})"
            rf"(?:{_WS}(?P<unit>{_ANY_UNIT})|(?![A-Za-z0-9_.:/]))"
        ),
        re.compile(rf"(?P<num>{_NUM})(?:{_WS}(?P<unit>{_ANY_UNIT}))?{_WS}(?P<cmp>{_CMP_EQ_POST})"),
    )
    # How a sustain duration hangs off a threshold: ">=2%/10分", "> 80% (5分継続)",
    # "> 2% が 5分継続", "> 5 for 10m". The second pattern is the required tail, if any.
    attach = (
        (re.compile(rf"{_WS}/{_WS}"), None),
        (
            re.compile(rf"{_WS}\({_WS}(?:(?i:for)(?![A-Za-z]){_WS}|が{_WS})?"),
            re.compile(rf"{_WS}(?:以上)?{_WS}[^)\n]{{0,12}}\)"),
        ),
        (
            re.compile(
                rf"{_WS}(?i:for|over|in|within|during)(?![A-Za-z]){_WS}"
                rf"(?:(?i:at least|the last|last)(?![A-Za-z]){_WS})?"
            ),
            None,
        ),
        (
            re.compile(rf"{_WS}(?:が|を)?{_WS}"),
            re.compile(rf"{_WS}(?:以上)?{_WS}(?:間{_WS})?(?:継続|持続|連続|続)"),
        ),
    )
    # A threshold is a match of one of the patterns above, whose ``cmp`` group is one of
    # these comparators matched at its place in the same text (lookarounds and all): a text
    # this finds none in holds no threshold. Most texts with a number hold no comparator
    # (times, dates, counts: three in five lines of 150 documents), and one scan of them
    # spares the four.
    comparator = re.compile("|".join(
        f"(?:{c})" for c in (_CMP_SYM, _CMP_EN, _CMP_POST, _CMP_EQ_PRE, _CMP_EQ_POST)))
    return _Patterns(comparator, pre, post, eq, attach)


def _attached(norm: _Norm, pos: int) -> tuple[Duration | None, int]:
    for lead, tail in _patterns().attach:
        lead_match = lead.match(norm.text, pos)
        span = _compound_at(norm.text, lead_match.end()) if lead_match else None
        if span is None:
            continue
        tail_match = tail.match(norm.text, span.end) if tail else None
        if tail is not None and tail_match is None:
            continue
        end = tail_match.end() if tail_match else span.end
        return _make_duration(norm, span.start, span.end, span.minutes), end
    return None, pos


def _threshold(norm: _Norm, match: re.Match[str]) -> Threshold:
    duration, end = _attached(norm, match.end())
    text, s, e = norm.source(match.start(), end)
    unit = match["unit"]
    return Threshold(
        comparator=_cmp_name(match["cmp"]),
        value=_num(match["num"]),
        unit=_canon_unit(unit) if unit else None,
        duration=duration,
        text=text,
        start=s,
        end=e,
    )


def find_thresholds(text: str) -> list[Threshold]:
    """Comparisons with a number: ``> 80% (5分継続)``, ``80%以上``, ``1秒超``, ``!= 200``."""
    return list(_thresholds_of(text))


# Pure str -> thresholds, and monitor tables repeat their conditions ("> 80% が 5分継続"):
# 14,000 threshold cells of the 5 MB document hold 1,277 distinct texts. Memoised as
# ``_normalise`` is; the values are frozen.
@functools.lru_cache(maxsize=1024)
def _thresholds_of(text: str) -> tuple[Threshold, ...]:
    return tuple(_read_thresholds(text))


def _read_thresholds(text: str) -> list[Threshold]:
    norm = _normalise(text)
    if norm.digitless:
        return []  # every comparison is with a number
    patterns = _patterns()
    if patterns.comparator.search(norm.text) is None:
        return []  # no comparator, no threshold (``_patterns``)
    found = [_threshold(norm, m) for m in patterns.pre.finditer(norm.text)]
    taken = [(t.start, t.end) for t in found]
    for pattern in (patterns.post, *patterns.eq):
        for match in pattern.finditer(norm.text):
            item = _threshold(norm, match)
            if not _overlaps(taken, item.start, item.end):
                found.append(item)
                taken.append((item.start, item.end))
    return sorted(found, key=lambda t: t.start)
