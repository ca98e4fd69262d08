"""Compare the commitments of two semantic models (base and head revision).

Documents are paired by kind (one document per kind in a set), so a renamed or moved file
is followed; when several share a kind they pair by path (through ``renamed``), then by
title, then in order. Within a pair, every family (``commitments_ops``, ``_design``,
``_release``) lists the document's commitments as items, matched by meaning (an ID, a name,
a target, a scope), never by line: rows reordered or chapters moved change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from opslint.diff.changes import CommitmentChange
from opslint.diff.commitments_base import Item, compare
from opslint.diff.commitments_design import design_items
from opslint.diff.commitments_ops import operation_items
from opslint.diff.commitments_release import release_items
from opslint.document.model import Document
from opslint.facts.semantic import SemanticModel

__all__ = ["KINDS", "compare_commitments", "pair_documents"]

# Every kind of commitment, in the order reports list them.
KINDS = (
    "slo", "sli", "error_budget", "budget_policy", "monitor", "alert_route", "escalation",
    "on_call", "contact", "severity", "rto", "rpo", "nfr", "backup", "dr_strategy",
    "recovery_time", "audit_log", "deploy_strategy", "release_window", "rollback_criterion",
    "release_owner", "decider", "approver",
)
_ORDER = {kind: index for index, kind in enumerate(KINDS)}
_NO_RENAMES: Mapping[str, str] = MappingProxyType({})


def _path(doc: Document) -> str:
    return doc.path.as_posix()


def pair_documents(base: SemanticModel, head: SemanticModel,
                   renamed: Mapping[str, str] = _NO_RENAMES,
                   ) -> list[tuple[Document | None, Document | None]]:
    """Base and head documents that are the same document: one per kind, else by path
    (a rename followed), then by title, then in order; the rest stand alone."""
    pairs: list[tuple[Document | None, Document | None]] = []
    kinds = list(dict.fromkeys([d.kind for d in base.docs] + [d.kind for d in head.docs]))
    for kind in kinds:
        olds, news = base.docs.of_kind(kind), head.docs.of_kind(kind)
        if len(olds) == 1 and len(news) == 1:
            pairs.append((olds[0], news[0]))
            continue
        for same in (lambda o, n: renamed.get(_path(o), _path(o)) == _path(n),
                     lambda o, n: bool(o.title) and o.title == n.title,
                     lambda o, n: True):
            for old in list(olds):
                new = next((n for n in news if same(old, n)), None)
                if new is not None:
                    pairs.append((old, new))
                    olds.remove(old)
                    news.remove(new)
        pairs += [(o, None) for o in olds] + [(None, n) for n in news]
    return pairs


def _items(model: SemanticModel, doc: Document | None) -> dict[str, list[Item]]:
    found: dict[str, list[Item]] = {}
    if doc is None:
        return found
    facts = model.facts(doc)
    dr_ranks = model.vocab.terms.get("diff", {}).get("dr_strategy_rank", {})
    for family in (operation_items(facts, model, doc), design_items(facts, dr_ranks),
                   release_items(facts, doc, model.vocab)):
        for kind, item in family:
            found.setdefault(kind, []).append(item)
    return found


def _line(change: CommitmentChange) -> int:
    place = change.head or change.base
    return place.line if place else 0


def compare_commitments(base: SemanticModel, head: SemanticModel, *,
                        renamed: Mapping[str, str] = _NO_RENAMES) -> list[CommitmentChange]:
    """Every commitment that differs between the base and the head model, in a stable order:
    by document (head path, else base path), kind, then line."""
    changes: list[CommitmentChange] = []
    for old_doc, new_doc in pair_documents(base, head, renamed):
        old, new = _items(base, old_doc), _items(head, new_doc)
        base_path = _path(old_doc) if old_doc else None
        head_path = _path(new_doc) if new_doc else None
        found: list[CommitmentChange] = []
        for kind in sorted(old.keys() | new.keys(), key=lambda k: _ORDER.get(k, len(KINDS))):
            found += sorted(compare(kind, old.get(kind, []), new.get(kind, []), base_path,
                                    head_path), key=_line)
        changes += found
    return changes
