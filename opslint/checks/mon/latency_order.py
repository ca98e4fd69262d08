"""Latency alert thresholds against the SLO's percentiles (MON053): a lower percentile never
alerts at a longer time than a higher one on the same subject."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from opslint.checks.shared.words import number, words
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText, Location
from opslint.engine.registry import NoParams
from opslint.engine.vocab import Vocab

__all__: list[str] = []


@dataclass(frozen=True)
class _Figure:
    percentile: float
    ms: float
    line: int
    label: str
    monitor: bool
    where: str  # a monitor's target; for an SLO, its row and its SLI definitions


def _figures(ctx: CheckContext) -> list[_Figure]:
    ops = ctx.facts().operation
    defined = " ".join(s.text for s in ops.slis if s.kind == "latency")
    found = [_Figure(s.latency.percentile, s.latency.ms, s.line, "SLO", False,
                     normalize(f"{s.text} {defined}")) for s in ops.slos if s.latency is not None]
    for monitor in ops.monitors:
        target = normalize(monitor.target.strip("` "))
        found += [_Figure(lat.percentile, lat.ms, monitor.line, monitor.id or monitor.item, True,
                          target) for lat in monitor.latencies]
    return found


def _same_subject(a: _Figure, b: _Figure) -> bool:
    """Two monitors on one target, or a monitor measuring where the SLO is measured (ALB)."""
    if a.monitor and b.monitor:
        return bool(a.where) and a.where == b.where
    monitor, slo = (a, b) if a.monitor else (b, a)
    return bool(monitor.where) and monitor.where in slo.where


def _inverted(figures: list[_Figure]) -> Callable[[int], list[int]]:
    """The figures out of percentile order with a figure (a higher percentile at a shorter
    time) among those that may share its subject (``_same_subject``), by index in document
    order: the monitors on its target and the SLOs measured there for a monitor, the
    monitors measured where it is for an SLO.

    A target's monitors are kept by percentile, each percentile's by time: a monitor finds
    the ones out of order with it by a bisection per higher percentile (a handful: p50 to
    p99.9), not by a pass over its target's group (14,000 rows on one target of a 5 MB
    document made that quadratic)."""
    slos = [i for i, f in enumerate(figures) if not f.monitor]
    targeted = [i for i, f in enumerate(figures) if f.monitor and f.where]
    groups: dict[str, dict[float, list[tuple[float, int]]]] = {}
    for i in targeted:
        figure = figures[i]
        groups.setdefault(figure.where, {}).setdefault(figure.percentile, []).append(
            (figure.ms, i))
    levels: dict[str, list[tuple[float, list[float], list[int]]]] = {}
    for where, by_percentile in groups.items():
        levels[where] = []
        for percentile in sorted(by_percentile):
            ordered = sorted(by_percentile[percentile])
            levels[where].append((percentile, [ms for ms, _ in ordered],
                                  [i for _, i in ordered]))

    def out_of_order(low: _Figure, high: _Figure) -> bool:
        return low.percentile < high.percentile and low.ms > high.ms

    def of(index: int) -> list[int]:
        figure = figures[index]
        if not figure.monitor:
            return [i for i in targeted if figures[i].where in figure.where
                    and out_of_order(figure, figures[i])]
        if not figure.where:
            return []
        found = [i for i in slos if figure.where in figures[i].where
                 and out_of_order(figure, figures[i])]
        for percentile, times, indexes in levels[figure.where]:
            if percentile > figure.percentile:
                found += indexes[:bisect.bisect_left(times, figure.ms)]
        return sorted(found)

    return of


def _figure_text(vocab: Vocab, figure: _Figure) -> LocalText:
    value = f"p{number(figure.percentile)} {number(figure.ms)}ms"
    return words(vocab)("aside", text=value, note=figure.label)


def latency_alert_percentile_order(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A monitor's latency threshold is out of percentile order with an SLO target or another
    monitor on the same subject; SLO targets among themselves are SLO009's."""
    figures = _figures(ctx)
    reported: set[tuple[int, int]] = set()
    inverted = _inverted(figures)
    texts: dict[int, LocalText] = {}  # figure index → its text: a figure pairs with many
    path = ctx.doc.path.as_posix()

    def text(i: int) -> LocalText:
        if i not in texts:
            texts[i] = _figure_text(ctx.vocab, figures[i])
        return texts[i]

    for index, low in enumerate(figures):
        for other_index in inverted(index):
            high = figures[other_index]
            if not (low.monitor or high.monitor) or not _same_subject(low, high):
                continue
            pair = (min(low.line, high.line), max(low.line, high.line))
            if pair in reported:
                continue
            reported.add(pair)
            other = low.line if pair[1] == high.line else high.line
            args = {"lower": text(index), "higher": text(other_index)}
            yield Hit(pair[1], args=args,
                      related=(Location(path, other),) if other != pair[1]
                      else (), key=f"latency-order:{pair[0]}:{pair[1]}")
