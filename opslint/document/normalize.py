"""Text normalisation shared by headings, synonyms and cell matching."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["contains_term", "heading_number", "normalize", "normalize_heading"]

_SPACES = re.compile(r"\s+")
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


def normalize(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: the form every comparison uses."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


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


def contains_term(normalized_text: str, term: str) -> bool:
    """Whether an already normalised text contains a synonym term.

    ASCII terms must stand as words ("DR" must not match "driver"); CJK terms match as
    substrings, since Japanese has no spaces and CJK letters count as word characters.
    """
    pattern = _TERM_CACHE.get(term)
    if pattern is None:
        needle = normalize(term)
        if _ASCII_WORD.match(needle) and needle[:1].isalnum():
            body = re.escape(needle).replace(r"\ ", r"[\s_-]*")
            pattern = re.compile(rf"(?<![a-z0-9]){body}(?![a-z0-9])")
        else:
            pattern = re.compile(re.escape(needle))
        _TERM_CACHE[term] = pattern
    return pattern.search(normalized_text) is not None
