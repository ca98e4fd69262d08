"""Operation-design reading helpers: section scopes, text units and vocabulary parts.

A *unit* is one line of meaning (a heading, paragraph, list item, table row or code
comment) with its source line; scopes are the outermost sections matching section keys.
Shared by the routine, incident and backup checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from opslint.document.load import split_lines
from opslint.document.model import CodeBlock, Document, ListItem, Paragraph, Section, Table
from opslint.document.normalize import contains_any, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import LocalText
from opslint.engine.schema import Localized
from opslint.engine.vocab import DataError, Vocab
from opslint.facts.quantities import find_durations, parse_frequency

__all__ = [
    "Part",
    "Unit",
    "anchor_line",
    "doc_units",
    "find_part",
    "has_term",
    "load_parts",
    "named_part",
    "outermost",
    "primary_line",
    "scope_sections",
    "section_units",
    "unit_has",
]

UnitKind = Literal["title", "paragraph", "item", "header", "row", "code"]


@dataclass(frozen=True)
class Unit:
    """One piece of text with its line: what term and quantity checks look at."""

    line: int
    text: str
    norm: str
    kind: UnitKind
    section: Section
    depth: int = 0  # list depth for items


def _unit(line: int, text: str, kind: UnitKind, section: Section, depth: int = 0) -> Unit:
    return Unit(line, text, normalize(text), kind, section, depth)


# Comment lines in shell, YAML, SQL and JS blocks: runbooks describe their steps there.
_CODE_COMMENT = re.compile(r"^\s*(?:#(?!!)|//|--)\s*(\S.*)$")


def _code_units(doc: Document, block: CodeBlock, section: Section, *, full: bool) -> Iterator[Unit]:
    first = block.line
    if 0 < first <= len(doc.lines) and doc.lines[first - 1].lstrip().startswith(("```", "~~~")):
        first += 1  # a fenced block's content starts after the fence line
    for offset, text in enumerate(split_lines(block.text)):
        match = _CODE_COMMENT.match(text)
        if full and text.strip():
            yield _unit(first + offset, text, "code", section)
        elif match:
            yield _unit(first + offset, match.group(1), "code", section)


def section_units(
    doc: Document, section: Section, *, code: Literal["none", "comments", "all"] = "none"
) -> Iterator[Unit]:
    """Units of a section and its subsections in document order (titles included)."""
    for sub in section.walk():
        if sub.level:
            yield _unit(sub.line, sub.title, "title", sub)
        for block in sub.blocks:
            if isinstance(block, Paragraph):
                yield _unit(block.line, block.text, "paragraph", sub)
            elif isinstance(block, ListItem):
                yield _unit(block.line, block.text, "item", sub, block.depth)
            elif isinstance(block, Table):
                yield _unit(block.line, " | ".join(block.header), "header", sub)
                for row in block.rows:
                    yield _unit(row.line, " | ".join(row.cells), "row", sub)
            elif isinstance(block, CodeBlock) and code != "none":
                yield from _code_units(doc, block, sub, full=code == "all")


def doc_units(doc: Document, *, code: Literal["none", "comments", "all"] = "none") -> list[Unit]:
    return list(section_units(doc, doc.root, code=code))


def outermost(sections: Iterable[Section]) -> list[Section]:
    """Drop sections nested inside another one of the list; keep document order."""
    chosen: list[Section] = []
    for section in sorted(sections, key=lambda s: (s.line, s.level)):
        if not any(p.line < section.line <= p.end_line for p in chosen):
            chosen.append(section)
    return chosen


def scope_sections(
    vocab: Vocab, doc: Document, keys: Sequence[str], exclude: Sequence[str] = ()
) -> list[Section]:
    """Outermost sections whose titles match any key, minus those matching an exclude key."""
    found = [
        s for s in doc.sections()
        if any(vocab.section_matches(s, k) for k in keys)
        and not any(vocab.section_matches(s, k) for k in exclude)
    ]
    return outermost(found)


def primary_line(sections: Sequence[Section]) -> int:
    """The line of the outermost (then first) section: a chapter rather than a sub-heading."""
    return min(sections, key=lambda s: (s.level, s.line)).line


def anchor_line(doc: Document) -> int:
    """Where a document-wide finding points: the title heading, else line 1."""
    first = next(iter(doc.sections()), None)
    return first.line if first is not None and first.level == 1 else 1


def has_term(norm: str, terms: Iterable[str]) -> bool:
    # One alternation search instead of one search per term (see ``contains_any``).
    return contains_any(norm, tuple(terms))  # tuple() of a tuple is the tuple itself


class Part(BaseModel):
    """A named thing a section should mention, recognised by terms or patterns."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    label: Localized
    terms: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)  # regexes on normalised text
    strip: list[str] = Field(default_factory=list)  # phrases removed before matching
    near: list[str] = Field(default_factory=list)  # the unit or its heading must hold one
    needs: Literal["quantity"] | None = None  # the same unit must also state a duration
    any_code: bool = False  # a code block in scope counts (a scripted step is automation)

    def text(self) -> LocalText:
        return LocalText(self.label.ja, self.label.en)


def load_parts(ctx: CheckContext, stem: str, section: str = "parts") -> Mapping[str, Part]:
    """The ``parts`` mapping of rules/vocab/<stem>.yaml, validated once per run."""

    def build() -> Mapping[str, Part]:
        data = ctx.vocab.terms.get(stem, {})
        raw = data.get(section, {}) if isinstance(data, Mapping) else {}
        try:
            return {str(k): Part.model_validate(v) for k, v in raw.items()}
        except (ValidationError, AttributeError) as error:
            raise DataError(f"rules/vocab/{stem}.yaml: key '{section}': {error}") from None

    return ctx.vocab.compiled(f"parts:{stem}:{section}", build)


def named_part(ctx: CheckContext, stem: str, key: str, section: str = "parts") -> Part:
    """One part of rules/vocab/<stem>.yaml; an unknown key is a data error naming the file."""
    table = load_parts(ctx, stem, section)
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
    return next((u for u in units if unit_has(u, part)), None)
