"""Expected section trees of each document kind (rules/outlines/*.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from opslint.document.model import DocKind, Document, Section
from opslint.engine.schema import Localized
from opslint.engine.vocab import DataError, Vocab

__all__ = ["Outline", "OutlineSection", "chapter_sections", "load_outlines", "match_outline"]


class OutlineSection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str  # a section key of rules/vocab/sections.yaml
    title: Localized  # the heading the spec gives, used by messages and fixes
    required: bool = True
    skeleton: Localized | None = None  # body inserted by the fix, placeholders included


class Outline(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: DocKind
    title: Localized
    header: Localized | None = None  # lines under the H1 (header fields), for the fix
    sections: list[OutlineSection] = Field(min_length=1)


def load_outlines(root: Path, vocab: Vocab) -> Mapping[DocKind, Outline]:
    outlines: dict[DocKind, Outline] = {}
    for path in sorted((root / "outlines").glob("*.yaml")):
        try:
            outline = Outline.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
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
    taken: set[int] = set()
    found: dict[str, Section] = {}
    for pool in (chapters, list(doc.sections())):
        for entry in outline.sections:
            if entry.key in found:
                continue
            for section in pool:
                if section.line not in taken and vocab.section_matches(section, entry.key):
                    found[entry.key] = section
                    taken.add(section.line)
                    break
    return found
