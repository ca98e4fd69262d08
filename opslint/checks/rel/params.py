"""Parameter models of the REL check kinds (light: importable without the checks).

Chapter names (``section``, ``sections``…) are keys of the release outline
(rules/outlines/release.yaml); items, patterns, header fields and pairs are keys of
rules/vocab/release.yaml.
"""

from __future__ import annotations

from pydantic import Field

from opslint.checks.shared.params import Params

__all__ = [
    "TIMELINE_COLUMNS",
    "ColumnParams",
    "Condition",
    "CriteriaParams",
    "FieldParams",
    "MentionParams",
    "PairParams",
    "PatternParams",
    "SequenceParams",
    "SinglePersonParams",
]

# The timeline's columns: the keys of ``timeline.column_titles`` in rules/vocab/release.yaml.
TIMELINE_COLUMNS = ("time", "task", "owner", "check")


class FieldParams(Params):
    fields: list[str] = Field(default_factory=lambda: ["version", "window", "owner"], min_length=1)


class Condition(Params):
    """The rule applies only when one of these chapters mentions the item (not negated)."""

    sections: list[str] = Field(min_length=1)
    item: str


class MentionParams(Params):
    # Chapters searched; the first must exist (findings go there), the others widen the search.
    sections: list[str] = Field(min_length=1)
    items: list[str] = Field(default_factory=list)
    anchor: str | None = None  # items are then looked for in the units naming the anchor
    header: bool = False  # also search the header fields under the title
    anywhere: bool = False  # also search the whole document
    when: Condition | None = None


class PatternParams(Params):
    patterns: str  # a key of `patterns` in rules/vocab/release.yaml
    code: bool = False  # fenced code counts too (image tags, SQL)
    skip_sections: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)  # items that, if mentioned, make it fine
    unless_in: list[str] = Field(default_factory=list)  # ...in these chapters (default: all)
    line_unless: list[str] = Field(default_factory=list)  # items that excuse their own line
    negation: bool = True  # prose lines saying it is not done are not findings


class SinglePersonParams(Params):
    min_roles: int | None = None  # default: contacts.min_roles of the vocabulary


class CriteriaParams(Params):
    section: str = "rollback"  # the outline chapter holding the criteria


class SequenceParams(Params):
    section: str = "release_day"


class PairParams(Params):
    pair: str = "maintenance"
    sections: list[str] = Field(default_factory=lambda: ["release_day", "rollback"])


class ColumnParams(Params):
    section: str = "release_day"
    columns: list[str] = Field(default_factory=lambda: list(TIMELINE_COLUMNS), min_length=1)
