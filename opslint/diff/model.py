"""The result of `opslint diff`, as `--format json` writes it (docs/schema/diff-v1.json).

Text and Markdown render the same object; labels (``*_label``) are in the report's
language, every other value is language-neutral.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DiffCommitment", "DiffDocument", "DiffFinding", "DiffPlace", "DiffQuestion",
           "DiffReport", "DiffTotals"]

_FROZEN = ConfigDict(extra="forbid", frozen=True)


class DiffPlace(BaseModel):
    model_config = _FROZEN
    path: str = Field(description="Document path (repository- or folder-relative, posix).")
    line: int = Field(description="1-based line.")


class DiffCommitment(BaseModel):
    """One commitment added, removed or changed (opslint.diff.changes.CommitmentChange)."""

    model_config = _FROZEN
    kind: str = Field(description="slo, monitor, rto, release_window, …")
    kind_label: str
    key: str = Field(description="Which one of its kind, as the documents name it.")
    field: str = Field(description="The attribute that changed; empty when the whole "
                       "commitment was added or removed.")
    field_label: str
    change: Literal["added", "removed", "changed"]
    old: str | None = Field(description="The value before, as written (null: added).")
    new: str | None = Field(description="The value after, as written (null: removed).")
    direction: Literal["strengthened", "weakened", "neutral"]
    direction_label: str
    base: DiffPlace | None = Field(description="Where it was written in the base revision.")
    head: DiffPlace | None = Field(description="Where it is written in the head revision.")


class DiffFinding(BaseModel):
    """A finding the change introduced (in head, not in base) or resolved (the reverse),
    matched by rule and content (chapter and normalised line text), not by line number."""

    model_config = _FROZEN
    rule: str
    severity: Literal["error", "warning", "info"]
    path: str
    line: int
    chapter: list[str] = Field(description="Headings enclosing the line, outermost first.")
    message: str


class DiffQuestion(BaseModel):
    """A reviewers' question (opslint questions) that appeared or was answered."""

    model_config = _FROZEN
    gate: int = Field(ge=0, le=6)
    gate_title: str
    id: str
    priority: Literal["P1", "P2", "P3"]
    text: str
    places: list[DiffPlace]


class DiffDocument(BaseModel):
    """A document added, removed or renamed (renamed: followed, its findings and
    commitments compared with the old name's)."""

    model_config = _FROZEN
    change: Literal["added", "removed", "renamed"]
    path: str = Field(description="The head path (the base path when removed).")
    old_path: str | None = Field(None, description="The base path of a renamed document.")
    kind: str = Field(description="Document kind (release, operation, architecture, …).")


class DiffTotals(BaseModel):
    model_config = _FROZEN
    weakened: int
    strengthened: int
    neutral: int
    findings_introduced: int
    findings_resolved: int
    questions_added: int
    questions_answered: int


class DiffReport(BaseModel):
    """What a change to the documents does to the team's commitments, findings and
    questions (`opslint diff --format json`)."""

    model_config = _FROZEN
    schema_version: Literal[1] = Field(1, description="Version of this format.")
    tool: Literal["opslint"] = "opslint"
    lang: Literal["ja", "en"]
    base: str = Field(description="The base side: a revision, or a folder.")
    head: str = Field(description="The head side: a revision, the work tree, or a folder.")
    files: list[str] = Field(description="The documents checked on the head side.")
    totals: DiffTotals
    documents: list[DiffDocument]
    commitments: list[DiffCommitment] = Field(description="Weakened first, then the rest.")
    findings_introduced: list[DiffFinding]
    findings_resolved: list[DiffFinding]
    questions_added: list[DiffQuestion]
    questions_answered: list[DiffQuestion]
