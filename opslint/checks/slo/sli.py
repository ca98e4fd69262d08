"""SLI definitions: which of the spec's SLIs the operation design defines, and how.

The SLO scope (``slo_units``) is shared with the target, window and latency checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from opslint.checks.shared.units import (
    Part,
    Unit,
    anchor_line,
    doc_units,
    has_term,
    load_parts,
    named_part,
    scope_sections,
    section_units,
    unit_has,
    units_naming,
)
from opslint.checks.shared.words import clip
from opslint.checks.slo.params import StatementParams
from opslint.document.model import Document, Section
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.engine.registry import NoParams
from opslint.engine.vocab import Vocab
from opslint.facts.semantic import Reading, SemanticModel

__all__ = ["SLO_SECTIONS", "SLO_UNITS", "VOCAB", "read_slo_units", "slo_anchor", "slo_sections",
           "slo_units"]

VOCAB = "slo"
SLO_SECTIONS = ("sli", "slo", "error_budget", "slo_chapters")


def slo_sections(doc: Document, vocab: Vocab) -> list[Section]:
    return scope_sections(vocab, doc, SLO_SECTIONS)


def slo_units(doc: Document, vocab: Vocab, *, mentions: Sequence[str] = ("sli", "slo")
              ) -> list[Unit]:
    """Units of the SLI/SLO/error-budget chapters, plus prose elsewhere naming an SLI or SLO.

    ``mentions`` picks which prose counts outside the chapters: SLI definitions only come
    from text naming an SLI; a line citing an SLO ("p95 > SLO × 2") defines no indicator.
    """
    sections = slo_sections(doc, vocab)
    units = [u for s in sections for u in section_units(doc, s)]
    terms = tuple(t for m in mentions for t in vocab.term_list(VOCAB, f"{m}_mentions"))
    # Prose only: rows, titles and headers are not tested against the sections at all.
    prose = (u for u in doc_units(doc) if u.kind in ("paragraph", "item")
             and not any(s.line <= u.line <= s.end_line for s in sections))
    units += units_naming(prose, terms)
    return sorted(units, key=lambda u: u.line)


def _read_slo_units(doc: Document, model: SemanticModel, mentions: tuple[str, ...]
                    ) -> tuple[Unit, ...]:
    return tuple(slo_units(doc, model.vocab, mentions=mentions))


# A dozen SLO rules read the same units of the same document: once per document and mentions.
SLO_UNITS: Reading[tuple[Unit, ...]] = Reading("slo-units", _read_slo_units)


def read_slo_units(ctx: CheckContext, mentions: Sequence[str] = ("sli", "slo")) -> list[Unit]:
    """``slo_units`` of the document being checked, read once per document."""
    units: tuple[Unit, ...] = ctx.read(SLO_UNITS, tuple(mentions))
    return list(units)


def slo_anchor(doc: Document, vocab: Vocab) -> int:
    """Where a missing SLI/SLO is reported: the SLO chapter, else the principles, else the title."""
    for key in (*SLO_SECTIONS, "principles"):
        section = vocab.find_section(doc, key)
        if section is not None:
            return section.line
    return anchor_line(doc)


def _counts(unit: Unit) -> bool:
    # A heading alone defines nothing; a heading over content ("### Availability") does.
    return unit.kind != "title" or unit.section.has_content()


def _sli_kinds(ctx: CheckContext) -> Mapping[str, Part]:
    return load_parts(ctx, VOCAB, "sli_kinds")


def _sli_units(ctx: CheckContext) -> list[Unit]:
    return [u for u in read_slo_units(ctx, ("sli",)) if _counts(u)]


def _present(units: Sequence[Unit], kinds: Mapping[str, Part]) -> set[str]:
    """The SLI kinds the units define. Naming "SLI" defines nothing ("SLI/SLO は slo.md を
    参照"); an indicator of a kind does."""
    return {k for k, part in kinds.items() if any(unit_has(u, part) for u in units)}


def sli_undefined(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """No SLI of the spec (availability, latency, 5xx ratio) is defined by any SLI/SLO text."""
    if not _present(_sli_units(ctx), _sli_kinds(ctx)):
        yield Hit(slo_anchor(ctx.doc, ctx.vocab), key="sli:none")


def sli_kind_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """SLIs are defined, but not one of each kind of the spec (availability, latency, 5xx)."""
    units = _sli_units(ctx)
    kinds = _sli_kinds(ctx)
    present = _present(units, kinds)
    if not present:
        return
    line = slo_anchor(ctx.doc, ctx.vocab) if not units else _first_line(ctx, units)
    for key, part in kinds.items():
        if key not in present:
            yield Hit(line, args={"kind": part.text()}, key=f"sli:{key}")


def _first_line(ctx: CheckContext, units: Sequence[Unit]) -> int:
    sli = ctx.vocab.find_section(ctx.doc, "sli")
    return sli.line if sli is not None else units[0].line


@dataclass(frozen=True)
class Statement:
    """What the document says about one SLI: a subsection titled after it, or one unit."""

    line: int
    unit: Unit


def _defines(unit: Unit, vocab: Vocab) -> bool:
    if unit.kind == "row":
        return True  # a row of an SLI/SLO table is a definition by its place
    label = str(vocab.terms.get(VOCAB, {}).get("sli_label_pattern", "$^"))
    return bool(re.match(label, unit.norm)) or has_term(
        unit.norm, vocab.term_list(VOCAB, "sli_definition_cues")
    )


def _statements(units: Sequence[Unit], kind: Part, doc: Document, vocab: Vocab
                ) -> list[Statement]:
    titled = [u.section for u in units if u.kind == "title" and unit_has(u, kind)]
    found: list[Statement] = []
    for section in titled:
        text = "\n".join(u.text for u in section_units(doc, section))
        found.append(Statement(section.line, Unit(section.line, text, normalize(text),
                                                 section, kind="paragraph")))
    for unit in units:
        inside = any(s.line <= unit.line <= s.end_line for s in titled)
        if not inside and unit.kind != "title" and unit_has(unit, kind) and _defines(unit, vocab):
            found.append(Statement(unit.line, unit))
    return sorted(found, key=lambda s: s.line)


def definition_lacks(ctx: CheckContext, params: StatementParams) -> Iterator[Hit]:
    """An SLI defined without what makes it well-formed (a success ratio, a percentile)."""
    kind = named_part(ctx, VOCAB, params.sli, "sli_kinds")
    require = named_part(ctx, VOCAB, params.require)
    units = read_slo_units(ctx, ("sli",))
    statements = _statements(units, kind, ctx.doc, ctx.vocab)
    if params.mode == "any" and any(unit_has(s.unit, require) for s in statements):
        return
    offending = named_part(ctx, VOCAB, params.offending) if params.offending else None
    exempt = named_part(ctx, VOCAB, params.exempt) if params.exempt else None
    candidates = [
        s for s in statements
        if (offending is None or unit_has(s.unit, offending)) and not unit_has(s.unit, require)
        and (exempt is None or not unit_has(s.unit, exempt))
    ]
    for statement in candidates if params.mode == "each" else candidates[:1]:
        args = {"text": _excerpt(statement.unit.text)}
        yield Hit(statement.line, args=args, key=f"sli-def:{params.sli}")


def _excerpt(text: str, limit: int = 40) -> str:
    return clip(text.strip().split("\n")[0].strip().replace(" | ", " / "), limit)
