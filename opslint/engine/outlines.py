"""Expected section trees of each document kind (rules/outlines/*.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from opslint.document.model import DocKind, Document, Section
from opslint.engine.schema import Localized
from opslint.engine.vocab import DataError, Vocab
from opslint.engine.yamlio import load_yaml

__all__ = [
    "Outline",
    "OutlineSection",
    "chapter_sections",
    "gate_at",
    "load_outlines",
    "match_outline",
]


class OutlineSection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str  # a section key of rules/vocab/sections.yaml
    title: Localized  # the heading the spec gives, used by messages and fixes
    required: bool = True
    gate: int | None = Field(None, ge=0, le=6)  # the confirmation gate that reviews this chapter
    skeleton: Localized | None = None  # body inserted by the fix, placeholders included


class Outline(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: DocKind
    title: Localized
    header: Localized | None = None  # lines under the H1 (header fields), for the fix
    gate: int | None = Field(None, ge=0, le=6)  # the gate of text outside every chapter
    sections: list[OutlineSection] = Field(min_length=1)


def load_outlines(root: Path, vocab: Vocab) -> Mapping[DocKind, Outline]:
    outlines: dict[DocKind, Outline] = {}
    for path in sorted((root / "outlines").glob("*.yaml")):
        try:
            outline = Outline.model_validate(load_yaml(path.read_text(encoding="utf-8")))
        except (OSError, yaml.YAMLError, ValidationError) as error:
            raise DataError(f"{path}: {error}") from None
        for section in outline.sections:
            vocab.synonyms(section.key)  # raises DataError naming an unknown key
        outlines[outline.kind] = outline
    return outlines


def chapter_sections(doc: Document) -> list[Section]:
    """The document's chapters: headings one level below the title (usually ``##``)."""
    sections = list(doc.sections())
    if not sections:
        return []
    levels = sorted({s.level for s in sections})
    title_level = 1 if any(s.level == 1 for s in sections) else 0
    chapter_level = next((lvl for lvl in levels if lvl > title_level), levels[0])
    return [s for s in sections if s.level == chapter_level]


def match_outline(doc: Document, outline: Outline, vocab: Vocab) -> dict[str, Section]:
    """Map each outline key to the document section that plays its part, if any.

    Chapters are tried first; a deeper heading counts only when no chapter matches, since
    real documents sometimes nest a whole part one level lower (corpus notes §2).
    """
    chapters = chapter_sections(doc)
    found: dict[str, Section] = {}
    for entry in outline.sections:
        match = next((c for c in chapters if c not in found.values()
                      and vocab.section_matches(c, entry.key)), None)
        if match is not None:
            found[entry.key] = match
    # Fallback: a deeper heading, but never one inside a chapter that already plays
    # another part ("### 5.2 問い合わせ対応体制" is not the contacts chapter).
    claimed = [(s.line, s.end_line) for s in found.values()]
    loose = [s for s in doc.sections()
             if s not in chapters and not any(a <= s.line <= b for a, b in claimed)]
    for entry in outline.sections:
        if entry.key in found:
            continue
        match = next((s for s in loose if s not in found.values()
                      and vocab.section_matches(s, entry.key)), None)
        if match is not None:
            found[entry.key] = match
    return found


def gate_at(doc: Document, line: int, outline: Outline | None, vocab: Vocab) -> int | None:
    """The gate of the outline chapter that contains a line, if the line is in one."""
    if outline is None:
        return None
    gates = {entry.key: entry.gate for entry in outline.sections}
    for key, section in match_outline(doc, outline, vocab).items():
        if section.line <= line <= section.end_line:
            return gates.get(key)
    return outline.gate
