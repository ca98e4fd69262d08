"""Rule selectors (ruff's conventions): a full id, a prefix of ids, a rule name, or ``ALL``.

A prefix is letters then digits (``REL``, ``REL0``, ``REL02``) and names every rule whose
id starts with it. When both ``select`` and ``ignore`` name a rule, the more specific
selector wins (``select = ["REL001"]`` with ``ignore = ["REL"]`` keeps REL001); at equal
specificity ``ignore`` wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["PREFIX", "matches", "selected", "specificity"]

PREFIX = re.compile(r"[A-Z]+\d*")
_EXACT = 1000


def specificity(selector: str, rule_id: str, rule_name: str) -> int | None:
    """How closely a selector names a rule (higher is closer), or None if it does not."""
    if selector in (rule_id, rule_name):
        return _EXACT
    if selector == "ALL":
        return 0
    if PREFIX.fullmatch(selector) and rule_id.startswith(selector):
        return len(selector)
    return None


def matches(selector: str, rule_id: str, rule_name: str) -> bool:
    return specificity(selector, rule_id, rule_name) is not None


def _best(selectors: Iterable[str], rule_id: str, rule_name: str) -> int | None:
    found = [s for s in (specificity(x, rule_id, rule_name) for x in selectors) if s is not None]
    return max(found) if found else None


def selected(rule_id: str, rule_name: str, select: Iterable[str], ignore: Iterable[str]
             ) -> bool:
    """Whether a rule runs; an empty ``select`` selects every rule."""
    select = tuple(select)
    chosen = _best(select, rule_id, rule_name) if select else 0
    if chosen is None:
        return False
    dropped = _best(ignore, rule_id, rule_name)
    return dropped is None or chosen > dropped
