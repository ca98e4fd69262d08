"""Compare the commitments of two semantic models (base and head revision)."""

from __future__ import annotations

from opslint.diff.changes import CommitmentChange, Direction, Place
from opslint.facts.semantic import SemanticModel

__all__ = ["compare_commitments"]


def _slos(model: SemanticModel) -> dict[str, tuple[float, Place]]:
    found: dict[str, tuple[float, Place]] = {}
    for facts in model.all_facts():
        for slo in facts.operation.slos:
            if slo.percent is not None:
                found.setdefault(slo.name, (slo.percent, Place(facts.path.as_posix(), slo.line)))
    return found


def compare_commitments(base: SemanticModel, head: SemanticModel) -> list[CommitmentChange]:
    """Every commitment that differs between the base and the head model, in a stable order.

    First cut: percentage SLO targets only (the rest of the commitments follow).
    """
    old, new = _slos(base), _slos(head)
    changes: list[CommitmentChange] = []
    for name in sorted(old.keys() | new.keys()):
        before, after = old.get(name), new.get(name)
        if before and after and before[0] == after[0]:
            continue
        direction: Direction
        if before and after:
            direction = "strengthened" if after[0] > before[0] else "weakened"
        else:
            direction = "strengthened" if after else "weakened"
        changes.append(CommitmentChange(
            "slo", name, "target" if before and after else "",
            f"{before[0]:g}%" if before else None, f"{after[0]:g}%" if after else None,
            direction, before[1] if before else None, after[1] if after else None))
    return changes
