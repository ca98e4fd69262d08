"""Documents → facts, once per document: the extract stage of the pipeline (DESIGN.md §4)."""

from __future__ import annotations

from dataclasses import replace

from opslint.document.model import DocKind, Document
from opslint.engine.vocab import Vocab
from opslint.facts import monitoring, operation, recovery, yaml_rules
from opslint.facts.design import extract_design
from opslint.facts.dr_described import described_strategies
from opslint.facts.model import AuditLog, DocumentFacts, OperationFacts
from opslint.facts.reading import scan_lines
from opslint.facts.release import extract_release
from opslint.facts.technology import TechIndex, document_mentions
from opslint.facts.text import Terms

__all__ = ["extract_facts", "extract_operation"]

def extract_operation(doc: Document, vocab: Vocab, index: TechIndex,
                      audit: tuple[AuditLog, ...] | None = None) -> OperationFacts:
    """Facts of an operation design; fields stay empty where the document says nothing.
    ``audit``: the document's audit logs when already read (the design facts read them)."""
    legend = monitoring.level_legend(doc)
    # SLOs and alert rules pasted as YAML (OpenSLO, Sloth, Prometheus) stand in for a table
    # only where the document states none in tables or prose: never counted twice.
    slos = operation.slos(doc, vocab) or yaml_rules.yaml_slos(doc, Terms(vocab))
    monitors = monitoring.monitors(doc, vocab, dict(legend), index) or monitoring.with_levels(
        yaml_rules.yaml_monitors(doc), vocab, dict(legend), index)
    return OperationFacts(
        slis=operation.slis(doc, vocab),
        slos=slos,
        error_budgets=operation.error_budgets(doc, vocab),
        monitors=monitors,
        level_legend=legend,
        alert_levels=monitoring.alert_levels(doc, vocab, index),
        severities=monitoring.severities(doc, vocab),
        backups=recovery.backups(doc, vocab, index),
        objectives=recovery.objectives(doc, vocab),
        restore_steps=recovery.recovery_steps(doc, vocab, "restore"),
        failover_steps=recovery.recovery_steps(doc, vocab, "failover"),
        audit_logs=recovery.audit_logs(doc, vocab) if audit is None else audit,
    )


def extract_facts(doc: Document, vocab: Vocab, index: TechIndex | None = None) -> DocumentFacts:
    """Every fact of one document. Release and operation facts only for those kinds."""
    index = index or TechIndex.from_vocab(vocab)
    prose = {line.number: line.text for line in scan_lines(doc)}  # a line per number
    mentions = document_mentions(
        doc, index, prose, vocab, {"dr_strategy": vocab.term_list("facts", "dr_context")},
        {"dr_strategy": ("dr", vocab.term_list("facts", "dr_plan_context"))},
    )
    if not any(m.category == "dr_strategy" and m.polarity == "adopted" for m in mentions):
        mentions += described_strategies(doc, vocab)
    facts = DocumentFacts(doc.path, doc.kind.value, doc.lang, mentions=mentions,
                          slo_exclusion=operation.slo_exclusion(doc, vocab),
                          design=extract_design(doc, vocab, index))
    # Strategies stated as not adopted or planned ("active/active は採用しない", "warm
    # standby is planned for 2027") are not the document's strategy: adopted ones only.
    if doc.kind is DocKind.RELEASE:
        release = extract_release(doc, vocab)
        strategies = facts.named("deploy_strategy")
        facts = replace(facts, release=replace(release, deploy_strategies=strategies))
    elif doc.kind is DocKind.OPERATION:
        ops = extract_operation(doc, vocab, index, facts.design.audit_logs)
        facts = replace(facts, operation=replace(ops, dr_strategies=facts.named("dr_strategy")))
    return facts
