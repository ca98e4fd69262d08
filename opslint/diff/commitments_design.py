"""Commitments of recovery and of the design documents: RTO, RPO, backups, DR strategy,
failover time, audit-log retention and the non-functional requirement figures."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from opslint.diff.commitments_base import Item, Value, fmt_minutes, norm_key
from opslint.facts.labels import read_label
from opslint.facts.model import DocumentFacts, TechMention

__all__ = ["design_items", "rank_of", "ranked_set"]

Items = Iterator[tuple[str, Item]]

# NFR figures: which way is stronger, and the kind they are reported under.
_NFR = {
    "availability": ("nfr", "higher"),
    "rto": ("rto", "lower"),
    "rpo": ("rpo", "lower"),
    "latency": ("nfr", "lower"),
    "planned_outage": ("nfr", "lower"),
    "service_hours": ("nfr", "higher"),
    "backup_retention": ("nfr", "higher"),
}
_DIGITS = re.compile(r"[0-9０-９.,．，]+")


def rank_of(ranks: Mapping[str, object], names: tuple[str, ...]) -> float | None:
    found = [float(str(ranks[n])) for n in names if n in ranks]
    return max(found) if found else None


def ranked_set(mentions: tuple[TechMention, ...], ranks: Mapping[str, object]) -> Value | None:
    """The adopted strategies of a document as one value: their aliases as written, ordered
    by the best rank among them (rules/vocab/diff.yaml)."""
    adopted: dict[str, str] = {}
    for mention in mentions:
        if mention.polarity == "adopted":
            adopted.setdefault(mention.name, mention.alias)
    if not adopted:
        return None
    names = tuple(sorted(adopted))
    return Value(", ".join(adopted.values()), rank_of(ranks, names), "higher", token=names)


def _objectives(facts: DocumentFacts) -> Items:
    for objective in facts.operation.objectives:
        kind = objective.kind.lower()
        value = Value(fmt_minutes(objective.minutes, facts.lang), objective.minutes, "lower")
        yield kind, Item((norm_key(objective.scope),), objective.scope or objective.kind,
                         objective.line, (("value", value),))


def _nfr(facts: DocumentFacts) -> Items:
    for figure in facts.design.nfr:
        kind, better = _NFR.get(figure.key, ("nfr", None))
        if figure.percent is not None:
            number, text = figure.percent, f"{figure.percent:g}%"
        elif figure.latency is not None:
            number, text = figure.latency.ms, figure.latency.text
        elif figure.minutes is not None:
            number, text = figure.minutes, fmt_minutes(figure.minutes, facts.lang)
        else:
            number, text = None, figure.value.split("|")[0].strip()
        labelled = read_label(figure.text)
        if "|" in figure.text:
            label = figure.text.split("|")[0].strip()
        else:
            label = labelled.label.strip() if labelled else ""
        label = label or figure.key
        yield kind, Item((f"nfr:{figure.key}",), label, figure.line,
                         (("value", Value(text, number, better)),))


def _interval_text(minutes: float | None, mode: str | None, lang: str) -> str:
    if minutes == 0:
        return "常時" if lang == "ja" else "continuous"
    return fmt_minutes(minutes, lang) if minutes is not None else (mode or "")


def _backups(facts: DocumentFacts) -> Items:
    for backup in facts.operation.backups:
        fields = [("method", Value(backup.method))]
        # The copies kept bound what a deletion loses; a replica alone copies the deletion.
        interval = backup.copy_interval if backup.copy_interval is not None else backup.interval
        if interval is not None:
            fields.append(("frequency", Value(
                _interval_text(interval, backup.mode, facts.lang), interval, "lower")))
        if backup.retention is not None:
            fields.append(("retention", Value(fmt_minutes(backup.retention, facts.lang),
                                              backup.retention, "higher")))
        keys = (norm_key(backup.target), norm_key(backup.method))
        yield "backup", Item(keys, backup.target, backup.line, tuple(fields))


def _recovery(facts: DocumentFacts, dr_ranks: Mapping[str, object]) -> Items:
    strategy = ranked_set(facts.operation.dr_strategies, dr_ranks)
    if strategy is not None:
        line = min(m.line for m in facts.operation.dr_strategies)
        yield "dr_strategy", Item(("dr",), "", line, (("strategy", strategy),))
    fields = []
    lines = []
    for name, steps in (("failover", facts.operation.failover_steps),
                        ("restore", facts.operation.restore_steps)):
        timed = [s.minutes for s in steps if s.minutes is not None]
        if timed:
            total = sum(timed)
            fields.append((name, Value(fmt_minutes(total, facts.lang), total, "lower")))
            lines.append(min(s.line for s in steps))
    if fields:
        yield "recovery_time", Item(("recovery",), "", min(lines), tuple(fields))


def _audit_logs(facts: DocumentFacts) -> Items:
    for log in facts.design.audit_logs:
        fields = []
        if log.retention is not None:
            fields.append(("retention", Value(fmt_minutes(log.retention, facts.lang),
                                              log.retention, "higher")))
        if log.hot is not None:
            fields.append(("hot_retention", Value(fmt_minutes(log.hot, facts.lang), log.hot,
                                                  "higher")))
        key = norm_key(log.target) or _DIGITS.sub("", norm_key(log.text))
        yield "audit_log", Item((key,), log.target or log.text[:40], log.line, tuple(fields))


def design_items(facts: DocumentFacts, dr_ranks: Mapping[str, object]) -> Items:
    """Every recovery and design commitment of one document, by kind."""
    yield from _objectives(facts)
    yield from _nfr(facts)
    yield from _backups(facts)
    yield from _recovery(facts, dr_ranks)
    yield from _audit_logs(facts)
