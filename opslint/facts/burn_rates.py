"""Burn-rate conditions of monitor rows and alert bullets: "14.4x over 1h and 5m", or a
PromQL expression over two windows in a code span."""

from __future__ import annotations

import re

from opslint.document.normalize import normalize
from opslint.facts.model import BurnRate
from opslint.facts.quantities import find_durations, find_percentages
from opslint.facts.text import Terms

__all__ = ["burn_rate"]

# "14.4x", "14.4×", "14.4倍": the factor of a burn-rate condition.
_FACTOR = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:x|X|×|倍)(?![A-Za-z])")
_CODE_SPAN = re.compile(r"`([^`]+)`")
_RANGE_SELECTOR = re.compile(r"\[\d+[smhdw]\]")


def _promql_burn_rate(threshold: str, text: str) -> BurnRate | None:
    """PromQL in a code span of the row (`… > (14.4 * (1 - 0.999))`, `… > 0.0144` over two
    windows), read as the rule groups' expressions are, with the row as the alert's context:
    a factor times a budget ratio, or a bare ratio over two windows, is a burn rate even
    when the row does not say so."""
    if "[" not in text and "[" not in threshold:
        return None  # no range selector anywhere (most rows): no PromQL
    from opslint.facts.yaml_rules import promql_burn_rate

    # Cells are read without their code marks; a range selector ("[1h]") marks PromQL.
    for expr in _CODE_SPAN.findall(text) or [threshold]:
        if _RANGE_SELECTOR.search(expr) and (found := promql_burn_rate(expr, text)):
            return found
    return None


def burn_rate(text: str, threshold: str, terms: Terms, *, worded: bool = True
              ) -> BurnRate | None:
    """A burn-rate condition in a monitor row, when the row speaks of burn rate. ``worded``
    False: the caller knows the row names no burn-rate term (``Terms.has`` would say no on
    its normalised text), which is then not normalised to be asked."""
    if not worded or not terms.has(normalize(text), "burn_rate"):
        return _promql_burn_rate(threshold, text)
    factors = _FACTOR.findall(threshold) or _FACTOR.findall(text)
    ratios = [p.value for p in find_percentages(threshold)]
    if not factors and not ratios and (found := _promql_burn_rate(threshold, text)):
        return found
    windows = sorted({d.minutes for d in find_durations(threshold) or find_durations(text)},
                     reverse=True)
    return BurnRate(
        factor=float(factors[0]) if factors else None,
        long_window=windows[0] if windows else None,
        short_window=windows[1] if len(windows) > 1 else None,
        error_ratio=ratios[0] if ratios else None,
        text=threshold or text,
    )
