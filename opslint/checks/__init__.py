"""Check kinds, one module per family; importing this package registers them all."""

from opslint.checks import outline

__all__ = ["outline"]
