"""Parameter models of the shared check kinds, and the base of every check's parameters.

Parameter models live apart from the checks: loading the rules validates every rule's
parameters with them, and must not import the check code itself (see checks/kinds.py).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CodeMode", "Params", "PartsParams", "TableColumnsParams", "TopicParams"]

CodeMode = Literal["none", "comments", "all"]


class Params(BaseModel):
    """Check parameters: unknown keys are errors, and a rule's parameters never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PartsParams(Params):
    vocab: str  # rules/vocab/<vocab>.yaml, whose ``parts`` mapping names the parts
    parts: list[str] = Field(min_length=1)
    scope: list[str] = Field(min_length=1)  # section keys where the parts belong
    exclude: list[str] = Field(default_factory=list)  # scope sections must not match these
    fallback: list[str] = Field(default_factory=list)  # section keys tried when scope is absent
    otherwise: Literal["skip", "document"] = "skip"  # when neither is found
    anywhere: list[str] = Field(default_factory=list)  # parts that may sit anywhere in the doc
    code: CodeMode = "none"


class TableColumnsParams(Params):
    scope: list[str] = Field(min_length=1)  # section keys holding the table
    required: list[str] = Field(min_length=1)  # column keys of rules/vocab/columns.yaml
    anchor: list[str] = Field(default_factory=list)  # only tables with these columns count
    no_table: Literal["report", "skip"] = "report"  # a scope section without such a table


class TopicParams(Params):
    vocab: str  # rules/vocab/<vocab>.yaml, whose ``parts`` hold the topic and its parts
    topic: str  # the part naming the topic (error budget, escalation, dashboard…)
    parts: list[str] = Field(min_length=1)  # parts that must appear where the topic is
    within: list[str] = Field(default_factory=list)  # section keys bounding the search
    anchor: list[str] = Field(default_factory=list)  # where an absent topic is reported
    if_absent: Literal["report", "skip"] = "report"
