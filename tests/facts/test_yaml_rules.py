"""SLOs and alert rules pasted as YAML (OpenSLO, Sloth, Prometheus) are read like tables."""

from __future__ import annotations

from pathlib import Path

from opslint.config import Config
from opslint.lint import Bundle, lint_paths

_OPENSLO = """# Operation Design

## 2. Service level objectives

```yaml
apiVersion: openslo/v1
kind: SLO
metadata:
  name: booking-availability
  displayName: Booking availability
spec:
  service: booking
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Booking availability
      target: 0.999
```

## 3. Monitoring

```yaml
groups:
  - name: booking
    rules:
      - alert: BookingErrorBudgetFastBurn
        expr: job:booking_errors:ratio_rate1h > (14.4 * 0.001)
        for: 2m
        labels:
          severity: critical
          slo: booking-availability
        annotations:
          summary: Booking is burning its error budget fast
          runbook_url: https://runbooks.example/booking
```
"""

_SLOTH = """# 運用設計書

## 2. SLO

```yml
version: "prometheus/v1"
service: "reserve-api"
slos:
  - name: "requests-availability"
    objective: 99.5
    description: "予約 API の可用性"
```
"""

_TABLE_WINS = """# Operation Design

## 2. Service level objectives

| SLO | Target | Window |
|---|---|---|
| Availability | 99.9% | 30 days |

Generated Sloth file, for reference:

```yaml
slos:
  - name: availability
    objective: 99.0
```
"""


def _facts(tmp_path: Path, bundle: Bundle, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "17_Operation_Design.md"
    path.write_text(text, encoding="utf-8")
    result = lint_paths([path], Config(select=["OPS001"]), bundle)
    return result.model.facts(result.targets[0]).operation


def test_openslo_and_prometheus_rules_become_slos_and_monitors(
        tmp_path: Path, bundle: Bundle) -> None:
    ops = _facts(tmp_path, bundle, _OPENSLO)
    [slo] = ops.slos
    assert (slo.name, slo.kind, slo.percent, slo.window_minutes) == (
        "Booking availability", "availability", 99.9, 28 * 24 * 60)
    assert "target: 0.999" in _OPENSLO.splitlines()[slo.line - 1]
    [monitor] = ops.monitors
    assert monitor.id == "BookingErrorBudgetFastBurn"
    assert monitor.level_name == "critical"
    assert monitor.sli == "booking-availability"
    assert "for 2m" in monitor.threshold
    assert "alert: BookingErrorBudgetFastBurn" in _OPENSLO.splitlines()[monitor.line - 1]


def test_sloth_objective_with_its_default_window(tmp_path: Path, bundle: Bundle) -> None:
    [slo] = _facts(tmp_path, bundle, _SLOTH).slos
    assert (slo.name, slo.percent, slo.window_minutes) == (
        "requests-availability", 99.5, 30 * 24 * 60)


def test_a_table_is_not_counted_twice_with_its_yaml(tmp_path: Path, bundle: Bundle) -> None:
    slos = _facts(tmp_path, bundle, _TABLE_WINS).slos
    assert [s.percent for s in slos] == [99.9]


def test_broken_yaml_is_left_alone(tmp_path: Path, bundle: Bundle) -> None:
    text = "# Operation Design\n\n## 2. SLO\n\n```yaml\nslos:\n  - name: [unclosed\n```\n"
    assert _facts(tmp_path, bundle, text).slos == ()
