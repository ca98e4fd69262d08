"""Expected section trees of each document kind (rules/outlines/*.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from opslint.document.model import DocKind, Document, Section
from opslint.engine.memo import LastKept
from opslint.engine.paramspec import Field, VocabBase
from opslint.engine.schema import Localized
from opslint.engine.vocab import DataError, Vocab

__all__ = [
    "ChapterGates",
    "Outline",
    "OutlineSection",
    "chapter_sections",
    "gate_at",
    "load_outlines",
    "match_outline",
]


class OutlineSection(VocabBase):  # a frozen dataclass: the cached rules hold it
    key: str  # a section key of rules/vocab/sections.yaml
    title: Localized  # the heading the spec gives, used by messages and fixes
    required: bool = True
    gate: int | None = Field(None, ge=0, le=6)  # the confirmation gate that reviews this chapter
    skeleton: Localized | None = None  # body inserted by the fix, placeholders included


class Outline(VocabBase):
    kind: DocKind
    title: Localized
    header: Localized | None = None  # lines under the H1 (header fields), for the fix
    gate: int | None = Field(None, ge=0, le=6)  # the gate of text outside every chapter
    sections: list[OutlineSection] = Field(min_length=1)


def load_outlines(root: Path, vocab: Vocab) -> Mapping[DocKind, Outline]:
    from pydantic import ValidationError

    from opslint.engine.yamlio import YAMLError, load_yaml  # unpickled outlines need neither

    outlines: dict[DocKind, Outline] = {}
    for path in sorted((root / "outlines").glob("*.yaml")):
        try:
            outline = Outline.model_validate(load_yaml(path.read_text(encoding="utf-8")))
        except (OSError, YAMLError, ValidationError) as error:
            raise DataError(f"{path}: {error}") from None
        for section in outline.sections:
            vocab.synonyms(section.key)  # raises DataError naming an unknown key
        outlines[outline.kind] = outline
    return outlines


def chapter_sections(doc: Document) -> list[Section]:
    """The document's chapters: headings one level below the title (usually ``##``).

    Asked about 20 times per document (every chapter-key reading): the chapters of the last
    document asked are kept (a document's headings never change once it is parsed)."""
    return list(_CHAPTERS.get((doc,), lambda: tuple(_chapter_sections(doc))))


_CHAPTERS: LastKept[tuple[Section, ...]] = LastKept()


def _chapter_sections(doc: Document) -> list[Section]:
    sections = list(doc.sections())
    if not sections:
        return []
    levels = sorted({s.level for s in sections})
    title_level = 1 if any(s.level == 1 for s in sections) else 0
    # Setext documents often underline the title and the chapters alike (``===``), with
    # ``###`` subsections: the level of the heading right after a leading title is then
    # the chapter level, and the title is no chapter. One lone H1 after the title (a
    # "# Contents" before "##" chapters) does not make a chapter level.
    if (title_level and len(levels) > 1 and len(sections) > 1
            and sections[0].level == sections[1].level == title_level):
        same = [s for s in sections[1:] if s.level == title_level]
        if len(same) >= 2:
            return same
    chapter_level = next((lvl for lvl in levels if lvl > title_level), levels[0])
    return [s for s in sections if s.level == chapter_level]


def match_outline(doc: Document, outline: Outline, vocab: Vocab) -> dict[str, Section]:
    """Map each outline key to the document section that plays its part, if any.

    Chapters are tried first; a deeper heading counts only when no chapter matches, since
    real documents sometimes nest a whole part one level lower (corpus notes §2).
    """
    # Sections are compared by identity: equal frozen Sections compare their whole subtree,
    # and a list's ``in`` made this quadratic in the number of headings (issue 10).
    chapters = chapter_sections(doc)
    found: dict[str, Section] = {}
    taken: set[int] = set()
    for entry in outline.sections:
        match = next((c for c in chapters if id(c) not in taken
                      and vocab.section_matches(c, entry.key)), None)
        if match is not None:
            found[entry.key] = match
            taken.add(id(match))
    # Fallback: a deeper heading, but never one inside a chapter that already plays
    # another part ("### 5.2 問い合わせ対応体制" is not the contacts chapter).
    if len(found) == len(outline.sections):
        return found
    chapter_ids = {id(c) for c in chapters}
    claimed = [(s.line, s.end_line) for s in found.values()]
    loose = [s for s in doc.sections()
             if id(s) not in chapter_ids and not any(a <= s.line <= b for a, b in claimed)]
    for entry in outline.sections:
        if entry.key in found:
            continue
        match = next((s for s in loose if id(s) not in taken
                      and vocab.section_matches(s, entry.key)), None)
        if match is not None:
            found[entry.key] = match
            taken.add(id(match))
    return found


class ChapterGates:
    """The gate of the outline chapter holding a line: the outline matched once per document.

    The engine asks this for every finding of a ``gate_from_section`` rule; matching the
    outline per finding made a long document cubic in its headings (issue 10).
    """

    def __init__(self, doc: Document, outline: Outline | None, vocab: Vocab) -> None:
        self.default = outline.gate if outline is not None else None
        self.spans: list[tuple[int, int, int | None]] = []
        if outline is not None:
            gates = {entry.key: entry.gate for entry in outline.sections}
            # In outline order, as gate_at always answered: the first part holding the line.
            self.spans = [(section.line, section.end_line, gates.get(key))
                          for key, section in match_outline(doc, outline, vocab).items()]
        self.present = outline is not None

    def at(self, line: int) -> int | None:
        if not self.present:
            return None
        for start, end, gate in self.spans:  # at most one span per outline entry
            if start <= line <= end:
                return gate
        return self.default


def gate_at(doc: Document, line: int, outline: Outline | None, vocab: Vocab) -> int | None:
    """The gate of the outline chapter that contains a line, if the line is in one."""
    return ChapterGates(doc, outline, vocab).at(line)
