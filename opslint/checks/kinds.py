"""Every check kind a rule file can name: where its function is, and its parameter model.

This table is the registry; nothing registers itself by being imported. Loading the rules
imports only the parameter models (light modules, no check code) to validate every rule's
parameters; a check module is imported the first time a rule of one of its kinds runs, so
a run pays only for the checks it uses. Kinds are grouped by the family whose rules use
them, as the packages are; tests/test_check_kinds.py keeps this table, rules/ and the
check functions in step.
"""

from __future__ import annotations

from collections.abc import Mapping

from opslint.checks.bdr import params as bdr
from opslint.checks.gate import params as gate
from opslint.checks.inc import params as inc
from opslint.checks.mon import params as mon
from opslint.checks.ops import params as ops
from opslint.checks.rel import params as rel
from opslint.checks.sec import params as sec
from opslint.checks.shared import params as shared
from opslint.checks.slo import params as slo
from opslint.checks.xdoc import params as xdoc
from opslint.engine.paramspec import ParamsBase
from opslint.engine.registry import CheckKind, NoParams

__all__ = ["KINDS"]


def _kind(name: str, where: str, params: type[ParamsBase] = NoParams) -> CheckKind:
    """A kind from ``"<package>.<module>:<function>"`` under opslint/checks/."""
    module, function = where.split(":")
    return CheckKind(name, params, f"opslint.checks.{module}", function)


def _table(*kinds: CheckKind) -> Mapping[str, CheckKind]:
    table: dict[str, CheckKind] = {}
    for kind in kinds:
        if kind.name in table:
            raise RuntimeError(f"check kind {kind.name!r} listed twice")
        table[kind.name] = kind
    return table


KINDS: Mapping[str, CheckKind] = _table(
    # shared: outlines, parts and topics, used by rules of several families
    _kind("outline-section-empty", "shared.outline:section_empty"),
    _kind("outline-section-missing", "shared.outline:section_missing"),
    _kind("outline-section-order", "shared.outline:section_order"),
    _kind("parts-missing", "shared.parts:parts_missing", shared.PartsParams),
    _kind("section-table-columns-missing",
          "shared.parts:table_columns_missing", shared.TableColumnsParams),
    _kind("topic-parts-missing", "shared.topic_parts:topic_parts_missing", shared.TopicParams),
    # REL: the release procedure
    _kind("downtime-exceeds-error-budget", "rel.numeric:downtime_exceeds_budget"),
    _kind("downtime-most-of-error-budget", "rel.numeric:downtime_most_of_budget"),
    _kind("relative-timeline-vs-window", "rel.numeric:release_timeline_window"),
    _kind("release-contact-cells", "rel.contacts:contact_cells"),
    _kind("release-contact-columns", "rel.contacts:contact_columns"),
    _kind("release-contact-single-person", "rel.contacts:single_person", rel.SinglePersonParams),
    _kind("release-header-field-empty", "rel.header:field_empty", rel.FieldParams),
    _kind("release-header-field-missing", "rel.header:field_missing", rel.FieldParams),
    _kind("release-manual-step", "rel.toil:manual_release_step", rel.PipelineManualParams),
    _kind("release-mentions", "rel.mentions:mentions", rel.MentionParams),
    _kind("release-paired-steps", "rel.sequence:paired_steps", rel.PairParams),
    _kind("release-pattern", "rel.mentions:pattern", rel.PatternParams),
    _kind("release-timeline-cells", "rel.timeline:timeline_cells", rel.ColumnParams),
    _kind("release-timeline-columns", "rel.timeline:timeline_columns", rel.ColumnParams),
    _kind("release-timeline-order", "rel.sequence:timeline_order", rel.SequenceParams),
    _kind("release-timeline-window", "rel.sequence:timeline_window", rel.SequenceParams),
    _kind("rollback-criteria-missing", "rel.rollback:criteria_missing", rel.CriteriaParams),
    _kind("rollback-database-step-missing", "rel.rollback:database_rollback_missing",
          rel.DatabaseRollbackParams),
    _kind("rollback-criteria-vague", "rel.rollback:criteria_vague", rel.CriteriaParams),
    _kind("rollback-vs-window", "rel.numeric:rollback_fits_window"),
    # OPS: routine work and toil
    _kind("manual-step", "ops.toil:manual_step", ops.ManualParams),
    _kind("routine-cadence-missing", "ops.routine:cadence_missing"),
    _kind("routine-task-missing", "ops.routine:task_missing"),
    _kind("routine-effort-missing", "ops.effort:routine_effort_missing"),
    _kind("routine-obligation-missing", "ops.obligations:routine_obligation_missing"),
    _kind("single-person-on-call", "ops.oncall:single_person_on_call"),
    # SLO: SLIs, SLO targets and error budgets
    _kind("availability-vs-error-rate", "slo.arithmetic:availability_vs_error_rate"),
    _kind("error-budget-arithmetic", "slo.arithmetic:error_budget_arithmetic"),
    _kind("latency-percentile-order", "slo.targets:latency_percentile_order"),
    _kind("latency-unit-missing", "slo.targets:latency_unit_missing"),
    _kind("sli-definition-lacks", "slo.sli:definition_lacks", slo.StatementParams),
    _kind("sli-kind-missing", "slo.sli:sli_kind_missing"),
    _kind("sli-undefined", "slo.sli:sli_undefined"),
    _kind("slo-target-missing", "slo.targets:target_missing"),
    _kind("slo-target-not-below-100", "slo.targets:target_not_below_100"),
    _kind("slo-window-missing", "slo.targets:window_missing"),
    _kind("slo-window-month-only", "slo.targets:window_month_only"),
    # MON: monitors, alerts and their traceability
    _kind("alert-info-pages", "mon.alerts:info_pages"),
    _kind("alert-level-channel-missing", "mon.alerts:level_channel_missing"),
    _kind("burn-rate-cannot-fire", "mon.burn_rate:burn_rate_cannot_fire"),
    _kind("burn-rate-fires-late", "mon.burn_rate:burn_rate_fires_late"),
    _kind("burn-rate-threshold-mismatch", "mon.burn_rate:burn_rate_threshold_mismatch"),
    _kind("critical-monitor-not-paging", "mon.alerts:critical_not_paging"),
    _kind("critical-paging-limited", "mon.paging:critical_paging_limited"),
    _kind("latency-alert-percentile-order", "mon.latency_order:latency_alert_percentile_order"),
    _kind("monitor-column-missing", "mon.table:column_missing", mon.ColumnsParams),
    _kind("monitor-critical-without-action", "mon.rows:critical_without_action"),
    _kind("monitor-id-duplicate", "mon.table:id_duplicate"),
    _kind("monitor-id-pattern", "mon.table:id_pattern", mon.IdPatternParams),
    _kind("monitor-level-unknown", "mon.rows:level_unknown"),
    _kind("monitor-sli-unlinked", "mon.trace:monitor_unlinked"),
    _kind("monitor-table-missing", "mon.table:table_missing"),
    _kind("monitor-threshold-incomplete", "mon.rows:threshold_incomplete"),
    _kind("monitor-threshold-vague", "mon.rows:threshold_vague"),
    _kind("parts-unpaired", "mon.alerts:parts_unpaired", mon.UnpairedParams),
    _kind("sli-without-monitor", "mon.trace:sli_without_monitor"),
    # INC: incidents, escalation and postmortems
    _kind("blame-person", "inc.blameless:blame_person", inc.PersonParams),
    _kind("blame-term", "inc.blameless:blame_term", inc.TermParams),
    _kind("escalation-conditions-missing", "inc.escalation:conditions_missing"),
    _kind("executive-escalation-missing", "inc.escalation:executive_missing"),
    _kind("escalation-loop", "ops.oncall:escalation_loop"),
    _kind("past-incidents-unreviewed", "inc.postmortem:past_incidents_unreviewed"),
    _kind("postmortem-template-incomplete", "inc.postmortem:template_incomplete"),
    _kind("postmortem-template-missing", "inc.postmortem:template_missing"),
    _kind("response-flow-out-of-order", "inc.flow:out_of_order"),
    _kind("response-flow-step-missing", "inc.flow:step_missing"),
    _kind("severity-criteria-missing", "inc.severity:criteria_missing"),
    _kind("severity-level-missing", "inc.severity:level_missing"),
    _kind("severity-levels-missing", "inc.severity:levels_missing"),
    _kind("severity-scales-unmapped", "inc.severity:scales_unmapped"),
    # BDR: backup, recovery objectives and DR
    _kind("backup-interval-exceeds-rpo", "bdr.numeric:backup_interval_exceeds_rpo"),
    _kind("backup-replication-only", "bdr.numeric:backup_replication_only"),
    _kind("backup-schedule-incomplete", "bdr.backup:schedule_incomplete"),
    _kind("dr-strategy-vs-rto", "bdr.numeric:dr_strategy_vs_rto"),
    _kind("recovery-objective-missing", "bdr.objectives:objective_missing"),
    _kind("recovery-procedure-missing", "bdr.backup:procedure_missing", bdr.ProcedureParams),
    _kind("recovery-time-exceeds-rto", "bdr.numeric:recovery_time_exceeds_rto"),
    _kind("recovery-time-near-rto", "bdr.numeric:recovery_time_near_rto"),
    _kind("rto-exceeds-error-budget", "bdr.budget:rto_exceeds_error_budget"),
    # XDOC: agreement between documents
    _kind("audit-log-kind-missing", "xdoc.security:audit_log_kind_missing"),
    _kind("audit-log-missing-from-logs", "xdoc.security:audit_log_missing_from_logs"),
    _kind("audit-log-retention-short", "xdoc.security:audit_log_retention_short"),
    _kind("blue-green-rollback-switch", "xdoc.deploy:blue_green_rollback_switch"),
    _kind("coexisting-versions-ddl", "xdoc.deploy:coexisting_versions_ddl"),
    _kind("deploy-strategy-mismatch", "xdoc.deploy:strategy_mismatch"),
    _kind("design-entity-backup-coverage",
          "xdoc.coverage:entity_backup_coverage", xdoc.BackupCoverageParams),
    _kind("design-entity-monitor-coverage",
          "xdoc.coverage:entity_monitor_coverage", xdoc.MonitorCoverageParams),
    _kind("disposable-datastore-backup-note", "xdoc.coverage:disposable_backup_note"),
    _kind("integration-contact-coverage", "xdoc.coverage:integration_contact_coverage"),
    _kind("integration-monitor-coverage", "xdoc.coverage:integration_monitor_coverage"),
    _kind("monitoring-tool-outside-design", "xdoc.tools:tool_outside_design"),
    _kind("nfr-figure-mismatch", "xdoc.nfr:nfr_mismatch"),
    _kind("release-approver-outside-flow", "xdoc.security:approver_outside_flow"),
    # GATE: placeholders and open gate items
    _kind("gate-item-open", "gate.gates:gate_item_open", gate.GateItemParams),
    _kind("gate-item-subject-absent", "gate.ticked:gate_item_subject_absent"),
    _kind("placeholder-token", "gate.tokens:placeholder_token", gate.TokenParams),
    _kind("required-cell-empty", "gate.cells:required_cell_empty", gate.EmptyCellParams),
    _kind("tentative-value", "gate.tokens:tentative_value", gate.TentativeParams),
    # SEC: secrets
    _kind("secret-in-text", "sec.secrets:secret_in_text", sec.SecretParams),
)
