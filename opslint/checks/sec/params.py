"""Parameter models of the SEC check kinds (light: importable without the checks)."""

from __future__ import annotations

from typing import Annotated

from opslint.checks.shared.params import Field, Params
from opslint.engine.references import Ref

__all__ = ["SecretParams"]


class SecretParams(Params):
    kinds: list[Annotated[str, Ref.vocab("secrets", "kinds")]] = Field(min_length=1)
