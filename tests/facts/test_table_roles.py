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
