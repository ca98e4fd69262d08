"""Output formats, one module each; imported lazily so start-up stays fast.

Every other rendering lives here too: the summary and trace reports (``summary_text``,
``trace_text``), questions, and the report words they share (``report_text``).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Protocol

from opslint.engine.findings import Finding

__all__ = ["FORMATS", "ReportInput", "render"]

# format name → module under opslint.reporters that defines render(report) -> str
FORMATS: dict[str, str] = {
    "text": "text",
    "concise": "text",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "gitlab": "gitlab",
}


class ReportInput(Protocol):
    """What every reporter receives."""

    findings: Sequence[Finding]
    files: Sequence[str]
    color: bool
    format: str


def render(report: ReportInput) -> str:
    module = importlib.import_module(f"opslint.reporters.{FORMATS[report.format]}")
    text: str = module.render(report)
    return text
