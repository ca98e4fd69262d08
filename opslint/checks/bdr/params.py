"""Parameter models of the BDR check kinds (light: importable without the checks)."""

from __future__ import annotations

from typing import Annotated

from opslint.checks.shared.params import Field, Params
from opslint.engine.references import Ref, SectionKey

__all__ = ["ProcedureParams"]


class ProcedureParams(Params):
    procedure: Annotated[str, Ref.vocab("backup", "procedures")]
    scope: list[SectionKey] = Field(min_length=1)  # where it belongs
    exclude: list[SectionKey] = Field(default_factory=list)  # scope sections must not match
    fallback: list[SectionKey] = Field(default_factory=list)  # tried when scope is absent
