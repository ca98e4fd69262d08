"""Placeholders and open gates: template markers, open items, empty required cells,
tentative values and unchecked confirmation-gate items (GATE rules)."""

from opslint.checks.placeholders import cells, gates, text, tokens

__all__ = ["cells", "gates", "text", "tokens"]
