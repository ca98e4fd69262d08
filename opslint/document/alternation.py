"""One alternation of several regexes: a search of it finds a match exactly when a search
of one of them would, so a text the readers test against a list of patterns is searched
once instead of once per pattern."""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["join_patterns"]

_LEADING_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")
_SCOPED = re.I | re.M | re.S | re.X
# Groups that only open: plain, scoped flags ("(?i:human error)"), lookarounds, named. They
# keep their meaning inside an alternation; any other "(?" (a conditional on a group
# number, a group reference) refuses the join.
_PLAIN_GROUP = re.compile(r"\(\?(?:[imsx]*(?:-[imsx]+)?:|=|!|<=|<!|P<)")


def join_patterns(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One alternation of the patterns, each with its own flags, that matches somewhere
    exactly when one of them does; None (search each) when they cannot be joined safely:
    group references, duplicate group names, flags other than i, m, s and x (scoped to a
    group, they join). The same rule as the line scans' ``checks/shared/text._joined``."""
    parts: list[str] = []
    for pattern in patterns:
        body = _LEADING_FLAGS.sub("", pattern.pattern, count=1)
        if pattern.flags & ~(_SCOPED | re.UNICODE) or re.search(r"\\[1-9]|\(\?P=", body) \
                or _LEADING_FLAGS.search(body) or "(?" in _PLAIN_GROUP.sub("", body):
            return None
        flags = "".join(f for f, bit in (("i", re.I), ("m", re.M), ("s", re.S), ("x", re.X))
                        if pattern.flags & bit)
        parts.append(f"(?{flags}:{body})" if flags else f"(?:{body})")
    if not parts:
        return None
    try:
        return re.compile("|".join(parts))
    except re.error:
        return None  # e.g. one group name used by two patterns
