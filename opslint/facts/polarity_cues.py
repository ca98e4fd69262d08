"""rules/vocab/polarity.yaml compiled once per run: its schema, one trie-shaped pattern per
cue list (a clause is searched once per list, linear in its length) and the clause breaks.

The reading itself is in ``facts/polarity.py``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from opslint.document.normalize import normalize
from opslint.engine.paramspec import Field, VocabBase
from opslint.engine.vocab import Vocab
from opslint.facts.model_common import Polarity

__all__ = ["ENUMERATOR", "ORDER", "Cues", "load_cues", "trie_branches", "trie_pattern"]

# When a clause holds cues of several polarities, the first wins ("将来も採用しない" is negated).
ORDER: Final[tuple[Polarity, ...]] = ("negated", "out_of_scope", "planned", "example")
# Items enumerated inside one sentence ("(1) … (2) …") are clauses, not parentheses.
ENUMERATOR: Final = re.compile(r"\((?:\d{1,2}|[a-z]|[ivx]{1,4})\)")
# A space in a cue also matches a hyphen or an underscore ("out-of-scope", "non_goal").
_SPACE: Final = r"[\s_-]+"
# ``(?<![a-z0-9])`` seen from after a word's first letter (``trie_pattern``'s ``behind``).
_WORD_BEFORE: Final = r"(?<![a-z0-9].)"


class _Pair(VocabBase):
    ja: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)


class _Clauses(_Pair):
    ja_predicate: list[str] = Field(default_factory=list)
    en_predicate: list[str] = Field(default_factory=list)
    abbreviations: list[str] = Field(default_factory=list)


class _Negated(VocabBase):
    ja_after: list[str] = Field(default_factory=list)
    ja_of_acts: list[str] = Field(default_factory=list)
    ja_list_particles: list[str] = Field(default_factory=list)
    ja_right_after: list[str] = Field(default_factory=list)
    en_before: list[str] = Field(default_factory=list)
    en_right_before: list[str] = Field(default_factory=list)
    en_right_before_next: list[str] = Field(default_factory=list)
    en_after: list[str] = Field(default_factory=list)


class _Denied(VocabBase):
    ja_right_after: list[str] = Field(default_factory=list)
    en_before: list[str] = Field(default_factory=list)


class PolaritySpec(VocabBase):
    """rules/vocab/polarity.yaml (validated when the vocabularies load)."""

    clauses: _Clauses
    negated: _Negated
    planned: _Pair
    example: _Pair
    out_of_scope: _Pair
    ignore: _Pair = Field(default_factory=_Pair)
    sections: dict[Polarity, list[str]] = Field(default_factory=dict)
    reach: int = 3
    stops: list[str] = Field(default_factory=list)
    denied: _Denied = Field(default_factory=_Denied)


@dataclass(frozen=True, eq=False)
class Cues:
    """polarity.yaml compiled: one alternation per list, so a clause is searched once per list."""

    breaks: re.Pattern[str]
    abbreviation: re.Pattern[str]
    predicate: re.Pattern[str] | None  # a parenthesis holding one is a sentence of its own
    ignore: re.Pattern[str] | None
    anywhere: dict[Polarity, re.Pattern[str] | None]  # out_of_scope, planned, example
    ja_after: re.Pattern[str] | None
    ja_modifier: re.Pattern[str]  # の not followed by an act of adopting (ja_of_acts)
    ja_list_tie: re.Pattern[str]  # a particle (and markup) ending the text before a cue
    ja_right_after: re.Pattern[str] | None
    ja_right_after_terms: re.Pattern[str] | None
    en_before: re.Pattern[str] | None
    en_right_before: re.Pattern[str] | None
    en_modifier: re.Pattern[str]  # a word after the mention that makes it a modifier
    en_after: re.Pattern[str] | None
    sections: dict[Polarity, re.Pattern[str] | None]
    annotations: tuple[re.Pattern[str], ...]  # every cue list, for "(不採用)"-style notes
    any_cue: re.Pattern[str] | None  # every cue term: a text without one is adopted
    reach: int
    stops: frozenset[str]
    denied_after: tuple[str, ...] = ()  # folded: a text right after the mention starts so
    denied_before: re.Pattern[str] | None = None  # ends the text before the mention


def trie_pattern(words: Iterable[str], space: str = r"\s*", behind: str = "") -> str:
    """One pattern matching any of the words, longest first where one extends another; a
    space in a word matches ``space``. Shaped as a trie, a scan stays linear in the text
    instead of trying every word at every position. ``behind``: see ``trie_branches``."""
    branches = trie_branches(words, space, behind)
    if len(branches) < 2:
        return "".join(branches)  # no words: an empty pattern, as an empty trie always was
    return "(?:" + "|".join(branches) + ")"


def trie_branches(words: Iterable[str], space: str = r"\s*", behind: str = "",
                  after: str = "") -> list[str]:
    """``trie_pattern``'s alternatives, one per first letter, each ending with ``after``:
    for a caller joining several lists' into one alternation.

    ``behind``: a lookbehind every match must pass at its start, written as seen from after
    the first letter (``(?<![a-z0-9].)`` for ``(?<![a-z0-9])``) and placed there. A pattern
    whose alternatives all start with a literal lets the engine skip to where one of those
    letters stands; a leading lookbehind, or a group first, makes it try every position
    (the cue scan of a whole document ran several times faster). With ``behind``, the words
    must start with a letter, not a space."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    if "" in root or (behind and " " in root):  # an empty word: one optional group
        if behind:
            raise ValueError("trie_branches: with a lookbehind, words start with a letter")
        return [_node_pattern(root, space) + after]
    return [(space if char == " " else re.escape(char)) + behind + _node_pattern(child, space)
            + after for char, child in sorted(root.items())]


def _node_pattern(node: dict[str, Any], space: str) -> str:
    branches = [(space if char == " " else re.escape(char)) + _node_pattern(child, space)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A greedy optional tail tries the longer word first ("argo cd" before "argo").
    return f"(?:{body})?" if "" in node else body


def _alternation(terms: Iterable[str]) -> re.Pattern[str] | None:
    """Terms as one pattern: ASCII ones as whole words (a space also matches a hyphen), CJK
    ones as substrings."""
    words = {normalize(t) for t in terms if t.strip()}
    ascii_words = sorted(w for w in words if w.isascii() and w[:1].isalnum())
    others = sorted(words.difference(ascii_words))
    # One alternation of both lists' first letters (see ``trie_branches``), the ASCII words
    # first, as when each list was a group of its own.
    branches = [*trie_branches(ascii_words, _SPACE, _WORD_BEFORE, "(?![a-z0-9])"),
                *trie_branches(others, _SPACE)]
    return re.compile("|".join(branches)) if branches else None


def _breaks(spec: PolaritySpec) -> re.Pattern[str]:
    connectives = sorted((*spec.clauses.ja, *spec.clauses.en), key=len, reverse=True)
    parts = [
        r"[。!?;|]",
        # A period ends an English sentence before a space, the end or a Japanese letter
        # ("Node.js", "v1.2" and abbreviations stay whole; see _clause_ends).
        r"\.(?=\s|$|[^\x00-\x7f])",
        # A line break ends a clause after a Markdown hard break, or before a list item, a
        # table row, a quote, a heading or a label line ("・キー：値", "**版**: v1").
        r"(?:  |\\|<br\s*/?>)\n",
        r"\n(?=[ \t]*(?:[-*+・|>#]|\d+[.)]|[^\s:]{1,20}:))",
        ENUMERATOR.pattern,
        *(re.escape(c.casefold()) for c in connectives if c),
    ]
    return re.compile("|".join(parts))


def _build(vocab: Vocab) -> Cues:
    spec = vocab.model("polarity", PolaritySpec)
    abbreviations = "|".join(re.escape(a.casefold()) for a in spec.clauses.abbreviations)
    neg = spec.negated
    right_after = _alternation(neg.ja_right_after)
    pairs = {"out_of_scope": spec.out_of_scope, "planned": spec.planned, "example": spec.example}
    anywhere = {name: _alternation((*pairs[name].ja, *pairs[name].en)) for name in ORDER[1:]}
    lists = (neg.ja_after, neg.ja_right_after, neg.en_before, neg.en_right_before, neg.en_after)
    annotations = (*(_alternation(terms) for terms in lists), *anywhere.values())
    every = [t for terms in lists for t in terms]
    every += [t for pair in pairs.values() for t in (*pair.ja, *pair.en)]
    return Cues(
        breaks=_breaks(spec),
        abbreviation=re.compile(rf"(?<![a-z0-9])(?:{abbreviations or '(?!)'})$"),
        predicate=_alternation((*spec.clauses.ja_predicate, *spec.clauses.en_predicate)),
        ignore=_alternation((*spec.ignore.ja, *spec.ignore.en)),
        anywhere=anywhere,
        ja_after=_alternation(neg.ja_after),
        ja_modifier=re.compile("の(?!\\s*(?:" + "|".join(map(re.escape, neg.ja_of_acts))
                               + "))" if neg.ja_of_acts else "の"),
        # Spaces, は/も/が, a colon, emphasis and closing brackets may sit between the noun
        # and the cue ("WAF は不要", "**CDN**：なし").
        ja_right_after=re.compile(r"[\s*`\"'「」『』()\[\]]*(?:は|も|が|:)?[\s*`(]*(?:"
                                  + right_after.pattern + ")") if right_after else None,
        ja_right_after_terms=right_after,
        ja_list_tie=re.compile("(?:" + "|".join(map(re.escape, neg.ja_list_particles or ["は"]))
                               + r")[\s*`\"'」』)]*$"),
        en_modifier=re.compile(r"[\s*`\"']*(?!(?:" + "|".join(
            re.escape(w) for w in sorted({*neg.en_right_before_next, *spec.stops}, key=len,
                                         reverse=True)) + r")(?![a-z0-9]))[a-z]"),
        en_before=_alternation(neg.en_before),
        en_right_before=_alternation(neg.en_right_before),
        en_after=_alternation(neg.en_after),
        sections={name: _alternation(spec.sections.get(name, ())) for name in ORDER},
        annotations=tuple(p for p in annotations if p is not None),
        any_cue=_alternation(every),
        reach=spec.reach,
        stops=frozenset(s.casefold() for s in spec.stops),
        denied_after=tuple(_fold(t) for t in spec.denied.ja_right_after),
        denied_before=_denied_before(spec.denied.en_before),
    )


def _fold(term: str) -> str:
    return unicodedata.normalize("NFKC", term).casefold()


def _denied_before(terms: list[str]) -> re.Pattern[str] | None:
    """A negation, then at most two words, ending the text before a mention."""
    words = "|".join(re.escape(_fold(t)) for t in terms)
    return re.compile(rf"(?<![a-z])(?:{words})(?:\s+[a-z'-]+){{0,2}}\s*$") if words else None


def load_cues(vocab: Vocab) -> Cues:
    """The compiled cues of the run's vocabulary (built on first use, then kept)."""
    return vocab.compiled("polarity:cues", lambda: _build(vocab))
