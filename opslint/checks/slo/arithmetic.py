"""SLO arithmetic: stated error budgets, and availability vs 5xx targets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from opslint.checks.shared.numeric import (
    DAY,
    MONTH_DAYS,
    Target,
    availability_target,
    percent,
    window_text,
    within,
)
from opslint.checks.shared.words import minutes_text, number, words
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText, Location, Text
from opslint.engine.registry import NoParams
from opslint.engine.vocab import Vocab
from opslint.facts.model import ErrorBudget
from opslint.facts.text import Terms

__all__ = ["subject"]

_NOISE = re.compile(r"(?i)p\d{2}(?:\.\d+)?|\d+(?:\.\d+)?\s*(?:%|ms|s|秒|ミリ秒)?|[\W_]+")


def subject(text: str, terms: Terms) -> str:
    """What a figure is about, without numbers and SLI words: "" means the whole service."""
    norm = normalize(text)
    for key in ("sli_latency", "sli_availability", "sli_error_rate", "window_month"):
        for term in terms(key):
            norm = norm.replace(normalize(term), " ")
    return _NOISE.sub("", norm)


def _slo_of(budget: ErrorBudget, target: Target | None
            ) -> tuple[float, float | None, str | None, Location | None] | None:
    """The SLO a budget is computed from: the budget's own line, else the document's SLO."""
    if budget.slo_percent is not None and budget.window_kind is not None:
        return budget.slo_percent, budget.window_minutes, budget.window_kind, None
    if target is None:
        return None
    slo = budget.slo_percent or target.percent
    if budget.window_kind is not None:
        return slo, budget.window_minutes, budget.window_kind, target.location()
    return slo, target.window_minutes, target.window_kind, target.location()


def _budget_hit(budget: ErrorBudget, stated: str, expected: LocalText, slo: float,
                window: LocalText, related: Location | None) -> Hit:
    args: dict[str, Text] = {"stated": stated, "expected": expected, "slo": percent(slo),
                             "window": window}
    return Hit(budget.line, args=args, related=(related,) if related else (),
               key=f"error-budget:{budget.line}")


def _minutes_hit(vocab: Vocab, budget: ErrorBudget, slo: float, window: float | None,
                 kind: str | None, related: Location | None) -> Hit | None:
    """A minutes budget against (1 − SLO) × window; a bare month accepts 28–31 days."""
    stated = budget.minutes
    if stated is None or kind is None:
        return None
    ratio = 1 - slo / 100
    if kind == "days" and window:
        expected = ratio * window
        if within(stated, expected):
            return None
        return _budget_hit(budget, budget.minutes_text, minutes_text(vocab, expected), slo,
                           minutes_text(vocab, window), related)
    # 月間 without days: whether it means 28 or 31 days is SLO-window rules' question.
    low, high = (ratio * days * DAY for days in MONTH_DAYS)
    if low * 0.99 <= stated <= high * 1.01:
        return None
    expected_range = words(vocab)("minutes_range", low=number(low), high=number(high))
    return _budget_hit(budget, budget.minutes_text, expected_range, slo,
                       window_text(vocab, None, "month"), related)


def error_budget_arithmetic(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A stated error budget differs from (1 − SLO) × window by more than 1 %."""
    target = availability_target(ctx)
    for budget in ctx.facts().operation.error_budgets:
        paired = _slo_of(budget, target)
        if paired is None:
            continue
        slo, window, kind, related = paired
        if budget.percent is not None and not within(budget.percent, 100 - slo):
            yield _budget_hit(budget, percent(budget.percent),
                              LocalText(percent(100 - slo), percent(100 - slo)), slo,
                              window_text(ctx.vocab, window, kind), related)
            continue
        hit = _minutes_hit(ctx.vocab, budget, slo, window, kind, related)
        if hit is not None:
            yield hit


def availability_vs_error_rate(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A 5xx-ratio target allows more errors than the availability target leaves room for."""
    terms = Terms(ctx.vocab)
    slos = ctx.facts().operation.slos
    available = [s for s in slos if s.kind == "availability" and s.percent is not None]
    for rate in (s for s in slos if s.kind == "error_rate" and s.percent is not None):
        assert rate.percent is not None
        for slo in available:
            assert slo.percent is not None
            room = 100 - slo.percent
            # Only the same requests: a checkout success rate is not the service's 5xx ratio.
            if rate.percent > room + 1e-9 and subject(rate.name, terms) == subject(slo.name,
                                                                                   terms):
                yield Hit(rate.line, args={"availability": percent(slo.percent),
                                           "error_rate": percent(rate.percent),
                                           "max_error": percent(room)},
                          related=(Location(ctx.doc.path.as_posix(), slo.line),),
                          key=f"availability-vs-5xx:{rate.line}")
                break
