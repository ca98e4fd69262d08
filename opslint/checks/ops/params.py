"""Parameter models of the OPS check kinds (light: importable without the checks)."""

from __future__ import annotations

from typing import Annotated

from opslint.checks.shared.params import Field, Params
from opslint.engine.references import Ref, SectionKey

__all__ = ["ManualParams"]

# A family of manual-work terms: a key of ``terms`` in rules/vocab/toil.yaml.
ToilFamily = Annotated[str, Ref.vocab("toil", "terms")]


class ManualParams(Params):
    sections: list[SectionKey] = Field(min_length=1)  # where to look
    families: list[ToilFamily] = Field(min_length=1)
