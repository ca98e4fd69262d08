"""The table reader: column keys per role, the document's own ID column, table roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.document.model import DocKind
from opslint.facts.extract import extract_facts
from opslint.facts.table_roles import id_token, read_tables
from opslint.lint import Bundle, document_from_text


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return Bundle.load()


def _roles(bundle: Bundle, text: str) -> list[tuple[int, str | None]]:
    doc = document_from_text(text, Path("17_Operation_Design.md"), bundle, None,
                             DocKind.OPERATION)
    return [(t.source.line, t.role) for t in read_tables(doc, bundle.vocab)]


# A team that writes the ID in front of the alert's name, under a header that says "名前".
NAMED_IDS = """# 運用設計書

## 監視

| 名前 | 発報条件 | 重要度 | 通知 | SLO |
|---|---|---|---|---|
| MON-DB-01 受注DB 接続数 | 90% 超が 5分 継続 | 重大 | Opsgenie | SLO-1 |
| MON-DB-02 受注DB 遅延 | 500ms 超が 10分 継続 | 注意 | Slack | SLO-2 |
| MON-Q-01 出荷キュー滞留 | 1,000 件超が 15分 継続 | 注意 | Slack | SLO-2 |

| 重要度 | 通知先 | エスカレーション条件 |
|---|---|---|
| 重大 | Opsgenie（電話） | 10分 応答なしで二次当番 |
| 注意 | Slack | なし |
"""


def test_id_in_front_of_a_name_is_the_documents_id_column(bundle: Bundle) -> None:
    doc = document_from_text(NAMED_IDS, Path("17_Operation_Design.md"), bundle, None,
                             DocKind.OPERATION)
    monitors = extract_facts(doc, bundle.vocab).operation.monitors
    assert [m.id for m in monitors] == ["MON-DB-01", "MON-DB-02", "MON-Q-01"]
    assert monitors[0].item == "受注DB 接続数" and monitors[0].sli == "SLO-1"
    assert monitors[2].threshold.startswith("1,000 件超")


def test_alert_routing_with_an_escalation_condition_is_not_a_monitor_list(bundle: Bundle) -> None:
    assert _roles(bundle, NAMED_IDS) == [(5, "monitor_list"), (11, "alert_routing")]


def test_bare_severity_codes_are_not_split(bundle: Bundle) -> None:
    text = ("# Operation design\n\n| Severity | Meaning | Acknowledge |\n|---|---|---|\n"
            "| S1 | Outage | 5 minutes |\n| S2 | Degraded | 15 minutes |\n")
    doc = document_from_text(text, Path("17_Operation_Design.md"), bundle, None,
                             DocKind.OPERATION)
    (table,) = read_tables(doc, bundle.vocab)
    assert table.view is table.source and table.role != "monitor_list"


@pytest.mark.parametrize(("text", "expected"), [
    ("ALT-01 Front Door", "ALT-01"),
    ("**PAY-API-001** checkout", "PAY-API-001"),
    ("`TW-ALR-12`: queue", "TW-ALR-12"),
    ("M01", "M01"),
    ("Front Door ALT-01", None),
    ("API 5xx", None),
    ("SLO-A", None),
])
def test_id_token(text: str, expected: str | None) -> None:
    assert id_token(text) == expected


def test_roles_of_common_tables(bundle: Bundle) -> None:
    text = """# Operation design

| Version | Date | Change | Author |
|---|---|---|---|
| 1.0 | 2026-01-01 | First | Ito |

| Scenario | RTO | RPO |
|---|---|---|
| Zone loss | 1 hour | 5 minutes |

| Audit log | Retention |
|---|---|
| API access | 1 year |

| Target | Method | Frequency | Retention |
|---|---|---|---|
| Orders DB | Snapshot | Daily | 35 days |
"""
    assert [r for _, r in _roles(bundle, text)] == [
        "revision_history", "recovery_objectives", "audit_log", "backup"]


LEGEND = """# 運用設計書

## SLI・SLO

| SLI | 定義 |
|---|---|
| 出荷成功率 | 出荷 API の成功リクエスト / 全リクエスト |

| ID | SLI | 目標 | 評価期間 |
|---|---|---|---|
| SLO-S | 出荷成功率 | 99.9% 以上 | 暦月（毎月 1 日 0時00分 から月末まで） |

## 監視

| 名前 | 発報条件 | 重要度 | 通知 | 関連SLO | 対応 |
|---|---|---|---|---|---|
| MON-API-01 出荷 API 5xx | 5xx 割合が 1% 超の状態が 5分 継続 | 重大 | Opsgenie | SLO-S | RB-01 |
| MON-API-02 出荷 API 遅延 | p95 が 800ms 超の状態が 10分 継続 | 注意 | Slack | SLO-S | RB-02 |
"""


def test_slo_ids_of_the_slo_table_lead_monitors_to_their_sli(bundle: Bundle) -> None:
    from opslint.config import Config
    from opslint.lint import lint_documents

    doc = document_from_text(LEGEND, Path("17_Operation_Design.md"), bundle, None,
                             DocKind.OPERATION)
    (slo,) = extract_facts(doc, bundle.vocab).operation.slos
    assert (slo.name, slo.sli, slo.percent) == ("SLO-S", "出荷成功率", 99.9)
    assert slo.window_kind == "month"  # "毎月 1 日" is a date, not a one-day window
    found = lint_documents([doc], [], Config(select=["MON060", "MON061"]), bundle).findings
    assert found == []


def test_a_documents_level_words_are_read_through_its_legend(bundle: Bundle) -> None:
    text = """# Operation design

## Alert levels

| Level | Means | Channel |
|---|---|---|
| `page` | Critical | PagerDuty |
| `nudge` | Warning | Slack |

- **SEV-LOG (Info):** kept for the weekly review.

## Alerts

| Alert | Condition | Level | SLO |
|---|---|---|---|
| OPS-A-01 checkout errors | 5xx > 1% for 5 minutes | page | SLO-1 |
| OPS-A-02 checkout latency | p95 > 800 ms for 10 minutes | nudge | SLO-1 |
| OPS-A-03 queue age | > 10 minutes for 30 minutes | SEV-LOG | SLO-1 |
"""
    doc = document_from_text(text, Path("17_Operation_Design.md"), bundle, None,
                             DocKind.OPERATION)
    facts = extract_facts(doc, bundle.vocab).operation
    assert dict(facts.level_legend) == {"page": "critical", "nudge": "warning",
                                        "sev-log": "info"}
    assert [m.level_name for m in facts.monitors] == ["critical", "warning", "info"]


# Tables of the incident, budget, DR, checklist, routine, postmortem and sign-off roles, in
# a house style of our own: each role is recognised by its columns (and, for a few, by the
# chapter it sits in), never by the exact header text.
ROLE_TABLES = """# 運用設計書

## 障害対応

### 障害等級

| 等級 | 判断基準 | 初動目標 |
|---|---|---|
| 等級1 | 全利用者が決済できない | 10分以内 |
| 等級2 | 一部店舗で遅延 | 30分以内 |

### 上位者への引き上げ

| 段階 | 引き上げ条件 | エスカレーション先 |
|---|---|---|
| 1 | 20分で原因不明 | 開発リーダー |
| 2 | 60分で復旧見込みなし | 事業部長 |

### 事後レビュー

| 等級 | ポストモーテム | 期限 |
|---|---|---|
| 等級1 | 必須 | 5営業日 |
| 等級2 | 任意 | 10営業日 |

## 予算の使い方

| 残量 | 措置 |
|---|---|
| 50% 未満 | 新機能の投入を週1回に絞る |
| 0% | 信頼性改善以外のリリースを止める |

## 災害対策

| 項目 | 主系 | 待機系 |
|---|---|---|
| 拠点 | 大阪 | 札幌 |

## 定常運用

| 作業 | 周期 | 担当 |
|---|---|---|
| 証明書期限の確認 | 週1回 | 当番 |
"""

ROLE_TABLES_EN = """# Release procedure

## Preparation (T-1)

| # | Check | Owner | Status |
|---|---|---|---|
| 1 | Replica lag under 5 s | DBA | done |

## Go/No-Go record

| Gate | Approver | Date |
|---|---|---|
| Go/No-Go | Release manager | 2026-05-01 |

## Failover

| Region | Failover | RTO |
|---|---|---|
| eu-west-1 | DNS switch to eu-central-1 | 1 h |
"""


def test_incident_budget_dr_and_routine_tables_have_their_roles(bundle: Bundle) -> None:
    assert [role for _, role in _roles(bundle, ROLE_TABLES)] == [
        "incident_severity", "escalation", "postmortem_criteria", "error_budget", "dr",
        "routine_work"]


def test_release_checklist_sign_off_and_failover_tables_have_their_roles(
        bundle: Bundle) -> None:
    doc = document_from_text(ROLE_TABLES_EN, Path("16_Release_Procedure.md"), bundle, None,
                             DocKind.RELEASE)
    roles = [t.role for t in read_tables(doc, bundle.vocab)]
    assert roles == ["t1_checks", "gate_signoff", "dr"]


def test_a_checklist_outside_the_preparation_chapter_is_not_a_t1_check(bundle: Bundle) -> None:
    text = ROLE_TABLES_EN.replace("## Preparation (T-1)", "## After the release")
    doc = document_from_text(text, Path("16_Release_Procedure.md"), bundle, None,
                             DocKind.RELEASE)
    assert read_tables(doc, bundle.vocab)[0].role != "t1_checks"


def test_earlier_roles_keep_their_tables(bundle: Bundle) -> None:
    # A severity table with a notification channel routes alerts: the older role wins.
    text = ("# Ops\n\n| Level | Channel | Criteria |\n|---|---|---|\n"
            "| Critical | phone | checkout down |\n")
    assert _roles(bundle, text) == [(3, "alert_routing")]


# A routine table has a task and a time column, as a timeline has: in the routine chapter it
# is routine work (its time is the effort or the moment of the job), elsewhere a timeline.
ROUTINE_WITH_TIME = """# 運用設計書

## 定常作業

| 作業 | 所要時間 | 担当 |
|---|---|---|
| 証明書期限の確認 | 10分 | 当番 |

## 障害対応

| 時刻 | 作業 |
|---|---|
| 発生+10分 | 一次切り分け |
"""

ROUTINE_WITH_TIME_EN = """# Operation design

## Recurring operations

| Task | When | Owner |
|---|---|---|
| Rotate the signing key | first Monday | SRE on rota |
"""


def test_a_routine_table_with_a_time_column_is_routine_work_in_its_chapter(
        bundle: Bundle) -> None:
    assert [role for _, role in _roles(bundle, ROUTINE_WITH_TIME)] == ["routine_work",
                                                                        "timeline"]
    assert [role for _, role in _roles(bundle, ROUTINE_WITH_TIME_EN)] == ["routine_work"]
