"""Burn-rate alerts against the SLO they serve (domain_rules.md §2.2)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from opslint.checks.shared.numeric import (
    DAY,
    Target,
    availability_target,
    percent,
    within,
)
from opslint.checks.shared.words import minutes_text, number
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.registry import NoParams
from opslint.facts.model import BurnRate, Monitor
from opslint.facts.quantities import find_percentages

__all__: list[str] = []

_USUAL_CONSUMPTION = 0.10  # 1× over 3 days of 30 is the slowest of the usual alerts (WB-5)


def _slo(monitor: Monitor, target: Target | None) -> tuple[float, float] | None:
    """(SLO %, window minutes) a burn-rate monitor serves: its own row, else the service SLO."""
    own = [p.value for p in find_percentages(monitor.text) if p.value >= 90]
    window = (target.window_minutes if target and target.window_minutes else 30 * DAY)
    if own:
        return own[0], window
    return (target.percent, window) if target else None


def _close(stated: float, expected: float) -> bool:
    # "1.4%" for 1.44% is rounding, not a mismatch: allow half a unit of the last digit.
    decimals = len(number(stated).partition(".")[2])
    return within(stated, expected) or abs(stated - expected) <= 0.5 * 10 ** -decimals + 1e-9


def _name(monitor: Monitor) -> str:
    return monitor.id or monitor.item or monitor.threshold


@dataclass(frozen=True)
class _Alert:
    """A burn-rate monitor paired with the SLO it serves."""

    monitor: Monitor
    rate: BurnRate
    factor: float
    slo: float
    window: float  # minutes of the SLO window
    target: Target | None  # the service SLO, the second end of a finding

    @property
    def ratio(self) -> float:
        """The error ratio (%) the burn rate stands for: factor × (100 − SLO)."""
        return self.factor * (100 - self.slo)

    def hit(self, case: str, args: dict[str, str | LocalText]) -> Hit:
        related = (self.target.location(),) if self.target else ()
        return Hit(self.monitor.line, args=args, related=related,
                   key=f"burn-rate:{case}:{self.monitor.line}")


def _alerts(ctx: CheckContext) -> Iterator[_Alert]:
    target = availability_target(ctx)
    for monitor in ctx.facts().operation.monitors:
        rate = monitor.burn_rate
        if rate is None:
            continue  # most monitors: no burn rate, no SLO to look up in their text
        paired = _slo(monitor, target)
        if paired is None:
            continue
        factor = rate.factor
        if factor is None and rate.error_ratio is not None and paired[0] < 100:
            # A bare error ratio ("> 0.0144") is a factor of the budget of the SLO it serves.
            factor = rate.error_ratio / (100 - paired[0])
        if factor is None:
            continue
        yield _Alert(monitor, rate, factor, *paired, target)


def burn_rate_cannot_fire(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A burn-rate alert whose error ratio is 100 % or more: it can never fire."""
    for alert in _alerts(ctx):
        if alert.ratio >= 100:
            yield alert.hit("cannot-fire", {
                "monitor": _name(alert.monitor), "factor": number(alert.factor),
                "slo": percent(alert.slo), "ratio": percent(alert.ratio)})


def burn_rate_threshold_mismatch(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A burn-rate alert states an error ratio other than factor × (100 − SLO)."""
    for alert in _alerts(ctx):
        stated = alert.rate.error_ratio
        if alert.ratio < 100 and stated is not None and not _close(stated, alert.ratio):
            yield alert.hit("threshold", {
                "monitor": _name(alert.monitor), "factor": number(alert.factor),
                "slo": percent(alert.slo), "stated": percent(stated),
                "expected": percent(alert.ratio)})


def burn_rate_fires_late(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A burn-rate alert spends more of the error budget before firing than the usual ones."""
    for alert in _alerts(ctx):
        long_window = alert.rate.long_window
        if alert.ratio >= 100 or long_window is None:
            continue
        consumed = alert.factor * long_window / alert.window
        if consumed > _USUAL_CONSUMPTION + 1e-9:
            yield alert.hit("consumption", {
                "monitor": _name(alert.monitor), "factor": number(alert.factor),
                "long": minutes_text(ctx.vocab, long_window),
                "consumed": percent(round(consumed * 100, 1)),
                "window": minutes_text(ctx.vocab, alert.window)})
