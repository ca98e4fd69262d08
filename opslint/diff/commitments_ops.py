"""Commitments of the operation design: SLIs, SLOs, error budgets and their policy, monitors
and alert routes, escalations, incident severities."""

from __future__ import annotations

from collections.abc import Iterator

from opslint.diff.changes import Direction
from opslint.diff.commitments_base import (
    Item,
    Value,
    fmt_minutes,
    norm_key,
    sign_direction,
    stated,
)
from opslint.document.model import Document
from opslint.engine.vocab import Vocab
from opslint.facts.commitment_tables import BUDGET_POLICY, ESCALATIONS
from opslint.facts.model import DocumentFacts, Monitor, Slo
from opslint.facts.monitoring import route_pages
from opslint.facts.quantities.types import Threshold
from opslint.facts.semantic import SemanticModel

__all__ = ["operation_items", "threshold_direction"]

Items = Iterator[tuple[str, Item]]

_LEVEL_RANK = {"critical": 3, "warning": 2, "info": 1}
_UPWARD = (">", ">=", "≥")


def _slo_target(slo: Slo, lang: str) -> Value | None:
    if slo.percent is not None:
        lower = slo.kind == "error_rate" or slo.comparator in ("<", "<=")
        return Value(f"{slo.percent:g}%", slo.percent, "lower" if lower else "higher")
    if slo.latency is not None:
        return Value(slo.latency.text, slo.latency.ms, "lower",
                     token=(slo.latency.percentile, slo.latency.ms))
    return None


def _slos(facts: DocumentFacts) -> Items:
    for slo in facts.operation.slos:
        target = _slo_target(slo, facts.lang)
        if target is None:
            continue
        suffix = f" p{slo.latency.percentile:g}" if slo.latency else ""
        fields = [("target", target)]
        if slo.window_kind:
            window = slo.window_text or (fmt_minutes(slo.window_minutes, facts.lang)
                                         if slo.window_minutes else slo.window_kind)
            fields.append(("window", Value(window, token=(slo.window_kind, slo.window_minutes))))
        yield "slo", Item((norm_key(slo.name) + suffix, f"{slo.kind}{suffix}"),
                          slo.name + suffix, slo.line, tuple(fields))


def _slis(facts: DocumentFacts) -> Items:
    for sli in facts.operation.slis:
        yield "sli", Item((norm_key(sli.name), sli.kind), sli.name, sli.line)


def _budgets(facts: DocumentFacts, model: SemanticModel, doc: Document) -> Items:
    for budget in facts.operation.error_budgets:
        fields = []
        if budget.minutes is not None:
            fields.append(("budget", Value(budget.minutes_text or fmt_minutes(
                budget.minutes, facts.lang), budget.minutes, "lower")))
        if budget.percent is not None:
            fields.append(("budget", Value(f"{budget.percent:g}%", budget.percent, "lower")))
        label = f"{budget.slo_percent:g}%" if budget.slo_percent is not None else ""
        # Several budgets of one SLO (per window, in minutes and in percent): told apart by
        # window and unit, then by value.
        unit = f"{label}|{budget.window_minutes}|{'min' if budget.minutes is not None else '%'}"
        value = f"{unit}|{fields[0][1].number if fields else ''}"
        yield "error_budget", Item((label or "budget", unit, value), label or "Error Budget",
                                   budget.line, tuple(fields[:1]))
    for action in model.read(BUDGET_POLICY, doc):
        fields = [("action", Value(action.action))]
        if action.percent is not None:
            fields.insert(0, ("trigger", Value(action.trigger, action.percent, "lower")))
        yield "budget_policy", Item((norm_key(action.trigger), norm_key(action.action)),
                                    action.trigger, action.line, tuple(fields))


def _sign(old: Threshold, new: Threshold) -> list[int]:
    """+1 where the new threshold alerts sooner, -1 later (value, then sustain time)."""
    if (old.comparator in _UPWARD) != (new.comparator in _UPWARD) or old.unit != new.unit:
        return [0]
    signs = []
    if new.value != old.value:
        sooner = new.value < old.value if new.comparator in _UPWARD else new.value > old.value
        signs.append(1 if sooner else -1)
    if old.duration and new.duration and old.duration.minutes != new.duration.minutes:
        signs.append(1 if new.duration.minutes < old.duration.minutes else -1)
    return signs


def threshold_direction(old: Value, new: Value) -> Direction:
    """Alerting sooner is stronger: a lower bar upwards, a higher one downwards, a shorter
    sustain; a threshold no longer measurable is weaker."""
    was, now = old.extra, new.extra
    assert isinstance(was, tuple) and isinstance(now, tuple)
    if was and not now:
        return "weakened"
    if now and not was:
        return "strengthened"
    if len(was) != len(now):
        return "neutral"
    return sign_direction(s for a, b in zip(was, now, strict=True) for s in _sign(a, b))


def _thresholds(text: str, parsed: tuple[Threshold, ...]) -> Value:
    identity = tuple((t.comparator, t.value, t.unit, t.duration.minutes if t.duration else None)
                     for t in parsed)
    return Value(text, token=identity or norm_key(text), compare=threshold_direction,
                 extra=parsed)


def _paging(old: Value, new: Value) -> Direction:
    before, after = old.token, new.token
    assert isinstance(before, tuple) and isinstance(after, tuple)
    if before[1] == after[1]:
        return "neutral"
    return "strengthened" if after[1] else "weakened"


def _route(text: str, channels: tuple[str, ...], vocab: Vocab) -> Value:
    return Value(text, token=(frozenset(channels) or norm_key(text), route_pages(text, vocab)),
                 compare=_paging)


def _monitor(monitor: Monitor, vocab: Vocab) -> Item:
    subject = norm_key(f"{monitor.target} {monitor.item}")
    fields: list[tuple[str, Value]] = []
    if monitor.id:
        fields.append(("id", Value(monitor.id)))
    fields.append(("threshold", _thresholds(monitor.threshold, monitor.thresholds)))
    rank = _LEVEL_RANK.get(monitor.level_name)
    if monitor.level:
        fields.append(("level", Value(monitor.level, rank, "higher",
                                      token=monitor.level_name or norm_key(monitor.level))))
    if stated(monitor.channel, vocab):
        fields.append(("channel", _route(monitor.channel, monitor.channels, vocab)))
    if stated(monitor.sli, vocab):
        fields.append(("sli", Value(monitor.sli, presence="strengthened")))
    keys = (monitor.id, subject) if monitor.id else (subject,)
    label = monitor.id or " ".join(p for p in (monitor.target, monitor.item) if p)
    return Item(keys, label, monitor.line, tuple(fields))


def _monitors(facts: DocumentFacts, vocab: Vocab) -> Items:
    for monitor in facts.operation.monitors:
        yield "monitor", _monitor(monitor, vocab)
    for level in facts.operation.alert_levels:
        route = level.text.split("|", 1)[1].strip() if "|" in level.text else level.text
        yield "alert_route", Item((level.name,), level.label or level.name, level.line,
                                  (("channel", _route(route, level.channels, vocab)),))


def _escalations(facts: DocumentFacts, model: SemanticModel, doc: Document) -> Items:
    for step in model.read(ESCALATIONS, doc):
        fields = [("target", Value(step.target, presence="strengthened"))]
        if step.delay is not None:
            fields.append(("delay", Value(step.delay_text, step.delay, "lower")))
        condition, target = norm_key(step.condition), norm_key(step.target)
        label = " → ".join(p for p in (step.condition, step.target) if p) or step.text
        # A step is its condition and target; one retargeted keeps its condition and delay.
        keys = (f"{condition}→{target}", condition, target, f"{condition}|{step.delay}")
        yield "escalation", Item(keys, label,
                                 step.line, tuple(fields))


def _severities(facts: DocumentFacts, skip: set[int]) -> Items:
    for level in facts.operation.severities:
        if not level.definition or level.line in skip:
            continue
        fields = []
        if level.response is not None:
            fields.append(("response", Value(fmt_minutes(level.response, facts.lang),
                                             level.response, "lower")))
        yield "severity", Item((norm_key(level.name), f"rank{level.rank}"), level.name,
                               level.line, tuple(fields))


def operation_items(facts: DocumentFacts, model: SemanticModel, doc: Document) -> Items:
    """Every SLO-side and alerting commitment of one document, by kind."""
    yield from _slis(facts)
    yield from _slos(facts)
    yield from _budgets(facts, model, doc)
    yield from _monitors(facts, model.vocab)
    yield from _escalations(facts, model, doc)
    escalation_lines = {s.line for s in model.read(ESCALATIONS, doc)}
    yield from _severities(facts, escalation_lines)
