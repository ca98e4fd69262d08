"""The technology vocabulary (rules/vocab/technology.yaml) as one index of aliases, and the
alias scan of a text or of many texts joined (``facts/technology.py`` reads a document's
mentions with it)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from opslint.document.normalize import normalize
from opslint.engine.vocab import DataError, Vocab
from opslint.facts import folding
from opslint.facts.folding import nfkc
from opslint.facts.model import TechMention
from opslint.facts.polarity_cues import trie_pattern

__all__ = ["APART", "TechEntry", "TechIndex", "fold", "text_starts"]

# Spacing inside a found alias ("argo\tcd" is "argo cd").
_SPACES = re.compile(r"\s+")
# What stands between two texts folded and scanned as one (``TechIndex.find_all``): no
# alias holds it and no pattern matches it (it is no word character, no hyphen and no
# space), so the patterns see each text's edges as the ends of a string and no match spans
# two texts; and it is a character no other composes with, so each text folds as alone
# (facts/folding.py).
APART = folding.APART
# Added to a text's length: the separator after it (``text_starts``).
_ONE = 1
# Before an ASCII alias: no letter, digit or underscore, nor one and a hyphen (the runbook ID
# "RB-RDS-01"); seen from after the alias's first letter (``trie_pattern``'s ``behind``).
_ALIAS_BEFORE = r"(?<![a-z0-9_].)(?<![a-z0-9]-.)"


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


def fold(text: str) -> str:
    """A raw text as ``TechIndex.find`` searches it: NFKC and case folding. Folding a
    document's lines joined with ``APART`` folds each line as it would alone: ``APART`` is
    a starter no character composes with, and case folding is per character. ``nfkc``
    normalises only the pieces NFKC changes (facts/folding.py)."""
    return nfkc(text).casefold()


def text_starts(joined: str) -> list[int]:
    """Where each text of texts joined with ``APART`` starts: each starts one past the end of
    the text before (the lengths of the pieces summed in C, not a find per text)."""
    starts = list(accumulate(map(_ONE.__add__, map(len, joined.split(APART))), initial=0))
    starts.pop()  # where a text after the last would start
    return starts


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
            trie_pattern(ascii_words, behind=_ALIAS_BEFORE) + r"(?![a-z0-9_])(?!-[a-z0-9])"
            if ascii_words else "",
            trie_pattern(other_words) if other_words else "",
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
        for entry, start, end in self._chosen(fold(text)):
            yield _Hit(entry, text[start:end], start, end)

    def find_all(self, texts: Sequence[str], folded: str | None = None,
                 starts: Sequence[int] | None = None) -> list[list[_Hit]]:
        """``find`` of each text (source lines), by one scan of the texts joined: one fold
        and one pass of each pattern per document instead of one per line. ``folded``: the
        texts joined with ``APART``, folded (``fold``), and ``starts``, where each starts in
        it (``text_starts``), when the caller has them already."""
        named = self.named(texts, folded, starts)
        return [named.get(at, []) for at in range(len(texts))]

    def named(self, texts: Sequence[str], folded: str | None = None,
              starts: Sequence[int] | None = None) -> dict[int, list[_Hit]]:
        """``find_all`` of the texts that name something, by their index in ascending
        order (a document's mentions read only those: most lines name no product)."""
        folded = fold(APART.join(texts)) if folded is None else folded
        found = self.found_in(texts, folded, text_starts(folded) if starts is None else starts)
        if found is None:  # a text holding APART
            found = {}
            for at, text in enumerate(texts):
                hits = list(self.find(text))
                if hits:
                    found[at] = hits
        return found

    def found_in(self, texts: Sequence[str], folded: str, starts: Sequence[int]
                 ) -> dict[int, list[_Hit]] | None:
        """``find_all`` of the texts that name something, by their index (ascending: the
        matches come in the order of their starts, and the texts lie in order): ``folded``
        is the texts joined with ``APART`` and folded (``fold``), ``starts`` where each
        starts in it (``text_starts``). None when a text holds ``APART`` (one start too
        many)."""
        if len(starts) != len(texts) or "" in self._by_alias:
            return None
        found: dict[int, list[_Hit]] = {}
        for entry, start, end in self._chosen(folded):
            at = bisect_right(starts, start) - 1  # matches never span two texts
            base = starts[at]
            hit = _Hit(entry, texts[at][start - base : end - base], start - base, end - base)
            found.setdefault(at, []).append(hit)
        return found

    def _chosen(self, folded: str) -> Iterator[tuple[TechEntry, int, int]]:
        """(entry, start, end) of the non-overlapping matches, the earliest and then the
        longest alias first."""
        end = 0
        for start, negative_end, alias in self._spans(folded):
            entry = self._by_alias.get(_SPACES.sub(" ", alias))
            if entry is None or start < end:
                continue
            end = -negative_end
            yield entry, start, end

    def _spans(self, folded: str) -> list[tuple[int, int, str]]:
        """Every pattern's matches as (start, -end, text), earliest and then longest first."""
        return sorted((m.start(), -m.end(), m.group(0)) for p in self._patterns
                      for m in p.finditer(folded))

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


