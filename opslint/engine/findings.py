"""Findings: what a check reports (Hit) and what a user sees (Finding)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from opslint.engine.fixes import Fix

__all__ = ["Finding", "Hit", "LocalText", "Location", "Severity", "Text"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True)
class LocalText:
    """A value that reads differently per language (a section title, a column name)."""

    ja: str
    en: str

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


Text = str | LocalText


@dataclass(frozen=True)
class Location:
    """A place in a document, for the second end of a cross-document finding."""

    path: str
    line: int
    note: Text = ""


@dataclass(frozen=True)
class Hit:
    """One problem found by a check, before the engine adds the rule's metadata.

    ``path`` is set when a cross-document check reports on a document other than the
    one being checked; otherwise the finding belongs to the checked document.
    """

    line: int
    column: int = 1
    end_line: int | None = None
    args: Mapping[str, Text] = field(default_factory=dict)
    related: tuple[Location, ...] = ()
    key: str = ""  # what was found missing or wrong, for de-duplicating questions
    gate: int | None = None  # the confirmation gate, when it depends on what was found
    fix: Fix | None = None  # edits that resolve the problem, when the check offers them


@dataclass(frozen=True)
class Finding:
    rule_id: str
    name: str
    severity: Severity
    path: str
    line: int
    column: int
    end_line: int
    message: str
    question: str
    gate: int
    priority: str
    doc_kind: str
    lang: str
    related: tuple[Location, ...] = ()
    key: str = ""
    fixable: bool = False
    # The fix the rule offers (None when it offers none); not part of equality or output.
    fix: Fix | None = field(default=None, compare=False, repr=False)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule_id, self.message)
