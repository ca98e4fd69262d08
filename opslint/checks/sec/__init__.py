"""SEC check kinds: secrets written into documents (rules/SEC/)."""
