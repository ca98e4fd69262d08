"""JSON output, schema version 1 (docs/json-schema.md; the schema is generated from here)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from opslint import __version__
from opslint.engine.findings import Finding, LocalText

if TYPE_CHECKING:
    from opslint.reporters import ReportInput

__all__ = ["JsonReport", "build", "render"]


class JsonLocation(BaseModel):
    path: str
    line: int
    note: str = ""


class JsonFinding(BaseModel):
    rule: str = Field(description="Rule id, e.g. REL001")
    name: str = Field(description="Rule name, e.g. release-section-missing")
    severity: Literal["error", "warning", "info"]
    path: str = Field(description="File path as given or relative to the working directory")
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    end_line: int = Field(ge=1)
    message: str
    question: str = Field(description="What a reviewer should ask to resolve the finding")
    gate: int = Field(ge=0, le=6, description="Confirmation gate (確認ゲート) of the spec")
    priority: Literal["P1", "P2", "P3"]
    doc_kind: str
    lang: Literal["ja", "en"]
    key: str = Field(description="What is missing or wrong; equal keys ask one question")
    fixable: bool
    related: list[JsonLocation] = Field(default_factory=list)
    count: int | None = Field(None, ge=2, description="Present when a rule's repeated findings "
                              "in one table were collapsed into this one: how many it stands for")


class JsonSummary(BaseModel):
    files: int
    findings: int
    by_severity: dict[str, int]
    by_rule: dict[str, int]


class JsonTool(BaseModel):
    name: Literal["opslint"] = "opslint"
    version: str


class JsonReport(BaseModel):
    version: Literal[1] = 1
    tool: JsonTool
    findings: list[JsonFinding]
    summary: JsonSummary


def _note(note: str | LocalText, lang: str) -> str:
    return note.get(lang) if isinstance(note, LocalText) else note


def _finding(f: Finding) -> JsonFinding:
    return JsonFinding(
        rule=f.rule_id, name=f.name, severity=f.severity.value, path=f.path, line=f.line,
        column=f.column, end_line=f.end_line, message=f.message, question=f.question,
        gate=f.gate, priority=f.priority,  # type: ignore[arg-type]
        doc_kind=f.doc_kind, lang=f.lang,  # type: ignore[arg-type]
        key=f.key, fixable=f.fixable,
        related=[JsonLocation(path=r.path, line=r.line, note=_note(r.note, f.lang))
                 for r in f.related],
        count=f.count if f.count > 1 else None,
    )


def build(findings: list[Finding], files: int) -> JsonReport:
    severities = Counter(f.severity.value for f in findings)
    rules = Counter(f.rule_id for f in findings)
    return JsonReport(
        tool=JsonTool(version=__version__),
        findings=[_finding(f) for f in findings],
        summary=JsonSummary(
            files=files, findings=len(findings),
            by_severity={k: severities.get(k, 0) for k in ("error", "warning", "info")},
            by_rule=dict(sorted(rules.items())),
        ),
    )


def render(report: ReportInput) -> str:
    report_model = build(list(report.findings), len(report.files))
    return report_model.model_dump_json(indent=2, exclude_none=True) + "\n"
