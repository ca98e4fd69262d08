"""Commitments read from the tables of their role: escalation steps and the error-budget
policy (``opslint diff``; rules/vocab/tables.yaml roles ``escalation`` and ``error_budget``).

An escalation step is a row of an escalation table: when (its condition and its delay) and
to whom. A budget action is a row of an error-budget table: at what consumption the team
does what. Both are read by column role, so the wording of a team's headers does not matter.
"""

from __future__ import annotations

from dataclasses import dataclass

from opslint.document.model import Document
from opslint.facts.quantities import find_durations, find_percentages
from opslint.facts.reading import Reading
from opslint.facts.table_roles import ReadTable, tables_of_role

__all__ = ["BUDGET_POLICY", "ESCALATIONS", "BudgetAction", "EscalationStep"]


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
    return tuple(found)


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
