"""GATE check kinds: placeholders, open items, empty required cells, open gate items."""
