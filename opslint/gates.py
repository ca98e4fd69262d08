"""Confirmation gates (確認ゲート 0–6): which questions are still open, from the findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from opslint.document.model import DocKind, Document
from opslint.engine.findings import Finding, Severity
from opslint.engine.outlines import Outline
from opslint.engine.schema import Localized
from opslint.engine.vocab import DataError
from opslint.engine.yamlio import load_yaml
from opslint.facts.semantic import SemanticModel

__all__ = [
    "GateSpec",
    "GateStatus",
    "Question",
    "build_gates",
    "covered_gates",
    "load_gates",
    "understood_lines",
]

DEFAULT_SEVERITY = {"P1": "error", "P2": "warning", "P3": "info"}
_PRIORITY_ORDER = {"P1": 0, "P2": 1, "P3": 2}


class QuestionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    priority: str = Field(pattern=r"^P[123]$")
    text: Localized
    rules: list[str] = Field(default_factory=list)  # rule ids or family prefixes


class GateSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    gate: int = Field(ge=0, le=6)
    title: Localized
    confirms: Localized
    direction: Localized
    questions: list[QuestionSpec] = Field(default_factory=list)


class GatesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    gates: list[GateSpec]

    @model_validator(mode="after")
    def _all_gates(self) -> GatesFile:
        if [g.gate for g in self.gates] != list(range(7)):
            raise ValueError("gates must list gate 0 to 6 in order")
        return self


def load_gates(root: Path) -> list[GateSpec]:
    path = root / "gates.yaml"
    try:
        return GatesFile.model_validate(load_yaml(path.read_text("utf-8"))).gates
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise DataError(f"{path}: {error}") from None


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    rule_id: str
    message: str


@dataclass(frozen=True)
class Question:
    """One thing reviewers must answer, with every place that raised it."""

    gate: int
    id: str
    priority: str
    severity: Severity
    text: str
    locations: tuple[Location, ...]


@dataclass(frozen=True)
class GateStatus:
    gate: int
    title: str
    confirms: str
    direction: str
    questions: tuple[Question, ...]
    # False when every checked document is partial and none holds a chapter of this gate
    # (a DR plan alone answers nothing about the release or the SLOs).
    covered: bool = True

    @property
    def open(self) -> bool:
        return bool(self.questions)

    def count(self, priority: str) -> int:
        return sum(1 for q in self.questions if q.priority == priority)


def _matches(selector: str, rule_id: str) -> bool:
    return selector == rule_id or (selector.isalpha() and rule_id.startswith(selector))


def _question_for(finding: Finding, gates: Sequence[GateSpec]) -> tuple[int, QuestionSpec] | None:
    for gate in gates:
        for question in gate.questions:
            if any(_matches(s, finding.rule_id) for s in question.rules):
                return gate.gate, question
    return None


def covered_gates(docs: Iterable[Document], outlines: Mapping[DocKind, Outline]) -> frozenset[int]:
    """The gates the checked documents can answer: every gate for a whole document (as
    before partial kinds), only the gates of the chapters it holds for a partial one."""
    covered: set[int] = set()
    for doc in docs:
        outline = outlines.get(doc.kind)
        if not doc.holds or outline is None:
            return frozenset(range(7))
        covered.update(s.gate for s in outline.sections
                       if s.key in doc.holds and s.gate is not None)
    return frozenset(covered)


def build_gates(
    findings: Sequence[Finding], gates: Sequence[GateSpec], lang: str,
    severity_of: Mapping[str, str] | None = None, covered: frozenset[int] | None = None,
) -> list[GateStatus]:
    """Group findings into deduplicated questions per gate, P1 first, locations sorted;
    ``covered``: the gates the documents can answer (``covered_gates``; None: all)."""
    severity_map = {**DEFAULT_SEVERITY, **(severity_of or {})}
    grouped: dict[tuple[int, str], tuple[str, str, list[Finding]]] = {}
    for finding in findings:
        mapped = _question_for(finding, gates)
        if mapped:
            gate, spec = mapped
            key, priority, text = (gate, spec.id), spec.priority, spec.text.get(lang)
        else:
            gate, priority = finding.gate, finding.priority
            key, text = (gate, f"{finding.rule_id}:{finding.key}"), finding.question
        entry = grouped.setdefault(key, (priority, text, []))
        entry[2].append(finding)
    statuses = []
    for gate_spec in gates:
        questions = [
            Question(
                gate=gate_spec.gate, id=key[1], priority=priority,
                severity=Severity(severity_map[priority]), text=text,
                locations=tuple(sorted(
                    {Location(f.path, f.line, f.rule_id, f.message) for f in items},
                    key=lambda loc: (loc.path, loc.line, loc.rule_id, loc.message),
                )),
            )
            for key, (priority, text, items) in grouped.items() if key[0] == gate_spec.gate
        ]
        questions.sort(key=lambda q: (_PRIORITY_ORDER[q.priority], q.locations[0].path,
                                      q.locations[0].line, q.id))
        statuses.append(GateStatus(gate_spec.gate, gate_spec.title.get(lang),
                                   gate_spec.confirms.get(lang), gate_spec.direction.get(lang),
                                   tuple(questions),
                                   covered is None or gate_spec.gate in covered))
    return statuses


def understood_lines(model: SemanticModel, lang: str) -> list[str]:
    """Part (a) of the first response: the documents read, then what the facts say."""
    from opslint.engine.partial import partial_label
    from opslint.reporters.report_text import report_words
    from opslint.reporters.summary_text import summary_lines

    kinds = report_words("document_kinds", lang)
    lines = [f"`{d.path.as_posix()}`: {kinds[d.kind.value]}"
             + (f" ({partial_label(d.partial, d.holds, lang)})" if d.holds else "")
             for d in model.docs]
    return lines + summary_lines(model, lang)
