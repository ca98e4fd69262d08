"""Rendering of `opslint trace`: a rich table on a terminal, indented plain text when piped,
and JSON (the ``Trace`` model)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from opslint.reporters.report_text import report_words
from opslint.reporters.terminal import printable
from opslint.trace import Trace, TraceMonitor, TraceRow

__all__ = ["render_json", "render_text"]

@dataclass(frozen=True)
class _Words:
    title: str
    unlinked: str
    gaps: str
    none: str
    no_ops: str
    no_monitor: str
    indirect: str
    inferred: str
    no_page: str
    gap_lines: tuple[str, str, str]
    head: tuple[str, ...]


def _words(lang: str) -> _Words:
    """The trace report's words in one language (rules/vocab/report_text.yaml)."""
    w = report_words("trace", lang)
    return _Words(
        title=w["title"], unlinked=w["unlinked"], gaps=w["gaps"], none=w["none"],
        no_ops=w["no_ops"], no_monitor=w["no_monitor"], indirect=w["indirect"],
        inferred=w["inferred"], no_page=w["no_page"],
        gap_lines=(w["gap_0"], w["gap_1"], w["gap_2"]),
        head=tuple(w[f"head_{k}"] for k in
                   ("sli", "slo", "monitor", "item", "level", "channels", "action")),
    )


def _slos(row: TraceRow, lang: str) -> str:
    parts = [f"{s.target}（{s.window}）" if s.window and lang == "ja" else
             (f"{s.target} ({s.window})" if s.window else s.target) for s in row.slos]
    return ", ".join(parts) or "-"


def _sli(row: TraceRow, lang: str) -> str:
    """The SLI's name, with its kind when the name does not say it."""
    kind = report_words("sli_kinds", lang).get(row.kind, row.kind)
    if row.kind == "other" or kind.casefold() in row.sli.casefold():
        return row.sli
    return f"{row.sli} ({kind})"


def _level(monitor: TraceMonitor, lang: str) -> str:
    label = monitor.level_label or monitor.level or "-"
    if monitor.level == "critical" and not monitor.pages:
        label += f" ({_words(lang).no_page})"
    return label


def _note(monitor: TraceMonitor, lang: str) -> str:
    text = _words(lang)
    notes = [word for word, on in ((text.indirect, monitor.indirect),
                                   (text.inferred, monitor.inferred)) if on]
    return f" ({', '.join(notes)})" if notes else ""


def _monitor_line(monitor: TraceMonitor, lang: str) -> str:
    channels = ", ".join(monitor.channels) or "-"
    note = _note(monitor, lang)
    where = f"[{monitor.evidence.path}:{monitor.evidence.line}]"
    return (f"{monitor.id or '-'}{note} {monitor.item}: {monitor.threshold} → "
            f"{_level(monitor, lang)} → {channels} → {monitor.action or '-'}  {where}")


def _plain(trace: Trace) -> str:
    lang = trace.lang
    text = _words(lang)
    lines = [text.title]
    if not trace.documents:
        return printable("\n".join([*lines, "", text.no_ops]) + "\n", newlines=True)
    for row in trace.rows:
        lines.append(f"\n{_sli(row, lang)}  [{row.evidence.path}:{row.evidence.line}]")
        lines.append(f"  SLO: {_slos(row, lang)}")
        lines += [f"  - {_monitor_line(m, lang)}" for m in row.monitors]
        if not row.monitors:
            lines.append(f"  - {text.no_monitor}")
    lines.append(f"\n{text.unlinked}")
    lines += [f"  - {_monitor_line(m, lang)}" for m in trace.unlinked_monitors] or [
        f"  {text.none}"]
    gaps = trace.gaps
    counts = (gaps.slis_without_monitor, gaps.monitors_without_sli, gaps.critical_without_paging)
    lines.append(f"\n{text.gaps}")
    lines += [f"  - {template.format(n=n)}" for template, n in zip(text.gap_lines, counts,
                                                                 strict=True)]
    return printable("\n".join(lines) + "\n", newlines=True)


def _markup(text: str) -> str:
    """Document text for rich: markup escaped, control characters written out."""
    from rich.markup import escape

    return escape(printable(text))


def _rich(trace: Trace) -> str:
    from rich.console import Console
    from rich.table import Table

    lang = trace.lang
    text = _words(lang)
    table = Table(title=text.title, show_lines=True)
    for head in text.head:
        table.add_column(head, overflow="fold")
    for row in trace.rows:
        where = f"{_markup(row.evidence.path)}:{row.evidence.line}"
        name = f"{_markup(_sli(row, lang))}\n[dim]{where}[/dim]"
        style = None if row.covered else "red"
        monitors: list[TraceMonitor | None] = list(row.monitors) or [None]
        for index, monitor in enumerate(monitors):
            first = index == 0
            cells = [name if first else "", _markup(_slos(row, lang)) if first else ""]
            if monitor is None:
                cells += [text.no_monitor, "", "", "", ""]
            else:
                cells += _monitor_cells(monitor, lang)
            table.add_row(*cells, style=style)
    for index, monitor in enumerate(trace.unlinked_monitors):
        label = f"[dim]{text.unlinked}[/dim]" if index == 0 else ""
        table.add_row(label, "", *_monitor_cells(monitor, lang))
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=160, highlight=False)
    console.print(table)
    gaps = trace.gaps
    counts = (gaps.slis_without_monitor, gaps.monitors_without_sli, gaps.critical_without_paging)
    for template, n in zip(text.gap_lines, counts, strict=True):
        console.print(("[yellow]" if n else "[green]") + template.format(n=n))
    return buffer.getvalue()


def _monitor_cells(monitor: TraceMonitor, lang: str) -> list[str]:

    note = _note(monitor, lang)
    level = _markup(_level(monitor, lang))
    if monitor.level == "critical" and not monitor.pages:
        level = f"[red]{level}[/red]"
    return [_markup(f"{monitor.id or '-'}{note}"), _markup(f"{monitor.item}: {monitor.threshold}"),
            level, _markup(", ".join(monitor.channels) or "-"), _markup(monitor.action or "-")]


def render_text(trace: Trace, color: bool) -> str:
    """A rich table on a terminal (color), plain indented text otherwise."""
    if color and trace.documents:
        return _rich(trace)
    return _plain(trace)


def render_json(trace: Trace) -> str:
    return trace.model_dump_json(indent=2) + "\n"
