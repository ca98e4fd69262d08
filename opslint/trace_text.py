"""Rendering of `opslint trace`: a rich table on a terminal, indented plain text when piped,
and JSON (the ``Trace`` model)."""

from __future__ import annotations

import io
from dataclasses import dataclass

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


_TEXT = {
    "ja": _Words(
        title="opslint trace — SLI → SLO → 監視 → アラート → 通知先 → アクション",
        unlinked="SLI に紐付かない監視", gaps="ギャップ", none="（なし）",
        no_ops="運用設計書が見つかりません。", no_monitor="監視なし", indirect="間接",
        inferred="推定", no_page="呼出しなし",
        gap_lines=("監視のない SLI: {0} 件",
                   "SLI に紐付かない監視（対象外と明記したものを除く）: {0} 件",
                   "人を呼び出さない Critical の監視: {0} 件"),
        head=("SLI", "SLO", "監視ID", "項目", "レベル", "通知先", "アクション")),
    "en": _Words(
        title="opslint trace — SLI → SLO → monitor → alert → channel → action",
        unlinked="Monitors tied to no SLI", gaps="Gaps", none="(none)",
        no_ops="No operation design found.", no_monitor="no monitor", indirect="indirect",
        inferred="inferred", no_page="pages nobody",
        gap_lines=("SLIs without a monitor: {0}",
                   "Monitors tied to no SLI (not counting those marked not an SLI): {0}",
                   "Critical monitors that page nobody: {0}"),
        head=("SLI", "SLO", "Monitor", "Item", "Level", "Channels", "Action")),
}
_KIND = {"ja": {"availability": "可用性", "latency": "レイテンシ", "error_rate": "エラー率",
                "other": "その他"},
         "en": {"availability": "availability", "latency": "latency", "error_rate": "error ratio",
                "other": "other"}}


def _slos(row: TraceRow, lang: str) -> str:
    parts = [f"{s.target}（{s.window}）" if s.window and lang == "ja" else
             (f"{s.target} ({s.window})" if s.window else s.target) for s in row.slos]
    return ", ".join(parts) or "-"


def _sli(row: TraceRow, lang: str) -> str:
    """The SLI's name, with its kind when the name does not say it."""
    kind = _KIND[lang].get(row.kind, row.kind)
    if row.kind == "other" or kind.casefold() in row.sli.casefold():
        return row.sli
    return f"{row.sli} ({kind})"


def _level(monitor: TraceMonitor, lang: str) -> str:
    label = monitor.level_label or monitor.level or "-"
    if monitor.level == "critical" and not monitor.pages:
        label += f" ({_TEXT[lang].no_page})"
    return label


def _note(monitor: TraceMonitor, lang: str) -> str:
    text = _TEXT[lang]
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
    text = _TEXT[lang]
    lines = [text.title]
    if not trace.documents:
        return "\n".join([*lines, "", text.no_ops]) + "\n"
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
    lines += [f"  - {template.format(n)}" for template, n in zip(text.gap_lines, counts,
                                                                 strict=True)]
    return "\n".join(lines) + "\n"


def _rich(trace: Trace) -> str:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    lang = trace.lang
    text = _TEXT[lang]
    table = Table(title=text.title, show_lines=True)
    for head in text.head:
        table.add_column(head, overflow="fold")
    for row in trace.rows:
        where = f"{escape(row.evidence.path)}:{row.evidence.line}"
        name = f"{escape(_sli(row, lang))}\n[dim]{where}[/dim]"
        style = None if row.covered else "red"
        monitors: list[TraceMonitor | None] = list(row.monitors) or [None]
        for index, monitor in enumerate(monitors):
            first = index == 0
            cells = [name if first else "", escape(_slos(row, lang)) if first else ""]
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
        console.print(("[yellow]" if n else "[green]") + template.format(n))
    return buffer.getvalue()


def _monitor_cells(monitor: TraceMonitor, lang: str) -> list[str]:
    from rich.markup import escape

    note = _note(monitor, lang)
    level = escape(_level(monitor, lang))
    if monitor.level == "critical" and not monitor.pages:
        level = f"[red]{level}[/red]"
    return [escape(f"{monitor.id or '-'}{note}"), escape(f"{monitor.item}: {monitor.threshold}"),
            level, escape(", ".join(monitor.channels) or "-"), escape(monitor.action or "-")]


def render_text(trace: Trace, color: bool) -> str:
    """A rich table on a terminal (color), plain indented text otherwise."""
    if color and trace.documents:
        return _rich(trace)
    return _plain(trace)


def render_json(trace: Trace) -> str:
    return trace.model_dump_json(indent=2) + "\n"
