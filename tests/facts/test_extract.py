"""Facts extraction (opslint.facts.extract): release, operation and design facts, mentions."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.document.load import decode
from opslint.document.model import DocKind, Document
from opslint.document.parse import parse_document
from opslint.engine.context import CheckContext
from opslint.engine.vocab import Vocab, load_vocab
from opslint.facts.extract import extract_facts
from opslint.facts.model import DocumentFacts
from opslint.facts.semantic import SemanticModel
from opslint.resources import rules_dir


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return load_vocab(rules_dir())


def doc(text: str, kind: DocKind, name: str = "doc.md") -> Document:
    return parse_document(Path(name), decode(text.encode("utf-8")), kind)


def facts(vocab: Vocab, text: str, kind: DocKind) -> DocumentFacts:
    return extract_facts(doc(text, kind), vocab)


RELEASE = """\
# リリース手順書

**リリース対象バージョン**: v2.4.0
**リリース予定日時**: 2026/12/10 23:00 - 翌03:00
**作業責任者**: 渡辺

## 1. リリース概要

- 対象: `shopflow-api` v2.4.0（現行 v2.3.1）
- デプロイ方式: ブルーグリーン
- 停止時間: 23:30 - 翌00:20（50分、注文機能のみの部分停止）
- Go/No-Go 判定: 翌01:30。切り戻し判断の最終期限: 翌02:00

## 3. リリース当日の手順 (T-0)

| 時刻 | 作業項目 | 担当 | 確認項目 |
| -- | -- | -- | -- |
| 23:00 | 作業開始 | 渡辺 | 点呼 |
| 23:30 | メンテナンスモード ON | 山本 | 503 を返す |
| 23:40 | DB マイグレーション | 伊藤 | 成功 |
| 00:10 | グリーン環境へデプロイ | 山本 | healthy |
| 00:20 | メンテナンスモード OFF（解除） | 山本 | 200 を返す |
| 01:30 | Go/No-Go 判定 | 佐藤 | 記録 |

## 4. 切り戻し手順 (Rollback)

### 4.1 判断基準

- 5xx率 > 1% が 5分継続

### 4.2 手順

| 手順 | 作業 | 担当 | 所要 |
| -- | -- | -- | -- |
| 1 | トラフィックを戻す | 山本 | 5分 |
| 2 | DB の戻し | 伊藤 | A: 5分 / B: 30分 |

### 4.3 切り戻し後の確認（10分）

- 主要機能を確認する。
"""


def test_release_header_and_window(vocab: Vocab) -> None:
    release = facts(vocab, RELEASE, DocKind.RELEASE).release
    assert release.version is not None and release.version.version == "v2.4.0"
    assert release.previous_version is not None and release.previous_version.version == "v2.3.1"
    assert release.window is not None
    assert (release.window.start, release.window.end) == (23 * 60, 27 * 60)
    assert release.owner == "渡辺"


def test_timeline_rolls_over_midnight_and_names_phases(vocab: Vocab) -> None:
    steps = facts(vocab, RELEASE, DocKind.RELEASE).release.timeline
    assert [s.minute for s in steps] == [1380, 1410, 1420, 1450, 1460, 1530]
    assert [s.phase for s in steps] == [None, "maintenance_on", "migration", "deploy",
                                         "maintenance_off", "go_no_go"]
    assert steps[1].owner == "山本" and steps[1].check == "503 を返す"


def test_maintenance_milestones_and_rollback(vocab: Vocab) -> None:
    release = facts(vocab, RELEASE, DocKind.RELEASE).release
    assert release.maintenance is not None
    assert (release.maintenance.minutes, release.maintenance.source) == (50, "stated")
    assert release.maintenance.partial
    assert release.go_no_go is not None and release.go_no_go.minute == 1530
    assert release.rollback_deadline is not None and release.rollback_deadline.minute == 1560
    # The second step offers alternatives: the worst case counts.
    assert release.rollback.minutes == 35
    assert release.rollback.post_check is not None and release.rollback.post_check.minutes == 10
    assert [c.thresholds[0].value for c in release.rollback_criteria if c.thresholds] == [1.0]
    assert [m.name for m in release.deploy_strategies] == ["blue_green"]


def test_timeline_maintenance_when_not_stated(vocab: Vocab) -> None:
    text = RELEASE.replace("- 停止時間: 23:30 - 翌00:20（50分、注文機能のみの部分停止）\n", "")
    maintenance = facts(vocab, text, DocKind.RELEASE).release.maintenance
    assert maintenance is not None
    assert (maintenance.minutes, maintenance.source, maintenance.line) == (50, "timeline", 18)


def test_relative_timeline_and_downtime_limit(vocab: Vocab) -> None:
    text = """\
# リリース手順書

**リリース予定日時**: 2026/02/19 21:00 - 22:00 JST

## 1. リリース概要

- 停止方針: 原則無停止。例外時の計画停止は15分以内。

## 3. リリース当日の手順 (T-0)

| No | 時刻(目安) | 作業項目 | 担当 | 完了条件 |
| -- | -- | -- | -- | -- |
| 1 | T-60m | 変更凍結 | 責任者 | 宣言済み |
| 2 | T+30m | 完了報告 | 責任者 | 送信済み |
"""
    release = facts(vocab, text, DocKind.RELEASE).release
    assert [(s.minute, s.offset) for s in release.timeline] == [(None, -60), (None, 30)]
    assert release.no_downtime
    assert release.downtime_limit is not None and release.downtime_limit.minutes == 15
    assert release.maintenance is None


def test_timeline_from_a_list(vocab: Vocab) -> None:
    text = """\
# Release Procedure

**Release window**: 2026-03-05 22:00 - 01:00 UTC

## 3. Release-day steps (T-0)

1. 22:00 Enable maintenance mode
2. 23:30 Deploy the new version
3. 00:15 Disable maintenance mode
"""
    release = facts(vocab, text, DocKind.RELEASE).release
    assert [(s.minute, s.phase) for s in release.timeline] == [
        (1320, "maintenance_on"), (1410, "deploy"), (1455, "maintenance_off")]
    assert release.maintenance is not None and release.maintenance.minutes == 135


OPERATION = """\
# 運用設計書

## 1. 運用方針 (SRE Principles)

### 1.2 SLO

| SLI | 目標 | 評価期間 |
| -- | -- | -- |
| 可用性 | 99.9% | 30日間ローリング |
| レイテンシ | p95 < 400ms、p99 < 900ms | 30日間ローリング |
| エラー率 | 0.1% 以下 | 30日間ローリング |

- エラーバジェット: (100% − 99.9%) × 30日 = 43.2分
- 消費率が 50% を超えたら信頼性タスクを優先する。
- 計画メンテナンス中のメンテナンスページ応答は SLI から除外する。

## 2. 監視設計 (Observability)

### 2.2 監視項目一覧

| 監視ID | 対象 | 項目 | 閾値 | 通知レベル | アクション |
| -- | -- | -- | -- | -- | -- |
| M-001 | ALB | 可用性のバーンレート（1時間 / 5分） | 14.4倍（5xx率 1.44% 超） | Critical | 呼出し |
| M-004 | ALB | p95 レイテンシ | > 400ms が 10分継続 | Warning | 調査 |

## 5. バックアップ・DR

- 信頼性目標: RTO 1時間、RPO 5分。DR 方式はウォームスタンバイ。
- RPO は Global Database のラグ（通常 1秒未満）で守る。

| 対象 | 方式 | 頻度 | 保持期間 |
| -- | -- | -- | -- |
| Aurora PostgreSQL | PITR | 常時 | 35日 |
| Aurora PostgreSQL | 日次スナップショット | 日次 | 35日 |
| アプリケーションログ | 圧縮アーカイブ | 週次 | 90日 |
| コンテナイメージ | ECR のクロスリージョンレプリケーション | push ごと | 50世代 |

### 5.3 リストア手順

1. 検知と判断（所要 10分）
2. スナップショットから復元（所要 30分）
3. 検証（保持 35日のログで照合する）
"""


def test_slos_windows_and_budget(vocab: Vocab) -> None:
    ops = facts(vocab, OPERATION, DocKind.OPERATION).operation
    kinds = [(s.kind, s.percent, s.latency.percentile if s.latency else None) for s in ops.slos]
    assert kinds == [("availability", 99.9, None), ("latency", None, 95.0),
                     ("latency", None, 99.0), ("error_rate", 0.1, None)]
    assert ops.slos[0].window_minutes == 43200 and ops.slos[0].window_kind == "days"
    assert ops.slos[3].comparator == "<="
    [budget] = ops.error_budgets
    # "(100% − 99.9%)" names 100 %, which is not an SLO.
    assert (budget.minutes, budget.slo_percent, budget.window_minutes) == (43.2, 99.9, 43200)


def test_monitors_and_burn_rate(vocab: Vocab) -> None:
    ops = facts(vocab, OPERATION, DocKind.OPERATION).operation
    first, second = ops.monitors
    assert first.id == "M-001" and first.level == "Critical"
    assert first.burn_rate is not None
    assert (first.burn_rate.factor, first.burn_rate.long_window, first.burn_rate.short_window,
            first.burn_rate.error_ratio) == (14.4, 60, 5, 1.44)
    assert second.burn_rate is None
    assert [(lat.percentile, lat.ms) for lat in second.latencies] == [(95.0, 400.0)]


def test_backups_objectives_and_steps(vocab: Vocab) -> None:
    facts_ = facts(vocab, OPERATION, DocKind.OPERATION)
    ops = facts_.operation
    by_target = [(b.target, b.mode, b.interval, b.is_data, b.replica_only) for b in ops.backups]
    assert by_target == [
        ("Aurora PostgreSQL", "pitr", 5.0, True, False),
        ("Aurora PostgreSQL", "periodic", 1440.0, True, False),
        ("アプリケーションログ", "periodic", 10080.0, False, False),
        ("コンテナイメージ", "replication", 0.0, False, True),
    ]
    # "RPO は … ラグ（通常 1秒未満）" is prose about the RPO, not its value.
    assert sorted((o.kind, o.minutes) for o in ops.objectives) == [("RPO", 5.0), ("RTO", 60.0)]
    assert [s.minutes for s in ops.restore_steps] == [10.0, 30.0, None]
    assert [m.name for m in ops.dr_strategies] == ["warm_standby"]
    assert facts_.slo_exclusion is not None and facts_.slo_exclusion.line == 15


def test_english_operation_facts(vocab: Vocab) -> None:
    text = """\
# Operation Design

## 1. SRE Principles

### 1.2 SLOs

| SLI | Objective | Window |
| -- | -- | -- |
| Availability | 99.5% | 30-day rolling |

## 5. Backup and disaster recovery

- Recovery point objective (RPO): 15 minutes
- RTO <= 4h

| Target | Method | Frequency | Retention |
| -- | -- | -- | -- |
| PostgreSQL | pg_dump to object storage | Every 6 hours | 14 days |
"""
    ops = facts(vocab, text, DocKind.OPERATION).operation
    assert [(s.kind, s.percent, s.window_minutes) for s in ops.slos] == [
        ("availability", 99.5, 43200)]
    assert sorted((o.kind, o.minutes) for o in ops.objectives) == [("RPO", 15), ("RTO", 240)]
    assert [(b.interval, b.retention, b.is_data) for b in ops.backups] == [
        (360.0, 20160.0, True)]


DESIGN = """\
# アーキテクチャ設計書

## 3. コンポーネント一覧

| コンポーネント | 役割 | 技術 |
| -- | -- | -- |
| RDB | 注文の正本 | Amazon Aurora PostgreSQL 15 |
| ロードバランサー | ルーティング | Application Load Balancer |

## 9. 非機能要件

| 項目 | 目標値 | 備考 |
| -- | -- | -- |
| 稼働率 | 99.9% | 直近30日間の成功リクエスト率 |
| RTO（目標復旧時間） | 1時間 | |
| レイテンシ | p95 400ms 未満 | ALB |
| 計画停止 | 月1回以内、01:00 - 05:00 | |

## 10. 監査ログ

| 対象 | 取得元 | 保持期間 |
| -- | -- | -- |
| AWS API 操作 | CloudTrail | 1年（直近90日はホット） |

- Render は不採用とし、運用 Runbook は RB-RDS-01 のように番号を振る。
"""


def test_design_facts(vocab: Vocab) -> None:
    design = facts(vocab, DESIGN, DocKind.ARCHITECTURE).design
    rdb, lb = design.components
    assert rdb.datastore and "Aurora PostgreSQL" in rdb.technologies
    assert not lb.datastore
    nfr = {n.key: n for n in design.nfr}
    assert nfr["availability"].percent == 99.9 and nfr["availability"].window_minutes == 43200
    assert nfr["rto"].minutes == 60
    assert nfr["latency"].latency is not None and nfr["latency"].latency.ms == 400
    assert nfr["planned_outage"].minutes == 240
    [log] = design.audit_logs
    assert (log.target, log.retention, log.hot) == ("AWS API 操作", 525600, 129600)
    assert design.roles == ()  # a component table's 役割 column is not about people


def test_mentions_longest_alias_implied_and_boundaries(vocab: Vocab) -> None:
    found = facts(vocab, DESIGN, DocKind.ARCHITECTURE)
    names = {(m.category, m.name) for m in found.mentions}
    assert ("datastore", "Aurora PostgreSQL") in names
    assert ("datastore", "PostgreSQL") in names  # implied
    assert ("datastore", "Amazon RDS") not in names  # "RB-RDS-01" is an identifier
    assert not any(m.name == "Render" for m in found.mentions)
    assert found.names("datastore")[0] == "Aurora PostgreSQL"


def test_kind_specific_groups_stay_empty(vocab: Vocab) -> None:
    design = facts(vocab, DESIGN, DocKind.ARCHITECTURE)
    assert design.release.timeline == () and design.operation.slos == ()
    release = facts(vocab, RELEASE, DocKind.RELEASE)
    assert release.operation.monitors == ()


def test_facts_of_is_memoised_per_run(vocab: Vocab) -> None:
    target = doc(OPERATION, DocKind.OPERATION)
    ctx = CheckContext(target, SemanticModel.of([target], vocab))
    first = ctx.facts()
    assert ctx.facts(target) is first


def test_negated_channel_is_not_notified(bundle) -> None:  # type: ignore[no-untyped-def]
    """A level's channel named only to say it is not used does not count (Warning → Slack)."""
    from pathlib import Path

    from opslint.engine.context import CheckContext
    from opslint.facts.semantic import SemanticModel
    from opslint.lint import document_from_text

    text = (
        "# 運用設計書\n\n## 2. 監視設計 (Observability)\n\n### 2.3 アラート設計\n\n"
        "| レベル | 通知先 |\n| -- | -- |\n"
        "| Critical | PagerDuty（電話で呼出し）、Slack |\n"
        "| Warning | Slack `#alerts`（PagerDuty には記録のみ、呼出しはしない） |\n"
    )
    doc = document_from_text(text, Path("17_Operation_Design.md"), bundle)
    ctx = CheckContext(doc, SemanticModel.of([doc], bundle.vocab, dict(bundle.outlines)))
    levels = {a.name: a.channels for a in ctx.facts(doc).operation.alert_levels}
    assert "PagerDuty" in levels["critical"]
    assert levels["warning"] == ("Slack",)
