"""The incident vocabulary (rules/vocab/incident.yaml) as models: frozen dataclasses
validated when the vocabularies load (opslint/checks/vocabs.py), read by the severity rules
(INC) and the recovery objectives (BDR) through checks/shared/severity.py."""

from __future__ import annotations

from typing import Any, ClassVar

from opslint.engine.paramspec import Field, VocabBase
from opslint.engine.schema import Localized

__all__ = ["FlowStep", "IncidentVocab", "SeverityVocab"]


class SeverityVocab(VocabBase):
    strong: list[str]
    weak: list[str]
    words: dict[int, list[str]]
    header: list[str]
    not_header: list[str]
    not_sections: list[str]
    spec_levels: dict[int, Localized]


class FlowStep(VocabBase):
    key: str
    label: Localized
    terms: list[str]


class IncidentVocab(VocabBase):
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "ignore"}

    severity: SeverityVocab
    flow: list[FlowStep]
    flow_arrows: list[str]
    template_terms: list[str]
    link_patterns: list[str]
    escalation_terms: list[str]
    condition_terms: list[str]
    executive_terms: list[str]
    parts: dict[str, Any] = Field(default_factory=dict)
