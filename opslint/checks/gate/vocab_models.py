"""The gate subjects (rules/vocab/gate_subjects.yaml ``parts``) as models: frozen
dataclasses validated when the vocabularies load (opslint/checks/vocabs.py), read by
checks/gate/ticked.py."""

from __future__ import annotations

from opslint.engine.paramspec import Field, VocabBase
from opslint.engine.schema import Localized

__all__ = ["Evidence", "SubjectPart"]


class Evidence(VocabBase):
    """Where the semantic model shows a part: table roles, columns, sections, facts, words."""

    tables: list[str] = Field(default_factory=list)
    columns: list[str] = Field(default_factory=list)
    sections: list[str] = Field(default_factory=list)
    facts: list[str] = Field(default_factory=list)
    terms: list[str] = Field(default_factory=list)
    # a unit with a duration and one of these words ("calls the lead after 30 minutes")
    timed: list[str] = Field(default_factory=list)


class SubjectPart(VocabBase):
    """A part a ticked gate item may name (``parts``): its words and its evidence."""

    label: Localized
    item: list[str]
    evidence: Evidence
