"""What the extractors read text with: term lists, units of a scope (the one unit type of
``facts/units.py``), labels, windows and limits."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from opslint.document.model import Document, Section
from opslint.document.normalize import any_term_pattern, contains_term, normalize
from opslint.engine.memo import Bounded, LastKept
from opslint.engine.outlines import chapter_sections
from opslint.engine.vocab import Vocab
from opslint.facts.labels import strip_markup
from opslint.facts.polarity_cues import trie_branches
from opslint.facts.quantities import Duration, find_durations
from opslint.facts.units import Unit, section_units

__all__ = [
    "Terms",
    "Unit",
    "cell_text",
    "label_value",
    "limit_duration",
    "outermost",
    "sections_for",
    "units",
    "window_of",
]

# Windows are at least a day; a 28–31 day window is a month.
_DAY = 1440.0
# "30-day rolling": quantities.find_durations does not read the hyphenated adjective form.
_HYPHEN_DAYS = re.compile(r"(?i)(?<![\d.])(\d+)\s*-\s*days?(?![a-z])")


class Terms:
    """The term lists of rules/vocab/facts.yaml, with matching helpers."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        # The lists by key, and the answers of ``has`` and ``find``, kept on the vocabulary
        # (another rules folder has its own): the extractors build a Terms each and ask
        # again.
        self._lists: dict[str, tuple[str, ...]] = vocab.compiled("facts:term_lists", dict)
        self._has: Bounded[tuple[str, str], bool] = vocab.compiled("facts:has", Bounded)
        self._found: Bounded[tuple[str, str], tuple[tuple[int, int], ...]] = vocab.compiled(
            "facts:find", Bounded)
        self._patterns: dict[str, re.Pattern[str] | None] = vocab.compiled(
            "facts:has_patterns", dict)
        # Read first by ``has`` and ``find`` (most questions repeat an answer kept).
        self._has_known = self._has.known
        self._found_known = self._found.known

    def __call__(self, key: str) -> tuple[str, ...]:
        found = self._lists.get(key)
        if found is None:
            found = self._lists[key] = self.vocab.term_list("facts", key)
        return found

    def has(self, norm: str, key: str) -> bool:
        """Whether a normalised text holds a term of a list. The extractors ask the same
        text about the same list again (the units of a document, read by several facts):
        two thirds of the questions on 100 documents repeat one of the last 4,096, whose
        answers are kept (a key of two strings, whose hashes are cached, costs a tenth of
        the search it saves)."""
        found = self._has_known.get((norm, key))
        if found is None:
            found = self._has.get((norm, key), self._search, norm, key)
        return found

    def _search(self, norm: str, key: str) -> bool:
        """``contains_any(norm, self(key))`` with the list's pattern found once per key,
        not by hashing the term tuple again on every question."""
        pattern = self._patterns.get(key, _UNSET)
        if pattern is _UNSET:
            pattern = self._patterns[key] = any_term_pattern(self(key))
        return pattern is not None and pattern.search(norm) is not None

    @staticmethod
    def first(text: str, term: str) -> int | None:
        """Where a term first occurs in a raw text, or None."""
        folded = fold(text)
        match = _pattern(term).search(folded)
        return match.start() if match else None

    @staticmethod
    def span(folded: str, terms: Sequence[str]) -> tuple[int, int] | None:
        """The first span of any of ``terms`` in a folded text (``fold_unit``), by the one term
        matcher: the first term that occurs wins."""
        for term in terms:
            match = _pattern(term).search(folded)
            if match:
                return match.span()
        return None

    def find(self, text: str, key: str) -> list[tuple[int, int]]:
        """Spans of a list's terms in a raw text (NFKC and case folding keep CJK lengths).
        Asked again of the same texts as ``has`` is (half the questions on 100 documents
        repeat one of the last 4,096): the spans are kept on the vocabulary too."""
        found = self._found_known.get((text, key))
        if found is None:
            found = self._found.get((text, key), self._find, text, key)
        return list(found)

    def _find(self, text: str, key: str) -> tuple[tuple[int, int], ...]:
        folded = fold(text)
        terms = self(key)
        either = _either(terms)
        if either is None or either.search(folded) is None:
            return ()  # most texts hold none of the terms: one search, not one per term
        spans = [m.span() for term in terms for m in _pattern(term).finditer(folded)]
        return tuple(sorted(spans))

_UNSET: re.Pattern[str] = re.compile("")  # a sentinel, never searched


@functools.lru_cache(maxsize=4096)
def _pattern(term: str) -> re.Pattern[str]:
    """The same matching as ``contains_term``, but spacing-tolerant for unnormalised text."""
    needle = normalize(term)
    body = r"\s*".join(re.escape(part) for part in needle.split(" "))
    if needle.isascii() and needle[:1].isalnum():
        return re.compile(rf"(?<![a-z0-9]){body}(?![a-z0-9])")
    return re.compile(body)


@functools.lru_cache(maxsize=1024)
def fold(text: str) -> str:
    """A raw text NFKC-normalised and case-folded, as ``Terms.find`` searches it (lengths of
    CJK text kept). Pure and asked again for each term list searched in the same unit
    (several labels, RTO and RPO): memoised as ``normalize`` is."""
    return unicodedata.normalize("NFKC", text).casefold()


@functools.lru_cache(maxsize=1024)
def _either(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern that finds a match exactly where one of the terms' ``_pattern``s would,
    so a text it misses holds no term at all. Shaped as tries, one alternative per first
    letter (``trie_branches``; a word term's edge checked just after its first letter): a
    search skips to where such a letter stands and stays linear in the text instead of
    trying every term at every position. Backtracking into the groups keeps it exact: a
    match exists iff some term's own pattern matches."""
    if not terms:
        return None
    needles = {normalize(t) for t in terms}
    if "" in needles:  # an empty term matches everywhere: keep the plain alternation
        return re.compile("|".join(f"(?:{_pattern(t).pattern})" for t in terms))
    words = sorted(n for n in needles if n.isascii() and n[:1].isalnum())
    others = sorted(needles.difference(words))
    # Every alternative starts with a letter (the word edge checked after it): the engine
    # then skips to where one stands instead of trying every position of the text.
    parts = trie_branches(words, r"\s*", "(?<![a-z0-9].)", "(?![a-z0-9])") if words else []
    parts += trie_branches(others) if others else []
    return re.compile("|".join(parts))


def cell_text(text: str) -> str:
    """A cell or label without Markdown emphasis and surrounding space."""
    return strip_markup(text)


def units(scope: Section | Document, *, titles: bool = False, own: bool = False
          ) -> Iterator[Unit]:
    """Units of a section (with subsections, or with ``own`` its own blocks only) or a whole
    document, code excluded, in order: paragraphs line by line, list items, table rows
    (``facts/units.py``).

    With ``titles``, each heading is a unit too (its title often carries a value:
    "切り戻し後の確認（15分）").
    """
    if isinstance(scope, Document):
        # Several extractors read a whole document's units in a row (the legend, disposable
        # stores, DR strategies, error budgets, SLO exclusions): cut them once per document.
        kept = _WHOLE.setdefault(titles, LastKept())
        return iter(kept.get((scope,), lambda: tuple(section_units(
            scope, titles=titles, headers=False, prose="lines"))))
    return section_units(scope, titles=titles, headers=False, prose="lines", own=own)


# titles → the last document asked for and its units (memory bounded by one document).
_WHOLE: dict[bool, LastKept[tuple[Unit, ...]]] = {}


def sections_for(doc: Document, vocab: Vocab, key: str) -> list[Section]:
    """The sections playing a part: matching chapters, else the outermost matching headings.

    Chapters come first so a rehearsal timeline nested under another chapter ("7.2 当日実行
    タイムライン") is not taken for the release's own T-0 chapter.
    """
    chapters = [s for s in chapter_sections(doc) if vocab.section_matches(s, key)]
    if chapters:
        return chapters
    found = vocab.find_sections(doc, key)
    return [s for s in found if not any(o is not s and _inside(s, o) for o in found)]


def outermost(sections: Iterable[Section]) -> Iterator[Section]:
    """The sections, less each one inside a section yielded before it: a reader that reads
    a section's units with its subsections' (and keeps the first reading of each line) has
    read a nested one already, so its units need not be cut again."""
    kept: list[Section] = []
    for section in sections:
        if not any(_inside(section, outer) for outer in kept):
            kept.append(section)
            yield section


def _inside(inner: Section, outer: Section) -> bool:
    return outer.line < inner.line <= outer.end_line


def label_value(unit: Unit) -> tuple[str, str] | None:
    """A unit as (label, value): "RTO: 1時間", "- 停止: 60分", or a row's first cell and rest."""
    found = unit.label()
    if found is None:
        return None
    if unit.row is not None:
        return found.label, found.value
    value = strip_markup(found.value)
    return (found.label, value) if value else None


def window_of(text: str, terms: Terms) -> tuple[float | None, str | None, str]:
    """An SLO evaluation window in a text: (minutes, kind, source text).

    ``kind`` is "days" for an explicit length (30日, 28 days, 四半期 is not parsed), "month"
    for 月間 / monthly without days, None when the text states no window.
    """
    norm = normalize(text)
    # "暦月（毎月 1 日 0時00分 から）": a month named before any length is the window; the
    # day after it is a date, not a one-day window.
    month = next((term for term in terms("window_month") if contains_term(norm, term)), None)
    durations = [d for d in find_durations(text)
                 if _DAY <= d.minutes <= 400 * _DAY and not _per_unit(text, d)]
    if month is not None and not (durations and _before_month(text, durations[0].start, month)):
        return None, "month", month
    if durations:
        return durations[0].minutes, "days", durations[0].text
    hyphen = _HYPHEN_DAYS.search(text)
    if hyphen and 1 <= int(hyphen.group(1)) <= 400:
        return int(hyphen.group(1)) * _DAY, "days", hyphen.group(0)
    return None, None, ""


def _before_month(text: str, position: int, month: str) -> bool:
    """Whether a duration at ``position`` comes before the month term in the text."""
    found = Terms.first(text, month)
    return found is None or position < found


def _per_unit(text: str, duration: Duration) -> bool:
    # "1日あたり", "5xx率 > 1% が 1日継続": not a window.
    tail = text[duration.end : duration.end + 4]
    return tail.startswith(("あたり", "当たり", "継続", "毎", "ごと", "以内", "前"))


def limit_duration(text: str, duration: Duration, terms: Terms) -> bool:
    """Whether a duration is stated as a limit ("15分以内", "最大15分", "up to 15 min")."""
    around = normalize(text[max(0, duration.start - 6) : duration.end + 4])
    return terms.has(around, "limit_words")


def durations_in(texts: Iterable[str]) -> list[Duration]:
    return [d for text in texts for d in find_durations(text)]


def first_after(items: Sequence[Duration], position: int) -> Duration | None:
    return next((d for d in items if d.start >= position), None)
