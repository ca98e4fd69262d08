"""Rendering of `opslint summary`: plain text, rich on a terminal, Markdown lines and JSON."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

from opslint.facts.semantic import SemanticModel
from opslint.reporters.report_text import report_words
from opslint.reporters.terminal import printable
from opslint.summary import (
    DocItem,
    Named,
    ObjectiveItem,
    ReleaseItem,
    SloItem,
    Summary,
    build_summary,
)

__all__ = ["markdown_lines", "render_json", "render_text", "sections", "summary_lines"]



def _minutes(value: float, lang: str) -> str:
    number = f"{value:.2f}".rstrip("0").rstrip(".")
    if value >= 60 and value == int(value):
        hours, rest = divmod(int(value), 60)
        if lang == "ja":
            return f"{hours}時間" + (f"{rest}分" if rest else "")
        return f"{hours} h" + (f" {rest} min" if rest else "")
    return f"{number}分" if lang == "ja" else f"{number} min"


def _names(items: list[Named]) -> str:
    return ", ".join(dict.fromkeys(i.label for i in items))


def _title(lang: str) -> str:
    return report_words("summary", lang)["title"]


def _grouped(groups: dict[str, list[Named]], lang: str) -> list[str]:
    labels = report_words("summary_categories", lang)
    return [f"{labels.get(k, k)}: {_names(v)}" for k, v in groups.items() if v]


def _release_line(release: ReleaseItem, lang: str) -> str:
    ja = lang == "ja"
    parts = [release.version or ("版数不明" if ja else "version unknown")]
    if release.window:
        parts[0] += f"（{release.window}）" if ja else f" ({release.window})"
    if release.no_downtime and release.downtime_minutes is None:
        limit = release.downtime_limit_minutes
        text = "原則無停止" if ja else "no downtime planned"
        if limit is not None:
            text += (f"（停止する場合は最大 {_minutes(limit, lang)}）" if ja
                     else f" (at most {_minutes(limit, lang)} if needed)")
        parts.append(text)
    if release.downtime_minutes is not None:
        notes = [("部分停止" if ja else "partial")] if release.downtime_partial else []
        if release.downtime_excluded_from_slo:
            notes.append("SLO 対象外" if ja else "excluded from the SLO")
        note = ("・".join(notes) if ja else ", ".join(notes))
        text = _minutes(release.downtime_minutes, lang)
        parts.append((f"停止 {text}" + (f"（{note}）" if note else "")) if ja
                     else f"downtime {text}" + (f" ({note})" if note else ""))
    if release.rollback_minutes is None and release.rollback_steps:
        parts.append(f"切り戻し手順 {release.rollback_steps}件（所要時間の記載なし）" if ja
                     else f"{release.rollback_steps} rollback steps (no durations stated)")
    if release.rollback_minutes is not None:
        back = _minutes(release.rollback_minutes, lang)
        check = release.post_rollback_check_minutes
        after = _minutes(check, lang) if check is not None else ""
        extra = "" if check is None else (f" + 戻し後確認 {after}" if ja else f" + {after} checks")
        parts.append(f"切り戻し 最大 {back}{extra}" if ja else f"rollback up to {back}{extra}")
    return ("今回のリリース: " if ja else "This release: ") + ("、" if ja else "; ").join(parts)


def _slo_lines(slos: list[SloItem], lang: str) -> list[str]:
    """One line per SLO row: the latency percentiles of a row are joined."""
    rows: dict[tuple[str, int], SloItem] = {}
    for slo in slos:
        key = (slo.evidence.path, slo.evidence.line)
        if key in rows and slo.kind == "latency" == rows[key].kind:
            joined = f"{rows[key].target}{'、' if lang == 'ja' else ', '}{slo.target}"
            rows[key] = rows[key].model_copy(update={"target": joined})
        else:
            rows.setdefault(key, slo)
    return [_slo_line(slo, lang) for slo in rows.values()]


_GENERIC_NAME = re.compile(r"(?i)^(slo|service level objective|目標|サービスレベル目標)\b")


def _slo_line(slo: SloItem, lang: str) -> str:
    window = f"（{slo.window}）" if lang == "ja" else f" ({slo.window})"
    # "SLO (Service Level Objective): 月間稼働率 99.9%" names no SLI: use the kind.
    generic = not slo.name or _GENERIC_NAME.match(slo.name)
    name = report_words("slo_kinds", lang).get(slo.kind, slo.name) if generic else slo.name
    text = f"{name}: {slo.target}{window if slo.window else ''}"
    if slo.error_budget_minutes is not None:
        budget = _minutes(slo.error_budget_minutes, lang)
        if slo.month_as_30_days:
            budget += "（30日換算）" if lang == "ja" else " (taking 30 days)"
        text += f" → エラーバジェット {budget}" if lang == "ja" else f" → error budget {budget}"
    return f"{text}  [{slo.evidence.path}:{slo.evidence.line}]"


def _objective_line(items: list[ObjectiveItem], lang: str) -> list[str]:
    """Service-wide values, then scoped ones that differ from them."""
    general = {(i.kind, i.minutes) for i in items if not i.scope}
    lines = []
    for item in items:
        if item.scope and (item.kind, item.minutes) in general:
            continue
        scope = f"（{item.scope}）" if item.scope and lang == "ja" else (
            f" ({item.scope})" if item.scope else "")
        lines.append(f"{item.kind} {_minutes(item.minutes, lang)}{scope}  "
                     f"[{item.evidence.path}:{item.evidence.line}]")
    return lines


def _kind_name(doc: DocItem, names: Mapping[str, str], lang: str) -> str:
    """``operation design`` or, for a DR plan, ``operation design (partial: backup and DR)``."""
    if not doc.holds:
        return names[doc.kind]
    from opslint.engine.partial import partial_label

    return f"{names[doc.kind]} ({partial_label(doc.partial, doc.holds, lang)})"


def sections(summary: Summary) -> list[tuple[str, list[str]]]:
    """(heading, lines) in the order the spec's first answer states them."""
    lang = summary.lang
    head = report_words("summary", lang)
    none = [head["not_stated"]]
    names = report_words("document_kinds", lang)
    kinds = [f"{d.path}（{_kind_name(d, names, lang)}）" if lang == "ja"
             else f"{d.path} ({_kind_name(d, names, lang)})" for d in summary.documents]
    infrastructure = _grouped(summary.infrastructure, lang)
    if summary.integrations:
        label = "外部連携" if lang == "ja" else "External integrations"
        infrastructure.append(f"{label}: {_names(summary.integrations)}")
    deploy = _grouped(summary.deploy, lang)
    if summary.release is not None:
        deploy.append(_release_line(summary.release, lang))
    monitors = [f"{m.id or '-'} {m.target} {m.item}: {m.threshold}（{m.level}）" if lang == "ja"
                else f"{m.id or '-'} {m.target} {m.item}: {m.threshold} ({m.level})"
                for m in summary.key_monitors]
    monitors += _grouped(summary.monitoring, lang)
    recovery = _objective_line(summary.objectives, lang)
    if summary.dr_strategies:
        label = "DR 方式" if lang == "ja" else "DR strategy"
        recovery.append(f"{label}: {_names(summary.dr_strategies)}")
    q = summary.open_questions
    questions = (f"{q.total} 件（P1: {q.p1}、P2: {q.p2}）" if lang == "ja"
                 else f"{q.total} (P1: {q.p1}, P2: {q.p2})")
    count = f"（全 {summary.monitor_count} 件）" if lang == "ja" else (
        f" ({summary.monitor_count} in all)")
    return [
        (head["documents"], kinds),
        (head["infrastructure"], infrastructure or none),
        (head["deploy"], deploy or none),
        (head["monitoring"] + (count if summary.monitor_count else ""), monitors or none),
        (head["slos"], _slo_lines(summary.slos, lang) or none),
        (head["recovery"], recovery or none),
        (head["questions"], [questions]),
    ]


def render_text(summary: Summary, color: bool) -> str:
    """Plain indented text, or rich headings when writing to a terminal."""
    parts = sections(summary)
    if not color:
        lines = [f"opslint summary — {_title(summary.lang)}"]
        for heading, body in parts:
            lines.append(f"\n{heading}")
            lines += [f"  - {line}" for line in body]
        return printable("\n".join(lines) + "\n", newlines=True)
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=120, highlight=False)
    console.print(Text(f"opslint summary — {_title(summary.lang)}", style="bold"))
    for heading, body in parts:
        console.print(Text(f"\n{heading}", style="bold underline"))
        for line in body:
            console.print(Text(f"  • {printable(line)}"))
    return buffer.getvalue()


def markdown_lines(summary: Summary) -> list[str]:
    """One line per part ("インフラ構成: …; …"), for reports that list them as bullets."""
    joiner = "／" if summary.lang == "ja" else "; "
    colon = "：" if summary.lang == "ja" else ": "
    return [f"{heading}{colon}{joiner.join(body)}" for heading, body in sections(summary)[1:-1]]


def summary_lines(model: SemanticModel, lang: str) -> list[str]:
    """The summary, one line per part, for the questions report's part (a)."""
    return markdown_lines(build_summary(model, (), lang))


def render_json(summary: Summary) -> str:
    return summary.model_dump_json(indent=2) + "\n"
