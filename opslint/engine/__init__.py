"""Rule engine: rule schema, check registry, run, suppressions and findings."""
