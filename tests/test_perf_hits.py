"""A placeholder found in every row of a table: each hit's column header is found once, and
whether a column is filled on the day is answered once per header (counted, not timed)."""

from __future__ import annotations

from pathlib import Path

from opslint.checks.shared import places
from opslint.config import Config
from opslint.lint import Bundle, document_from_text, lint_documents
from tests.conftest import CountCalls

ROWS = 300
TABLE = ("# 運用設計書\n\n## 監視\n\n| 監視ID | 閾値 | 実施時刻 |\n| -- | -- | -- |\n"
         + "".join(f"| M-{n:03d} | TBD | HH:MM |\n" for n in range(ROWS)))


def _placeholders(bundle: Bundle) -> list[object]:
    doc = document_from_text(TABLE, Path("17_Operation_Design.md"), bundle)
    config = Config.model_validate({"select": ["GATE001", "GATE002"]})
    return list(lint_documents([doc], [], config, bundle).findings)  # collapsed per table


def test_each_hit_finds_its_column_header_once(bundle: Bundle, count_calls: CountCalls
                                                ) -> None:
    calls = count_calls(places, "column_header")
    found = _placeholders(bundle)
    hits = calls["column_header"]
    assert found and hits <= 2 * ROWS + 10  # "TBD" hits and skipped "HH:MM" cells, once each
    calls.clear()
    count_calls(places, "contains_term")
    _placeholders(bundle)
    # 実施時刻 and 閾値 are asked about hundreds of times, each answered once per vocabulary
    assert calls["contains_term"] == 0 and calls["column_header"] == hits
