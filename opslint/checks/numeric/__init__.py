"""Numeric consistency checks over extracted facts (SLO, MON, BDR and REL 050–059).

Importing this package registers its check kinds; one module per concept.
"""

from opslint.checks.numeric import monitors, recovery, release, slo

__all__ = ["monitors", "recovery", "release", "slo"]
