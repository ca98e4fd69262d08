"""The placeholder rules (GATE001, GATE002, GATE004) each scan every line of a document; a
line is folded once per document, not once per rule (issue 10). Work is counted."""

from __future__ import annotations

import pytest

from opslint.checks.shared import text as shared_text
from opslint.lint import Bundle
from tests.conftest import CountCalls, lint_text

_DOC = """# 運用設計書

## 1. 運用方針

作業時間は ＸＸ分（仮）、担当は ○○ とする。
リリース日は YYYY/MM/DD、承認は TBD。
EduPort の本番環境（AWS 東京リージョン）を対象とする。
EduPort の本番環境（AWS 東京リージョン）を対象とする。

| 項目 | 値 |
| -- | -- |
| 目標 | 30分（暫定） |
"""


def test_each_line_is_folded_once_for_the_placeholder_rules(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch, count_calls: CountCalls) -> None:
    folded: list[str] = []  # the lines folded together (``fold_texts``), in order
    real = shared_text.fold_texts

    def fold_texts(texts: list[str]) -> list[str]:
        folded.extend(texts)
        return real(texts)

    monkeypatch.setattr(shared_text, "fold_texts", fold_texts)
    calls = count_calls(shared_text, "fold")  # a line that changes length: for its columns
    findings = lint_text(bundle, _DOC, select=("GATE001", "GATE002", "GATE004"))
    assert {f.rule_id for f in findings} >= {"GATE001", "GATE002", "GATE004"}
    distinct = set(_DOC.split("\n"))  # blank lines are scanned too
    assert 0 < len(folded) == len(set(folded)) <= len(distinct)
    assert calls["fold"] <= len(distinct)
