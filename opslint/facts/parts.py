"""Parts: a named thing a document should mention, recognised by terms or patterns in its
units (rules/vocab/<stem>.yaml ``parts`` mappings). The checks ask whether a scope mentions a
part; the engine asks the same of the context documents (``facts/context.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Literal

from opslint.document.normalize import contains_any, normalize
from opslint.engine.findings import LocalText
from opslint.engine.paramspec import Field, VocabBase
from opslint.engine.schema import Localized
from opslint.engine.vocab import DataError, Vocab
from opslint.facts.quantities import find_durations, parse_frequency
from opslint.facts.units import Unit

__all__ = ["Part", "find_part", "has_term", "part_named", "parts_of", "unit_has"]


def has_term(norm: str, terms: Iterable[str]) -> bool:
    # One alternation search instead of one search per term (see ``contains_any``).
    return contains_any(norm, tuple(terms))  # tuple() of a tuple is the tuple itself


class Part(VocabBase):
    """A named thing a section should mention, recognised by terms or patterns."""

    label: Localized
    terms: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)  # regexes on normalised text
    strip: list[str] = Field(default_factory=list)  # phrases removed before matching
    near: list[str] = Field(default_factory=list)  # the unit or its heading must hold one
    needs: Literal["quantity"] | None = None  # the same unit must also state a duration
    any_code: bool = False  # a code block in scope counts (a scripted step is automation)

    def text(self) -> LocalText:
        return LocalText(self.label.ja, self.label.en)


def parts_of(vocab: Vocab, stem: str, section: str = "parts") -> Mapping[str, Part]:
    """The ``parts`` mapping of rules/vocab/<stem>.yaml, as validated when the vocabularies
    loaded (one entry of opslint/checks/vocabs.py)."""
    return vocab.model_map(f"{stem}:{section}", Part)


def part_named(vocab: Vocab, stem: str, key: str, section: str = "parts") -> Part:
    """One part of rules/vocab/<stem>.yaml; an unknown key is a data error naming the file."""
    table = parts_of(vocab, stem, section)
    if key not in table:
        raise DataError(f"rules/vocab/{stem}.yaml: key '{section}' has no {key!r}")
    return table[key]


def _stripped(norm: str, part: Part) -> str:
    for phrase in part.strip:
        norm = norm.replace(normalize(phrase), " ")
    return norm


def unit_has(unit: Unit, part: Part) -> bool:
    """Whether a unit mentions a part (and, when the part needs one, a quantity)."""
    if part.any_code and unit.kind == "code":
        return True
    norm = _stripped(unit.norm, part)
    if not (has_term(norm, part.terms) or any(re.search(p, norm) for p in part.patterns)):
        return False
    if part.near and not (has_term(norm, part.near) or has_term(unit.section.norm, part.near)):
        return False
    if part.needs == "quantity":
        frequency = parse_frequency(unit.text)
        return bool(find_durations(unit.text)) or (
            frequency is not None and frequency.mode == "periodic"
        )
    return True


def find_part(units: Iterable[Unit], part: Part) -> Unit | None:
    """The first unit that mentions a part (``unit_has``), the part's term list and patterns
    looked up once for all the units rather than once per unit."""
    from opslint.document.normalize import any_term_pattern

    terms = any_term_pattern(tuple(part.terms))
    patterns = [re.compile(p) for p in part.patterns]
    strip = [normalize(phrase) for phrase in part.strip]
    for unit in units:
        if part.any_code and unit.kind == "code":
            return unit
        norm = unit.norm
        for phrase in strip:
            norm = norm.replace(phrase, " ")
        if not ((terms is not None and terms.search(norm) is not None)
                or any(p.search(norm) for p in patterns)):
            continue
        if unit_has(unit, part):  # the rarer conditions (near, a quantity), as one unit reads
            return unit
    return None
