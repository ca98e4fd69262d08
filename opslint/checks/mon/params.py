"""Parameter models of the MON check kinds (light: importable without the checks)."""

from __future__ import annotations

from pydantic import Field

from opslint.checks.shared.params import Params

__all__ = ["ColumnsParams", "UnpairedParams"]


class UnpairedParams(Params):
    vocab: str  # rules/vocab/<vocab>.yaml, whose ``parts`` hold both the parts and companion
    parts: list[str] = Field(min_length=1)
    companion: str
    scope: list[str] = Field(min_length=1)  # section keys


class ColumnsParams(Params):
    columns: list[str] = Field(min_length=1)  # column keys of rules/vocab/columns.yaml
