"""SLO check kinds: SLIs, SLO targets and error budgets (rules/SLO/)."""
