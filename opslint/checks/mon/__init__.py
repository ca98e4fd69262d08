"""MON check kinds: monitors, alerts, dashboards and their traceability (rules/MON/)."""
