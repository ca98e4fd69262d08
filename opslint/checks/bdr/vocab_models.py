"""The backup vocabulary (rules/vocab/backup.yaml) as models: frozen dataclasses validated
when the vocabularies load (opslint/checks/vocabs.py), read by checks/bdr/backup.py."""

from __future__ import annotations

from typing import Any, ClassVar

from opslint.engine.paramspec import Field, VocabBase
from opslint.engine.schema import Localized

__all__ = ["BackupVocab", "Objective", "Procedure"]


class Objective(VocabBase):
    label: Localized
    terms: list[str]


class Procedure(VocabBase):
    label: Localized
    terms: list[str]
    automatic: list[str] = Field(default_factory=list)


class BackupVocab(VocabBase):
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "ignore"}

    objectives: dict[str, Objective]
    zero_patterns: list[str]
    joiners: list[str]
    procedures: dict[str, Procedure]
    retention_terms: list[str]
    retention_patterns: list[str]
    schedule_labels: dict[str, Localized]
    dr_strategy_note: Localized
    rpo_reasons: dict[str, Localized]
    rpo_intervals: dict[str, Localized]
    rpo_interval_every: Localized
