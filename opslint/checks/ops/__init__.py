"""OPS check kinds: routine work and toil (rules/OPS/)."""
