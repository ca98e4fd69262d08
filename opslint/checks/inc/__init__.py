"""INC check kinds: severities, response flow, escalation, postmortems (rules/INC/)."""
