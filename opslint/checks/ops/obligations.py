"""Recurring work the design documents require (OPS028): key rotation, certificate renewal,
dependency updates, licence renewal stated with a period in the architecture, basic design
or security design, and found nowhere in the operation design's routine work.

An obligation is read per clause ("API keys every 90 days, the SFTP key yearly, rotated
with the partner"): a clause names the thing, its sentence names the action, and the clause
or its sentence a period long enough for people to do it (a token refreshed hourly is the
software's job). A clause that says the work is automatic (KMS rotation, cert-manager) asks
nothing of the routine work.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from opslint.checks.ops.routine_read import (
    RoutineUnit,
    RoutineVocab,
    cadences_of,
    elsewhere_units,
    routine_scope,
    routine_units,
    routine_vocab,
)
from opslint.checks.ops.vocab_models import Obligation, ObligationVocab
from opslint.checks.shared.units import doc_units, has_term, primary_line
from opslint.checks.shared.words import clip
from opslint.document.model import DocKind, Document
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText, Location
from opslint.engine.registry import NoParams
from opslint.facts.quantities import parse_frequency

__all__ = ["routine_obligation_missing"]

_DESIGN_KINDS = (DocKind.ARCHITECTURE, DocKind.BASIC_DESIGN, DocKind.SECURITY)
_EXCERPT = 60
_MAX_FREQUENCIES = 4  # frequencies read per clause


@dataclass(frozen=True)
class _Found:
    key: str
    doc: Document
    line: int
    text: str


def _vocab(ctx: CheckContext) -> ObligationVocab:
    return ctx.vocab.model("routine:obligations", ObligationVocab)


def _period(text: str) -> float | None:
    """The first periodic interval of a text, in minutes ("replicas … every 60 days": the
    replication mention before it is not a period)."""
    rest = text
    for _ in range(_MAX_FREQUENCIES):
        frequency = parse_frequency(rest)
        if frequency is None:
            return None
        if frequency.mode == "periodic" and frequency.interval_minutes:
            return frequency.interval_minutes
        rest = rest[frequency.end :]
    return None


def _periodic(text: str, family: Obligation, vocab: ObligationVocab,
              routine: RoutineVocab) -> bool:
    """A period long enough for people to act on, a word standing for one, or a lifetime."""
    interval = _period(text)
    if interval is not None:
        return interval >= vocab.min_interval_minutes
    norm = normalize(text)
    cadences = cadences_of(text, routine)
    if any(routine.cadences[c].max_minutes > vocab.min_interval_minutes for c in cadences):
        return True
    return has_term(norm, family.recurring) or any(re.search(p, norm) for p in family.validity)


def _obligations(ctx: CheckContext, doc: Document, vocab: ObligationVocab,
                 routine: RoutineVocab) -> Iterator[_Found]:
    for unit in doc_units(doc):
        for sentence in (s for s in re.split(vocab.sentence_break, unit.text) if s.strip()):
            norm = normalize(sentence)
            if any(re.search(p, norm) for p in vocab.negations):
                continue
            clauses = [c for c in re.split(vocab.clause_break, sentence) if c.strip()]
            for key, family in vocab.families.items():
                if not has_term(norm, family.actions):
                    continue
                found = _clause(sentence, clauses, family, vocab, routine)
                if found is not None:
                    yield _Found(key, doc, unit.line, " ".join(found.split()))


def _clause(sentence: str, clauses: Sequence[str], family: Obligation,
            vocab: ObligationVocab, routine: RoutineVocab) -> str | None:
    """The first clause of a sentence that sets a manual recurring task of the family."""
    subject = [c for c in clauses if has_term(normalize(c), family.subjects)]
    sentence_automatic = has_term(normalize(sentence), family.automatic)
    for clause in subject:
        if has_term(normalize(clause), family.automatic):
            continue
        if sentence_automatic and len(subject) == 1:
            continue
        if _periodic(clause, family, vocab, routine) or _periodic(sentence, family, vocab,
                                                                   routine):
            return clause.strip()
    return None


def _covered(family: Obligation, units: Sequence[RoutineUnit]) -> bool:
    for routine_unit in units:
        norm = routine_unit.unit.norm
        if has_term(norm, family.covered_by) or (
                has_term(norm, family.subjects) and has_term(norm, family.actions)):
            return True
    return False


def _automated_here(family: Obligation, doc: Document) -> bool:
    """The operation design itself says the work is automatic (a rotation-failure monitor)."""
    return any(has_term(u.norm, family.subjects) and has_term(u.norm, family.actions)
               and has_term(u.norm, family.automatic) for u in doc_units(doc))


def routine_obligation_missing(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """Recurring work a design document requires that the routine work does not hold."""
    routine = routine_vocab(ctx)
    sections = routine_scope(ctx, routine)
    if not sections:
        return
    vocab = _vocab(ctx)
    units = [*routine_units(ctx.doc, sections, routine),
             *elsewhere_units(ctx.doc, sections, routine)]
    designs = _design_docs(ctx)
    found: dict[str, list[_Found]] = {}
    for doc in designs:
        for item in _obligations(ctx, doc, vocab, routine):
            found.setdefault(item.key, []).append(item)
    for key, items in _by_family(found, vocab.families):
        family = vocab.families[key]
        if _covered(family, units) or _automated_here(family, ctx.doc):
            continue
        first = items[0]
        yield Hit(primary_line(sections), key=f"obligation:{key}",
                  args={"task": LocalText(family.label.ja, family.label.en),
                        "source": first.doc.path.name, "excerpt": clip(first.text, _EXCERPT)},
                  related=tuple(Location(i.doc.path.as_posix(), i.line, clip(i.text, _EXCERPT))
                                for i in items))


def _design_docs(ctx: CheckContext) -> list[Document]:
    """The design documents of this operation design's set.

    A folder holding several operation designs (a collection of unrelated documents) is not
    one set: its design documents cannot be said to ask anything of this one.
    """
    folder = ctx.doc.path.parent
    peers = [d for d in ctx.docs.of_kind(DocKind.OPERATION) if d.path.parent == folder]
    if len(peers) > 1:
        return []
    return [d for kind in _DESIGN_KINDS for d in ctx.siblings(kind)]


def _by_family(found: Mapping[str, list[_Found]], families: Mapping[str, Obligation]
               ) -> list[tuple[str, list[_Found]]]:
    """Families in vocabulary order, each with its statements."""
    return [(key, found[key]) for key in families if key in found]
