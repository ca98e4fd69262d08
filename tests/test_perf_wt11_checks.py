"""Fast paths of the checks and their shared readings (round 11 of issue 10), each compared
with the exact path it replaces on generated inputs."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

from opslint.lint import Bundle


def _term_lists(data: Any) -> Iterator[tuple[str, ...]]:
    """Every list of strings in the vocabularies (term lists, and other lists of words)."""
    if isinstance(data, dict):
        for value in data.values():
            yield from _term_lists(value)
    elif isinstance(data, list):
        if data and all(isinstance(v, str) for v in data):
            yield tuple(data)
        for value in data:
            yield from _term_lists(value)


def _flat_alternation(terms: tuple[str, ...]) -> re.Pattern[str]:
    """The alternation ``_any_term`` gave before: each term's own ``contains_term`` pattern."""
    from opslint.document.normalize import _term_body, word_pattern

    parts = []
    for term in terms:
        body, word = _term_body(term)
        parts.append(word_pattern(body) if word else body)
    return re.compile("|".join(parts))


def _pieces(lists: list[tuple[str, ...]]) -> list[str]:
    """Pieces of the normalised terms, and what stands around words (spaces, "_", "-",
    letters and digits that glue to a term, the NUL of joined texts, kana)."""
    from opslint.document.normalize import normalize

    words = {w for terms in lists for t in terms for w in re.split(r"[ _-]", normalize(t)) if w}
    pieces = {p for w in sorted(words)[::7] for p in (w, w[:2], w[1:])} | {
        " ", "_", "-", "x", "1", "s", "\x00", "の", "ア", "a", "dr", "訓練"}
    return sorted(pieces)


def test_word_terms_sharing_a_letter_match_where_each_terms_pattern_does(
        bundle: Bundle) -> None:
    from opslint.document.normalize import _any_term

    lists = sorted({t for t in _term_lists(bundle.vocab.terms) if len(t) >= 2})
    shared = [t for t in lists if "(?:" in (_any_term(t) or re.compile("")).pattern]
    assert len(shared) >= 50  # lists whose word terms were grouped by their first letter
    pieces = _pieces(lists)
    rng = random.Random(11)
    compared = matched = 0
    for terms in shared:
        fast, flat = _any_term(terms), _flat_alternation(terms)
        assert fast is not None
        own = sorted({p for t in terms for p in re.split(r"(\W)", t.casefold()) if p})
        for _ in range(25):
            text = "".join(rng.choice(own if rng.random() < 0.5 else pieces)
                           for _ in range(rng.randint(0, 12)))
            pos = rng.randint(0, len(text))
            for start in (0, pos):
                a, b = fast.search(text, start), flat.search(text, start)
                assert (a is None) == (b is None), (terms, text, start)
                assert a is None or b is None or a.start() == b.start(), (terms, text)
                compared += 1
                matched += a is not None
    assert matched > compared // 8  # the texts do hold terms, not only miss them


def test_a_line_holds_a_colon_exactly_when_the_colon_search_finds_one() -> None:
    colon = re.compile("[:\uff1a]")
    rng = random.Random(3)
    alphabet = ["a", ":", "\uff1a", " ", "：", "\ufe55", "\ufe13", "\n", "名", "﹕"]
    for _ in range(2000):
        raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        assert (":" in raw or "\uff1a" in raw) == (colon.search(raw) is not None)
