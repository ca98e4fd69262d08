"""Parameter models of the INC check kinds (light: importable without the checks)."""

from __future__ import annotations

from typing import Annotated

from opslint.checks.shared.params import Field, Params
from opslint.engine.references import Ref, SectionKey

__all__ = ["PersonParams", "TermParams"]

# A family of blaming terms: a key of ``terms`` in rules/vocab/blameless.yaml.
TermFamily = Annotated[str, Ref.vocab("blameless", "terms")]


class TermParams(Params):
    families: list[TermFamily] = Field(min_length=1)
    sections: list[SectionKey] = Field(default_factory=lambda: ["postmortem", "incident"])
    mechanism_exempt: bool = False  # a line naming a mechanism (CI, alert, script) is a real fix


class PersonParams(Params):
    sections: list[SectionKey] = Field(default_factory=lambda: ["postmortem", "incident"])
