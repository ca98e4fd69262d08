"""The routine vocabulary (rules/vocab/routine.yaml) as models: frozen dataclasses validated
when the vocabularies load (opslint/checks/vocabs.py), read by the routine checks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from opslint.document.normalize import any_term_pattern, contains_any, normalize
from opslint.engine.findings import LocalText
from opslint.engine.paramspec import Field, VocabBase
from opslint.engine.schema import Localized
from opslint.facts.joined import holding

__all__ = ["Cadence", "EffortVocab", "Obligation", "ObligationVocab", "RoutineVocab", "Task"]


class Cadence(VocabBase):
    rank: float
    max_minutes: float
    label: Localized
    terms: list[str]
    counts_as: str | None = None


class Task(VocabBase):
    label: Localized
    terms: list[str]
    local_terms: list[str] = Field(default_factory=list)  # count at exactly the cadence
    needs_hosts: bool = False  # about servers the team runs: not asked of a serverless set
    # A unit naming one of ``objects`` and one of ``checks`` names the task in the team's own
    # words ("Jobs: … post their results"); ``strip`` phrases are removed before that test.
    objects: list[str] = Field(default_factory=list)
    checks: list[str] = Field(default_factory=list)
    strip: list[str] = Field(default_factory=list)

    def named_in(self, norm: str) -> bool:
        if contains_any(norm, tuple(self.terms)):
            return True
        if not self.objects or not self.checks:
            return False
        for phrase in self.strip:
            norm = norm.replace(normalize(phrase), " ")
        return contains_any(norm, tuple(self.objects)) and contains_any(norm, tuple(self.checks))

    def mentioned_in(self, norms: Sequence[str]) -> set[int]:
        """``{i for i, n in enumerate(norms) if contains_any(n, local_terms) or
        self.named_in(n)}``, each term list searched once in the texts joined with NUL
        (``facts/joined.holding``), not once per text: a term's pattern cannot match NUL
        (terms are escaped text) and its word lookarounds read NUL as the start or end of a
        text, so it matches in a joined text exactly where it matches in its own."""
        found = _holding(self.local_terms, norms) | _holding(self.terms, norms)
        if not self.objects or not self.checks:
            return found
        if self.strip:  # the phrases removed from each text, as ``named_in`` removes them
            phrases = [normalize(phrase) for phrase in self.strip]
            stripped = []
            for norm in norms:
                for phrase in phrases:
                    norm = norm.replace(phrase, " ")
                stripped.append(norm)
            norms = stripped
        objects = _holding(self.objects, norms)
        if objects:  # most texts name no object: the checks are not searched
            found |= objects & _holding(self.checks, norms)
        return found


def _holding(terms: list[str], norms: Sequence[str]) -> set[int]:
    pattern = any_term_pattern(tuple(terms))
    return set() if pattern is None else holding(pattern, norms, "\0")


class RoutineVocab(VocabBase):
    cadences: dict[str, Cadence]
    expected: list[str]
    hints: list[str]
    owners: list[str] = Field(default_factory=list)
    managed_compute: list[str] = Field(default_factory=list)
    neutral_compute: list[str] = Field(default_factory=list)
    tasks: dict[str, dict[str, Task]]
    parts: dict[str, Any] = Field(default_factory=dict)  # read by checks/shared/parts.py
    obligations: dict[str, Any] = Field(default_factory=dict)  # read by checks/ops/obligations.py
    effort: dict[str, Any] = Field(default_factory=dict)  # read by checks/ops/effort.py

    def label(self, key: str) -> LocalText:
        label = self.cadences[key].label
        return LocalText(label.ja, label.en)


class EffortVocab(VocabBase):
    """``effort``: how routine effort is written (checks/ops/effort.py)."""

    max_minutes: float
    not_before: list[str] = Field(default_factory=list)
    not_after: list[str] = Field(default_factory=list)
    automated: list[str] = Field(default_factory=list)
    negated: list[str] = Field(default_factory=list)


class Obligation(VocabBase):
    label: Localized
    subjects: list[str]
    actions: list[str]
    automatic: list[str] = Field(default_factory=list)  # the clause says no one does it
    recurring: list[str] = Field(default_factory=list)  # stand for a period ("Renovate")
    validity: list[str] = Field(default_factory=list)  # regexes: a lifetime is a period
    covered_by: list[str] = Field(default_factory=list)  # routine words that answer it


class ObligationVocab(VocabBase):
    min_interval_minutes: float
    sentence_break: str  # regex: where a sentence ends
    clause_break: str  # regex: where a clause of a sentence ends
    negations: list[str] = Field(default_factory=list)  # regexes: "not rotated"
    families: dict[str, Obligation]
