"""Numeric consistency checks (the numeric check kinds): arithmetic edges and pairing rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.checks.shared.numeric import Target, within
from opslint.checks.shared.words import clock, minutes_text, number, period_text
from opslint.document.model import DocKind
from opslint.lint import Bundle
from tests.conftest import lint_text

SLO_TABLE = """\
# 運用設計書

## 1. 運用方針

### 1.2 SLO

| SLI | 目標 | 評価期間 |
| -- | -- | -- |
| 可用性 | {slo} | {window} |

- エラーバジェット: {budget}
"""


def _ops(bundle: Bundle, text: str, rule: str) -> list[str]:
    findings = lint_text(bundle, text, DocKind.OPERATION, select=(rule,))
    return [f.message for f in findings if f.rule_id == rule]


def test_formatting(bundle: Bundle) -> None:
    vocab = bundle.vocab
    assert number(43.2) == "43.2" and number(216.0) == "216" and number(0.05) == "0.05"
    assert minutes_text(vocab, 43.2).ja == "43.2分" and minutes_text(vocab, 43.2).en == "43.2 min"
    assert minutes_text(vocab, 245).ja == "4時間5分"
    assert minutes_text(vocab, 245).en == "4 h 5 min"
    assert minutes_text(vocab, 120).ja == "2時間" and minutes_text(vocab, 120).en == "2 h"
    assert minutes_text(vocab, 43200).ja == "30日間"
    assert clock(vocab, 1530).ja == "翌01:30" and clock(vocab, 1530).en == "01:30 (+1 day)"
    assert clock(vocab, 90).ja == "01:30" == clock(vocab, 90).en
    assert period_text(vocab, 525600).en == "1 year" and period_text(vocab, 1051200).ja == "2年"
    assert period_text(vocab, 129600).en == "90 days" and period_text(vocab, 60).en == "1 hour"
    assert period_text(vocab, 90).ja == "90分" and period_text(vocab, 90).en == "90 minutes"
    assert within(43.6, 43.2) and not within(44.0, 43.2)


def test_target_budget() -> None:
    assert Target(99.9, 43200, "days", "a.md", 1).budget() == pytest.approx(43.2)
    assert Target(99.9, 40320, "days", "a.md", 1).budget() == pytest.approx(40.32)
    assert Target(99.5, None, "month", "a.md", 1).budget() == pytest.approx(216)


@pytest.mark.parametrize(("budget", "found"), [
    ("43.2分", False), ("43.6分", False), ("44分", True), ("0.1%", False), ("0.2%", True),
])
def test_budget_tolerance_is_one_percent(bundle: Bundle, budget: str, found: bool) -> None:
    text = SLO_TABLE.format(slo="99.9%", window="30日間", budget=budget)
    assert bool(_ops(bundle, text, "SLO050")) is found


@pytest.mark.parametrize(("budget", "found"), [("40.4分", False), ("44.6分", False),
                                               ("46分", True), ("39分", True)])
def test_bare_month_accepts_28_to_31_days(bundle: Bundle, budget: str, found: bool) -> None:
    text = SLO_TABLE.format(slo="99.9%", window="月間", budget=budget)
    assert bool(_ops(bundle, text, "SLO050")) is found


def test_budget_without_any_window_is_not_guessed(bundle: Bundle) -> None:
    text = SLO_TABLE.format(slo="99.9%", window="-", budget="60分")
    assert _ops(bundle, text, "SLO050") == []


BURN = """\
# 運用設計書

## 1. 運用方針

### 1.2 SLO

- 可用性: {slo}（30日間）

## 2. 監視設計

### 2.2 監視項目一覧

| 監視ID | 対象 | 項目 | 閾値 | 通知レベル | アクション |
| -- | -- | -- | -- | -- | -- |
| M-001 | ALB | 可用性のバーンレート | {threshold} | Critical | 呼出し |
"""


@pytest.mark.parametrize(("slo", "threshold", "rule", "found"), [
    ("93%", "14.4倍（1時間 / 5分）", "MON050", True),
    ("93.1%", "14.4倍（1時間 / 5分）", "MON050", False),
    ("99.9%", "14.4倍、5xx率 1.4% 超（1時間 / 5分）", "MON051", False),
    ("99.9%", "14.4倍、5xx率 1.5% 超（1時間 / 5分）", "MON051", True),
    ("99.5%", "14.4倍、5xx率 7.2% 超（1時間 / 5分）", "MON051", False),
    ("99.9%", "6倍（6時間 / 30分）", "MON052", False),
    ("99.9%", "6倍（1日 / 2時間）", "MON052", True),
])
def test_burn_rate_cases(bundle: Bundle, slo: str, threshold: str, rule: str,
                         found: bool) -> None:
    text = BURN.format(slo=slo, threshold=threshold)
    assert bool(_ops(bundle, text, rule)) is found


BACKUPS = """\
# 運用設計書

## 5. バックアップ・DR

{objectives}

| 対象 | 方式 | 頻度 | 保持期間 |
| -- | -- | -- | -- |
| Aurora | 日次スナップショット | 日次 | 35日 |
| Aurora PostgreSQL（大阪） | PITR | 常時 | 35日 |
| アプリケーションログ | 圧縮アーカイブ | 週次 | 90日 |
"""


def test_backups_of_one_datastore_are_judged_together(bundle: Bundle) -> None:
    # Aurora's daily snapshot is covered by PITR on the same store; logs are not data.
    text = BACKUPS.format(objectives="- RPO: 15分")
    assert _ops(bundle, text, "BDR050") == []


def test_several_different_rpos_are_not_paired(bundle: Bundle) -> None:
    text = BACKUPS.replace("| Aurora PostgreSQL（大阪） | PITR | 常時 | 35日 |\n", "").format(
        objectives="- RPO: 15分\n- RPO: 24時間")
    assert _ops(bundle, text, "BDR050") == []
    single = BACKUPS.replace("| Aurora PostgreSQL（大阪） | PITR | 常時 | 35日 |\n", "").format(
        objectives="- RPO: 15分")
    assert len(_ops(bundle, single, "BDR050")) == 1


RELEASE = """\
# リリース手順書

**リリース予定日時**: 2026/12/10 23:00 - 翌02:00

## 1. リリース概要

- 停止時間: 23:10 - 翌00:40（90分）

## 3. リリース当日の手順 (T-0)

| 時刻 | 作業項目 | 担当 | 確認項目 |
| -- | -- | -- | -- |
| 23:00 | 作業開始 | 渡辺 | 点呼 |
| {decision} | Go/No-Go 判定 | 佐藤 | 記録 |

## 4. 切り戻し手順 (Rollback)

| 手順 | 作業 | 担当 | 所要 |
| -- | -- | -- | -- |
| 1 | 旧版へ戻す | 山本 | 40分 |
"""


@pytest.mark.parametrize(("decision", "found"), [("01:20", False), ("01:21", True),
                                                 ("23:50", False)])
def test_rollback_deadline_after_midnight(bundle: Bundle, decision: str, found: bool) -> None:
    findings = lint_text(bundle, RELEASE.format(decision=decision), DocKind.RELEASE,
                         select=("REL050",))
    assert bool(findings) is found


def test_planned_outage_excluded_by_design_nfr(bundle: Bundle) -> None:
    nfr = """\
# 基本設計書

## 5. 非機能要件

| 項目 | 目標値 | 備考 |
| -- | -- | -- |
| 稼働率 | 99.9%（30日間） | |
| サービス提供時間 | 24時間365日 | 計画停止を除く |
"""
    text = RELEASE.format(decision="23:50")
    strict = lint_text(bundle, text, DocKind.RELEASE, select=("REL052",),
                       context={DocKind.BASIC_DESIGN: nfr.replace("計画停止を除く", "-")})
    assert [f.rule_id for f in strict] == ["REL052"]
    excluded = lint_text(bundle, text, DocKind.RELEASE, select=("REL052",),
                         context={DocKind.BASIC_DESIGN: nfr})
    assert excluded == []


def test_messages_are_localised(bundle: Bundle) -> None:
    text = SLO_TABLE.format(slo="99.9%", window="30日間", budget="60分")
    ja = lint_text(bundle, text, DocKind.OPERATION, select=("SLO050",))
    en = lint_text(bundle, text, DocKind.OPERATION, select=("SLO050",), lang="en")
    assert "43.2分" in ja[0].message and "30日間" in ja[0].message
    assert "43.2 min" in en[0].message and "30 days" in en[0].message


def test_another_projects_documents_do_not_stand_in(bundle: Bundle, tmp_path: Path) -> None:
    """A second folder's "計画停止を除く" must not silence this folder's downtime finding."""
    from opslint.config import Config
    from opslint.lint import lint_paths

    mine, other = tmp_path / "a", tmp_path / "b"
    mine.mkdir()
    other.mkdir()
    (mine / "16_Release_Procedure.md").write_text(RELEASE.format(decision="23:50"), "utf-8")
    (mine / "17_Operation_Design.md").write_text(
        "# 運用設計書\n\n## 1. 運用方針\n\n### 1.2 SLO\n\n- 可用性: 99.9%（30日間）\n", "utf-8")
    (other / "03_Architecture.md").write_text(
        "# アーキテクチャ設計書\n\n## 9. 非機能要件\n\n| 項目 | 目標値 |\n| -- | -- |\n"
        "| サービス提供時間 | 24時間365日（計画停止を除く） |\n", "utf-8")
    result = lint_paths([mine, other], Config(select=["REL052"]), bundle)
    assert [(Path(f.path).name, f.rule_id) for f in result.findings] == [
        ("16_Release_Procedure.md", "REL052")]
