"""Named products and practices (rules/vocab/technology.yaml) found in document text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from opslint.document.model import CodeBlock, Document
from opslint.document.normalize import contains_any, normalize
from opslint.engine.vocab import DataError, Vocab
from opslint.facts.model import TechMention

__all__ = ["TechEntry", "TechIndex", "document_mentions"]

# Code blocks that draw the system (C4, flowcharts, ASCII diagrams) name its parts; shell
# and config blocks do not describe what is used.
_DIAGRAM_INFO = ("mermaid", "plantuml", "puml", "text", "txt", "diagram", "ascii")


@dataclass(frozen=True)
class TechEntry:
    category: str
    name: str
    aliases: tuple[str, ...]
    implies: tuple[str, ...] = ()
    attrs: Mapping[str, float] = field(default_factory=dict)
    texts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # label: {ja, en}

    def text(self, key: str, lang: str) -> str:
        """A localised text of the entry (``label``, ``typical_rto``), else its name."""
        value = self.texts.get(key, {})
        return value.get(lang) or value.get("en") or self.name


@dataclass(frozen=True)
class _Hit:
    entry: TechEntry
    alias: str
    start: int
    end: int


def _entry(category: str, name: str, data: Any) -> TechEntry:
    if isinstance(data, list):
        return TechEntry(category, name, (name, *map(str, data)))
    if isinstance(data, dict):
        aliases = (name, *map(str, data.get("aliases", [])))
        implies = tuple(map(str, data.get("implies", [])))
        attrs = {k: float(v) for k, v in data.items() if isinstance(v, int | float)}
        texts = {k: {str(lang): str(t) for lang, t in v.items()}
                 for k, v in data.items() if isinstance(v, dict)}
        return TechEntry(category, name, aliases, implies, attrs, texts)
    raise DataError(f"rules/vocab/technology.yaml: {category}.{name}: expected a list or mapping")


class TechIndex:
    """Every alias of the vocabulary in one longest-first pattern."""

    def __init__(self, entries: Iterable[TechEntry]) -> None:
        self.entries = tuple(entries)
        self._by_alias: dict[str, TechEntry] = {}
        for entry in self.entries:
            for alias in entry.aliases:
                self._by_alias.setdefault(normalize(alias), entry)
        words = list(self._by_alias)
        ascii_words = [w for w in words if w.isascii() and w[:1].isalnum()]
        other_words = [w for w in words if w not in ascii_words]
        # ASCII aliases stand as words ("ECS" not inside "ECSS", "RDS" not inside the runbook
        # ID "RB-RDS-01"); CJK ones are substrings. One trie-shaped pattern per group keeps
        # a scan linear in the text instead of trying every alias at every position.
        self._patterns = tuple(re.compile(p) for p in (
            rf"(?<![a-z0-9_])(?<![a-z0-9]-){_trie(ascii_words)}(?![a-z0-9_])(?!-[a-z0-9])"
            if ascii_words else "",
            _trie(other_words) if other_words else "",
        ) if p)

    @classmethod
    def from_vocab(cls, vocab: Vocab) -> TechIndex:
        data = vocab.terms.get("technology") or {}
        if not isinstance(data, dict):
            raise DataError("rules/vocab/technology.yaml: expected category → name → aliases")
        return cls(
            _entry(str(category), str(name), value)
            for category, names in data.items()
            for name, value in (names or {}).items()
        )

    def entry(self, category: str, name: str) -> TechEntry | None:
        return next((e for e in self.entries if e.category == category and e.name == name), None)

    def find(self, text: str) -> Iterator[_Hit]:
        """Non-overlapping matches in a raw text, the earliest and then longest alias first."""
        folded = unicodedata.normalize("NFKC", text).casefold()
        spans = sorted((m.start(), -m.end(), m.group(0)) for p in self._patterns
                       for m in p.finditer(folded))
        end = 0
        for start, negative_end, found in spans:
            entry = self._by_alias.get(re.sub(r"\s+", " ", found))
            if entry is None or start < end:
                continue
            end = -negative_end
            yield _Hit(entry, text[start:end], start, end)

    def mentions(self, text: str, line: int, source: str | None = None) -> list[TechMention]:
        """Mentions in a text, implied names (Aurora PostgreSQL → PostgreSQL) included."""
        found: list[TechMention] = []
        for hit in self.find(text):
            names = (hit.entry.name, *hit.entry.implies)
            found += [
                TechMention(hit.entry.category, name, hit.alias, line, source or text)
                for name in names
            ]
        return found


def _trie(words: Sequence[str]) -> str:
    """One pattern matching any of the words, longest first where one extends another."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(root)


def _node_pattern(node: dict[str, Any]) -> str:
    branches = [(r"\s*" if char == " " else re.escape(char)) + _node_pattern(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A greedy optional tail tries the longer alias first ("argo cd" before "argo").
    return f"(?:{body})?" if "" in node else body


def _diagram_lines(doc: Document) -> set[int]:
    lines: set[int] = set()
    for block in doc.root.all_blocks():
        if isinstance(block, CodeBlock) and block.info.split(" ")[0].lower() in _DIAGRAM_INFO:
            lines.update(range(block.line + 1, block.end_line))
    return lines


def _kept(hit: _Hit, norm: str, context: Mapping[str, Sequence[str]]) -> bool:
    # Generic names ("backup and restore") count only on a line about their subject.
    if not hit.entry.attrs.get("needs_context"):
        return True
    return contains_any(norm, tuple(context.get(hit.entry.category, ())))


def document_mentions(
    doc: Document, index: TechIndex, prose: Iterable[tuple[int, str]],
    not_adopted: Sequence[str] = (), context: Mapping[str, Sequence[str]] | None = None,
) -> tuple[TechMention, ...]:
    """Every mention in a document's prose lines and diagrams, once per name and line.

    A line saying the product is not adopted or only planned ("Render不採用", "将来拡張")
    is skipped: it is not evidence that the product is used.
    """
    lines = dict(prose)
    skip_terms = tuple(not_adopted)  # a tuple: contains_any compiles once per tuple
    for number in _diagram_lines(doc):
        if 0 < number <= len(doc.lines):
            lines.setdefault(number, doc.lines[number - 1])
    seen: set[tuple[str, str, int]] = set()
    out: list[TechMention] = []
    for number in sorted(lines):
        text = lines[number]
        norm = normalize(text)
        if contains_any(norm, skip_terms):
            continue
        for hit in index.find(text):
            if not _kept(hit, norm, context or {}):
                continue
            for name in (hit.entry.name, *hit.entry.implies):
                if (hit.entry.category, name, number) not in seen:
                    seen.add((hit.entry.category, name, number))
                    out.append(TechMention(hit.entry.category, name, hit.alias, number, text))
    return tuple(out)
