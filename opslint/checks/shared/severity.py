"""Reading incident severities (障害レベル定義) and the incident vocabulary.

Shared by the severity rules (INC) and the recovery objectives (BDR), which must not read a
severity table's target times as the DR objective.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from opslint.checks.shared.common import typed_vocab
from opslint.checks.shared.units import has_term, scope_sections
from opslint.checks.shared.vocab_models import FlowStep, IncidentVocab, SeverityVocab
from opslint.document.model import Document, ListItem, Paragraph, Section, Table
from opslint.document.normalize import NFKC_STABLE_RUN, normalize
from opslint.engine.context import CheckContext
from opslint.engine.vocab import Vocab
from opslint.facts.labels import read_label
from opslint.facts.prefilter import Prefilter, needed, prefilter

__all__ = [
    "FlowStep",
    "IncidentVocab",
    "Level",
    "SeverityVocab",
    "incident_vocab",
    "level_label",
    "severity_levels",
    "severity_scope",
]

SEVERITY_KEYS = ("severity", "severity_levels")
_LEADING_SYMBOLS = re.compile(r"^[^\w]+")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SEPARATORS = re.compile(r"[\s\-–—:/|・,、.]+")


def incident_vocab(ctx: CheckContext) -> IncidentVocab:
    return typed_vocab(ctx, "incident", IncidentVocab)


@dataclass(frozen=True)
class Level:
    """A severity level as a document defines it: rank 1 is the worst."""

    rank: int
    name: str  # the label as written ("Sev-1", "SEV1", "P2", "Critical")
    prefix: str | None  # the label before its number ("Sev-", "SEV"); None for word labels
    criteria: str
    line: int


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _bare(rest: str, vocab: SeverityVocab) -> bool:
    """Whether what follows a label only decorates it: "(Critical)", "- High", nothing."""
    words = {w.casefold() for ws in vocab.words.values() for w in ws}
    tokens = _SEPARATORS.sub(" ", _PARENTHESES.sub(" ", rest)).casefold().split()
    return all(token in words for token in tokens)


# A level label's pattern (the vocabulary's, or a level word's) compiled once: it is tried
# on the first cell of every row of every table (BDR's severity tables, 50,000 rows).
@functools.lru_cache(maxsize=256)
def _label_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_WORD_CHAR = re.compile(r"\w")

# What the label readers delete or replace before a label's pattern runs: markup marks
# (``strip_markup``, ``level_label``) and "_" read as a space.
_EDITED = "*`_"


@functools.lru_cache(maxsize=64)
def _strong_screen(strong: tuple[str, ...]) -> Prefilter | None:
    """The literal prefilter of the strong label patterns (``prefilter.py``), or None when
    there is none or a needle holds a character the readers edit (the edit could make it)."""
    patterns = tuple(_label_pattern(p) for p in strong)
    for pattern in patterns:
        for needles in needed(pattern):
            if any(c in s for s in needles.exact | needles.folded for c in _EDITED):
                return None
    return prefilter(patterns) if patterns else None


def _no_strong_label(normal: str, vocab: SeverityVocab) -> bool:
    """True only when no strong label can be read from a text whose NFKC form is
    ``normal``: most texts of a document (the levels outside the severity chapters).

    Every text a strong pattern is matched against (``level_label``'s ``clean``) is then a
    piece of ``normal`` with "*" and "`" deleted and "_" made a space, when ``normal`` is made
    of NFKC-stable characters only (``NFKC_STABLE_RUN``: none composes with another, so
    NFKC leaves any piece of it, with characters deleted, as it is): a label read by
    ``read_label`` is such a piece, and so is a text cut at a label's start. A match holds
    one needle of each of its pattern's sets, none holding an edited character, so
    ``normal`` edited alike holds it too: a text the prefilter does not admit has no label.
    Any other text is read in full. tests/test_perf_wt9_checksb.py compares both."""
    screen = _strong_screen(tuple(vocab.strong))
    if screen is None or NFKC_STABLE_RUN.fullmatch(normal) is None:
        return False
    return not screen.admits(normal.replace("*", "").replace("`", "").replace("_", " "))


def level_label(text: str, vocab: SeverityVocab, *, weak: bool, whole: bool = False
                ) -> tuple[int, str, str | None, int] | None:
    """(rank, name, prefix, end) when a text starts with a severity label, else None.

    With ``whole`` the label must be all the text ("Sev-1 (Critical)"), not the start of a
    sentence that mentions a level ("Sev-1 の宣言", "Sev-1 または Sev-2 のインシデント").
    """
    normal = _nfkc(text)
    if not weak and _no_strong_label(normal, vocab):
        return None
    clean = _LEADING_SYMBOLS.sub("", normal.replace("*", "").replace("_", " "))
    for pattern in vocab.strong + (vocab.weak if weak else []):
        match = _label_pattern(pattern).match(clean)
        # "SEV-1の状態にあった時間" names a level inside a phrase; a label stands alone.
        if not match or _WORD_CHAR.match(clean, match.end()):
            continue
        if whole and not _bare(clean[match.end():], vocab):
            continue
        digit = match.start("n")
        return int(match["n"]), match.group(0).strip(), clean[:digit], match.end()
    if weak:
        for rank, words in vocab.words.items():
            for word in words:
                match = _label_pattern(rf"{re.escape(word)}(?!\w)").match(clean)
                if match:
                    return rank, match.group(0), None, match.end()
    return None


def _from_text(text: str, line: int, vocab: SeverityVocab, weak: bool, extra: str = "",
               *, heading: bool = False) -> Level | None:
    """A level labelled at the start of a text; weak labels only before a colon or as a heading,
    so that prose such as "Low-sev incidents are…" is not read as a level."""
    # A label is the text before a colon when that text is short ("**SEV1（重大）**: …").
    normal = _nfkc(text)
    if not weak and _no_strong_label(normal, vocab):
        return None  # level_label would find none (most texts outside severity chapters)
    labelled = read_label(normal)
    head, rest = (labelled.label, labelled.value) if labelled else (text, None)
    found = level_label(head, vocab, weak=weak and (heading or labelled is not None),
                        whole=not weak)
    if found is None:
        return None
    rank, name, prefix, end = found
    criteria = rest if rest is not None else _LEADING_SYMBOLS.sub("", _nfkc(head))[end:]
    return Level(rank, name, prefix, f"{criteria} {extra}".strip(), line)


def _level_column(table: Table, vocab: SeverityVocab) -> int:
    for index, header in enumerate(normalize(h) for h in table.header):
        if has_term(header, vocab.header) and not has_term(header, vocab.not_header):
            return index
    return 0


def _table_levels(table: Table, vocab: SeverityVocab, weak: bool) -> Iterator[Level]:
    if any(has_term(normalize(h), vocab.not_header) for h in table.header[:1]):
        return
    column = _level_column(table, vocab)
    for row in table.rows:
        found = level_label(row.get(column), vocab, weak=weak, whole=not weak)
        if found is not None:
            others = " ".join(c for i, c in enumerate(row.cells) if i != column)
            yield Level(found[0], found[1], found[2], others.strip(), row.line)


def _item_levels(items: Sequence[ListItem], vocab: SeverityVocab, weak: bool) -> Iterator[Level]:
    for index, item in enumerate(items):
        if not weak and _no_strong_label(_nfkc(item.text), vocab):
            continue  # no level: its children's texts are not joined for nothing
        children = []
        for later_index in range(index + 1, len(items)):  # not a copy of the rest per item
            later = items[later_index]
            if later.depth <= item.depth:
                break
            children.append(later.text)
        level = _from_text(item.text, item.line, vocab, weak, " ".join(children))
        if level is not None:
            yield level


def _section_levels(section: Section, vocab: SeverityVocab, weak: bool) -> Iterator[Level]:
    """Levels stated by a section's own blocks and by the titles of its subsections."""
    items = [b for b in section.blocks if isinstance(b, ListItem)]
    yield from _item_levels(items, vocab, weak)
    for block in section.blocks:
        if isinstance(block, Table):
            yield from _table_levels(block, vocab, weak)
        elif isinstance(block, Paragraph):
            for offset, text in enumerate(block.text.split("\n")):
                level = _from_text(text, block.line + offset, vocab, weak)
                if level is not None:
                    yield level
    for child in section.children:
        if not weak and _no_strong_label(_nfkc(child.title), vocab):
            continue  # no level in its title: its body is not joined for nothing
        body = " ".join(b.text for b in child.blocks if isinstance(b, Paragraph | ListItem))
        level = _from_text(child.title, child.line, vocab, weak, body, heading=True)
        if level is not None:
            yield level


def severity_scope(vocab: Vocab, doc: Document, sv: SeverityVocab) -> list[Section]:
    keys = [k for k in SEVERITY_KEYS if k in vocab.sections]
    return scope_sections(vocab, doc, keys, exclude=sv.not_sections)


def severity_levels(doc: Document, vocab: Vocab, sv: SeverityVocab) -> list[Level]:
    """The first definition of each rank: severity chapters first, then strong labels anywhere."""
    scope = severity_scope(vocab, doc, sv)
    excluded = scope_sections(vocab, doc, sv.not_sections)
    found: list[Level] = []
    for section in scope:
        for sub in section.walk():
            found.extend(_section_levels(sub, sv, weak=True))
    inside = [*scope, *excluded]
    for sub in doc.root.walk():
        if not any(s.line <= sub.line <= s.end_line for s in inside):
            found.extend(_section_levels(sub, sv, weak=False))
    first: dict[int, Level] = {}
    for level in found:
        first.setdefault(level.rank, level)
    return sorted(first.values(), key=lambda lv: lv.rank)
