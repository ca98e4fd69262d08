"""Parameter models of the GATE check kinds (light: importable without the checks)."""

from __future__ import annotations

from typing import Annotated

from opslint.checks.shared.params import Field, Params
from opslint.engine.references import ColumnKey, Ref, SectionKey

__all__ = ["EmptyCellParams", "GateItemParams", "TentativeParams", "TokenParams"]

# A family of template markers: a key of ``patterns`` in rules/vocab/placeholders.yaml.
PatternFamily = Annotated[str, Ref.vocab("placeholders", "patterns")]


class TokenParams(Params):
    families: list[PatternFamily]
    sections: list[SectionKey] = Field(default_factory=list)  # whole document when none
    headings: bool = True  # look in heading lines too
    skip_quoted: bool = False  # 「未定」 in quotes names a status, it is not one
    owner_values: bool = False  # also owner fields whose value is "名前"


class TentativeParams(Params):
    sections: list[SectionKey] = Field(default_factory=list)


class EmptyCellParams(Params):
    columns: list[ColumnKey]  # the columns whose cells must be filled
    skip_sections: list[SectionKey] = Field(default_factory=list)  # a specific rule owns these


class GateItemParams(Params):
    gate: int = Field(ge=0, le=6)  # report the open items of this gate only
