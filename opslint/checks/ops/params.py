"""Parameter models of the OPS check kinds (light: importable without the checks)."""

from __future__ import annotations

from pydantic import Field

from opslint.checks.shared.params import Params

__all__ = ["ManualParams"]


class ManualParams(Params):
    sections: list[str] = Field(min_length=1)  # section keys to look in
    families: list[str] = Field(min_length=1)  # keys under `terms` in rules/vocab/toil.yaml
