"""GitHub Actions workflow commands: an annotation per finding, grouped by file in the log."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from opslint.engine.findings import Finding, LocalText, Severity
from opslint.reporters.sarif import clean_path
from opslint.reporters.terminal import printable
from opslint.reporters.text import summary_line

if TYPE_CHECKING:
    from opslint.reporters import ReportInput

__all__ = ["annotation", "body", "escape_data", "escape_property", "render", "tail"]

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message, as the runner expects (``%``, CR and LF); other control
    characters are written out, since the log is shown in terminals and browsers."""
    text = printable(text, newlines=True)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: the message escapes plus ``:`` and ``,``, which delimit."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")



def _body(finding: Finding) -> str:
    lines = [finding.message]
    if finding.question:
        lines.append(finding.question)
    for related in finding.related:
        note = related.note
        if isinstance(note, LocalText):
            note = note.get(finding.lang)
        lines.append(f"↳ {clean_path(related.path)}:{related.line}" + (f" {note}" if note else ""))
    return "\n".join(lines)


def annotation(finding: Finding) -> str:
    """``::error file=…,line=…,col=…,endLine=…,title=ID name::message`` for one finding."""
    properties = {
        "file": clean_path(finding.path),
        "line": str(finding.line),
        "col": str(finding.column),
        "endLine": str(max(finding.end_line, finding.line)),
        "title": f"{finding.rule_id} {finding.name}",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{_COMMAND[finding.severity]} {joined}::{escape_data(_body(finding))}"


def render(report: ReportInput) -> str:
    return body(report) + tail(report)


def body(report: ReportInput) -> str:
    """The annotations, grouped per file, without the summary line (streamed per file)."""
    findings = sorted(report.findings, key=Finding.sort_key)
    lines: list[str] = []
    for path, group in groupby(findings, key=lambda f: f.path):
        lines.append(f"::group::{escape_data(clean_path(path))}")
        lines.extend(annotation(f) for f in group)
        lines.append("::endgroup::")
    return "".join(f"{line}\n" for line in lines)


def tail(report: ReportInput) -> str:
    return summary_line(list(report.findings), len(report.files)) + "\n"
