"""Human output: plain ``path:line:col: ID message`` lines, or rich panels on a terminal."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from opslint.engine.findings import Finding, Severity
from opslint.reporters.terminal import printable

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from opslint.reporters import ReportInput

__all__ = ["body", "render", "summary_line", "tail"]

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _concise(finding: Finding) -> str:
    return (
        f"{printable(finding.path)}:{finding.line}:{finding.column}: {finding.rule_id} "
        f"[{finding.severity.value}] {printable(finding.message)}"
    )


def summary_line(findings: list[Finding], files: int) -> str:
    counts = Counter(f.severity for f in findings)
    if not findings:
        return f"No problems found in {files} file(s)."
    parts = ", ".join(
        f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in Severity if counts[s]
    )
    fixable = sum(1 for f in findings if f.fixable)
    hint = f" {fixable} fixable with `opslint fix`." if fixable else ""
    return f"Found {len(findings)} problem(s) in {files} file(s): {parts}.{hint}"


def render(report: ReportInput) -> str:
    return body(report) + tail(report)


def body(report: ReportInput) -> str:
    """The findings, without the closing summary line (streamed per file by ``check``)."""
    findings = list(report.findings)
    if not findings:
        return ""
    if report.format == "concise" or not report.color:
        return "\n".join(_concise(f) for f in findings) + "\n"
    known: Mapping[str, Sequence[str]] = getattr(report, "extra", {}).get("lines") or {}
    return _rich(findings, known)


def tail(report: ReportInput) -> str:
    """The summary line that closes the output."""
    line = summary_line(list(report.findings), len(report.files))
    if report.format == "concise" or not report.color:
        return line + "\n"
    console, buffer = _console()
    console.print(line, style="bold")
    return buffer.getvalue()


def _source_lines(path: str, known: Mapping[str, Sequence[str]]) -> Sequence[str]:
    """The file's lines, to show the line a finding is on (empty when unreadable)."""
    if path in known:  # the lines as the document model split them
        return known[path]
    from opslint.document.load import LoadError, load_file, split_lines

    try:
        return split_lines(load_file(Path(path)).text)
    except LoadError:
        return []


def _console() -> tuple[Console, io.StringIO]:
    import shutil

    from rich.console import Console

    buffer = io.StringIO()
    width = shutil.get_terminal_size((120, 24)).columns
    return Console(file=buffer, force_terminal=True, width=width, highlight=False), buffer


def _hanging(console: Console, prefix: Text, text: Text) -> None:
    """``prefix``, then ``text`` wrapped to the rest of the width by display width (a wide
    character takes two cells), its next lines indented under its first (a hanging indent)."""
    from rich.text import Text

    indent = prefix.cell_len
    lines = text.wrap(console, max(console.width - indent, 20), overflow="fold")
    for number, line in enumerate(lines):
        line.rstrip()
        head = prefix if number == 0 else Text(" " * indent)
        console.print(Text.assemble(head, line), soft_wrap=True)


def _rich(findings: list[Finding], known: Mapping[str, Sequence[str]]) -> str:
    from rich.text import Text

    console, buffer = _console()
    current = None
    source: Sequence[str] = []
    for finding in findings:
        if finding.path != current:
            current = finding.path
            source = _source_lines(finding.path, known)
            console.print(Text(printable(finding.path), style="bold underline"))
        position = Text(f"  {finding.line}:{finding.column} ".ljust(10))
        position.append(f"{finding.severity.value:<8}", style=_STYLE[finding.severity])
        position.append(f"{finding.rule_id} ", style="bold")
        message = Text(printable(finding.message))
        message.append(f"  ({finding.name}{', fixable' if finding.fixable else ''})",
                       style="dim")
        _hanging(console, position, message)
        if 0 < finding.line <= len(source) and source[finding.line - 1].strip():
            excerpt = printable(source[finding.line - 1].strip()[:200])
            console.print(Text(f"{'':10}│ {excerpt}", style="dim"), no_wrap=True,
                          overflow="ellipsis")
        if finding.question:
            _hanging(console, Text(f"{'':10}? "), Text(printable(finding.question),
                                                        style="dim italic"))
        for related in finding.related:
            console.print(Text(f"{'':10}↳ {printable(related.path)}:{related.line}", style="dim"))
    return buffer.getvalue()
