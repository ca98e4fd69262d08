"""Parameter models of the SEC check kinds (light: importable without the checks)."""

from __future__ import annotations

from pydantic import Field

from opslint.checks.shared.params import Params

__all__ = ["SecretParams"]


class SecretParams(Params):
    kinds: list[str] = Field(min_length=1)  # kinds of rules/vocab/secrets.yaml
