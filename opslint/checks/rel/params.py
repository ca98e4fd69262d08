"""Parameter models of the REL check kinds (light: importable without the checks).

Chapter names (``section``, ``sections``…) are keys of the release outline
(rules/outlines/release.yaml); items, patterns, header fields and pairs are keys of
rules/vocab/release.yaml.
"""

from __future__ import annotations

from typing import Annotated

from opslint.checks.ops.params import ManualParams
from opslint.checks.shared.params import Field, Params
from opslint.engine.references import Ref

__all__ = [
    "TIMELINE_COLUMNS",
    "ColumnParams",
    "Condition",
    "CriteriaParams",
    "DatabaseRollbackParams",
    "FieldParams",
    "MentionParams",
    "PairParams",
    "PatternParams",
    "PipelineManualParams",
    "SequenceParams",
    "SinglePersonParams",
]

# The timeline's columns: the keys of ``timeline.column_titles`` in rules/vocab/release.yaml.
TIMELINE_COLUMNS = ("time", "task", "owner", "check")

Chapter = Annotated[str, Ref.outline("release")]
Item = Annotated[str, Ref.vocab("release", "items")]
HeaderField = Annotated[str, Ref.vocab("release", "header_fields")]
TimelineColumn = Annotated[str, Ref.vocab("release", "timeline", "column_titles")]


class FieldParams(Params):
    fields: list[HeaderField] = Field(default_factory=lambda: ["version", "window", "owner"],
                                      min_length=1)


class Condition(Params):
    """The rule applies only when one of these chapters mentions the item (not negated)."""

    sections: list[Chapter] = Field(min_length=1)
    item: Item


class MentionParams(Params):
    # Chapters searched; the first must exist (findings go there), the others widen the search.
    sections: list[Chapter] = Field(min_length=1)
    items: list[Item] = Field(default_factory=list)
    anchor: Item | None = None  # items are then looked for in the units naming the anchor
    header: bool = False  # also search the header fields under the title
    anywhere: bool = False  # also search the whole document
    when: Condition | None = None


class PatternParams(Params):
    patterns: Annotated[str, Ref.vocab("release", "patterns")]
    code: bool = False  # fenced code counts too (image tags, SQL)
    skip_sections: list[Chapter] = Field(default_factory=list)
    unless: list[Item] = Field(default_factory=list)  # items that, if mentioned, make it fine
    unless_in: list[Chapter] = Field(default_factory=list)  # ...in these (default: all)
    line_unless: list[Item] = Field(default_factory=list)  # items that excuse their own line
    negation: bool = True  # prose lines saying it is not done are not findings


class PipelineManualParams(ManualParams):
    # Families whose commands a pipeline stage runs: excused in a chapter whose steps all run
    # through automation (rules/vocab/release.yaml `pipeline_commands` says which commands).
    stage_families: list[Annotated[str, Ref.vocab("toil", "terms")]] = Field(
        default_factory=lambda: ["direct_change"])


class SinglePersonParams(Params):
    min_roles: int | None = None  # default: contacts.min_roles of the vocabulary


class CriteriaParams(Params):
    section: Chapter = "rollback"  # the chapter holding the criteria


class DatabaseRollbackParams(Params):
    section: Chapter = "rollback"  # the chapter that must deal with the database
    when: Condition  # the release runs a migration: a chapter mentions one


class SequenceParams(Params):
    section: Chapter = "release_day"


class PairParams(Params):
    pair: Annotated[str, Ref.vocab("release", "pairs")] = "maintenance"
    sections: list[Chapter] = Field(default_factory=lambda: ["release_day", "rollback"])


class ColumnParams(Params):
    section: Chapter = "release_day"
    columns: list[TimelineColumn] = Field(default_factory=lambda: list(TIMELINE_COLUMNS),
                                          min_length=1)
