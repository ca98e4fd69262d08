"""Parameter models of the BDR check kinds (light: importable without the checks)."""

from __future__ import annotations

from pydantic import Field

from opslint.checks.shared.params import Params

__all__ = ["ProcedureParams"]


class ProcedureParams(Params):
    procedure: str  # a key of ``procedures`` in rules/vocab/backup.yaml
    scope: list[str] = Field(min_length=1)  # section keys where it belongs
    exclude: list[str] = Field(default_factory=list)  # scope sections must not match these
    fallback: list[str] = Field(default_factory=list)  # section keys tried when scope is absent
