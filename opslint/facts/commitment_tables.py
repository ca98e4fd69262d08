"""Commitments read from the tables of their role: escalation steps and the error-budget
policy (``opslint diff``; rules/vocab/tables.yaml roles ``escalation`` and ``error_budget``).

An escalation step is a row of an escalation table: when (its condition and its delay) and
to whom. A budget action is a row of an error-budget table: at what consumption the team
does what. Both are read by column role, so the wording of a team's headers does not matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from opslint.document.model import Document
from opslint.document.normalize import contains_any, normalize
from opslint.engine.vocab import Vocab
from opslint.facts.labels import read_label
from opslint.facts.quantities import find_durations, find_percentages
from opslint.facts.reading import Reading
from opslint.facts.table_roles import ReadTable, tables_of_role

__all__ = ["BUDGET_POLICY", "ESCALATIONS", "BudgetAction", "EscalationStep"]

# The target ends where its clause does ("Tomasz Nowak joins; …", "CTO へ連絡。…").
_CLAUSE_END = re.compile(r"[;；。]|\.\s")


@dataclass(frozen=True)
class EscalationStep:
    """One escalation: its condition, whom it reaches and after how long (minutes)."""

    condition: str
    target: str
    delay: float | None
    delay_text: str
    line: int
    text: str


@dataclass(frozen=True)
class BudgetAction:
    """One rule of the error-budget policy: its trigger (a consumption), and the measure."""

    trigger: str
    percent: float | None
    action: str
    line: int
    text: str


def _target(table: ReadTable, index: int) -> tuple[str, int | None]:
    for key in ("escalate_to", "escalation_step", "role", "name"):
        if key in table.columns:
            return table.cell(index, key).strip(), table.columns[key]
    return "", None


def _escalations(doc: Document, model: object) -> tuple[EscalationStep, ...]:
    vocab = model.vocab  # type: ignore[attr-defined]
    found: list[EscalationStep] = []
    for table in tables_of_role(doc, vocab, "escalation"):
        for index, row in enumerate(table.view.rows):
            target, target_col = _target(table, index)
            condition = table.cell(index, "threshold") or table.cell(index, "level")
            time_cells = [table.cell(index, k) for k in ("time", "response_time") if
                          k in table.columns]
            skip = {target_col, table.columns.get("threshold"), table.columns.get("level")}
            others = [c for i, c in enumerate(row.cells) if i not in skip]
            delay = None
            for cells in (time_cells, others):
                durations = [d for c in cells for d in find_durations(c)]
                if durations:
                    delay = durations[0]
                    break
            found.append(EscalationStep(
                condition.strip(), target, delay.minutes if delay else None,
                delay.text if delay else "", row.line, " | ".join(row.cells)))
    found += _listed(doc, vocab, {s.line for s in found})
    return tuple(found)


def _listed(doc: Document, vocab: Vocab, tabled: set[int]) -> Iterator[EscalationStep]:
    """ "After 15 minutes without acknowledgement: SRE Manager", "Sev-1 の宣言: CTO へ 30分以内":
    the labelled list items of an escalation chapter, when the item states a delay."""
    seen: set[int] = set()
    for section in vocab.find_sections(doc, "escalation"):
        for item in section.items():
            label = read_label(item.text)
            if item.line in seen or item.line in tabled or label is None:
                continue
            seen.add(item.line)
            durations = find_durations(label.label) or find_durations(label.value)
            at_once = contains_any(normalize(label.label), vocab.term_list("diff", "at_once"))
            if not durations and not at_once:
                continue
            target = _CLAUSE_END.split(label.value, 1)[0].strip()
            yield EscalationStep(label.label.strip(), target,
                                 durations[0].minutes if durations else 0.0,
                                 durations[0].text if durations else label.label.strip(),
                                 item.line, item.text)


def _budget_policy(doc: Document, model: object) -> tuple[BudgetAction, ...]:
    vocab = model.vocab  # type: ignore[attr-defined]
    found: list[BudgetAction] = []
    for table in tables_of_role(doc, vocab, "error_budget"):
        trigger_key = "burn" if "burn" in table.columns else "budget"
        action_key = "measure" if "measure" in table.columns else "action"
        for index, row in enumerate(table.view.rows):
            trigger = table.cell(index, trigger_key).strip()
            percents = find_percentages(trigger)
            found.append(BudgetAction(
                trigger, percents[0].value if percents else None,
                table.cell(index, action_key).strip(), row.line, " | ".join(row.cells)))
    return tuple(found)


ESCALATIONS: Reading[tuple[EscalationStep, ...]] = Reading("commitment-escalations",
                                                          _escalations)
BUDGET_POLICY: Reading[tuple[BudgetAction, ...]] = Reading("commitment-budget-policy",
                                                          _budget_policy)
