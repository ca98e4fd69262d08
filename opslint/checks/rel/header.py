"""Release header fields (version, window, owner): stated, and not left empty."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from opslint.checks.rel.chapters import chapters
from opslint.checks.rel.params import FieldParams
from opslint.checks.rel.text import Unit, header_units, labelled, title_line, units_of
from opslint.checks.rel.vocab import ReleaseVocab, local, release_vocab
from opslint.document.model import Document
from opslint.document.normalize import contains_any, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.engine.vocab import DataError
from opslint.facts import quantities as q
from opslint.facts.semantic import Reading, SemanticModel
from opslint.facts.units import loose


@dataclass(frozen=True)
class FieldValue:
    line: int
    label: str
    value: str


def _scope(ctx: CheckContext) -> list[Unit]:
    # The spec puts the fields under the title; real docs also state them in the overview
    # or, for the owner, as a role of the contact list.
    found = chapters(ctx)
    parts = [found[k] for k in ("overview", "contacts") if k in found]
    return [*header_units(ctx.doc), *units_of(parts, titles=False)]


def _spec_labels(vocab: ReleaseVocab, key: str) -> tuple[str, ...]:
    try:
        return vocab.header_fields[key].labels
    except KeyError:
        known = ", ".join(sorted(vocab.header_fields))
        raise DataError(f"rules/vocab/release.yaml: unknown header field {key!r}; "
                        f"known: {known}") from None


def _fields(doc: Document, model: SemanticModel) -> Mapping[str, FieldValue]:
    """Each header field's first ``label: value`` whose label names it: the scope is cut and
    its labels read once per document, for every field and both header rules."""
    ctx = CheckContext(doc, model)
    fields = release_vocab(ctx).header_fields
    found: dict[str, FieldValue] = {}
    for unit in _scope(ctx):
        pair = labelled(unit)
        if not pair:
            continue
        label = normalize(pair[0])
        for key, field in fields.items():
            if key not in found and contains_any(label, field.labels):
                found[key] = FieldValue(unit.line, pair[0], pair[1])
        if len(found) == len(fields):
            break
    return found


FIELDS = Reading("release-header-fields", _fields)


def find_field(ctx: CheckContext, key: str) -> FieldValue | None:
    """The first ``label: value`` whose label names the header field."""
    _spec_labels(release_vocab(ctx), key)  # an unknown key is a data error
    return ctx.read(FIELDS).get(key)


def _stated_in_prose(ctx: CheckContext, key: str) -> bool:
    quantity = release_vocab(ctx).header_fields[key].quantity
    if quantity is None:
        return False
    found = chapters(ctx)
    titles = [loose(s.line, s.title, "title", s) for s in ctx.doc.sections() if s.level == 1]
    overview = units_of([found["overview"]]) if "overview" in found else []
    finder = q.find_versions if quantity == "version" else q.parse_window
    return any(finder(u.text) for u in [*titles, *header_units(ctx.doc), *overview])


def field_missing(ctx: CheckContext, params: FieldParams) -> Iterator[Hit]:
    """A header field (version, window, owner) is stated nowhere near the title or overview."""
    vocab = release_vocab(ctx)
    for key in params.fields:
        if find_field(ctx, key) is None and not _stated_in_prose(ctx, key):
            title = vocab.header_fields[key].title
            yield Hit(title_line(ctx.doc), args={"field": local(title)}, key=f"header:{key}")


def field_empty(ctx: CheckContext, params: FieldParams) -> Iterator[Hit]:
    """A header field is there but its value is empty or a dash.

    Template markers in the value (vX.X.X, 名前, TBD) are GATE001's findings, from the same
    rules/vocab/placeholders.yaml; reporting them here too would say everything twice.
    """
    vocab = release_vocab(ctx)
    for key in params.fields:
        field = find_field(ctx, key)
        if field is not None and vocab.timeline.is_empty(field.value.strip()):
            yield Hit(field.line, args={"field": local(vocab.header_fields[key].title)},
                      key=f"header:{key}")
