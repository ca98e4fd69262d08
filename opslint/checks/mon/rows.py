"""Checks on each monitor row: a measurable threshold, a known level, a Critical action."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from opslint.checks.mon.table import (
    VOCAB,
    MonitorRow,
    declared_level,
    is_blank,
    level_of,
    monitor_levels,
    monitor_rows,
    monitor_tables_of,
    named_label,
)
from opslint.checks.shared.units import has_term
from opslint.checks.shared.words import join_labels
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, Text
from opslint.engine.registry import NoParams
from opslint.engine.vocab import Vocab
from opslint.facts.model import Monitor
from opslint.facts.quantities import Threshold, find_durations, find_thresholds


@dataclass(frozen=True)
class ThresholdVerdict:
    vague: bool  # only words such as 適宜 / 高い / as needed
    missing: tuple[str, ...]  # what a measurable threshold still lacks: number, comparison…


def _terms(vocab: Vocab, key: str) -> tuple[str, ...]:
    return vocab.term_list(VOCAB, key)


# "over the 1-hour and 5-minute windows": hyphenated English durations.
_HYPHENATED = re.compile(r"(\d)\s*-\s*(?=[A-Za-z])")


def _has_sustain(row: MonitorRow, cell: str, found: Sequence[Threshold]) -> bool:
    if any(t.duration is not None for t in found) or row.cell("sustain").strip():
        return True
    # A duration outside every threshold's own value ("5分間の 5xx率 > 1%"), not "p99 > 1s".
    spans = [(t.start, t.end) for t in found]
    durations = find_durations(_HYPHENATED.sub(r"\1 ", cell))
    return any(not any(s <= d.start < e for s, e in spans) for d in durations)


def judge_threshold(row: MonitorRow, vocab: Vocab,
                    monitor: Monitor | None = None) -> ThresholdVerdict | None:
    """What a threshold cell lacks to be evaluated by a machine; None for blank cells.
    ``monitor``: the Monitor fact on the row's line, a table monitor (list items and rule
    files hold no table row), whose thresholds are those of its threshold text: when that
    text is this cell, they are not read again."""
    cell = row.cell("threshold")
    if is_blank(cell, vocab):
        return None
    norm = normalize(cell)
    found: Sequence[Threshold] = (
        monitor.thresholds if monitor is not None and monitor.threshold == cell
        else find_thresholds(cell))
    if not found:
        if has_term(norm, _terms(vocab, "vague")):
            return ThresholdVerdict(True, ())
        # An event ("ジョブ失敗"), or a comparison with a named value ("実行中 < 希望タスク数").
        if has_term(norm, _terms(vocab, "events")) or has_term(norm, _terms(vocab, "comparators")):
            return ThresholdVerdict(False, ())
        has_number = any(ch.isdigit() for ch in norm)
        return ThresholdVerdict(False, ("comparison",) if has_number else ("number", "comparison"))
    if any(t.comparator in ("==", "!=") for t in found):
        return ThresholdVerdict(False, ())  # a status code or an exact state is measurable
    subject = normalize(f"{row.cell('item')} {cell}")
    missing: list[str] = []
    if all(t.unit is None for t in found) and has_term(subject, _terms(vocab, "needs_unit")):
        missing.append("unit")
    if has_term(subject, _terms(vocab, "sustained")) and not _has_sustain(row, cell, found):
        missing.append("sustain")
    return ThresholdVerdict(False, tuple(missing))


def _row_id(row: MonitorRow) -> str:
    return row.cell("monitor_id").strip() or row.cell("item").strip() or f"#{row.line}"


def _verdicts(ctx: CheckContext) -> Iterator[tuple[MonitorRow, ThresholdVerdict]]:
    """Each monitor row's threshold verdict, judged once per document for the two rules
    that read them (vague, incomplete)."""
    from opslint.facts.reading import Reading

    return iter(ctx.read(Reading("monitor-threshold-verdicts",
                                 lambda doc, model: _read_verdicts(CheckContext(doc, model)))))


def _read_verdicts(ctx: CheckContext) -> tuple[tuple[MonitorRow, ThresholdVerdict], ...]:
    tables = [m for m in monitor_tables_of(ctx) if m.has("threshold")]
    found = []
    facts = {m.line: m for m in ctx.facts().operation.monitors}
    for row in monitor_rows(tables):
        verdict = judge_threshold(row, ctx.vocab, facts.get(row.line))
        if verdict is not None:
            found.append((row, verdict))
    return tuple(found)


def _args(row: MonitorRow) -> dict[str, Text]:
    return {"id": _row_id(row), "threshold": row.cell("threshold").strip()}


def threshold_vague(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A threshold in words only (適宜, 高い, as needed): no machine can evaluate it."""
    for row, verdict in _verdicts(ctx):
        if verdict.vague:
            yield Hit(row.line, args=_args(row), key=f"threshold:{row.line}")


def threshold_incomplete(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A threshold lacking a number, a comparison, a unit or a sustained duration."""
    for row, verdict in _verdicts(ctx):
        if not verdict.vague and verdict.missing:
            labels = [named_label(ctx, f"threshold_{m}") for m in verdict.missing]
            missing = join_labels(ctx.vocab, labels)
            yield Hit(row.line, args={**_args(row), "missing": missing},
                      key=f"threshold:{row.line}")


def level_unknown(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A level cell that names neither Critical, Warning or Info (in any accepted spelling)
    nor a word of the document's own legend; a known word inside a compound ("要注意")
    does not count."""
    levels = monitor_levels(ctx)
    tables = [m for m in monitor_tables_of(ctx) if m.has("level")]
    for row in monitor_rows(tables):
        cell = row.cell("level").strip()
        if not is_blank(cell, ctx.vocab) and declared_level(cell, levels) is None:
            yield Hit(row.line, args={"id": _row_id(row), "level": cell}, key="monitor-level")


def _watch_only(cell: str, vocab: Vocab) -> bool:
    norm = normalize(cell).strip(" 。.")
    nothing = {normalize(t) for t in _terms(vocab, "nothing")}
    return norm in nothing or has_term(norm, _terms(vocab, "watch_only"))


def critical_without_action(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A Critical monitor whose action is empty, a placeholder, or only watches."""
    levels = monitor_levels(ctx)
    tables = [m for m in monitor_tables_of(ctx) if m.has("level", "action")]
    for row in monitor_rows(tables):
        if level_of(row.cell("level"), levels) != "critical":
            continue
        action = row.cell("action")
        if is_blank(action, ctx.vocab) or _watch_only(action, ctx.vocab):
            yield Hit(row.line, args={"id": _row_id(row)}, key=f"critical-action:{row.line}")
