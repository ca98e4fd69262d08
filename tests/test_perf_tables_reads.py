"""Huge monitor tables read once per distinct text, counted rather than timed (issue 10: a
50,000-row table took 24 s): the questions asked of every row or its cells (a heading's
cadence, a monitor's SLI link, a level cell) are answered once per distinct text."""

from __future__ import annotations

from pathlib import Path

from opslint.checks.ops import routine_read
from opslint.checks.ops.routine_read import RoutineVocab, cadences_of
from opslint.config import Config
from opslint.document.model import DocKind
from opslint.engine.memo import PerText
from opslint.lint import Bundle, document_from_text, lint_documents
from tests.conftest import CountCalls
from tests.test_perf_tables import with_rows


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

    rows = 150
    calls = count_calls(trace_links, "link_monitor")
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
