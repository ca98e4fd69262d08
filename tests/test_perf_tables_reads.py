"""Huge monitor tables read once per distinct text, counted rather than timed (issue 10: a
50,000-row table took 24 s): the questions asked of every row or its cells (a heading's
cadence, a monitor's SLI link, a level cell) are answered once per distinct text."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from opslint.checks.mon import latency_order
from opslint.checks.mon.latency_order import _Figure
from opslint.checks.ops import routine_read
from opslint.checks.ops.routine_read import (
    RoutineVocab,
    cadences_of,
    unit_cadences,
    units_cadences,
)
from opslint.config import Config
from opslint.document.model import DocKind, Row, Table
from opslint.engine.memo import PerText
from opslint.facts.units import LAZY, Unit, loose
from opslint.lint import Bundle, document_from_text, lint_documents
from tests.conftest import CountCalls
from tests.test_perf_tables import HEADER, with_rows


def test_a_texts_cadences_are_read_once(bundle: Bundle, count_calls: CountCalls) -> None:
    """A heading's cadences are asked for every unit under it: parsed once per text."""
    vocab = bundle.vocab.model("routine", RoutineVocab)
    calls = count_calls(routine_read, "parse_frequency")
    texts = [f"監視一覧（第 {n % 7} 版）" for n in range(70)]
    assert {cadences_of(t, vocab) for t in texts} == {frozenset()}
    assert calls["parse_frequency"] == 7


def test_per_text_answers_each_text_once_per_key() -> None:
    asked: list[str] = []

    def answer(text: str) -> int:
        asked.append(text)
        return len(text)

    memo: PerText[int] = PerText(kept=3)
    key, other = (object(),), (object(),)
    assert [memo.get(key, t, answer) for t in ["a", "bb", "a", "bb", "a"]] == [1, 2, 1, 2, 1]
    assert asked == ["a", "bb"]
    memo.get(other, "a", answer)  # another key: asked again
    assert asked == ["a", "bb", "a"]
    for text in ["c", "d", "e"]:  # past ``kept`` texts the memo starts over
        memo.get(other, text, answer)
    memo.get(other, "a", answer)
    assert asked[-1] == "a" and len(asked) == 7


def _lint(bundle: Bundle, rows: int) -> int:
    config = Config()
    doc = document_from_text(with_rows(rows), Path("17_Operation_Design.md"), bundle, config,
                             DocKind.OPERATION)
    return len(lint_documents([doc], [], config, bundle).findings)


def test_each_monitor_is_linked_once_and_each_sli_cell_read_once(
        bundle: Bundle, count_calls: CountCalls) -> None:
    from opslint import trace_links
    from opslint.checks.mon import trace  # imported first: its link_monitor is counted

    rows = 150
    calls = count_calls(trace, "link_monitor")
    count_calls(trace_links._SliCell, "read")
    count_calls(trace_links, "_Names")
    _lint(bundle, rows)
    base = dict(calls)
    calls.clear()
    _lint(bundle, 2 * rows)
    # MON060 and MON061 share one reading: each added monitor is linked once, not per rule.
    assert calls["link_monitor"] - base["link_monitor"] == rows
    # The added rows repeat one SLI cell ("-"): the cells read and the SLIs' names do not grow.
    assert calls["read"] == base["read"]
    assert calls["_Names"] == base["_Names"]


def _brute_inverted(figures: list[_Figure], index: int) -> list[int]:
    """What MON053 compared before: every figure that may share the subject, in order,
    kept when out of percentile order."""
    low = figures[index]
    if low.monitor and not low.where:
        return []
    partners = [i for i, f in enumerate(figures)
                if (f.monitor and f.where and (f.where == low.where if low.monitor
                                               else f.where in low.where))
                or (low.monitor and not f.monitor and low.where in f.where)]
    return [i for i in partners
            if low.percentile < figures[i].percentile and low.ms > figures[i].ms]


def test_latency_order_finds_the_pairs_a_pass_over_every_partner_finds() -> None:
    rng = random.Random(53)
    for _ in range(60):
        figures = [
            _Figure(rng.choice((50.0, 90.0, 95.0, 99.0, 99.9)), rng.choice((100.0, 400.0, 900.0)),
                    n, "x", rng.random() < 0.85,
                    rng.choice(("alb", "api", "", "alb api gateway")))
            for n in range(rng.randint(1, 40))]
        inverted = latency_order._inverted(figures)
        assert [inverted(i) for i in range(len(figures))] == \
               [_brute_inverted(figures, i) for i in range(len(figures))]


def _latency_rows(rows: int) -> str:
    # One target, two percentiles in order: nothing to report, and every row a partner of
    # every other before.
    text = with_rows(0)
    start = text.index(HEADER)
    after = text.index("\n", text.index("\n", start) + 1) + 1
    extra = "".join(f"| L-{n:04d} | ALB | p{95 if n % 2 else 50} レイテンシ | "
                    f"p{95 if n % 2 else 50} > {900 if n % 2 else 300}ms | Warning | 調査 | - |\n"
                    for n in range(rows))
    return text[:after] + extra + text[after:]


def _lines_run(bundle: Bundle, rows: int) -> int:
    """Lines of checks/mon/latency_order.py run by one lint of the document."""
    config = Config(select=["MON053"])
    doc = document_from_text(_latency_rows(rows), Path("17_Operation_Design.md"), bundle,
                             config, DocKind.OPERATION)
    where = latency_order.__file__
    lines = 0

    def trace(frame: FrameType, event: str, _: Any) -> Any:
        nonlocal lines
        if frame.f_code.co_filename != where:
            return None
        if event == "line":
            lines += 1
        return trace

    sys.settrace(trace)
    try:
        lint_documents([doc], [], config, bundle)
    finally:
        sys.settrace(None)
    return lines


def test_latency_order_is_linear_in_one_targets_rows(bundle: Bundle) -> None:
    step = 200
    l0, l1, l2 = (_lines_run(bundle, n) for n in (0, step, 2 * step))
    assert l1 - l0 > 0
    assert l2 - l1 <= 1.25 * (l1 - l0), (l0, l1, l2)


# Cells with and without cadence terms and frequency cues (keywords, explicit intervals,
# PITR, replication, continuous), and pieces of cues that must not join across cells.
_CELLS = (
    "", "-", "Q-00001", "キュー処理 1", "担当へ連絡", "Warning", "TBD", "滞留件数",
    "日次", "毎週", "月次", "四半期", "半期", "年1回", "毎日 3:00", "15分ごと", "5分間隔",
    "1時間に1回", "1日 2回", "every 5 minutes", "hourly", "daily", "bi-weekly",
    "every other day", "PITR", "ポイントインタイムリカバリ", "レプリケーション",
    "リアルタイム", "常時", "連続", "24/7", "遅延 5分", "WAL アーカイブ", "every", "5 minutes",
    "ごと", "30", "分", "日", "週", "回", "5", "min", "2時間", "60日", "毎時", "a | b",
)


def _row_unit(cells: tuple[str, ...]) -> Unit:
    row = Row(cells, 2)
    return Unit(2, " | ".join(cells), LAZY, loose(1, "").section,
                table=Table(("h",) * len(cells), (row,), 1, 2), row=row)


def test_a_rows_cadences_read_by_cell_are_those_of_its_text(bundle: Bundle) -> None:
    vocab = bundle.vocab.model("routine", RoutineVocab)
    rng = random.Random(10)
    rows = [tuple(rng.choice(_CELLS) for _ in range(rng.randint(2, 6))) for _ in range(5000)]
    # Cells seen once (read together with the row's other new cells), with and without cues.
    fresh = ("キュー {}", "{}分ごと", "毎日 {}時", "PITR {}", "遅延 {}分", "{} hours", "{}日に1回",
             "レプリカ {}", "常時 {}", "every {} days", "{}")
    rows += [(f"Q-{n}", rng.choice(_CELLS), rng.choice(fresh).format(n), rng.choice(_CELLS),
              rng.choice(fresh).format(n + 1000)) for n in range(1500)]
    expected = [routine_read._cadences(" | ".join(cells), vocab) for cells in rows]
    units = [_row_unit(cells) for cells in rows]
    assert [unit_cadences(u, vocab) for u in units] == expected  # row by row
    assert units_cadences(units, vocab) == expected  # in batches
    assert 0 < sum(map(bool, expected)) < len(rows)  # rows with and without a cadence


def test_a_tables_rows_are_parsed_together(bundle: Bundle, count_calls: CountCalls) -> None:
    vocab = bundle.vocab.model("routine", RoutineVocab)
    calls = count_calls(routine_read, "parse_frequency")
    rows = [_row_unit((f"Y-{n:03d}", f"夜間処理 {n}", "要員へ連絡", "Warn-8", "--"))
            for n in range(200)]
    assert units_cadences(rows, vocab) == [frozenset()] * 200
    # The three shared cells once each (when seen again), and the new cells (IDs, names)
    # of each batch of rows together: no cell names a cadence or a frequency.
    batches = -(-200 // routine_read._BATCH)
    assert calls["parse_frequency"] == 3 + batches
    calls.clear()
    # A batch whose new cells name a frequency is read row by row.
    rows = [_row_unit((f"X-{n:03d}", f"{n + 1}時間ごと", "要員へ連絡", "Warn-8", "--"))
            for n in range(10)]
    assert units_cadences(rows, vocab) == [cadences_of(u.text, vocab) for u in rows]
    assert calls["parse_frequency"] == 1 + 10 + 10  # the batch, each row, each row's text


def test_each_monitor_id_is_shaped_once(bundle: Bundle, count_calls: CountCalls) -> None:
    from opslint.checks.mon import table

    calls = count_calls(table, "_shape")
    _lint(bundle, 150)
    base = dict(calls)
    calls.clear()
    _lint(bundle, 300)
    # MON006 and MON007 share the IDs read once; MON007 shapes each well-formed ID once
    # (three times before).
    assert calls["_shape"] - base["_shape"] == 150
