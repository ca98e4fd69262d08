"""Findings: what a check reports (Hit) and what a user sees (Finding)."""

from __future__ import annotations

import operator
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

from opslint.engine.fixes import Fix

__all__ = ["Finding", "Hit", "LocalText", "Location", "Severity", "Text", "collapse_groups",
           "collapse_in_spans", "collapsed"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class LocalText:
    """A value that reads differently per language (a section title, a column name)."""

    ja: str
    en: str

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


Text = str | LocalText


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a document, for the second end of a cross-document finding."""

    path: str
    line: int
    note: Text = ""


@dataclass(frozen=True, slots=True)
class Hit:
    """One problem found by a check, before the engine adds the rule's metadata.

    ``path`` is set when a cross-document check reports on a document other than the
    one being checked; otherwise the finding belongs to the checked document.
    """

    line: int
    column: int = 1
    end_line: int | None = None
    args: Mapping[str, Text] = field(default_factory=dict)
    related: tuple[Location, ...] = ()
    key: str = ""  # what was found missing or wrong, for de-duplicating questions
    gate: int | None = None  # the confirmation gate, when it depends on what was found
    fix: Fix | None = None  # edits that resolve the problem, when the check offers them


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    name: str
    severity: Severity
    path: str
    line: int
    column: int
    end_line: int
    message: str
    question: str
    gate: int
    priority: str
    doc_kind: str
    lang: str
    related: tuple[Location, ...] = ()
    key: str = ""
    fixable: bool = False
    # How many findings this one stands for: more than 1 when a rule's repeated findings in
    # one table were collapsed into the first (collapse_in_spans); the others' first
    # locations are in ``related``.
    count: int = 1
    # The fix the rule offers (None when it offers none); not part of equality or output.
    fix: Fix | None = field(default=None, compare=False, repr=False)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule_id, self.message)

    def __reduce__(self) -> tuple[type[Finding], tuple[Any, ...]]:
        # Pickled as its fields, made again by __init__ (the cache, worker processes, sets
        # linted early: tens of thousands a run). A frozen slotted dataclass's own
        # __getstate__/__setstate__ loop over its fields in Python: twice the time.
        return Finding, _finding_fields(self)


_finding_fields = operator.attrgetter(*(f.name for f in fields(Finding)))


# A rule that finds the same problem on row after row of one table says so once: a
# 50,000-row table once gave 149,119 findings. Up to COLLAPSE_AFTER findings of one rule in
# one table are reported one by one (a hand-written monitor table of 30 rows can carry 23
# findings of one rule, each worth its own line); beyond, they become the first finding with
# a count, the next SHOWN locations in ``related``.
COLLAPSE_AFTER = 100
SHOWN = 5
_SAME = LocalText("同じ規則の指摘", "same rule")
_MORE = LocalText("（この表でこの規則の指摘が計 {count} 件。最初の行: {lines}）",
                  " ({count} findings of this rule in this table; first at lines {lines})")


def collapse_in_spans(findings: Sequence[Finding], spans: Sequence[tuple[int, int]], *,
                      after: int = COLLAPSE_AFTER) -> list[Finding]:
    """One rule's findings on one document, with those in a span (a table's first and last
    line, sorted, not overlapping) collapsed when there are more than ``after`` of them.

    Findings with a fix stay separate (each carries its own edit); the order is kept, the
    collapsed finding in the place of the first it stands for. Linear in the findings.
    """
    lines = [f.line for f in findings]
    groups = collapse_groups(lines, lambda i: findings[i].fix is not None, spans, after=after)
    dropped = {i for members in groups.values() for i in members[1:]}
    return [collapsed(f, [lines[j] for j in groups[i]]) if i in groups else f
            for i, f in enumerate(findings) if i not in dropped]


def collapse_groups(lines: Sequence[int], separate: Callable[[int], bool],
                    spans: Sequence[tuple[int, int]], *,
                    after: int = COLLAPSE_AFTER) -> dict[int, list[int]]:
    """Which of one rule's findings on one document collapse, read from their lines alone:
    the index of each group's first finding, with the indices of every finding it stands
    for (itself first). ``separate(i)``: finding i carries a fix, and stays on its own.

    The engine plans on its hits before making any finding (``engine/run.py``): of the
    50,000 hits of one rule in a 50,000-row table, only the first becomes a finding.
    """
    if len(lines) <= after or not spans:
        return {}
    starts = [start for start, _ in spans]
    groups: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        span = bisect_right(starts, line) - 1
        if span >= 0 and line <= spans[span][1] and not separate(index):
            groups.setdefault(span, []).append(index)
    return {members[0]: members for members in groups.values() if len(members) > after}


def collapsed(first: Finding, lines: Sequence[int]) -> Finding:
    """The first finding of a collapsed group standing for all of them (``lines``: the
    line of each, the first's included): a count, and the next SHOWN distinct lines."""
    seen = {first.line}
    shown: list[int] = []
    for line in lines[1:]:
        if len(shown) == SHOWN:
            break
        if line not in seen:
            seen.add(line)
            shown.append(line)
    listed = ", ".join(str(line) for line in [first.line, *shown]) + ", …"
    return replace(
        first, count=len(lines),
        message=first.message + _MORE.get(first.lang).format(count=len(lines), lines=listed),
        related=(*first.related, *(Location(first.path, line, _SAME) for line in shown)))
