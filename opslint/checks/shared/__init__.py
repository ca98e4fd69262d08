"""Check kinds and reading helpers used by rules of several families."""
