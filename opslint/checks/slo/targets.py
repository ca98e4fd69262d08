"""SLO targets: a number below 100 %, an explicit window, and latency percentiles that agree."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from opslint.checks.shared.units import Unit, has_term
from opslint.checks.slo.sli import (
    SLO_UNITS,
    VOCAB,
    read_slo_units,
    slo_anchor,
    slo_sections,
    slo_units,
)
from opslint.document.model import Document, Table
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.engine.registry import NoParams
from opslint.engine.vocab import DataError, Vocab
from opslint.facts.quantities import (
    Latency,
    Percentage,
    find_durations,
    find_latencies,
    find_percentages,
    find_thresholds,
)
from opslint.facts.semantic import Reading

__all__ = ["SloTarget", "slo_targets", "window_class"]

WindowClass = Literal["explicit", "month"]
WindowProblem = Literal["missing", "month"]
_WEEK_MINUTES = 7 * 1440
_MONTH_MINUTES = 30 * 1440
_MONTH_UNIT = re.compile(r"月|month|mo(?![a-z])", re.IGNORECASE)
_HYPHENATED = re.compile(r"(\d)\s*-\s*(?=[a-z])")


def _floor(vocab: Vocab) -> float:
    value = vocab.terms.get(VOCAB, {}).get("target_floor")
    if not isinstance(value, int | float):
        raise DataError(f"rules/vocab/{VOCAB}.yaml: key 'target_floor' must be a number")
    return float(value)


@dataclass(frozen=True)
class SloTarget:
    """A percentage stated as an SLO (``99.9%``), with the unit that states it."""

    unit: Unit
    line: int
    text: str
    value: float
    comparator: str | None  # ">=" for "99.9%以上"; None for a bare target


# "(100% − 99.9%) × 30日": arithmetic around a percentage makes it a calculation.
_ARITHMETIC_BEFORE = re.compile(r"[−\-–×*÷+/]\s*$")
_ARITHMETIC_AFTER = re.compile(r"^\s*[−\-–×*÷+/]")


def _header_of(unit: Unit) -> str:
    """The header of the table a row belongs to ("" for other units)."""
    if unit.table is not None and unit.row is not None:
        return " ".join(unit.table.header)  # a row cut with its table: no search of rows
    for block in unit.section.blocks:
        if isinstance(block, Table) and any(r.line == unit.line for r in block.rows):
            return " ".join(block.header)
    return ""


def _is_target(unit: Unit, pct: Percentage, comparator: str | None, consumption: Sequence[str]
               ) -> bool:
    if comparator in ("<", "<="):
        return False  # "可用性 99.0%以下" is a breach condition, not an objective
    text = unit.text
    if _ARITHMETIC_BEFORE.search(text[: pct.start]) or _ARITHMETIC_AFTER.search(text[pct.end :]):
        return False
    return not has_term(_clause_around(text, pct), consumption)


_CLAUSE_END = re.compile(r"[、。,;；()（）|\n]")


def _clause_around(text: str, pct: Percentage) -> str:
    """Up to 12 characters before and 24 after the percentage, within its clause."""
    before = _CLAUSE_END.split(text[max(0, pct.start - 12) : pct.start])[-1]
    after = _CLAUSE_END.split(text[pct.end : pct.end + 24])[0]
    return normalize(before + pct.text + after)


def slo_targets(doc: Document, vocab: Vocab, units: Sequence[Unit] | None = None
                ) -> list[SloTarget]:
    """Availability-style targets in the SLO scope (``units``: the scope's ``slo_units``,
    when already read); budget shares and calculations are skipped."""
    floor = _floor(vocab)
    consumption = vocab.term_list(VOCAB, "consumption_terms")
    found: list[SloTarget] = []
    for unit in slo_units(doc, vocab) if units is None else units:
        if unit.kind in ("title", "header"):
            continue
        if unit.kind == "row" and has_term(normalize(_header_of(unit)), consumption):
            continue  # a row of the budget policy table ("消費率 | 100% 以上 | 凍結")
        thresholds = find_thresholds(unit.text)
        for pct in find_percentages(unit.text):
            comparator = next(
                (t.comparator for t in thresholds if t.start <= pct.start < t.end), None
            )
            if pct.value >= floor and _is_target(unit, pct, comparator, consumption):
                line = unit.line + unit.text.count("\n", 0, pct.start)
                found.append(SloTarget(unit, line, pct.text, pct.value, comparator))
    return found


# Three SLO rules read the targets of the same document: once per document.
SLO_TARGETS: Reading[tuple[SloTarget, ...]] = Reading(
    "slo-targets", lambda doc, model: tuple(slo_targets(
        doc, model.vocab, model.read(SLO_UNITS, doc, ("sli", "slo")))))


def _targets(ctx: CheckContext) -> list[SloTarget]:
    targets: tuple[SloTarget, ...] = ctx.read(SLO_TARGETS)
    return list(targets)


def _latencies(units: Sequence[Unit]) -> list[Latency]:
    return [lat for u in units for lat in find_latencies(u.text.replace("|", " "))]


def target_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """No numeric SLO at all: neither a percentage target nor a latency target."""
    if not _targets(ctx) and not _latencies(read_slo_units(ctx)):
        yield Hit(slo_anchor(ctx.doc, ctx.vocab), key="slo-target:none")


def target_not_below_100(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A target of 100 % or more, which leaves no error budget."""
    for target in _targets(ctx):
        # "100% 以上" in a table of conditions is no target; a bare "100%" (or "= 100%") is.
        if target.value >= 100 and target.comparator in (None, "=="):
            yield Hit(target.line, args={"target": target.text}, key=f"slo-target:{target.line}")


def window_class(text: str, vocab: Vocab) -> WindowClass | None:
    """Whether a text gives an SLO window with a day count (explicit) or only "monthly"."""
    return vocab.compiled("slo:window_class", lambda: _window_memo(vocab))(text)


def _window_memo(vocab: Vocab) -> Callable[[str], WindowClass | None]:
    # A text's window depends on it and the vocabulary only, and the scope's lines are asked
    # again for each target they hold: one bounded memo per vocabulary, kept with it.
    @functools.lru_cache(maxsize=1024)
    def read(text: str) -> WindowClass | None:
        return _window_class(text, vocab)

    return read


def _window_class(text: str, vocab: Vocab) -> WindowClass | None:
    norm = _HYPHENATED.sub(r"\1 ", normalize(text))  # "30-day" reads as "30 day"
    for pattern in vocab.term_list(VOCAB, "window_ignore_patterns"):
        norm = re.sub(pattern, " ", norm)
    if has_term(norm, vocab.term_list(VOCAB, "window_explicit_terms")):
        return "explicit"
    month = False
    for duration in find_durations(norm):
        if duration.minutes < _WEEK_MINUTES:
            continue
        if _MONTH_UNIT.search(duration.text) and round(duration.minutes / _MONTH_MINUTES) <= 1:
            month = True  # "1ヶ月": how many days?
            continue
        return "explicit"
    if month or has_term(norm, vocab.term_list(VOCAB, "window_month_terms")):
        return "month"
    return None


def _scope_window(units: Sequence[Unit], targets: Sequence[SloTarget], vocab: Vocab
                  ) -> WindowClass | None:
    """The window stated once for all SLOs: in a heading, or a line that says it is the window."""
    cues = vocab.term_list(VOCAB, "window_cue_terms")
    floor = _floor(vocab)
    with_target = {t.unit.line for t in targets}
    found: set[WindowClass] = set()
    for unit in units:
        # A line naming an SLO value states its window too ("99.5% / 30日 = 約3.6時間").
        names_slo = unit.line in with_target or any(
            p.value >= floor for p in find_percentages(unit.text)
        )
        if unit.kind == "title" or names_slo or has_term(unit.norm, cues):
            kind = window_class(unit.text, vocab)
            if kind is not None:
                found.add(kind)
    return "explicit" if "explicit" in found else ("month" if found else None)


def _unclear_windows(ctx: CheckContext) -> Iterator[tuple[SloTarget, WindowProblem]]:
    """Each SLO target (once per line) without an explicit window, and what it lacks."""
    targets = [t for t in _targets(ctx) if t.value < 100]
    scope = _scope_window(read_slo_units(ctx), targets, ctx.vocab)
    if scope == "explicit":
        return
    reported: set[int] = set()
    for target in targets:
        own = window_class(target.unit.text, ctx.vocab)
        if own == "explicit" or target.unit.line in reported:
            continue
        reported.add(target.unit.line)
        yield target, "month" if "month" in (own, scope) else "missing"


def window_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """An SLO target with no window at all."""
    for target, problem in _unclear_windows(ctx):
        if problem == "missing":
            yield Hit(target.line, args={"target": target.text}, key="slo-window")


def window_month_only(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """An SLO target whose window is a month with no day count (28–31 days differ)."""
    for target, problem in _unclear_windows(ctx):
        if problem == "month":
            yield Hit(target.line, args={"target": target.text}, key="slo-window")


# A percentile with a number but no unit: "p95 < 800", "99パーセンタイル: 2".
_NO_UNIT = re.compile(
    r"(?<![a-z0-9])(?:p(?:99\.9|999|50|75|90|95|99)|\d{2}(?:\.\d+)?(?:th)?\s*(?:パーセンタイル|percentile))"
    r"(?:\s*(?:レイテンシー?|latency|応答時間|response time|レスポンスタイム))?"
    r"\s*(?:[:=]\s*)?(?:(?:<=|>=|<|>|≦|≧|≤|≥)\s*)?"
    r"(?P<num>\d+(?:\.\d+)?)(?![\d.,])"
    r"(?!\s*(?:ms|msec|millisecond|ミリ秒|μs|us|s(?![a-z])|sec|second|秒|分|min|%|パーセント|th))"
)
_PERCENTILE_HEADER = re.compile(
    r"^(?:p\d{2}(?:\.\d+)?|\d{2}(?:\.\d+)?(?:th)?\s*(?:パーセンタイル|percentile))"
)


@dataclass(frozen=True)
class _Text:
    line: int
    text: str


# The two latency rules read the same texts: once per document.
LATENCY_TEXTS: Reading[tuple[_Text, ...]] = Reading(
    "slo-latency-texts", lambda doc, model: tuple(_latency_texts(
        doc, model.vocab, model.read(SLO_UNITS, doc, ("sli", "slo")))))


def _latency_texts(doc: Document, vocab: Vocab, units: Sequence[Unit]) -> list[_Text]:
    """Each SLO unit, plus rows of tables whose headers are percentiles (| p95 | p99 |)."""
    texts = [_Text(u.line, u.text.replace("|", " ")) for u in units
             if u.kind != "title"]
    for section in slo_sections(doc, vocab):
        for table in section.tables():
            texts.extend(_percentile_rows(table))
    return texts


def _percentile_rows(table: Table) -> Iterator[_Text]:
    columns = [i for i, h in enumerate(table.header) if _PERCENTILE_HEADER.match(normalize(h))]
    if len(columns) < 2:
        return
    for row in table.rows:
        yield _Text(row.line, " ".join(f"{table.header[i]} {row.get(i)}" for i in columns))


def _disorder(latencies: Sequence[Latency]) -> tuple[Latency, Latency] | None:
    """A lower percentile with a longer time than a higher one, within one subject."""
    group: list[Latency] = []
    for latency in latencies:
        if any(g.percentile == latency.percentile for g in group):
            group = []  # the same percentile again: the text moved on to another API
        for other in group:
            low, high = sorted((other, latency), key=lambda x: x.percentile)
            if low.ms > high.ms:
                return low, high
        group.append(latency)
    return None


def latency_percentile_order(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """Latency objectives out of order: a lower percentile with a longer time (p95 above p99)."""
    reported: set[int] = set()
    for item in ctx.read(LATENCY_TEXTS):
        pair = None if item.line in reported else _disorder(find_latencies(item.text))
        if pair is not None:
            reported.add(item.line)
            args = {"low": pair[0].text.strip(), "high": pair[1].text.strip()}
            yield Hit(item.line, args=args, key=f"latency-order:{item.line}")


def latency_unit_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A latency percentile with a number but no unit ("p95 < 800")."""
    reported: set[int] = set()
    for item in ctx.read(LATENCY_TEXTS):
        match = None if item.line in reported else _NO_UNIT.search(normalize(item.text))
        if match is not None:
            reported.add(item.line)
            yield Hit(item.line, args={"latency": match.group(0).strip()},
                      key=f"latency-unit:{item.line}")
