"""SLO reading helpers: what counts as a target and as a window."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.checks.slo.targets import slo_targets, window_class
from opslint.document.model import DocKind
from opslint.lint import Bundle, document_from_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("可用性 99.9%（30日間ローリング）", "explicit"),
        ("99.9% over a rolling 28-day window", "explicit"),
        ("暦月で 99.95%", "explicit"),
        ("月間稼働率 99.9%", "month"),
        ("99.9% per month", "month"),
        ("1ヶ月あたり 99.9%", "month"),
        ("24時間365日稼働、99.9%", None),
        ("可用性 99.9%", None),
    ],
)
def test_window_class(bundle: Bundle, text: str, expected: str | None) -> None:
    assert window_class(text, bundle.vocab) == expected


def test_targets_skip_budget_shares_breaches_and_arithmetic(bundle: Bundle) -> None:
    markdown = """# 運用設計書

## 1. 運用方針

### 1.2 SLO
- 可用性: 99.9%（30日間）
- 99.5%以上を維持する
- 予算を100%使い切ったら凍結する
- エラーバジェット: (100% − 99.9%) × 30日 = 43.2分
- 切替条件: 可用性 99.0%以下が 30分継続
"""
    doc = document_from_text(markdown, Path("x.md"), bundle, None, DocKind.OPERATION)
    found = [(t.text, t.comparator) for t in slo_targets(doc, bundle.vocab)]
    assert found == [("99.9%", None), ("99.5%", ">=")]
