"""Work of the line-scanning checks and of making findings, counted rather than timed
(issue 10, round 7): repeated questions about one text are answered once."""

from __future__ import annotations

from pathlib import Path

from opslint.config import Config
from opslint.document.model import DocKind
from opslint.engine import run
from opslint.engine.findings import COLLAPSE_AFTER
from opslint.lint import Bundle, document_from_text, lint_documents
from tests.conftest import CountCalls

OPERATION = Path(__file__).parents[1] / "examples" / "ja" / "clean" / "17_Operation_Design.md"
HEADER = "| 監視ID | 対象 | 項目 | 閾値 | 通知レベル | アクション | SLI |\n| -- |"


def with_rows(rows: int) -> str:
    """The clean operation design with ``rows`` more monitor rows, each with an open item."""
    text = OPERATION.read_text(encoding="utf-8")
    start = text.index(HEADER)
    after = text.index("\n", text.index("\n", start) + 1) + 1
    extra = "".join(f"| W-{n:04d} | 夜間ジョブ {n} | 終了遅延 | 未定 | Warning | 担当者に連絡 | - |"
                    "\n" for n in range(rows))
    return text[:after] + extra + text[after:]


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
