"""REL check kinds: the release procedure (rules/REL/)."""
