"""Reading recovery facts from prose: RTO/RPO sentences, audit-log retention, people."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.document.load import decode
from opslint.document.model import DocKind, Document
from opslint.document.parse import parse_document
from opslint.engine.vocab import Vocab, load_vocab
from opslint.facts.extract import extract_facts
from opslint.facts.model import DocumentFacts
from opslint.facts.prose import sentences
from opslint.resources import rules_dir


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return load_vocab(rules_dir())


def _doc(text: str, kind: DocKind) -> Document:
    return parse_document(Path("doc.md"), decode(text.encode("utf-8")), kind)


def _facts(vocab: Vocab, text: str, kind: DocKind = DocKind.OPERATION) -> DocumentFacts:
    return extract_facts(_doc(text, kind), vocab)


def _objectives(vocab: Vocab, body: str, heading: str = "## Backup and DR"
                ) -> list[tuple[str, float, str]]:
    text = f"# Operation design\n\n{heading}\n\n{body}"
    return [(o.kind, o.minutes, o.scope)
            for o in _facts(vocab, text).operation.objectives]


# --------------------------------------------------------------------------- sentences


def test_sentences_join_wrapped_lines_and_keep_each_line() -> None:
    text = "Recovery takes a while. We promise an RTO of 3\nhours, tested 2.5 times a year."
    first, second = sentences(text, 10)
    assert first.text == "Recovery takes a while." and first.line == 10
    assert second.text.startswith("We promise") and second.line == 10
    assert "3 hours" in second.text  # the line break reads as a space
    assert second.line_at(second.text.index("hours")) == 11


def test_sentences_split_japanese_full_stops() -> None:
    found = [s.text for s in sentences("復旧は2段階で行う。切替は手動とする。", 1)]
    assert found == ["復旧は2段階で行う。", "切替は手動とする。"]


# --------------------------------------------------------------------------- RTO and RPO


@pytest.mark.parametrize(("body", "expected"), [
    pytest.param("We restore service within an agreed RTO of 3 hours, and the RPO is "
                 "20 minutes.\n", [("RTO", 180, ""), ("RPO", 20, "")], id="en-two-clauses"),
    pytest.param("Our recovery time objective is 90 minutes.\n", [("RTO", 90, "")],
                 id="en-spelled-out"),
    pytest.param("For the ordering service we commit to an RPO of 10\nminutes.\n",
                 [("RPO", 10, "")], id="en-wrapped-value"),
    pytest.param("RTO は 3時間、RPO は 30分 とする。\n", [("RTO", 180, ""), ("RPO", 30, "")],
                 id="ja-two-clauses"),
    pytest.param("目標復旧時間（RTO）を 6時間 と定め、目標復旧時点（RPO）は 10分 とする。\n",
                 [("RTO", 360, ""), ("RPO", 10, "")], id="ja-term-with-acronym"),
    pytest.param("ＲＴＯは２時間、ＲＰＯは５分とする。\n", [("RTO", 120, ""), ("RPO", 5, "")],
                 id="ja-full-width"),
    pytest.param("ＲＴＯは１．５時間とする．ＲＰＯは１０分とする．\n",
                 [("RTO", 90, ""), ("RPO", 10, "")], id="ja-full-width-decimal"),
    pytest.param("- RTO/RPO: 2時間/10分\n", [("RTO", 120, ""), ("RPO", 10, "")],
                 id="pairs-in-order"),
    pytest.param("- RPO/RTO 24h\n", [("RTO", 1440, ""), ("RPO", 1440, "")], id="shared-value"),
])
def test_objectives_in_sentences(vocab: Vocab, body: str, expected: list[tuple[str, float, str]]
                                 ) -> None:
    assert sorted(_objectives(vocab, body)) == sorted(expected)


@pytest.mark.parametrize("body", [
    pytest.param("The RTO is reviewed every 90 days with the product owner.\n", id="en-review"),
    pytest.param("RPO は Global Database のラグ（通常 1秒未満）で守る。\n", id="ja-prose-about"),
    pytest.param("Recovery is checked within 15 minutes (RTO drill).\n", id="en-value-before"),
])
def test_prose_about_an_objective_is_not_its_value(vocab: Vocab, body: str) -> None:
    assert _objectives(vocab, body) == []


def test_a_leading_scenario_scopes_the_objectives(vocab: Vocab) -> None:
    body = ("The RTO is 1 hour and the RPO is 5 minutes.\n\n"
            "If the primary region is lost, the RTO is 6 hours and the RPO is 2 hours.\n\n"
            "Orders placed since the last copy are rebuilt, which is why the regional RPO is "
            "2 hours.\n")
    found = _objectives(vocab, body)
    assert ("RTO", 60, "") in found and ("RPO", 5, "") in found
    scoped = [(k, m) for k, m, s in found if s]
    assert sorted(scoped) == [("RPO", 120), ("RPO", 120), ("RTO", 360)]
    assert all("region" in s for _, _, s in found if s)


def test_a_japanese_scenario_scopes_the_objectives(vocab: Vocab) -> None:
    body = ("RTO は 1時間、RPO は 5分 とする。\n\n"
            "東京リージョンが使えない場合は、RTO を 12時間、RPO を 1時間 とする。\n")
    found = _objectives(vocab, body, "## バックアップ・DR")
    assert ("RTO", 720, "東京リージョンが使えない場合") in found
    assert ("RPO", 60, "東京リージョンが使えない場合") in found
    assert ("RTO", 60, "") in found


def test_scenario_table_rows_keep_their_scope(vocab: Vocab) -> None:
    body = """\
| Scenario | RTO | RPO |
| -- | -- | -- |
| Single node lost | 10 minutes | 0 minutes |
| Whole site lost | 8 hours | 1 hour |
"""
    assert sorted(_objectives(vocab, body)) == sorted([
        ("RTO", 10, "Single node lost"), ("RPO", 0, "Single node lost"),
        ("RTO", 480, "Whole site lost"), ("RPO", 60, "Whole site lost")])


def test_japanese_term_alone_counts_only_in_the_dr_chapter(vocab: Vocab) -> None:
    body = "目標復旧時間は 30分 とする。\n"
    assert _objectives(vocab, body, "## バックアップ・DR") == [("RTO", 30, "")]
    assert _objectives(vocab, body, "## インシデント対応") == []


def test_objective_line_is_the_line_naming_it(vocab: Vocab) -> None:
    text = ("# Operation design\n\n## Backup and DR\n\n"
            "After a failed zone we are back quickly: the RTO is\n30 minutes and the RPO is "
            "1 minute.\n")
    lines = {o.kind: o.line for o in _facts(vocab, text).operation.objectives}
    assert lines == {"RTO": 5, "RPO": 6}


def test_pitr_of_a_store_readable_at_any_timestamp_has_no_lag(vocab: Vocab) -> None:
    text = """\
# Operation design

## Backup and DR

| Target | Method | Frequency | Retention |
| -- | -- | -- | -- |
| Spanner database | Point-in-time recovery | Continuous | 7 days |
| Aurora PostgreSQL | PITR | Continuous | 35 days |
"""
    spanner, aurora = _facts(vocab, text).operation.backups
    assert (spanner.mode, spanner.interval) == ("pitr", 0.0)
    assert (aurora.mode, aurora.interval) == ("pitr", 5.0)


# --------------------------------------------------------------------------- audit logs


def _audit(vocab: Vocab, body: str, kind: DocKind = DocKind.OPERATION
           ) -> list[tuple[str, float | None, float | None]]:
    text = f"# Design\n\n{body}"
    found = _facts(vocab, text, kind)
    logs = found.operation.audit_logs or found.design.audit_logs
    day = 1440.0
    return [(a.target, a.retention / day if a.retention else None, a.hot / day if a.hot else None)
            for a in logs]


def test_every_row_of_an_audit_log_table_is_a_log(vocab: Vocab) -> None:
    body = """\
## Logging

| Audit source | Where it goes | Kept for |
| -- | -- | -- |
| Okta system log | SIEM | 2 years |
| Snowflake access history | SIEM | 3 years |
"""
    assert _audit(vocab, body) == [("Okta system log", 730, None),
                                   ("Snowflake access history", 1095, None)]


def test_a_searchable_column_is_the_hot_period(vocab: Vocab) -> None:
    body = """\
## Logs

| Audit log | Searchable | Retention |
| -- | -- | -- |
| Jenkins build history | 30 days | 1 year |
"""
    assert _audit(vocab, body) == [("Jenkins build history", 365, 30)]


def test_japanese_audit_table_without_a_log_word_in_its_rows(vocab: Vocab) -> None:
    body = """\
## ログ管理

| 監査対象 | 保存期間 |
| -- | -- |
| Salesforce イベントモニタリング | 3年 |
| Box 管理コンソールの操作履歴 | 5年 |
"""
    assert _audit(vocab, body, DocKind.SECURITY) == [
        ("Salesforce イベントモニタリング", 1095, None),
        ("Box 管理コンソールの操作履歴", 1825, None)]


def test_a_list_led_in_by_an_audit_log_line(vocab: Vocab) -> None:
    body = """\
## Logging

Audit trails are retained as follows:

- Okta system log: 2 years
- Snowflake access history is kept for 3 years
- Review cadence: every 30 days
"""
    assert _audit(vocab, body) == [("Okta system log", 730, None),
                                   ("Snowflake access history", 1095, None)]


def test_a_japanese_list_led_in_by_an_audit_log_line(vocab: Vocab) -> None:
    body = """\
## ログ

監査ログの保存期間は次のとおりとする。

- Salesforce イベントモニタリング：3年
- Box 管理コンソールの操作履歴は 5年 保管する
"""
    assert _audit(vocab, body) == [("Salesforce イベントモニタリング", 1095, None),
                                   ("Box 管理コンソールの操作履歴", 1825, None)]


def test_items_nested_under_an_audit_log_item(vocab: Vocab) -> None:
    body = """\
## Observability

- Metrics: 13 months in the time-series store
- Audit logs, kept in the locked archive:
  - Okta system log: 2 years
  - GitHub organisation audit stream: 1 year
"""
    got = _audit(vocab, body)
    assert ("Okta system log", 730, None) in got
    assert ("GitHub organisation audit stream", 365, None) in got
    assert not any(t.startswith("Metrics") for t, _, _ in got)


def test_a_list_after_other_prose_is_not_about_audit_logs(vocab: Vocab) -> None:
    body = """\
## Dashboards

Panels refresh as follows:

- Capacity panel: 30 days
"""
    assert _audit(vocab, body) == []


def test_searchable_only_states_no_total_retention(vocab: Vocab) -> None:
    body = """\
## Logs

Audit logs stay searchable for 60 days and are kept for the full retention period in the
archive.
"""
    assert _audit(vocab, body) == [("", None, 60)]


# --------------------------------------------------------------------------- people


def _people(vocab: Vocab, text: str, kind: DocKind = DocKind.RELEASE
            ) -> list[tuple[str, str]]:
    return [(r.role, r.members) for r in _facts(vocab, text, kind).design.roles]


def test_role_labels_name_people_in_lists(vocab: Vocab) -> None:
    text = """\
# Release procedure

## Overview

- Release owner: Marta Kowalczyk. Chairs the call and decides on rollback.
- Approvers: Joaquín Herrera (VP Engineering) and Ade Balogun (Head of Support)
- Feature flag: Checkout Redesign stays off.
"""
    assert _people(vocab, text) == [
        ("Release owner", "Marta Kowalczyk"),
        ("Approvers; VP Engineering", "Joaquín Herrera"),
        ("Approvers; Head of Support", "Ade Balogun")]


def test_any_label_names_a_person_in_a_contacts_section(vocab: Vocab) -> None:
    text = """\
# Release procedure

## Contacts

- Database: Noor Haddad, Database Reliability Engineer. Slack @noor
- Payments vendor: support case in the Vendor Portal, priority Urgent.
- Chat: Slack channel #release-bridge
"""
    assert _people(vocab, text) == [("Database", "Noor Haddad")]


def test_name_with_a_role_in_brackets_in_prose(vocab: Vocab) -> None:
    text = """\
# Operation design

## Incidents

A Sev-1 is reported to Oskar Lindgren (CTO) within 30 minutes; Bright Horizon (the
partner bank) is told by the account team, and Product Marketing (lead: Ana Ruiz) drafts the
customer notice.
"""
    assert _people(vocab, text, DocKind.OPERATION) == [
        ("CTO", "Oskar Lindgren"), ("lead", "Ana Ruiz")]


def test_capitalised_words_without_a_role_are_not_people(vocab: Vocab) -> None:
    text = """\
# Operation design

## Dashboards

- Latency: Grafana Cloud shows it per route.
- Order Service: Blue Green rollout.
"""
    assert _people(vocab, text, DocKind.OPERATION) == []


def test_japanese_role_labels_and_brackets(vocab: Vocab) -> None:
    text = """\
# リリース手順書

作業責任者：高橋 美咲（インフラ課長）
承認者：未定

## 体制

- DB 担当：森
- 切り戻しの判断は作業責任者（高橋）が行い、不在時は運用責任者（石井）が代わる。
- 判断（SRE）は手順書に従う。
"""
    found = _people(vocab, text)
    assert ("作業責任者; インフラ課長", "高橋 美咲") in found
    assert ("DB 担当", "森") in found  # any label in a section about people
    assert ("運用責任者", "石井") in found
    names = [n for _, n in found]
    assert "未定" not in names and "判断" not in names


def test_people_of_role_tables_are_not_repeated(vocab: Vocab) -> None:
    text = """\
# Release procedure

**Owner:** Marta Kowalczyk (Release Manager)

## Contacts

| Role | Name | Channel |
| -- | -- | -- |
| Release owner | Marta Kowalczyk | Slack |
"""
    assert _people(vocab, text) == [("Release owner", "Marta Kowalczyk")]
