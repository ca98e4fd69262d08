"""Text normalisation shared by headings, synonyms and cell matching."""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = [
    "NFKC_STABLE_RUN",
    "NFKC_UNSTABLE_CHAR",
    "any_term_pattern",
    "contains_any",
    "contains_term",
    "heading_number",
    "normalize",
    "normalize_heading",
    "word_pattern",
]

# Runs of characters that NFKC leaves alone one by one, that are not combining marks
# (canonical combining class 0) and are not kana voicing marks: ASCII, CJK punctuation, kana,
# kanji, hangul syllables, arrows, shapes and the common dashes and quotes. The per-character
# (and per-cluster) normalisers in facts/quantities/ and checks/shared/text.py copy
# such runs as they are instead of calling unicodedata.normalize on each character; only the
# rest (full-width forms, ①, "…") takes the slow path. tests/test_normalize_fast.py checks
# every character of the class, so widen it only there.
NFKC_STABLE_RUN = re.compile(
    r"[\x00-\x7f\u2010\u2012-\u2016\u2018-\u2023\u2027\u2190-\u21ff\u25a0-\u25ff"
    r"\u3001-\u3003\u3005-\u301f\u3041-\u3096\u30a1-\u30fe\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7a3]+"
)
# One character outside those runs: what ``checks/shared/text.fold`` normalises alone.
NFKC_UNSTABLE_CHAR = re.compile(f"[^{NFKC_STABLE_RUN.pattern[1:-2]}]")
_TRAILING_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_PANDOC_ATTRS = re.compile(r"\s*\{[#.][^}]*\}\s*$")
_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
# Numbering seen in real documents: "4.", "1.2", "2.1.1", "1)", "(1)", "第3章", "A.", "IV.",
# "1 - High Severity", "①". Stripped once, at the start only.
_NUMBERING = re.compile(
    r"^(?:"
    r"第\s*\d+\s*[章節条項]\s*"
    r"|\(\d+\)\s*"
    r"|[\u2460-\u2473]\s*"
    r"|\d+(?:\.\d+)*(?:[.):：]\s*|\s+-\s+|\s+)"
    r"|[A-Z][.)]\s+"
    r"|[IVX]+\.\s+"
    r")"
)


# Pure str -> str and called about a million times on 100 docs, mostly on the same texts
# (every rule normalises the same titles, cells and lines again): memoise. 4096 entries keep
# 97.2% of the calls on 100 docs; 64 k would keep 97.8% and hold about 7 MB more.
@functools.lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: the form every comparison uses."""
    # split() and join() collapse and strip the same whitespace as a ``\s+`` substitution and
    # strip() (both read str.isspace: tests/test_perf_checks.py), in a quarter less time.
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _strip_symbols(text: str) -> str:
    # Emoji and pictographs (category So) decorate headings ("📋 概要"); they carry no meaning.
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("So", "Sk", "Cs"))


def heading_number(raw: str) -> tuple[str | None, str]:
    """Split a heading's leading numbering from its text: "4. 切り戻し" → ("4", "切り戻し")."""
    text = unicodedata.normalize("NFKC", _clean(raw)).strip()
    match = _NUMBERING.match(text)
    if not match or match.end() == len(text):
        return None, text
    number = match.group(0).strip().rstrip(".):：-").strip().strip("()")
    return number or None, text[match.end() :].strip()


def _clean(raw: str) -> str:
    text = _TRAILING_COMMENT.sub("", raw)
    text = _PANDOC_ATTRS.sub("", text)
    text = _SHORTCODE.sub("", text)
    return _strip_symbols(text).strip()


def normalize_heading(raw: str) -> str:
    """The comparable form of a heading: cleaned, numbering stripped, normalised."""
    return normalize(heading_number(raw)[1])


_ASCII_WORD = re.compile(r"^[\x00-\x7f]+$")
_TERM_CACHE: dict[str, re.Pattern[str]] = {}
_WORD_AFTER = r"(?![a-z0-9])"


def _term_body(term: str) -> tuple[str, bool]:
    """The pattern of one term without its lookarounds, and whether it must stand as a word."""
    needle = normalize(term)
    if _ASCII_WORD.match(needle) and needle[:1].isalnum():
        return re.escape(needle).replace(r"\ ", r"[\s_-]*"), True
    return _spacing_free(needle), False


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _spacing_free(needle: str) -> str:
    """A mixed or CJK term whose spaces between Latin and CJK letters are optional, in the
    term and in the text: "DR訓練" matches "DR 訓練" and the other way round (teams differ
    in whether they space them). Spaces between two Latin words stay required."""
    out: list[str] = []
    for index, char in enumerate(needle):
        before = needle[index - 1] if index else ""
        if char == " ":
            after = needle[index + 1] if index + 1 < len(needle) else ""
            out.append(" " if _latin(before) and _latin(after) else " ?")
            continue
        if before and before != " " and before.isalnum() and char.isalnum() \
                and _latin(before) != _latin(char):
            out.append(" ?")
        out.append(re.escape(char))
    return "".join(out)


def contains_term(normalized_text: str, term: str) -> bool:
    """Whether an already normalised text contains a synonym term.

    ASCII terms must stand as words ("DR" must not match "driver"); CJK terms match as
    substrings, since Japanese has no spaces and CJK letters count as word characters.
    """
    pattern = _TERM_CACHE.get(term)
    if pattern is None:
        body, word = _term_body(term)
        pattern = re.compile(word_pattern(body) if word else body)
        _TERM_CACHE[term] = pattern
    return pattern.search(normalized_text) is not None


def word_pattern(body: str) -> str:
    """``(?<![a-z0-9])body(?![a-z0-9])``: a pattern standing as a word. When the body starts
    with a letter or digit written as itself, the lookbehind moves after that character and
    widens by it: ``r(?<![a-z0-9].)to`` looks at the same character before the "r", so it
    matches at the same places with the same spans; but a pattern (or each branch of an
    alternation) that starts with a literal lets the engine skip to where that letter
    stands, where a leading lookbehind made it try every position: 3.5x faster on the
    column synonyms (tests/test_perf_checks.py compares both forms)."""
    if body[:1] in _WORD_START:
        return f"{body[0]}(?<![a-z0-9].){body[1:]}{_WORD_AFTER}"
    return f"(?<![a-z0-9]){body}{_WORD_AFTER}"


_WORD_START = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _any_term(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation of every term's own ``contains_term`` pattern: one search of it
    succeeds exactly when some term's search would, at the same leftmost start.

    The word terms that start with the same letter or digit share it, its lookbehind and
    the lookahead after them: "api", "alert" read ``a(?<![a-z0-9].)(?:pi|lert)(?![a-z0-9])``,
    not ``a(?<![a-z0-9].)pi(?![a-z0-9])|a(?<![a-z0-9].)lert(?![a-z0-9])``. A match starts
    at a position exactly when one of the terms' patterns matches there (the engine tries
    every branch and every length of each, and the lookarounds read the same positions),
    and the callers read only whether and where a match starts. Nearly three word terms
    in four share their first letter with another of their list (the lists a 300-document
    run searches): the patterns hold a quarter fewer characters to compile in every
    process, and a search tries fewer branches wherever a term's first letter stands."""
    parts: list[str] = []
    words: dict[str, list[str]] = {}  # a word term's first letter -> the rest of each body
    for term in terms:
        body, word = _term_body(term)
        if word and body[:1] in _WORD_START:
            words.setdefault(body[0], []).append(body[1:])
        else:
            parts.append(word_pattern(body) if word else body)
    for first, rests in words.items():
        either = "|".join(dict.fromkeys(rests))
        rest = either if len(rests) == 1 else f"(?:{either})"
        parts.append(f"{first}(?<![a-z0-9].){rest}{_WORD_AFTER}")
    return re.compile("|".join(parts)) if parts else None


def any_term_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """The one regex ``contains_any`` searches for ``terms`` (None for no terms): for a
    reader that tests many texts against one list, so the list is looked up once."""
    try:
        return _ANY_TERM[terms]
    except KeyError:
        if len(_ANY_TERM) >= 4096:  # bounded: term tuples come from the vocabularies
            _ANY_TERM.clear()
        pattern = _ANY_TERM[terms] = _any_term(terms)
        return pattern


def contains_any(normalized_text: str, terms: tuple[str, ...]) -> bool:
    """``any(contains_term(normalized_text, t) for t in terms)`` with one regex search.

    Term lists are searched millions of times per run (every unit against every list), and
    one search per term was the largest cost of a check; the alternation is compiled once
    per distinct tuple.
    """
    pattern = _ANY_TERM.get(terms, _MISSING)  # looked up inline: the hottest call of a run
    if pattern is _MISSING:
        pattern = any_term_pattern(terms)
    return pattern is not None and pattern.search(normalized_text) is not None


# The alternation of each term tuple seen (a plain dictionary: its look-up costs a quarter
# less than an LRU cache's, and contains_any runs a million times on a 5 MB document).
_ANY_TERM: dict[tuple[str, ...], re.Pattern[str] | None] = {}
_MISSING: re.Pattern[str] = re.compile("")  # a sentinel, never searched
