"""Pydantic models of the rule files under rules/: they validate a rule file when the rules
load (or the rules cache is filled) and give the errors users see; the loaded rules hold the
frozen dataclasses of engine/schema.py built from them (docs/performance.md)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from opslint.document.model import DocKind
from opslint.engine.findings import Severity
from opslint.engine.localized import ANY_KIND, Localized

__all__ = ["CheckSpec", "ContextAnswer", "Example", "Explain", "FixSpec", "RuleSpec"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Example(_Strict):
    """A Markdown document, in one language, for a rule's explain docs and doc tests."""

    lang: Literal["ja", "en"] = "ja"
    markdown: str = Field(min_length=1)
    # Other documents of the set (by kind), for cross-document rules.
    context: dict[DocKind, str] = Field(default_factory=dict)


class Explain(_Strict):
    what: Localized
    why: Localized
    fix: Localized
    fail: Example
    # "pass" is a Python keyword, hence the alias.
    passing: Example = Field(alias="pass")


class CheckSpec(BaseModel):
    """``check: {kind: section-present, section: rollback}``: the kind plus its parameters."""

    model_config = ConfigDict(extra="allow", frozen=True)
    kind: str

    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class FixSpec(_Strict):
    kind: Literal["insert-skeleton"]
    applicability: Literal["safe", "unsafe"] = "safe"


class ContextAnswer(_Strict):
    """``answered_by_context``: a finding is answered when a design document read as
    context (architecture, basic design, security design, or as listed) mentions the part
    (``part: <vocab stem>:<parts mapping>:<key>``, e.g. ``incident:parts:past_incidents``).
    ``keys``: only findings of these keys (all when empty)."""

    part: str = Field(pattern=r"^[a-z_]+:[a-z_]+:[a-z0-9_]+$")
    kinds: list[DocKind] = Field(
        default_factory=lambda: [DocKind.ARCHITECTURE, DocKind.BASIC_DESIGN, DocKind.SECURITY],
        min_length=1)
    keys: list[str] = Field(default_factory=list)


class RuleSpec(_Strict):
    id: str = Field(pattern=r"^[A-Z]{2,5}\d{3}$")
    name: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    severity: Severity
    doc_kinds: list[DocKind | Literal["any"]] = Field(min_length=1)
    gate: int = Field(ge=0, le=6)
    # When true, a finding belongs to the gate of the chapter it is in (a TBD in the backup
    # chapter is a gate-6 question); `gate` is the fallback outside the outline's chapters.
    gate_from_section: bool = False
    priority: Literal["P1", "P2", "P3"]
    topic: str | None = None  # gate-question topic; rules sharing one raise one question
    check: CheckSpec
    message: Localized
    question: Localized
    explain: Explain
    fix: FixSpec | None = None
    answered_by_context: ContextAnswer | None = None
    tags: list[str] = Field(default_factory=list)

    @field_validator("doc_kinds")
    @classmethod
    def _unique_kinds(cls, value: list[DocKind | str]) -> list[DocKind | str]:
        if len(set(value)) != len(value):
            raise ValueError("doc_kinds lists a kind twice")
        return value

    @model_validator(mode="after")
    def _any_alone(self) -> RuleSpec:
        if ANY_KIND in self.doc_kinds and len(self.doc_kinds) > 1:
            raise ValueError("doc_kinds: 'any' cannot be combined with other kinds")
        return self

    def applies_to(self, kind: DocKind) -> bool:
        return ANY_KIND in self.doc_kinds or kind in self.doc_kinds
