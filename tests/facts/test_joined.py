"""``facts/joined.holding``: one scan of the joined texts finds the texts one search each
would find."""

from __future__ import annotations

import random
import re

from opslint.facts.joined import holding

_PIECES = ("TBD", "未定", "担当", "tbd", "x", " ", "-", "TB", "D", "障害", "")


def test_the_texts_holding_a_match_are_those_a_search_per_text_finds() -> None:
    rng = random.Random(7)
    pattern = re.compile(r"TBD|未定|(?<![A-Za-z])x(?![A-Za-z])")
    for _ in range(300):
        texts = ["".join(rng.choice(_PIECES) for _ in range(rng.randrange(4)))
                 for _ in range(rng.randrange(12))]
        expected = {i for i, text in enumerate(texts) if pattern.search(text)}
        assert holding(pattern, texts, "\n") == expected
        assert holding(pattern, texts, "\x00") == expected


def test_no_texts_hold_nothing() -> None:
    assert holding(re.compile("a*"), [], "\n") == set()


def test_texts_past_one_chunk_are_mapped_by_their_own_chunk() -> None:
    """Texts are joined ``CHUNK`` at a time; a text's index is counted from its chunk's
    first, so texts on either side of a chunk's edge are found as a search each finds them."""
    from opslint.facts.joined import CHUNK, chunks

    pattern = re.compile(r"(?<![a-z])tbd(?![a-z])")
    texts = ["x"] * (2 * CHUNK + 3)
    for index in (0, CHUNK - 1, CHUNK, 2 * CHUNK, 2 * CHUNK + 2):
        texts[index] = "tbd"
    assert holding(pattern, texts, "\0") == {i for i, t in enumerate(texts) if pattern.search(t)}
    assert len(list(chunks(texts, "\0"))) == 3
