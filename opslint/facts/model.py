"""Typed facts read from documents: what rules, ``summary`` and ``trace`` reason about.

Every fact is a frozen dataclass carrying ``line`` (1-based, in its document) and ``text``
(the source cell, row, list item or line it was read from), so any finding built on it can
point at its evidence. Durations are in minutes, percentages in percent (99.9, not 0.999),
clock times in minutes after midnight of the release day (past 1440 after midnight).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from opslint.facts.model_common import Exclusion, StatedDuration, TechMention
from opslint.facts.model_design import Component, DesignFacts, Integration, NfrFigure, Role
from opslint.facts.model_operation import (
    AlertLevel,
    AuditLog,
    Backup,
    BurnRate,
    ErrorBudget,
    Monitor,
    OperationFacts,
    RecoveryObjective,
    RecoveryStep,
    SeverityLevel,
    Sli,
    Slo,
)
from opslint.facts.model_release import (
    Maintenance,
    Migration,
    Milestone,
    ReleaseFacts,
    ReleaseVersion,
    ReleaseWindow,
    RollbackCriterion,
    RollbackPlan,
    TimelineStep,
)

__all__ = [
    "AlertLevel",
    "AuditLog",
    "Backup",
    "BurnRate",
    "Component",
    "DesignFacts",
    "DocumentFacts",
    "ErrorBudget",
    "Exclusion",
    "Integration",
    "Maintenance",
    "Migration",
    "Milestone",
    "Monitor",
    "NfrFigure",
    "OperationFacts",
    "RecoveryObjective",
    "RecoveryStep",
    "ReleaseFacts",
    "ReleaseVersion",
    "ReleaseWindow",
    "Role",
    "RollbackCriterion",
    "RollbackPlan",
    "SeverityLevel",
    "Sli",
    "Slo",
    "StatedDuration",
    "TechMention",
    "TimelineStep",
]


@dataclass(frozen=True)
class DocumentFacts:
    """Every fact of one document: technology mentions plus the per-kind fact groups.

    ``mentions`` holds every technology named anywhere outside code blocks (deduplicated per
    name and line), each with its polarity; the helpers below give the adopted ones by
    category. ``slo_exclusion`` is the first statement, in any kind of document, that planned
    maintenance does not count against the SLO ("計画停止を除く", "メンテナンスページの応答は
    SLI の対象外").
    """

    path: Path
    kind: str
    lang: str
    mentions: tuple[TechMention, ...] = ()
    slo_exclusion: Exclusion | None = None
    release: ReleaseFacts = field(default_factory=ReleaseFacts)
    operation: OperationFacts = field(default_factory=OperationFacts)
    design: DesignFacts = field(default_factory=DesignFacts)

    def named(self, *categories: str) -> tuple[TechMention, ...]:
        """Adopted mentions in the given categories, in document order. Mentions stated as
        not adopted, planned, examples or out of scope stay in ``mentions`` only."""
        return tuple(m for m in self.mentions
                     if m.category in categories and m.polarity == "adopted")

    def names(self, *categories: str) -> tuple[str, ...]:
        """Distinct canonical names adopted in the given categories, in order of first
        adopted mention."""
        seen: dict[str, None] = {}
        for mention in self.named(*categories):
            seen.setdefault(mention.name, None)
        return tuple(seen)
