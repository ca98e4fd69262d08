"""The reviewers' report: open gate questions as a Markdown checklist or JSON, and gate status."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

from opslint.gates import GateStatus
from opslint.reporters.report_text import report_words
from opslint.reporters.terminal import printable

__all__ = ["QuestionsReport", "gates_json", "gates_text", "questions_json", "questions_markdown"]



def _counts(status: GateStatus) -> str:
    parts = [f"{p}: {status.count(p)}" for p in ("P1", "P2", "P3") if status.count(p)]
    return ", ".join(parts)


def questions_markdown(
    statuses: Sequence[GateStatus], lang: str, targets: Sequence[str], understood: Sequence[str]
) -> str:
    """The spec's three-part first response, in short, as GitHub-flavoured Markdown."""
    w = report_words("questions", lang)
    total = sum(len(s.questions) for s in statuses)
    out = [f"# {w['title']}", "", f"{w['targets']}: " + ", ".join(f"`{t}`" for t in targets), ""]
    out += [f"## {w['understood']}", "", *[f"- {line}" for line in understood], ""]
    out += [f"## {w['questions']}", ""]
    if not total:
        out += [w["none"], ""]
    for status in statuses:
        heading = w["gate"].format(n=status.gate, title=status.title)
        if not status.open:
            state = w["answered"] if status.covered else w["status_not_covered"]
            out += [f"### {heading} — {state}", ""]
            if not status.covered:
                out += [w["not_covered"], ""]
            continue
        state = w["open"].format(n=len(status.questions))
        out += [f"### {heading} — {state}（{_counts(status)}）" if lang == "ja"
                else f"### {heading} — {state} ({_counts(status)})", ""]
        for question in status.questions:
            out.append(f"- [ ] **{question.priority}** {question.text}")
            for loc in question.locations:
                out.append(f"  - `{loc.path}:{loc.line}` {loc.rule_id} {loc.message}")
        out.append("")
    out += [f"## {w['direction']}", ""]
    open_gates = [s for s in statuses if s.open]
    for status in open_gates:
        out.append(f"- {w['gate'].format(n=status.gate, title=status.title)}: {status.direction}")
    if not open_gates:
        out.append(w["none"])
    return printable("\n".join(out) + "\n", newlines=True)


class _JsonLocation(BaseModel):
    path: str
    line: int
    rule: str
    message: str


class _JsonQuestion(BaseModel):
    id: str
    priority: Literal["P1", "P2", "P3"]
    severity: Literal["error", "warning", "info"]
    text: str
    locations: list[_JsonLocation]


class _JsonGate(BaseModel):
    gate: int
    title: str
    confirms: str
    direction: str
    status: Literal["open", "answered", "no-documents", "not-covered"] = Field(
        description="not-covered: every document checked is partial (a DR plan, an SLO "
                    "document) and none holds a chapter of this gate")
    counts: dict[str, int]
    questions: list[_JsonQuestion]


class QuestionsReport(BaseModel):
    """JSON of `opslint questions` and `opslint gates` (schema version 1)."""

    version: Literal[1] = 1
    lang: Literal["ja", "en"]
    documents: list[str]
    understood: list[str]
    open_questions: int
    gates: list[_JsonGate]


_Status = Literal["open", "answered", "no-documents", "not-covered"]


def _status(status: GateStatus, targets: Sequence[str]) -> _Status:
    # A gate with no document to answer it is not answered (nothing was checked, or only
    # partial documents that hold none of its chapters).
    if status.open:
        return "open"
    if not targets:
        return "no-documents"
    return "answered" if status.covered else "not-covered"


def _report(statuses: Sequence[GateStatus], lang: str, targets: Sequence[str],
            understood: Sequence[str]) -> QuestionsReport:
    gates = [
        _JsonGate(
            gate=s.gate, title=s.title, confirms=s.confirms, direction=s.direction,
            status=_status(s, targets),
            counts={p: s.count(p) for p in ("P1", "P2", "P3")},
            questions=[
                _JsonQuestion(
                    id=q.id, priority=q.priority, severity=q.severity.value,  # type: ignore[arg-type]
                    text=q.text,
                    locations=[_JsonLocation(path=loc.path, line=loc.line, rule=loc.rule_id,
                                             message=loc.message) for loc in q.locations],
                )
                for q in s.questions
            ],
        )
        for s in statuses
    ]
    return QuestionsReport(lang=lang,  # type: ignore[arg-type]
                           documents=list(targets), understood=list(understood),
                           open_questions=sum(len(s.questions) for s in statuses), gates=gates)


def questions_json(statuses: Sequence[GateStatus], lang: str, targets: Sequence[str],
                   understood: Sequence[str]) -> str:
    return _report(statuses, lang, targets, understood).model_dump_json(indent=2) + "\n"


def gates_json(statuses: Sequence[GateStatus], lang: str, targets: Sequence[str]) -> str:
    report = _report(statuses, lang, targets, [])
    for gate in report.gates:
        gate.questions = []
    return report.model_dump_json(indent=2, exclude={"understood"}) + "\n"


def _pad(text: str, width: int) -> str:
    # East Asian wide characters take two terminal cells.
    cells = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - cells, 0)


def gates_text(statuses: Sequence[GateStatus], lang: str, *, no_documents: bool = False) -> str:
    """One row per gate; with ``no_documents`` (nothing was checked) no gate is answered."""
    w = report_words("questions", lang)
    lines = [f"gate  {_pad('status', 10)}  P1  P2  P3  title"]
    for s in statuses:
        state = w["status_open"] if s.open else w["status_answered"]
        if no_documents and not s.open:
            state = report_words("cli", lang)["no_documents"]
        elif not s.covered and not s.open:
            state = w["status_not_covered"]
        lines.append(f"{s.gate:<4}  {_pad(state, 10)}  {s.count('P1'):>2}  {s.count('P2'):>2}  "
                     f"{s.count('P3'):>2}  {s.title}")
    return printable("\n".join(lines) + "\n", newlines=True)
