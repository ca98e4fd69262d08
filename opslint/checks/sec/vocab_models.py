"""The secret shapes (rules/vocab/secrets.yaml ``kinds``) as models: frozen dataclasses
validated when the vocabularies load (opslint/checks/vocabs.py), compiled and read by
checks/sec/secrets.py."""

from __future__ import annotations

from typing import Literal

from opslint.engine.paramspec import VocabBase
from opslint.engine.schema import Localized

__all__ = ["KindSpec"]


class KindSpec(VocabBase):
    """One secret shape in rules/vocab/secrets.yaml."""

    label: Localized
    regex: str
    hint: str
    dummies: Literal["strict", "full"] = "strict"
    generic: bool = False  # yields to a specific kind matching the same text
    ascii_only: bool = False
    min_length: int = 1
    needs_mix: bool = False  # a letter plus a digit or a strong symbol
    near: str | None = None  # another pattern that must appear within near_lines
    near_lines: int = 3
    body: str | None = None  # a line that must follow within body_lines (a key body)
    body_lines: int = 4
