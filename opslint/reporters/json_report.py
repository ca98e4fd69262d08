"""JSON output, schema version 1 (docs/json-schema.md; the schema is generated from here)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
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
    findings = list(report.findings)
    fast = _plain_json(findings, len(report.files))
    if fast is not None:
        return fast
    report_model = build(findings, len(report.files))
    return report_model.model_dump_json(indent=2, exclude_none=True) + "\n"


# ``render`` without the models: a pydantic model validated per finding was most of the
# cost of the JSON output (40,000 findings on 1,000 documents). The same document is written
# by the standard library when every value is one the models pass through unchanged (exact
# str, int and bool values within the fields' bounds): the keys in the models' field order,
# ``count`` left out when None (``exclude_none``), the same indentation and separators, and
# the same escapes (``"``, ``\``, control characters, as \b \f \n \r \t or \u00xx in lower
# case; everything else written as itself, as ``ensure_ascii=False``). Anything else (a
# value out of bounds, a lone surrogate the JSON encoder of pydantic would refuse) goes
# through the models, error and all. tests/test_perf_wt9_checksb.py compares both.
_SEVERITIES = frozenset({"error", "warning", "info"})
_PRIORITIES = frozenset({"P1", "P2", "P3"})
_LANGS = frozenset({"ja", "en"})
_SURROGATE = re.compile("[\ud800-\udfff]")
# A string as the encoder writes it with ``ensure_ascii=False`` (the C function, quoted).
_string: Callable[[str], str] = json.encoder.encode_basestring


def _plain_finding(f: Finding) -> str | None:
    """One finding as the models write it in the findings list (indented), or None."""
    if not (type(f.rule_id) is type(f.name) is type(f.path) is type(f.message)
            is type(f.question) is type(f.doc_kind) is type(f.key) is str
            and type(f.line) is type(f.column) is type(f.end_line) is type(f.gate)
            is type(f.count) is int and type(f.fixable) is bool):
        return None
    severity = f.severity.value
    if not (f.line >= 1 and f.column >= 1 and f.end_line >= 1 and 0 <= f.gate <= 6
            and f.count >= 1 and severity in _SEVERITIES and f.priority in _PRIORITIES
            and f.lang in _LANGS):
        return None
    related = []
    for r in f.related:
        note = _note(r.note, f.lang)
        if type(r.path) is not str or type(r.line) is not int or type(note) is not str:
            return None
        related.append(f'{{\n          "path": {_string(r.path)},\n          "line": {r.line},'
                       f'\n          "note": {_string(note)}\n        }}')
    listed = ("[\n        " + ",\n        ".join(related) + "\n      ]") if related else "[]"
    count = f',\n      "count": {f.count}' if f.count > 1 else ""
    return (f'{{\n      "rule": {_string(f.rule_id)},\n      "name": {_string(f.name)},'
            f'\n      "severity": "{severity}",\n      "path": {_string(f.path)},'
            f'\n      "line": {f.line},\n      "column": {f.column},'
            f'\n      "end_line": {f.end_line},\n      "message": {_string(f.message)},'
            f'\n      "question": {_string(f.question)},\n      "gate": {f.gate},'
            f'\n      "priority": "{f.priority}",\n      "doc_kind": {_string(f.doc_kind)},'
            f'\n      "lang": "{f.lang}",\n      "key": {_string(f.key)},'
            f'\n      "fixable": {"true" if f.fixable else "false"},'
            f'\n      "related": {listed}{count}\n    }}')


def _plain_json(findings: list[Finding], files: int) -> str | None:
    """The JSON ``render`` writes, made without the models; None when a value needs them.
    The text is joined once from the findings' pieces (no copy of a list of them joined
    first): with the pieces, two copies of the output at most, fewer than the models'."""
    if type(files) is not int:
        return None
    severities = Counter(f.severity.value for f in findings)
    rules = Counter(f.rule_id for f in findings)
    summary = {
        "files": files, "findings": len(findings),
        "by_severity": {k: severities.get(k, 0) for k in ("error", "warning", "info")},
        "by_rule": dict(sorted(rules.items())),
    }
    head = json.dumps({"version": 1, "tool": {"name": "opslint", "version": __version__}},
                      ensure_ascii=False, indent=2)
    tail = json.dumps({"summary": summary}, ensure_ascii=False, indent=2)
    pieces = [head[:-2], ',\n  "findings": [\n    ' if findings else ',\n  "findings": []']
    for index, finding in enumerate(findings):
        one = _plain_finding(finding)
        if one is None:
            return None
        pieces += (",\n    ", one) if index else (one,)
    pieces += ("\n  ]" if findings else "", ",\n", tail[2:], "\n")
    text = "".join(pieces)
    del pieces  # the findings' pieces, before the text is searched
    return None if _SURROGATE.search(text) is not None else text
