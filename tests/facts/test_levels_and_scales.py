"""Alert-level legends, alert routing and incident severity scales as the model reads them
(opslint.facts.monitoring, opslint.facts.severity_scales)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.document.load import decode
from opslint.document.model import DocKind, Document
from opslint.document.parse import parse_document
from opslint.engine.vocab import Vocab, load_vocab
from opslint.facts.extract import extract_facts
from opslint.facts.monitoring import level_legend, route_pages
from opslint.facts.severity_scales import scale_of, severity_scales
from opslint.resources import rules_dir


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return load_vocab(rules_dir())


def _doc(text: str) -> Document:
    return parse_document(Path("17_Operation_Design.md"), decode(text.encode("utf-8")),
                          DocKind.OPERATION)


LEGEND_SENTENCE = """\
# 運用設計書

## 3. 監視設計
通知は 3 段階とする。至急 = Critical、要対応（Warning 相当）、参考（Info）。

## 4. 障害対応
| レベル | 定義 |
| -- | -- |
| Sev-1（Critical） | 全停止 |
"""


def test_legend_words_stop_at_sentence_ends_and_skip_incident_severities() -> None:
    legend = dict(level_legend(_doc(LEGEND_SENTENCE)))
    assert legend == {"至急": "critical", "要対応": "warning", "参考": "info"}


MONITOR_ROWS = """\
# Operation Design

## 3. Monitoring
| ID | Item | Level | Route |
| -- | -- | -- | -- |
| Q-01 | 5xx | Critical | PagerDuty |
| Q-02 | CPU | Critical | Slack |
| Q-03 | Disk | Warning | Slack |
"""

LEGEND_TABLE = """\
# Operation Design

## 3. Monitoring
| Our word | Level | Route |
| -- | -- | -- |
| `wake` | Critical (act now) | Opsgenie |
| `queue` | Warning | Jira |
"""


def test_legend_rows_come_from_legend_tables_only() -> None:
    assert level_legend(_doc(MONITOR_ROWS)) == ()
    assert dict(level_legend(_doc(LEGEND_TABLE))) == {"wake": "critical", "queue": "warning"}


ROUTING_UNDER_OBSERVABILITY = """\
# Operation Design

## 3. Observability

### 3.2 Severities and routing
- **URGENT (Critical):** Opsgenie calls the on-call engineer.
- **LATER (Warning):** a Jira ticket and a post in Slack.
"""


def test_alert_routing_is_read_anywhere_in_the_monitoring_chapter(vocab: Vocab) -> None:
    levels = extract_facts(_doc(ROUTING_UNDER_OBSERVABILITY), vocab).operation.alert_levels
    assert [(a.name, a.channels) for a in levels] == [
        ("critical", ("Opsgenie",)), ("warning", ("Slack",))]


@pytest.mark.parametrize(("route", "pages"), [
    ("PagerDuty + #ops", True),
    ("Opsgenie＋Teams", True),
    ("当番へ電話", True),
    ("Teams「ops-alert」のみ", False),
    ("#ops-alerts", False),
    ("Slack（夜間は呼び出さない）", False),
    ("E-mail to the team", False),
])
def test_route_pages(vocab: Vocab, route: str, pages: bool) -> None:
    assert route_pages(route, vocab) is pages


@pytest.mark.parametrize(("label", "scale"), [
    ("Sev-1 (Critical)", "sev"), ("SEV2", "sev"), ("P1", "p"), ("S3", "s"),
    ("障害レベル2", "level"), ("Critical", "alert"), ("High", None),
])
def test_scale_of(vocab: Vocab, label: str, scale: str | None) -> None:
    assert scale_of(label, vocab) == scale


SCALES = """\
# Operation Design

## 4. Incident management

### 4.1 Severities
Our S1 to S4 correspond to Sev-1 to Sev-4.

| Severity | Meaning |
| -- | -- |
| S1 | Nobody can order |

### 4.2 Escalation
- P2 incidents: tell the manager after one hour.
- Vendor: open a case with priority P1.

### 4.3 Action items
| Field | Rule |
| -- | -- |
| Due | P1 items within 2 weeks |
"""


def test_severity_scales_in_use_and_mapped(vocab: Vocab) -> None:
    scales = severity_scales(_doc(SCALES), vocab)
    assert {(u.scale, u.label) for u in scales.used if u.scale == "p"} == {("p", "P2")}
    assert scales.mapped == frozenset({frozenset({"s", "sev"})})


ALERT_WORDS = """\
# Operation Design

## 4. Incident management

### 4.2 Escalation
- Critical incidents: call the CTO at once.
- A Warning alert that lasts an hour opens a ticket.
"""


def test_alert_words_grade_incidents_only_beside_an_incident_word(vocab: Vocab) -> None:
    used = severity_scales(_doc(ALERT_WORDS), vocab).used
    assert [(u.scale, u.label, u.line) for u in used] == [("alert", "Critical", 6)]
