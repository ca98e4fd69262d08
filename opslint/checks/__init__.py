"""Check kinds, one module per family; importing this package registers them all."""

from opslint.checks import (  # noqa: F401 - SLO/MON/OPS  # noqa: F401 - GATE/SEC/INC/OPS  # noqa: F401  # noqa: F401 - INC
    backup,
    blameless,
    crossdoc_coverage,  # XDOC
    crossdoc_deploy,
    crossdoc_nfr,
    crossdoc_security,
    crossdoc_tools,
    incident,
    incident_escalation,
    incident_flow,
    incident_postmortem,
    monitoring,
    monitoring_rows,
    numeric,
    outline,
    parts,
    placeholders,
    recovery,
    release,
    routine,
    secrets,
    slo_targets,
    toil,
    topic_parts,
    trace,  # MON060+
)

__all__ = ["outline"]
