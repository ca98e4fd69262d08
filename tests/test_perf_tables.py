"""Work linear in a monitor table's rows, counted rather than timed (issue 10: a 50,000-row
table took 116 s and gave 149,119 findings).

Every Python-level call made while linting is counted (``sys.setprofile``) for the clean
operation design with 0, N and 2N more rows in its monitor table. Linear work adds the same
number of calls for each N rows; a pass over the table for every row (quadratic) would add
about three times as many for the second N as for the first.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

from opslint.config import Config
from opslint.document.model import DocKind
from opslint.engine.findings import COLLAPSE_AFTER
from opslint.lint import Bundle, document_from_text, lint_documents

OPERATION = Path(__file__).parents[1] / "examples" / "ja" / "clean" / "17_Operation_Design.md"
HEADER = "| 監視ID | 対象 | 項目 | 閾値 | 通知レベル | アクション | SLI |\n| -- |"


def with_rows(rows: int) -> str:
    text = OPERATION.read_text(encoding="utf-8")
    start = text.index(HEADER)
    after = text.index("\n", text.index("\n", start) + 1) + 1
    extra = "".join(f"| W-{n:04d} | 夜間ジョブ {n} | 終了遅延 | 未定 | Warning | 担当者に連絡 | - |"
                    "\n" for n in range(rows))
    return text[:after] + extra + text[after:]


def _lint(bundle: Bundle, rows: int, *, count: bool) -> tuple[int, int]:
    """(Python calls made, findings) for one lint of the document with ``rows`` more rows."""
    config = Config()
    calls = 0

    def profile(_: FrameType, event: str, __: Any) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    doc = document_from_text(with_rows(rows), Path("17_Operation_Design.md"), bundle, config,
                             DocKind.OPERATION)
    if count:
        sys.setprofile(profile)
    try:
        findings = lint_documents([doc], [], config, bundle).findings
    finally:
        sys.setprofile(None)
    return calls, len(findings)


def test_linting_a_monitor_table_is_linear_in_its_rows(bundle: Bundle) -> None:
    step = COLLAPSE_AFTER + 60  # past the collapse limit, so collapsing is counted too
    _lint(bundle, step, count=False)  # warm-up: patterns compiled, modules imported
    (c0, f0), (c1, f1), (c2, f2) = (_lint(bundle, n, count=True) for n in (0, step, 2 * step))
    first, second = c1 - c0, c2 - c1
    assert first > 0
    assert second <= 1.25 * first, (c0, c1, c2)
    # The rows' findings collapse per rule and table: the count does not grow with the rows.
    assert f2 == f1 > f0
