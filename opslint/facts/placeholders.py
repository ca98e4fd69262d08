"""Placeholders are not values, and template text is not content.

The GATE rules' vocabulary (``rules/vocab/placeholders.yaml``: template markers such as
``[Name]``, ``<担当者>``, ``vX.X.X``, ``HH:MM``, ``○○``, ``（記入）``, and open items such as
``TBD``, ``要確認``) is the one definition of a placeholder. Fact readers ask
``is_placeholder`` so that ``[Name]`` is never a person, ``TBD`` never a channel or a tool.

A section whose every line is template (a placeholder, or a line of the outline skeleton
``fix`` inserts) is *open*: what is missing there is asked by its placeholder questions, so
other findings about it wait until it is filled (``OpenParts``, applied in ``lint._run``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

from opslint.document.model import CodeBlock, Document, ListItem, Paragraph, Section, Table
from opslint.document.normalize import normalize
from opslint.engine.outlines import Outline, match_outline
from opslint.engine.vocab import Vocab

__all__ = ["OpenParts", "has_placeholder", "is_placeholder", "open_parts"]

_VOCAB = "placeholders"
# What is left of a value once its placeholders are removed and that carries no meaning:
# brackets, markup, separators, spaces ("[Name]" → "[]", "（TBD）" → "（）").
_RESIDUE = re.compile(r"[\s\[\]()（）【】<>＜＞「」『』*_`~:：;；、,，.。/／|・\-–—?？!！]+")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_INSTRUCTION_EXTRA = re.compile(r"[（(][^（）()]{0,60}?(?:記入|記述|入力|追記)[）)]")


def _patterns(vocab: Vocab, *, instructions: bool = True) -> tuple[re.Pattern[str], ...]:
    """The placeholder regexes; ``instructions=False`` leaves out template instructions
    ("（手順を記述）"), which stand for a whole text to write, not for a skeleton's value."""
    def build() -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
        data: Any = vocab.terms.get(_VOCAB) or {}
        markers: list[str] = []
        prose: list[str] = []
        for family, patterns in (data.get("patterns") or {}).items():
            (prose if family == "instruction" else markers).extend(patterns or [])
        markers += list(data.get("open_items") or [])
        compiled = tuple(re.compile(p, re.MULTILINE) for p in markers)
        return compiled, (*(re.compile(p, re.MULTILINE) for p in prose), _INSTRUCTION_EXTRA)

    marks, prose = vocab.compiled("facts.placeholders.patterns", build)
    return (*marks, *prose) if instructions else marks


def _owner_values(vocab: Vocab) -> frozenset[str]:
    data: Any = vocab.terms.get(_VOCAB) or {}
    return vocab.compiled("facts.placeholders.owner_values", lambda: frozenset(
        normalize(str(v)) for v in data.get("owner_values") or ()))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def has_placeholder(text: str, vocab: Vocab, *, instructions: bool = True) -> bool:
    """The text holds a template marker or an open item somewhere."""
    folded = _fold(text)
    return any(p.search(folded) for p in _patterns(vocab, instructions=instructions))


def is_placeholder(value: str, vocab: Vocab) -> bool:
    """The whole value is a placeholder (``[Name]``, ``TBD``, ``<担当者>``, ``（記入）``, ``名前``):
    it says nothing yet, so no reader may take it for a name, a channel or a time."""
    folded = _fold(value).strip()
    if not folded:
        return False
    if normalize(_RESIDUE.sub(" ", folded)) in _owner_values(vocab):
        return True
    rest = folded
    for pattern in _patterns(vocab):
        rest = pattern.sub(" ", rest)
    return rest != folded and not _RESIDUE.sub("", rest)


@dataclass(frozen=True)
class OpenParts:
    """The open (unfilled, template-only) parts of one document."""

    spans: tuple[tuple[int, int], ...] = ()  # line ranges of open sections
    gates: frozenset[int] = frozenset()  # gates of the outline chapters that are open
    whole: bool = False  # nothing in the document but template

    def holds(self, line: int) -> bool:
        return self.whole or any(start <= line <= end for start, end in self.spans)

    def defers(self, line: int, gate: int, severity: str) -> bool:
        """A finding waits for the placeholder questions: it is inside an open part, or it is
        a warning about a gate whose chapter is still a skeleton (what it misses would go
        there). Errors outside open parts are reported."""
        return self.holds(line) or (severity != "error" and gate in self.gates)


def _skeleton_lines(outline: Outline | None) -> frozenset[str]:
    if outline is None:
        return frozenset()
    lines: set[str] = set()
    for entry in outline.sections:
        for text in (entry.skeleton.ja, entry.skeleton.en) if entry.skeleton else ():
            lines.update(normalize(_LIST_MARK.sub("", line)) for line in text.splitlines())
    for text in (outline.header.ja, outline.header.en) if outline.header else ():
        lines.update(normalize(line) for line in text.splitlines())
    lines.discard("")
    return frozenset(lines)


def _units(section: Section) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The section's own content, one text per line, list item or table row (with its
    cells)."""
    for block in section.blocks:
        if isinstance(block, Paragraph):
            yield from ((line, ()) for line in block.text.split("\n") if line.strip())
        elif isinstance(block, ListItem):
            yield block.text, ()
        elif isinstance(block, Table):
            yield from ((" | ".join(row.cells), row.cells) for row in block.rows)
        elif isinstance(block, CodeBlock):
            yield "\0code", ()  # never template: commands are written content


_LABEL = re.compile(r"^[^:：]{1,60}[:：]\s*(?P<value>.+)$")


def _is_template(text: str, cells: tuple[str, ...], template: frozenset[str],
                 vocab: Vocab) -> bool:
    """A skeleton line, or a unit whose value is only a placeholder ("承認者: TBD", a row
    whose cells after the first are placeholders or empty). A sentence holding a TBD beside
    written content is content."""
    if normalize(text) in template:
        return True
    if cells:
        rest = [c for c in cells[1:] if c.strip()]
        return bool(rest) and all(_marker_only(c, vocab) for c in rest)
    label = _LABEL.match(text.strip())
    return _marker_only(label["value"] if label else text, vocab)


def _marker_only(value: str, vocab: Vocab) -> bool:
    folded = _fold(value).strip()
    rest = folded
    for pattern in _patterns(vocab, instructions=False):
        rest = pattern.sub(" ", rest)
    return rest != folded and not _RESIDUE.sub("", rest)


def _states(section: Section, template: frozenset[str], vocab: Vocab,
            states: dict[int, tuple[bool, bool]]) -> tuple[bool, bool]:
    """(has content, all of it template) for a section and, in ``states``, its subsections."""
    children = [_states(child, template, vocab, states) for child in section.children]
    # The units are cut as they are read: the first written one settles the section, and the
    # rest of its rows and lines are never joined.
    units = _units(section)
    first = next(units, None)
    content = first is not None or any(c for c, _ in children)
    # A skeleton's values (TBD, [Name], HH:MM); a bare instruction ("（手順を記述）") asks for a
    # whole text, and the rules about that text say what it must hold (BDR003).
    # The subsections' answers first: a written subsection settles it without reading a unit.
    template_only = (all(t for c, t in children if c)
                     and all(_is_template(text, cells, template, vocab)
                             for text, cells in chain((first,) if first else (), units)))
    states[id(section)] = (content, content and template_only)
    return states[id(section)]


def _maximal(section: Section, states: dict[int, tuple[bool, bool]],
             found: list[tuple[int, int]]) -> None:
    if states[id(section)][1]:
        found.append((section.line, section.end_line))
        return
    for child in section.children:
        _maximal(child, states, found)


def open_parts(doc: Document, outlines: dict[Any, Outline], vocab: Vocab) -> OpenParts:
    """The sections of ``doc`` that hold nothing but template text."""
    outline = outlines.get(doc.kind)
    states: dict[int, tuple[bool, bool]] = {}
    content, whole = _states(doc.root, _skeleton_lines(outline), vocab, states)
    if not content:
        return OpenParts()
    spans: list[tuple[int, int]] = []
    for section in doc.root.children:
        _maximal(section, states, spans)
    gates: set[int] = set()
    if outline is not None:
        by_key = {entry.key: entry.gate for entry in outline.sections}
        for key, section in match_outline(doc, outline, vocab).items():
            gate = by_key.get(key)
            if gate is not None and any(s <= section.line and section.end_line <= e
                                        for s, e in spans):
                gates.add(gate)
    return OpenParts(tuple(sorted(spans)), frozenset(gates), whole)
