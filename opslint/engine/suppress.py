"""In-document suppression comments and the findings about them.

``<!-- opslint-disable RULES -->`` … ``<!-- opslint-enable RULES -->``,
``<!-- opslint-disable-next-line RULES -->``, ``<!-- opslint-disable-line RULES -->`` and
``<!-- opslint-disable-file RULES -->``. RULES are ids (REL004), prefixes (REL) or names
(rollback-section-missing), separated by spaces or commas; text after ``--`` is the reason.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from opslint.document.model import Document

__all__ = ["Directive", "Suppressions", "parse_directives"]

_DIRECTIVE = re.compile(
    r"^opslint-(disable-next-line|disable-line|disable-file|disable|enable)\b(.*)$", re.DOTALL
)


@dataclass
class Directive:
    action: str
    selectors: tuple[str, ...]
    line: int
    first: int  # first line covered
    last: int  # last line covered
    used: bool = False
    problem: str = ""  # why the directive is invalid, when it is


@dataclass
class _RuleCoverage:
    """The directives naming one rule, their merged line ranges, and the lines suppressed."""

    directives: list[Directive]
    starts: list[int]
    ends: list[int]
    lines: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, directives: Sequence[Directive]) -> _RuleCoverage:
        merged: list[list[int]] = []
        for first, last in sorted((d.first, d.last) for d in directives):
            if merged and first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        return cls(list(directives), [m[0] for m in merged], [m[1] for m in merged])

    def covers(self, line: int) -> bool:
        index = bisect_right(self.starts, line) - 1
        return index >= 0 and line <= self.ends[index]


@dataclass
class Suppressions:
    directives: list[Directive] = field(default_factory=list)
    # Per rule (id, name): built on the rule's first finding, so a check per finding is a
    # bisection, not a scan of every directive (quadratic on long documents, issue 10).
    _rules: dict[tuple[str, str], _RuleCoverage] = field(default_factory=dict, repr=False)

    def covers(self, rule_id: str, rule_name: str, line: int) -> bool:
        """Whether a finding is suppressed; ``mark_used`` later marks the directives that did."""
        coverage = self._rules.get((rule_id, rule_name))
        if coverage is None:
            coverage = self._rules[rule_id, rule_name] = _RuleCoverage.of([
                d for d in self.directives
                if not d.problem and any(_selects(s, rule_id, rule_name) for s in d.selectors)
            ])
        if not coverage.covers(line):
            return False
        coverage.lines.append(line)
        return True

    def mark_used(self) -> None:
        """Mark every directive that suppressed at least one finding as used."""
        for coverage in self._rules.values():
            lines = sorted(coverage.lines)
            for directive in coverage.directives:
                index = bisect_left(lines, directive.first)
                if index < len(lines) and lines[index] <= directive.last:
                    directive.used = True


def _selects(selector: str, rule_id: str, rule_name: str) -> bool:
    return selector in (rule_id, rule_name) or (selector.isalpha() and rule_id.startswith(selector))


def _next_content_line(doc: Document, line: int) -> int:
    for index in range(line, len(doc.lines)):
        if doc.lines[index].strip():
            return index + 1
    return line + 1


def parse_directives(doc: Document, known: Iterable[tuple[str, str]]) -> Suppressions:
    """Read every directive comment of a document, marking unknown rules as problems.
    ``known`` is read only when the document holds a directive."""
    matches = [(comment, match) for comment in doc.comments
               if (match := _DIRECTIVE.match(comment.text))]
    result = Suppressions()
    if not matches:
        return result
    pairs = list(known)
    ids = {rule_id for rule_id, _ in pairs}
    names = {name for _, name in pairs}
    prefixes = {rule_id.rstrip("0123456789") for rule_id in ids}
    end = max(len(doc.lines), 1)
    open_ranges: list[Directive] = []
    for comment, match in matches:
        action, rest = match.group(1), match.group(2).split("--", 1)[0]
        selectors = tuple(s for s in re.split(r"[\s,]+", rest.strip(" :")) if s)
        first, last = _coverage(doc, action, comment.line, end)
        directive = Directive(action, selectors, comment.line, first, last)
        directive.problem = _problem(selectors, ids, names, prefixes)
        if action == "enable":
            _close(open_ranges, selectors, comment.line)
            continue
        if action == "disable":
            open_ranges.append(directive)
        result.directives.append(directive)
    return result


def _coverage(doc: Document, action: str, line: int, end: int) -> tuple[int, int]:
    if action == "disable-line":
        return line, line
    if action == "disable-next-line":
        target = _next_content_line(doc, line)
        return target, target
    if action == "disable-file":
        return 1, end
    return line, end


def _close(open_ranges: list[Directive], selectors: Sequence[str], line: int) -> None:
    for directive in reversed(open_ranges):
        if not selectors or set(selectors) & set(directive.selectors):
            directive.last = line
            open_ranges.remove(directive)
            if selectors:
                break


def _problem(selectors: Sequence[str], ids: set[str], names: set[str], prefixes: set[str]) -> str:
    if not selectors:
        return "names no rule (a blanket disable is not allowed)"
    unknown = [s for s in selectors if s not in ids and s not in names and s not in prefixes]
    if unknown:
        return "unknown rule " + ", ".join(unknown)
    return ""
