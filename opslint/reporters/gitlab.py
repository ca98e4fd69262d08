"""GitLab Code Quality report: a JSON array of issues for the merge request widget."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from opslint.engine.findings import Finding, Severity
from opslint.reporters.sarif import clean_path, extra_of, fingerprints

if TYPE_CHECKING:
    from opslint.reporters import ReportInput

__all__ = ["SEVERITY", "build", "render"]

# error blocks sign-off, warning needs an answer or a waiver, info is advice.
SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}



def _issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    description = finding.message
    if finding.question:
        description += f" {finding.question}"
    lines = {"begin": finding.line}
    if finding.end_line > finding.line:
        lines["end"] = finding.end_line
    return {
        "description": description,
        "check_name": finding.rule_id,
        # GitLab wants a hex digest; md5 of the stable SARIF fingerprint keeps them in step.
        "fingerprint": hashlib.md5(fingerprint.encode("utf-8"), usedforsecurity=False).hexdigest(),
        "severity": SEVERITY[finding.severity],
        "location": {"path": clean_path(finding.path), "lines": lines},
    }


def build(report: ReportInput) -> list[dict[str, Any]]:
    findings = list(report.findings)
    prints = fingerprints(findings, extra_of(report).get("lines") or {})
    return [_issue(f, p) for f, p in zip(findings, prints, strict=True)]


def render(report: ReportInput) -> str:
    return json.dumps(build(report), ensure_ascii=False, indent=2) + "\n"
