"""Parameter models of the shared check kinds, and the base of every check's parameters.

Parameter models live apart from the checks: loading the rules validates every rule's
parameters with them, and must not import the check code itself (see checks/kinds.py).
"""

from __future__ import annotations

from typing import Literal

from opslint.engine.paramspec import Field, ParamsBase
from opslint.engine.references import ColumnKey, PartKey, PartsFile, SectionKey

__all__ = ["CodeMode", "Field", "Params", "PartsParams", "TableColumnsParams", "TopicParams"]

CodeMode = Literal["none", "comments", "all"]


class Params(ParamsBase):
    """Check parameters: unknown keys are errors, and a rule's parameters never change.
    A frozen dataclass, validated with pydantic when the rules load (engine/paramspec.py)."""


class PartsParams(Params):
    vocab: PartsFile  # rules/vocab/<vocab>.yaml, whose ``parts`` mapping names the parts
    parts: list[PartKey] = Field(min_length=1)
    scope: list[SectionKey] = Field(min_length=1)  # where the parts belong
    exclude: list[SectionKey] = Field(default_factory=list)  # scope sections must not match
    fallback: list[SectionKey] = Field(default_factory=list)  # tried when scope is absent
    otherwise: Literal["skip", "document"] = "skip"  # when neither is found
    anywhere: list[PartKey] = Field(default_factory=list)  # parts that may sit anywhere in the doc
    code: CodeMode = "none"


class TableColumnsParams(Params):
    scope: list[SectionKey] = Field(min_length=1)  # the sections holding the table
    required: list[ColumnKey] = Field(min_length=1)
    anchor: list[ColumnKey] = Field(default_factory=list)  # only tables with these columns count
    no_table: Literal["report", "skip"] = "report"  # a scope section without such a table


class TopicParams(Params):
    vocab: PartsFile  # rules/vocab/<vocab>.yaml, whose ``parts`` hold the topic and its parts
    topic: PartKey  # the part naming the topic (error budget, escalation, dashboard…)
    parts: list[PartKey] = Field(min_length=1)  # parts that must appear where the topic is
    within: list[SectionKey] = Field(default_factory=list)  # sections bounding the search
    anchor: list[SectionKey] = Field(default_factory=list)  # where an absent topic is reported
    if_absent: Literal["report", "skip"] = "report"
