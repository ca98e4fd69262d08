"""Burn-rate alerts against the SLO they serve (domain_rules.md §2.2)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict

from opslint.checks.shared.numeric import (
    DAY,
    Target,
    availability_target,
    minutes_text,
    number,
    percent,
    within,
)
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.registry import check_kind
from opslint.facts.model import BurnRate, Monitor
from opslint.facts.quantities import find_percentages

__all__: list[str] = []

_USUAL_CONSUMPTION = 0.10  # 1× over 3 days of 30 is the slowest of the usual alerts (WB-5)


class BurnParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    case: Literal["cannot-fire", "threshold", "consumption"]


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


def _cases(monitor: Monitor, rate: BurnRate, slo: float, window: float
           ) -> Iterator[tuple[str, dict[str, str | LocalText]]]:
    if rate.factor is None:
        return
    name, factor = _name(monitor), f"{number(rate.factor)}"
    ratio = rate.factor * (100 - slo)
    if ratio >= 100:
        yield "cannot-fire", {"monitor": name, "factor": factor, "slo": percent(slo),
                              "ratio": percent(ratio)}
        return
    if rate.error_ratio is not None and not _close(rate.error_ratio, ratio):
        yield "threshold", {"monitor": name, "factor": factor, "slo": percent(slo),
                            "stated": percent(rate.error_ratio), "expected": percent(ratio)}
    if rate.long_window is not None:
        consumed = rate.factor * rate.long_window / window
        if consumed > _USUAL_CONSUMPTION + 1e-9:
            yield "consumption", {"monitor": name, "factor": factor,
                                  "long": minutes_text(rate.long_window),
                                  "consumed": percent(round(consumed * 100, 1)),
                                  "window": minutes_text(window)}


@check_kind("burn-rate-arithmetic", params=BurnParams)
def burn_rate_arithmetic(ctx: CheckContext, params: BurnParams) -> Iterator[Hit]:
    """A burn-rate alert that cannot fire, states the wrong error ratio, or fires too late."""
    target = availability_target(ctx)
    for monitor in ctx.facts().operation.monitors:
        rate = monitor.burn_rate
        paired = _slo(monitor, target)
        if rate is None or paired is None:
            continue
        for case, args in _cases(monitor, rate, *paired):
            if case == params.case:
                related = (target.location(),) if target else ()
                yield Hit(monitor.line, args=args, related=related,
                          key=f"burn-rate:{case}:{monitor.line}")
