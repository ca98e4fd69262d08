"""`opslint diff` as plain text (the default): weakened commitments first."""

from __future__ import annotations

from opslint.diff.labels import label
from opslint.diff.model import (
    DiffCommitment,
    DiffDocument,
    DiffFinding,
    DiffPlace,
    DiffQuestion,
    DiffReport,
)

__all__ = ["commitment_name", "place_text", "render_text", "totals_line", "value_text"]


def place_text(place: DiffPlace | None) -> str:
    return "" if place is None else f"{place.path}:{place.line}"


def commitment_name(change: DiffCommitment) -> str:
    name = f"{change.kind_label} {change.key}".strip()
    return f"{name} ({change.field_label})" if change.field_label else name


def value_text(change: DiffCommitment, lang: str) -> str:
    if change.change == "added":
        return f"{label('added', lang)}: {change.new}"
    if change.change == "removed":
        return f"{label('removed', lang)}: {change.old}"
    return f"{change.old} → {change.new}"


def where_text(change: DiffCommitment) -> str:
    return place_text(change.head) or place_text(change.base)


def document_text(doc: DiffDocument, lang: str) -> str:
    if doc.change == "renamed":
        return f"{label('renamed', lang)}: {doc.old_path} → {doc.path} ({doc.kind})"
    return f"{label(doc.change, lang)}: {doc.path} ({doc.kind})"


def finding_text(finding: DiffFinding) -> str:
    return f"{finding.path}:{finding.line}: {finding.rule} [{finding.severity}] {finding.message}"


def question_text(question: DiffQuestion, lang: str) -> str:
    where = ", ".join(place_text(p) for p in question.places[:3])
    more = f" (+{len(question.places) - 3})" if len(question.places) > 3 else ""
    return (f"{label('gate', lang, gate=question.gate)} [{question.priority}] "
            f"{question.text}  {where}{more}")


def totals_line(report: DiffReport) -> str:
    t = report.totals
    return label("totals", report.lang, weakened=t.weakened, strengthened=t.strengthened,
                 neutral=t.neutral, introduced=t.findings_introduced,
                 resolved=t.findings_resolved, added=t.questions_added,
                 answered=t.questions_answered)


def empty(report: DiffReport) -> bool:
    return not (report.commitments or report.findings_introduced or report.findings_resolved
                or report.questions_added or report.questions_answered or report.documents)


def render_text(report: DiffReport) -> str:
    lang = report.lang
    lines = [label("title", lang), label("range", lang, base=report.base, head=report.head),
             totals_line(report)]
    if empty(report):
        return "\n".join([*lines, "", label("nothing", lang)]) + "\n"
    weakened = [c for c in report.commitments if c.direction == "weakened"]
    other = [c for c in report.commitments if c.direction != "weakened"]
    sections: list[tuple[str, list[str]]] = [
        ("weakened", [f"{commitment_name(c)}: {value_text(c, lang)}  {where_text(c)}"
                      for c in weakened]),
        ("other", [f"{commitment_name(c)}: {value_text(c, lang)} [{c.direction_label}]  "
                   f"{where_text(c)}" for c in other]),
        ("documents", [document_text(d, lang) for d in report.documents]),
        ("introduced", [finding_text(f) for f in report.findings_introduced]),
        ("resolved", [finding_text(f) for f in report.findings_resolved]),
        ("q_added", [question_text(q, lang) for q in report.questions_added]),
        ("q_answered", [question_text(q, lang) for q in report.questions_answered]),
    ]
    for key, items in sections:
        if items:
            lines += ["", f"{label(key, lang)} ({len(items)})", *(f"  {i}" for i in items)]
    return "\n".join(lines) + "\n"
