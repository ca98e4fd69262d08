"""The bundled examples: the clean sets are clean, the defect set shows every planted defect."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from opslint.config import Config
from opslint.engine.findings import Severity
from opslint.lint import Bundle, lint_paths

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DEFECTS = EXAMPLES / "ja" / "defects"

# Which rules may report each planted defect (DEFECTS.yaml's topics).
EXPECTED_RULES: dict[str, set[str]] = {
    "header-placeholder": {"GATE001", "GATE002", "REL005"},
    "deploy-strategy-mismatch": {"XDOC"},
    "latest-image-tag": {"REL012"},
    "plaintext-secret": {"SEC001", "SEC002"},
    "manual-ssh-step": {"OPS050"},
    "maintenance-never-off": {"REL019"},
    "destructive-migration-no-restore-point": {"REL022"},
    "empty-owner-cell": {"REL016", "GATE003"},
    "timeline-out-of-order": {"REL017"},
    "time-outside-window": {"REL018"},
    "vague-rollback-criteria": {"REL024"},
    "missing-contacts-section": {"REL001"},
    "unchecked-gate-item": {"GATE011"},
    "latency-average-only": {"SLO004"},
    "slo-100-percent": {"SLO006"},
    "wrong-error-budget": {"SLO050"},
    "audit-log-retention-mismatch": {"XDOC"},
    "critical-monitor-without-action": {"MON011"},
    "vague-monitor-threshold": {"MON008"},
    "duplicate-monitor-id": {"MON006"},
    "missing-dr-drill": {"OPS021"},
    "sections-out-of-order": {"OPS003"},
    "rpo-not-met-by-backup": {"BDR050"},
    "blame-language": {"INC040", "INC043"},
    "rto-mismatch": {"XDOC"},
}


def _matches(rule_id: str, allowed: set[str]) -> bool:
    return any(rule_id == a or (a.isalpha() and rule_id.startswith(a)) for a in allowed)


@pytest.mark.parametrize("folder", ["ja/clean", "en/clean"])
def test_clean_sets_have_no_errors_or_warnings(bundle: Bundle, folder: str) -> None:
    result = lint_paths([EXAMPLES / folder], Config.model_validate({}), bundle)
    assert len(result.targets) == 5
    loud = [f for f in result.findings if f.severity is not Severity.INFO]
    assert not loud, "\n".join(f"{f.path}:{f.line} {f.rule_id} {f.message}" for f in loud)


def _defects() -> list[dict[str, object]]:
    data = yaml.safe_load((DEFECTS / "DEFECTS.yaml").read_text(encoding="utf-8"))
    return list(data if isinstance(data, list) else data["defects"])


@pytest.fixture(scope="module")
def defect_findings(bundle: Bundle) -> set[tuple[str, int, str]]:
    result = lint_paths([DEFECTS], Config.model_validate({}), bundle)
    return {(Path(f.path).name, f.line, f.rule_id) for f in result.findings}


@pytest.mark.parametrize("defect", _defects(), ids=lambda d: str(d["topic"]))
def test_every_planted_defect_is_found(
    defect: dict[str, object], defect_findings: set[tuple[str, int, str]]
) -> None:
    allowed = EXPECTED_RULES[str(defect["topic"])]
    at_line = {rule for name, line, rule in defect_findings
               if name == defect["file"] and line == defect["line"]}
    assert any(_matches(rule, allowed) for rule in at_line), (
        f"{defect['file']}:{defect['line']} {defect['topic']}: found {sorted(at_line)}"
    )


def test_every_topic_has_expected_rules() -> None:
    assert {str(d["topic"]) for d in _defects()} == set(EXPECTED_RULES)
