"""Parameter models of the INC check kinds (light: importable without the checks)."""

from __future__ import annotations

from pydantic import Field

from opslint.checks.shared.params import Params

__all__ = ["PersonParams", "TermParams"]


class TermParams(Params):
    families: list[str] = Field(min_length=1)  # keys under `terms` in rules/vocab/blameless.yaml
    sections: list[str] = Field(default_factory=lambda: ["postmortem", "incident"])
    mechanism_exempt: bool = False  # a line naming a mechanism (CI, alert, script) is a real fix


class PersonParams(Params):
    sections: list[str] = Field(default_factory=lambda: ["postmortem", "incident"])
