"""Check kinds, one package per rule family (mirroring rules/); importing this package
registers them all."""

import opslint.checks.bdr.backup
import opslint.checks.bdr.numeric
import opslint.checks.bdr.objectives
import opslint.checks.gate.cells
import opslint.checks.gate.gates
import opslint.checks.gate.tokens
import opslint.checks.inc.blameless
import opslint.checks.inc.escalation
import opslint.checks.inc.flow
import opslint.checks.inc.postmortem
import opslint.checks.mon.alerts
import opslint.checks.mon.burn_rate
import opslint.checks.mon.rows
import opslint.checks.mon.table
import opslint.checks.mon.trace
import opslint.checks.ops.routine
import opslint.checks.ops.toil
import opslint.checks.rel.chapters
import opslint.checks.rel.contacts
import opslint.checks.rel.header
import opslint.checks.rel.mentions
import opslint.checks.rel.numeric
import opslint.checks.rel.rollback
import opslint.checks.rel.sequence
import opslint.checks.rel.text
import opslint.checks.rel.timeline
import opslint.checks.rel.vocab
import opslint.checks.sec.secrets
import opslint.checks.shared.common
import opslint.checks.shared.numeric
import opslint.checks.shared.outline
import opslint.checks.shared.parts
import opslint.checks.shared.severity
import opslint.checks.shared.text
import opslint.checks.shared.topic_parts
import opslint.checks.shared.units
import opslint.checks.slo.arithmetic
import opslint.checks.slo.sli
import opslint.checks.slo.targets
import opslint.checks.xdoc.common
import opslint.checks.xdoc.coverage
import opslint.checks.xdoc.deploy
import opslint.checks.xdoc.nfr
import opslint.checks.xdoc.security
import opslint.checks.xdoc.tools  # noqa: F401
