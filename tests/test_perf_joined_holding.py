"""``facts/joined.holding`` finds, one search per text found, the same texts as reading
every match of the joined texts (the way it read them before) and as searching each text
alone: varied patterns (empty matches, lookarounds, anchors, repeats) on generated texts."""

from __future__ import annotations

import itertools
import random
import re
from bisect import bisect_right

from opslint.facts import joined
from opslint.facts.joined import CHUNK, chunks, holding


def _every_match(pattern: re.Pattern[str], texts: list[str], apart: str) -> set[int]:
    """The earlier reading: every match of each chunk mapped back to its text."""
    found: set[int] = set()
    for first, whole in zip(range(0, len(texts), CHUNK), chunks(texts, apart), strict=True):
        part = texts[first : first + CHUNK]
        starts = list(itertools.accumulate((len(t) + len(apart) for t in part[:-1]),
                                           initial=0))
        found.update(first + bisect_right(starts, m.start()) - 1
                     for m in pattern.finditer(whole))
    return found


_PATTERNS = [
    r"a", r"ab+", r"b*", r"x?", r"(?<![a-z])ab", r"ba(?![a-z])", r"^a", r"b$", r"\bab\b",
    r"a|bb|ccc", r"(?i)AB", r"[ab]{2,3}", r"c(?=a)", r"(?<=c)", r"", r"仮|未定",
    r"a[^\n\0]*b", r"(?m)^b|a$",
]
_ALPHABET = "abc 仮未定x"


def _texts(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 9)))
            for _ in range(count)]


def test_holding_matches_every_match_and_each_text_alone() -> None:
    rng = random.Random(20261207)
    for _ in range(300):
        texts = _texts(rng, rng.choice([0, 1, 2, 5, 40]))
        for source in _PATTERNS:
            pattern = re.compile(source)
            for apart in ("\n", "\0"):
                fast = holding(pattern, texts, apart)
                assert fast == _every_match(pattern, texts, apart), (source, texts)
                if "$" not in source and "^" not in source:
                    alone = {i for i, t in enumerate(texts) if pattern.search(t)}
                    assert fast == alone, (source, texts)


def test_holding_across_chunks(monkeypatch: object) -> None:
    rng = random.Random(5)
    setattr(joined, "CHUNK", 7)  # noqa: B010 - many chunks of a few texts
    try:
        for _ in range(100):
            texts = _texts(rng, rng.randint(0, 60))
            for source in _PATTERNS:
                pattern = re.compile(source)
                alone = {i for i, t in enumerate(texts) if pattern.search(t)}
                if "$" not in source and "^" not in source:
                    assert holding(pattern, texts, "\n") == alone, (source, texts)
    finally:
        setattr(joined, "CHUNK", CHUNK)  # noqa: B010
