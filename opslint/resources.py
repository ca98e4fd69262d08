"""Where the bundled data (rules/, outlines, vocabularies) lives, installed or not."""

from __future__ import annotations

from pathlib import Path

__all__ = ["rules_dir"]


def rules_dir() -> Path:
    """The bundled rules folder: ``opslint/_rules`` in a wheel, ``rules/`` in a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "_rules"
    if installed.is_dir():
        return installed
    return package.parent / "rules"
