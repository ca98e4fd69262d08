"""A ticked gate item whose subject the document lacks (GATE020).

A confirmation gate item ticked (``- [x]``) says its subject is settled. When the item
names a chapter of the document's outline (rollback, contacts, backup and DR, …) by one of
that chapter's subject words (rules/vocab/gate_subjects.yaml) and the document has no
such chapter, the sign-off and the document disagree: a reviewer would pass the gate on a
claim the document does not back. The same holds for parts that are not chapters (an
escalation path, an on-call rota, rollback criteria): the part is looked for in the
semantic model (table roles, columns, sections, facts) and in the units outside the gate
sections, in any chapter and under any name its vocabulary knows. Items that say the
subject does not apply ("ロールバックは不要", "no rollback: first release") are read with
their polarity and left alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from opslint.checks.gate.gates import gate_items, gate_number, gate_sections
from opslint.checks.gate.vocab_models import Evidence, SubjectPart
from opslint.checks.shared.text import vocab_value
from opslint.checks.shared.units import doc_units
from opslint.checks.shared.words import clip
from opslint.document.model import Section
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.outlines import match_outline
from opslint.engine.registry import NoParams
from opslint.engine.schema import Localized
from opslint.engine.vocab import DataError
from opslint.facts.polarity import ADOPTED, fold_unit, polarity
from opslint.facts.quantities import find_durations
from opslint.facts.reading import map_columns
from opslint.facts.table_roles import read_tables
from opslint.facts.text import Terms

_SUBJECTS = "gate_subjects"
_ITEM_CHARS = 60


@dataclass(frozen=True)
class _Subject:
    """What a ticked item may name and the document lacks: its words and how to say it."""

    key: str
    words: tuple[str, ...]
    missing: LocalText


def _chapters(ctx: CheckContext) -> list[_Subject]:
    outline = ctx.model.outlines.get(ctx.doc.kind)
    subjects: Mapping[str, list[str]] = vocab_value(ctx, _SUBJECTS, "chapters") or {}
    if outline is None or not subjects:
        return []
    found = match_outline(ctx.doc, outline, ctx.vocab)
    return [_Subject(e.key, tuple(str(t) for t in subjects[e.key]),
                     _missing(ctx, "chapter", e.title))
            for e in outline.sections if e.key not in found and e.key in subjects]


def _missing(ctx: CheckContext, form: str, title: Localized) -> LocalText:
    """What the message says is missing, in the vocabulary's words (``missing``)."""
    forms: Mapping[str, Mapping[str, str]] = vocab_value(ctx, _SUBJECTS, "missing") or {}
    words = forms.get(form)
    if words is None:
        raise DataError(f"rules/vocab/gate_subjects.yaml: key 'missing' has no {form!r}")
    return LocalText(ja=words["ja"].format(title=title.ja),
                     en=words["en"].format(title=title.en))


def _parts(ctx: CheckContext) -> Mapping[str, SubjectPart]:
    return ctx.vocab.model_map(f"{_SUBJECTS}:parts", SubjectPart)


def _fact(ctx: CheckContext, path: str) -> bool:
    group, _, field = path.partition(".")
    value = getattr(getattr(ctx.facts(), group, None), field, None)
    if value is None and group not in ("release", "operation", "design"):
        raise DataError(f"rules/vocab/gate_subjects.yaml: fact {path!r} is not a fact field")
    return bool(value)


def _shown(ctx: CheckContext, evidence: Evidence, gates: Sequence[Section]) -> bool:
    """Whether the model shows the part in one of its evidence forms."""
    for table in read_tables(ctx.doc, ctx.vocab):
        if table.role in evidence.tables or (
                evidence.columns
                and map_columns(table.view, ctx.vocab, evidence.columns).columns):
            return True
    if any(ctx.vocab.section_matches(s, k) for s in ctx.doc.sections() for k in evidence.sections):
        return True
    if any(_fact(ctx, path) for path in evidence.facts):
        return True
    inside = {id(s) for g in gates for s in g.walk()}
    for unit in doc_units(ctx):
        if id(unit.section) in inside:
            continue
        text = fold_unit(unit.text)
        if _adopted(ctx, text, evidence.terms) or (
                _adopted(ctx, text, evidence.timed) and find_durations(unit.text)):
            return True
    return False


def _adopted(ctx: CheckContext, text: str, terms: Sequence[str]) -> bool:
    span = Terms.span(text, terms) if terms else None
    return span is not None and polarity(ctx.vocab, text, *span) == ADOPTED


def _absent_parts(ctx: CheckContext, gates: Sequence[Section]) -> list[_Subject]:
    return [_Subject(key, tuple(part.item), _missing(ctx, "part", part.label))
            for key, part in _parts(ctx).items() if not _shown(ctx, part.evidence, gates)]


def gate_item_subject_absent(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """One finding per ticked gate item naming a chapter or a part this document lacks."""
    gates = gate_sections(ctx)
    if not gates:
        return
    gate_lines = {s.line for s in gates}
    ticked = [(s, i) for s in gates for i in gate_items(s, gate_lines) if i.checked is True]
    if not ticked:
        return
    chapters = _chapters(ctx)
    parts: list[_Subject] | None = None  # read only when an item names a part
    for section, item in ticked:
        text = fold_unit(item.text)
        subject = _named(ctx, text, chapters)
        if subject is None and _names_any(text, ctx):
            parts = _absent_parts(ctx, gates) if parts is None else parts
            subject = _named(ctx, text, parts)
        if subject is None:
            continue
        yield Hit(
            item.line,
            gate=gate_number(ctx, section),
            args={"item": clip(" ".join(item.text.split()), _ITEM_CHARS),
                  "section": subject.missing},
            key=f"gate-subject:{item.line}:{subject.key}",
        )


def _names_any(text: str, ctx: CheckContext) -> bool:
    return any(Terms.span(text, p.item) is not None for p in _parts(ctx).values())


def _named(ctx: CheckContext, text: str, subjects: Sequence[_Subject]) -> _Subject | None:
    """The first subject the item names, not negated."""
    for subject in subjects:
        span = Terms.span(text, list(subject.words))
        if span is not None and polarity(ctx.vocab, text, *span) == ADOPTED:
            return subject
    return None
