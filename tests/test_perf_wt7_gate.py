"""Work of the line-scanning checks and of making findings, counted rather than timed
(issue 10, round 7): repeated questions about one text are answered once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from opslint.checks.gate import cells, gates
from opslint.checks.inc import flow
from opslint.checks.shared import places
from opslint.checks.shared.places import _cell_at, cell_spans
from opslint.config import Config
from opslint.document.model import DocKind
from opslint.engine import run
from opslint.engine.findings import COLLAPSE_AFTER
from opslint.engine.memo import PerText
from opslint.facts.prefilter import Prefilter
from opslint.lint import Bundle, document_from_text, lint_documents
from tests.conftest import CountCalls
from tests.test_perf_tables import OPERATION, with_rows


def _lint(bundle: Bundle, rows: int, *select: str) -> list[run.Finding]:
    config = Config(select=list(select))
    doc = document_from_text(with_rows(rows), Path("17_Operation_Design.md"), bundle, config,
                             DocKind.OPERATION)
    return lint_documents([doc], [], config, bundle).findings


def test_only_the_findings_that_survive_the_collapse_are_made(
        bundle: Bundle, count_calls: CountCalls) -> None:
    rows = 3 * COLLAPSE_AFTER
    calls = count_calls(run, "make_finding")
    findings = _lint(bundle, rows, "GATE002")
    collapsed = [f for f in findings if f.count > 1]
    assert len(collapsed) == 1 and collapsed[0].count == rows
    # One finding made per finding reported, not one per hit (rows + the others).
    assert calls["make_finding"] == len(findings)


def test_the_cell_of_a_position_is_the_cell_cell_spans_cuts() -> None:
    rows = ["", "a", "|", "||", "| a | b |", "a | b", " | a | b | ", "| a \\| b | c |",
            "a|b|", "|a|b", "  |  ", "| あ | ＴＢＤ |  "]
    alphabet = "| a\\"
    rows += ["".join(alphabet[(n >> (2 * i)) & 3] for i in range(6)) for n in range(4096)]
    for raw in rows:
        cells = cell_spans(raw)
        for position in range(len(raw) + 2):
            want = next((i for i, (a, b) in enumerate(cells) if a <= position < b), None)
            assert _cell_at(raw, position) == want, (raw, position)


def test_a_hit_in_a_table_does_not_cut_its_row_into_cells(
        bundle: Bundle, count_calls: CountCalls) -> None:
    calls = count_calls(places, "cell_spans")
    findings = _lint(bundle, 3 * COLLAPSE_AFTER, "GATE002")
    assert any(f.count == 3 * COLLAPSE_AFTER for f in findings)
    assert calls["cell_spans"] == 0


RELEASE = Path(__file__).parents[1] / "examples" / "ja" / "clean" / "16_Release_Procedure.md"


def test_release_line_patterns_search_the_joined_lines_not_each_line(
        bundle: Bundle, count_calls: CountCalls) -> None:
    """REL008, REL012, REL022 screen a release's lines by their patterns' literals in one
    search; the patterns' alternation runs only on the lines that hold one."""
    text = RELEASE.read_text(encoding="utf-8")
    calls = count_calls(Prefilter, "admits")  # asked per line by the old scan
    config = Config(select=["REL008", "REL012", "REL022"])
    doc = document_from_text(text, Path("16_Release_Procedure.md"), bundle, config,
                             DocKind.RELEASE)
    lint_documents([doc], [], config, bundle)
    assert calls["admits"] < len(text.splitlines()) // 4


def test_the_flow_steps_of_a_text_are_read_once(bundle: Bundle, count_calls: CountCalls,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = flow._steps_in

    def steps_in(norm: str, steps: Any) -> list[int]:
        asked.append(norm)
        return real(norm, steps)

    monkeypatch.setattr(flow, "_steps_in", steps_in)
    monkeypatch.setattr(flow, "_STEPS", PerText())
    calls = count_calls(flow, "_find_steps")
    text = OPERATION.read_text(encoding="utf-8")
    config = Config(select=["INC"])
    doc = document_from_text(text + "\n" + text, Path("17_Operation_Design.md"), bundle,
                             config, DocKind.OPERATION)
    lint_documents([doc], [], config, bundle)
    assert len(asked) > len(set(asked))  # the document repeats its flow
    assert calls["_find_steps"] == len(set(asked))


def test_a_table_cell_is_bared_once_per_text(bundle: Bundle) -> None:
    """GATE003 reads each required cell of each row; the rows repeat their cells, so more
    rows ask again about texts already answered."""
    misses = []
    for rows in (COLLAPSE_AFTER, 3 * COLLAPSE_AFTER):
        cells._bare.cache_clear()
        _lint(bundle, rows, "GATE003")
        misses.append(cells._bare.cache_info().misses)
    assert misses[1] - misses[0] < COLLAPSE_AFTER // 10


def test_gate_headings_are_found_once_per_document(bundle: Bundle,
                                                   count_calls: CountCalls) -> None:
    """The gate rules (GATE010-017) share one reading of the gate headings."""
    text = RELEASE.read_text(encoding="utf-8")
    calls = count_calls(gates, "is_gate")
    config = Config(select=[f"GATE0{n}" for n in range(10, 18)])
    doc = document_from_text(text, Path("16_Release_Procedure.md"), bundle, config,
                             DocKind.RELEASE)
    lint_documents([doc], [], config, bundle)
    assert 0 < calls["is_gate"] <= len(list(doc.sections()))
