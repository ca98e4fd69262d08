"""Parameter models of the GATE check kinds (light: importable without the checks)."""

from __future__ import annotations

from pydantic import Field

from opslint.checks.shared.params import Params

__all__ = ["EmptyCellParams", "GateItemParams", "TentativeParams", "TokenParams"]


class TokenParams(Params):
    families: list[str]  # keys under `patterns` in placeholders.yaml
    sections: list[str] = Field(default_factory=list)  # section keys; whole document when none
    headings: bool = True  # look in heading lines too
    skip_quoted: bool = False  # 「未定」 in quotes names a status, it is not one
    owner_values: bool = False  # also owner fields whose value is "名前"


class TentativeParams(Params):
    sections: list[str] = Field(default_factory=list)


class EmptyCellParams(Params):
    columns: list[str]  # column keys of columns.yaml whose cells must be filled
    skip_sections: list[str] = Field(default_factory=list)  # section keys a specific rule owns


class GateItemParams(Params):
    gate: int = Field(ge=0, le=6)  # report the open items of this gate only
