"""The term matcher: NFKC, width and case folded, Latin–CJK spacing ignored, words kept."""

from __future__ import annotations

import pytest

from opslint.document.normalize import contains_any, contains_term, normalize


@pytest.mark.parametrize(("term", "text", "found"), [
    ("DR訓練", "年次で DR 訓練を行う", True),
    ("DR 訓練", "DR訓練を行う", True),
    ("SLO目標", "ＳＬＯ 目標は 99.9%", True),
    ("Error Budget 消費", "error budget消費率", True),
    ("Error Budget 消費", "errorbudget消費率", False),  # Latin words keep their space
    ("障害対応", "障害 対応", False),  # CJK words are not split by a space in Japanese
    ("DR", "driver", False),  # ASCII terms stand as words
    ("5xx", "5xx の割合", True),
    ("SLI-01", "sli-01 を参照", True),
])
def test_terms(term: str, text: str, found: bool) -> None:
    assert contains_term(normalize(text), term) is found
    assert contains_any(normalize(text), (term,)) is found
