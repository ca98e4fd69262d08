"""Check kinds, one module per family; importing this package registers them all."""

from opslint.checks import outline
from opslint.checks import monitoring, monitoring_rows, slo_targets, topic_parts  # noqa: F401 - SLO/MON/OPS
from opslint.checks import release  # noqa: F401 - registers the release check kinds
from opslint.checks import blameless, placeholders, secrets, toil  # noqa: F401 - GATE/SEC/INC/OPS
from opslint.checks import backup, incident, incident_flow, parts, recovery, routine  # noqa: F401
from opslint.checks import incident_escalation, incident_postmortem  # noqa: F401 - INC
from opslint.checks import numeric  # noqa: F401 - SLO/MON/BDR/REL 050-059 arithmetic

__all__ = ["outline"]
