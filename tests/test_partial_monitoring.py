"""The monitoring / alerting design as a partial kind: a document that holds the operation
design's observability chapter under its own name is checked by the MON rules of that
chapter and by nothing else (rules/partial_kinds.yaml, docs/partial_kinds.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.config import Config
from opslint.document.model import DocKind
from opslint.engine.partial import describe_kind, partial_rules
from opslint.lint import Bundle, document_from_text, lint_paths
from tests.partial_docs import alone, parsed

PASS = ["monitoring_ja_pass.md", "monitoring_en_pass.md"]
FAIL = ["monitoring_ja_fail.md", "monitoring_en_fail.md"]
# What each failing fixture must be told: the rules of the observability chapter.
EXPECTED = {"MON006", "MON008", "MON011", "MON012", "MON014", "MON016"}
WHOLE_OUTLINE = {"OPS001", "OPS002", "OPS003", "OPS026"}




@pytest.mark.parametrize("name", PASS + FAIL)
def test_recognised(bundle: Bundle, name: str) -> None:
    doc = parsed(bundle, name)
    assert (doc.kind, doc.partial, set(doc.holds)) == (
        DocKind.OPERATION, "monitoring", {"observability"})


@pytest.mark.parametrize("name", PASS)
def test_pass(bundle: Bundle, tmp_path: Path, name: str) -> None:
    result = lint_paths([alone(tmp_path, name)], Config(), bundle)
    assert [f"{f.rule_id}:{f.line}" for f in result.findings] == []


@pytest.mark.parametrize("name", FAIL)
def test_fail(bundle: Bundle, tmp_path: Path, name: str) -> None:
    result = lint_paths([alone(tmp_path, name)], Config(), bundle)
    found = {f.rule_id for f in result.findings}
    assert found >= EXPECTED
    # Only the observability chapter's rules (and the ones that read any text) run.
    assert not found & WHOLE_OUTLINE
    assert {r[:3] for r in found} <= {"MON", "GAT"}, found


def test_exporter_readme_stays_unknown(bundle: Bundle) -> None:
    """A Prometheus exporter's README speaks of metrics, alert rules and dashboards, but
    documents software, not a service's monitoring."""
    doc = parsed(bundle, "monitoring_exporter_readme.md")
    assert doc.kind is DocKind.UNKNOWN and not doc.holds


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # A title alone is not enough.
        ("notes.md", "# 監視設計\n\n後日作成。\n"),
        ("notes.md", "# Alerting policy\n\nSee the wiki.\n"),
        # Security monitoring (SIEM, audit trails) is the security design's business.
        ("notes.md", "# Security monitoring design\n\nAlerts, thresholds and dashboards of the "
                     "SIEM; metrics of failed logins.\n"),
        ("notes.md", "# セキュリティ監視設計\n\n不正ログインのアラート、閾値、ダッシュボード。\n"),
        # A product's alerting feature is not a service's alerting design.
        ("grafana.md", "# Grafana Alerting\n\nAlert rules, thresholds, contact points such as "
                       "PagerDuty or Slack, and dashboards.\n"),
        # An exporter's README titled by what it exports, whatever its file name.
        ("alerting.md", "# disk_exporter\n\nExposes disk metrics for Prometheus; example "
                        "alert rules and a Grafana dashboard.\n"),
    ],
)
def test_stays_unknown(bundle: Bundle, name: str, text: str) -> None:
    doc = document_from_text(text, Path(name), bundle)
    assert doc.kind is DocKind.UNKNOWN and not doc.holds


def test_earlier_kinds_keep_their_documents(bundle: Bundle) -> None:
    """An SLO document or an on-call guide that also speaks of alerts keeps its kind."""
    slo = document_from_text(
        "# SLO\n\nAvailability 99.9 % over 30 days; latency p95 < 300 ms. Error budget burn "
        "alerts page the on-call; thresholds on the dashboard.\n", Path("slo.md"), bundle)
    assert slo.partial == "slo"
    oncall = document_from_text(
        "# オンコール手順\n\n重大度 SEV1 はアラートで当番を呼び出し、15分でエスカレーションする。"
        "連絡先は別表。ダッシュボードで閾値を確認する。\n", Path("oncall.md"), bundle)
    assert oncall.partial == "oncall"


def test_label_and_exceptions(bundle: Bundle) -> None:
    doc = parsed(bundle, "monitoring_en_pass.md")
    assert describe_kind(doc) == "operation (partial: monitoring and alerting)"
    assert describe_kind(doc, "ja") == "operation (一部: 監視・アラート設計)"
    kind = partial_rules().named("monitoring")
    # MON002 (tools) runs unless the document cites the detail designs that name them.
    assert kind is not None and kind.skip == {"MON015"}
    assert kind.delegable == {"observability": {"MON002"}}


def test_bare_alerting_title(bundle: Bundle) -> None:
    """"Alerting" alone as the title or the file name names the document's subject."""
    text = "# Alerting\n\nCritical alerts page the on-call via PagerDuty; thresholds per metric.\n"
    assert document_from_text(text, Path("notes.md"), bundle).partial == "monitoring"
    body = "Critical alerts page the on-call via PagerDuty; thresholds per metric.\n"
    assert document_from_text(body, Path("alerts.md"), bundle).partial == "monitoring"


_NO_TOOLS = (
    "# Monitoring design: Heron Payments\n\n"
    "## Signals\n\n"
    "- Metrics: request rate, error ratio and p95 latency of every endpoint{metrics}.\n"
    "- Logs: structured application logs, kept 30 days{logs}.\n"
    "- Traces: one trace per request, sampled at 10 %.\n\n"
    "## Alerts\n\n"
    "| ID | Target | Item | Threshold | Level | Action |\n"
    "|----|--------|------|-----------|-------|--------|\n"
    "| A-01 | API | error ratio | above 2 % for 5 minutes | Critical | page the on-call |\n"
)


def test_tools_asked_unless_a_detail_design_is_cited(bundle: Bundle, tmp_path: Path) -> None:
    """MON002 asks a monitoring design that names no tool; one that cites the detail
    designs holding them (by link or by file name) is not asked (C020's phenomenon)."""
    bare = tmp_path / "bare" / "monitoring-design.md"
    cited = tmp_path / "cited" / "monitoring-design.md"
    for path, metrics, logs in (
            (bare, "", ""),
            (cited, " (details: [metrics design](../detail/metrics-design.md))",
             " (details: `logging-design.md`)")):
        path.parent.mkdir()
        path.write_text(_NO_TOOLS.format(metrics=metrics, logs=logs), encoding="utf-8")
        assert document_from_text(path.read_text(encoding="utf-8"), path, bundle).partial == (
            "monitoring")
    assert "MON002" in {f.rule_id for f in lint_paths([bare], Config(), bundle).findings}
    assert "MON002" not in {f.rule_id for f in lint_paths([cited], Config(), bundle).findings}
