"""Shared helpers of the cross-document checks: sibling design docs, technology sets, names.

A cross-document finding is reported in the document being checked and points, through
``Hit.related``, at the line of the other document it disagrees with.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from opslint.document.model import DocKind, Document, Section
from opslint.document.normalize import contains_term, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import LocalText, Location
from opslint.engine.outlines import match_outline
from opslint.engine.vocab import DataError
from opslint.facts.model import Monitor
from opslint.facts.technology import TechIndex
from opslint.facts.text import sections_for

__all__ = [
    "DESIGN_KINDS",
    "TechSets",
    "design_docs",
    "heading_line",
    "location",
    "monitor_text",
    "name_matches",
    "name_variants",
    "outline_part",
    "tech_sets",
    "xlabel",
    "xterms",
]

DESIGN_KINDS = (DocKind.ARCHITECTURE, DocKind.BASIC_DESIGN)
# Runs of one script: ASCII words, kanji, katakana (a Japanese name is split where the
# script changes: "疾風ロジ配送" → 疾風 / ロジ / 配送).
_TOKEN = re.compile(r"[a-z0-9][a-z0-9.+\-]*|[\u4e00-\u9fff々〆]+|[\u30a0-\u30ffー]+")
_PARENS = re.compile(r"[(（][^)）]*[)）]")
_CAMEL = re.compile(r"[A-Za-z][a-z0-9]+[A-Z]")


def xterms(ctx: CheckContext, key: str) -> tuple[str, ...]:
    """A term list of rules/vocab/crossdoc.yaml."""
    return ctx.vocab.term_list("crossdoc", key)


def xlabel(ctx: CheckContext, *path: str) -> LocalText:
    """A ``{ja, en}`` label of rules/vocab/crossdoc.yaml, at a key path."""
    data: Any = ctx.vocab.terms.get("crossdoc", {})
    for key in path:
        data = data.get(key) if isinstance(data, Mapping) else None
    try:
        return LocalText(str(data["ja"]), str(data["en"]))
    except (TypeError, KeyError):
        raise DataError(f"rules/vocab/crossdoc.yaml: {'.'.join(path)} needs ja and en") from None


def design_docs(ctx: CheckContext, kinds: Sequence[DocKind] = DESIGN_KINDS) -> list[Document]:
    """The sibling documents of the given kinds, in the order of ``kinds``."""
    return [doc for kind in kinds for doc in ctx.siblings(kind)]


def location(doc: Document, line: int, note: str | LocalText = "") -> Location:
    return Location(doc.path.as_posix(), max(line, 1), note)


def heading_line(ctx: CheckContext, keys: Sequence[str]) -> int | None:
    """The heading line of the first section playing one of the parts, if any."""
    for key in keys:
        found: list[Section] = sections_for(ctx.doc, ctx.vocab, key)
        if found:
            return found[0].line
    return None


def outline_part(ctx: CheckContext, key: str) -> Section | None:
    """The section playing an outline part of the checked document's kind ("observability")."""
    outline = ctx.outlines.get(ctx.doc.kind)
    return match_outline(ctx.doc, outline, ctx.vocab).get(key) if outline else None


def monitor_text(monitor: Monitor) -> str:
    """What a monitor watches (target, item, threshold); the action names other things."""
    text = " ".join(p for p in (monitor.target, monitor.item, monitor.threshold) if p)
    return text or monitor.text


@dataclass(frozen=True)
class TechSets:
    """Technology names of texts, with their implications ("Aurora PostgreSQL" is Aurora).

    Two sets match when one's most specific names lie in the other's full set: "Aurora"
    matches "Aurora PostgreSQL", "PostgreSQL" matches both, but "RDS for PostgreSQL" and
    "Aurora PostgreSQL" are different products and do not match.
    """

    index: TechIndex

    def names(self, text: str, categories: Iterable[str] | None = None) -> frozenset[str]:
        """Canonical names a text mentions (optionally only some categories), implied ones
        included."""
        wanted = set(categories) if categories is not None else None
        found: set[str] = set()
        for hit in self.index.find(text):
            if wanted is None or hit.entry.category in wanted:
                found.update((hit.entry.name, *hit.entry.implies))
        return frozenset(found)

    def implied(self, name: str) -> frozenset[str]:
        return frozenset(i for e in self.index.entries if e.name == name for i in e.implies)

    def primary(self, names: frozenset[str]) -> frozenset[str]:
        """The names no other name of the set implies (the most specific ones)."""
        implied = {i for n in names for i in self.implied(n)}
        return frozenset(n for n in names if n not in implied)

    def match(self, a: frozenset[str], b: frozenset[str]) -> bool:
        """Whether two name sets speak of the same product (see the class docstring)."""
        return bool(self.primary(a) & b) or bool(self.primary(b) & a)

    def categories(self, names: frozenset[str]) -> frozenset[str]:
        return frozenset(e.category for e in self.index.entries if e.name in names)


def tech_sets(ctx: CheckContext) -> TechSets:
    return TechSets(ctx.model.tech_index)


def name_tokens(name: str, generic: Sequence[str]) -> list[str]:
    """The words of a name that identify it (vendor and product words, not "API" or "株式会社")."""
    norm = normalize(_PARENS.sub(" ", name))
    stop = {normalize(g) for g in generic}
    for word in sorted((w for w in stop if not w.isascii()), key=len, reverse=True):
        norm = norm.replace(word, " ")  # "早馬便株式会社" is one kanji run
    tokens = []
    for token in (w for run in _TOKEN.findall(norm) for w in _kanji_words(run)):
        short = len(token) < (3 if token.isascii() else 2)
        if token not in stop and not short and not token.isdigit():
            tokens.append(token)
    return tokens


def _kanji_words(run: str) -> list[str]:
    """A run of four or more kanji as its two-kanji words ("給与計算" → 給与 / 計算): Japanese
    compounds are mostly built of such pairs, and a monitor names one of them ("給与連携")."""
    kanji = not run.isascii() and not "\u30a0" <= run[0] <= "\u30ff"  # not katakana
    if len(run) < 4 or len(run) % 2 or not kanji:
        return [run]
    return [run[i:i + 2] for i in range(0, len(run), 2)]


def name_matches(name: str, text: str, generic: Sequence[str]) -> bool:
    """Whether a text speaks of a named thing: its whole name, half of its identifying words
    ("早馬便" of "早馬便 集荷API"), or one of its brands (a CamelCase word: "PayNova"; a Latin
    word in a Japanese name: "ERP" of "荷主の基幹 ERP")."""
    compact = re.sub(r"\s+", "", normalize(_PARENS.sub(" ", name)))
    haystack = normalize(text)
    if len(compact) >= 3 and compact in re.sub(r"\s+", "", haystack):
        return True
    tokens = name_tokens(name, generic)
    if not tokens:
        return False
    found = [t for t in tokens if contains_term(haystack, t)]
    if len(found) >= max(1, math.ceil(len(tokens) / 2)):
        return True
    brands = {normalize(w) for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", _PARENS.sub(" ", name))
              if _CAMEL.match(w)}
    if not all(t.isascii() for t in tokens):
        brands |= {t for t in tokens if t.isascii()}
    return any(token in brands for token in found)


def name_variants(name: str, separators: Sequence[str], markers: Sequence[str]) -> list[str]:
    """A name and the names its brackets hold: "給与システム（ペイロール株式会社「PayLink」）"
    is also ペイロール株式会社 and PayLink. A bracketed part is a name when it has a capital
    letter or a company marker; "（カード決済）" describes, it does not name."""
    split = re.compile("|".join(re.escape(s) for s in separators) or "$^")
    parts = [p.strip() for aside in _PARENS.findall(name) for p in split.split(aside[1:-1])]
    return [name, *(p for p in parts if re.search(r"[A-Z]", p)
                    or any(contains_term(normalize(p), m) for m in markers))]
