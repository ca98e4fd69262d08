"""Commitments of the release procedure and the people: deploy strategy, release window,
rollback criteria; approvers, deciders, on-call and contact roles."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from opslint.diff.changes import Direction
from opslint.diff.commitments_base import (
    Item,
    Value,
    norm_key,
    sign_direction,
    stated,
)
from opslint.diff.commitments_design import ranked_set
from opslint.diff.commitments_ops import threshold_direction
from opslint.document.model import Document
from opslint.document.normalize import contains_any, normalize
from opslint.engine.vocab import Vocab
from opslint.facts.model import DocumentFacts, RollbackCriterion

__all__ = ["release_items"]

Items = Iterator[tuple[str, Item]]

_LEAD_NUMBER = re.compile(r"^\s*\d+\s*$")
_PEOPLE_KINDS = ("release", "operation")


def _spread(old: Value, new: Value) -> Direction:
    """Deploy strategies compared by their weakest and their best rank: both up (or one up,
    one equal) is stronger, both down weaker, one up and one down neutral."""
    before, after = old.extra, new.extra
    if not (isinstance(before, tuple) and isinstance(after, tuple) and before and after):
        return "neutral"
    signs = [(a > b) - (a < b) for a, b in ((min(after), min(before)), (max(after), max(before)))]
    return sign_direction(signs)


def _strategy(facts: DocumentFacts, ranks: Mapping[str, object]) -> Items:
    mentions = facts.release.deploy_strategies
    ranked = tuple(m for m in mentions if m.name in ranks)
    others = tuple(m for m in mentions if m.name not in ranks)
    for group, key in ((ranked, "deploy"), (others, "complement")):
        value = ranked_set(group, ranks)
        if value is not None:
            if key == "complement":  # feature flags…: compared as a set, no order
                value = Value(value.text, token=value.token, presence="strengthened")
            else:
                found = tuple(float(str(ranks[m.name])) for m in group
                              if m.polarity == "adopted")
                value = Value(value.text, token=value.token, compare=_spread, extra=found)
            yield "deploy_strategy", Item((key,), value.text if key == "complement" else "",
                                          min(m.line for m in group), (("strategy", value),))


def _window(facts: DocumentFacts) -> Items:
    window = facts.release.window
    if window is None:
        return
    # A longer or moved window promises nothing less: neutral, shown as written.
    yield "release_window", Item(("window",), "", window.line, (
        ("window", Value(window.window.text, token=(window.start, window.end,
                                                   window.window.date))),
    ), added="neutral", removed="neutral")


def _criterion_key(criterion: RollbackCriterion) -> str:
    """The criterion without its figures: what it watches ("ALB 5xx率 | Datadog…")."""
    text = criterion.text
    for threshold in criterion.thresholds:
        text = text.replace(threshold.text, " ")
    cells = [c for c in text.split("|") if c.strip() and not _LEAD_NUMBER.match(c)]
    return re.sub(r"[0-9０-９.:：%％]+", "", norm_key(" ".join(cells)))


def _criteria(facts: DocumentFacts) -> Items:
    for criterion in facts.release.rollback_criteria:
        measurable = bool(criterion.thresholds) or criterion.deadline is not None
        fields = []
        if criterion.thresholds:
            identity = tuple((t.comparator, t.value, t.unit,
                              t.duration.minutes if t.duration else None)
                             for t in criterion.thresholds)
            fields.append(("threshold", Value(
                " / ".join(t.text for t in criterion.thresholds), token=identity,
                compare=threshold_direction, extra=criterion.thresholds)))
        if criterion.deadline is not None:
            minute = criterion.deadline % 1440
            # An earlier deadline rolls back sooner.
            fields.append(("deadline", Value(f"{minute // 60:02d}:{minute % 60:02d}",
                                             criterion.deadline, "lower")))
        text = criterion.text
        for threshold in criterion.thresholds:
            text = text.replace(threshold.text, "")
        cells = [c.strip() for c in text.split("|") if c.strip() and not _LEAD_NUMBER.match(c)]
        label = (cells[0] if cells else criterion.text)[:60]
        key = _criterion_key(criterion)
        # A criterion reworded keeps its figures or its opening words.
        figures = repr(fields[0][1].token) if criterion.thresholds else ""
        yield "rollback_criterion", Item(
            (key, figures, key[:16]), label, criterion.line, tuple(fields),
            added="strengthened" if measurable else "neutral",
            removed="weakened" if measurable else "neutral")


def _role_kinds(role: str, approver: bool, vocab: Vocab) -> list[str]:
    """An approver and a decider are commitments of their own (a role may be both); any
    other role of a release or operation document is on call or a contact."""
    norm = normalize(role)
    kinds = ["approver"] if approver else []
    if contains_any(norm, vocab.term_list("diff", "decider")):
        kinds.append("decider")
    if kinds:
        return kinds
    return ["on_call" if contains_any(norm, vocab.term_list("diff", "oncall")) else "contact"]


def _people(facts: DocumentFacts, vocab: Vocab, owner_line: int) -> Items:
    for role in facts.design.roles:
        if role.line == owner_line:
            continue  # the release owner of the header: compared as such
        for kind in _role_kinds(role.role, role.approver, vocab):
            if kind in ("on_call", "contact") and facts.kind not in _PEOPLE_KINDS:
                continue  # a permission table of the security design: not a contact
            # Matched by the role, else by role and holder, else by the holder alone (a role
            # renamed, or read from another line once its table is gone).
            keys = (norm_key(role.role), norm_key(f"{role.role}|{role.members}"),
                    norm_key(role.members))
            fields = [("role", Value(role.role))]
            if stated(role.members, vocab):
                fields.append(("members", Value(role.members, presence="strengthened")))
            yield kind, Item(keys, role.role, role.line, tuple(fields))


def _owner_line(facts: DocumentFacts, doc: Document) -> int:
    owner = facts.release.owner.strip()
    if not owner:
        return 0
    return next((n for n, text in enumerate(doc.lines, 1) if owner in text), 0) or 1


def _owner(facts: DocumentFacts, doc: Document, vocab: Vocab) -> Items:
    """The release owner of the header ("作業責任者: …", "Owner: …"), "TBD" as no owner."""
    owner = facts.release.owner.strip()
    if not owner:
        return
    line = _owner_line(facts, doc)
    fields = (("members", Value(owner, presence="strengthened")),) if stated(owner, vocab) else ()
    yield "release_owner", Item(("owner",), "", line, fields)


def release_items(facts: DocumentFacts, doc: Document, vocab: Vocab) -> Items:
    """Every release and people commitment of one document, by kind."""
    ranks = vocab.terms.get("diff", {}).get("deploy_strategy_rank", {})
    yield from _strategy(facts, ranks)
    yield from _owner(facts, doc, vocab)
    yield from _window(facts)
    yield from _criteria(facts)
    yield from _people(facts, vocab, _owner_line(facts, doc))
