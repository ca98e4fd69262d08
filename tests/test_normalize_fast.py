"""The fast paths of the normalisers agree with the slow, obvious definitions.

docs/performance.md explains why they exist: per-character NFKC and one regex search per
term were the largest costs of a check.
"""

from __future__ import annotations

import random
import unicodedata

from opslint.checks.shared.text import Folded, fold
from opslint.document.normalize import NFKC_STABLE_RUN, contains_any, contains_term, normalize
from opslint.facts.quantities import _VOICED_MARKS, _Norm, _normalise


def _slow_fold(text: str) -> Folded:
    chars: list[str] = []
    columns: list[int] = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char)
        chars.append(folded)
        columns.extend([index + 1] * len(folded))
    columns.append(len(text) + 1)
    return Folded(text, "".join(chars), tuple(columns))


def _slow_normalise(text: str) -> _Norm:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and (unicodedata.combining(text[j]) or text[j] in _VOICED_MARKS):
            j += 1
        piece = unicodedata.normalize("NFKC", text[i:j])
        out.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return _Norm(text, "".join(out), tuple(starts), tuple(ends))


def test_stable_class_holds_only_stable_characters() -> None:
    members = [chr(c) for c in range(0x10000) if NFKC_STABLE_RUN.fullmatch(chr(c))]
    assert len(members) > 39_000  # kana, kanji, hangul, ASCII: the class is not empty
    for char in members:
        assert unicodedata.normalize("NFKC", char) == char, hex(ord(char))
        assert unicodedata.combining(char) == 0, hex(ord(char))
        assert char not in _VOICED_MARKS, hex(ord(char))


# Stable characters next to everything that is not: full-width forms, compatibility
# characters, combining and voicing marks (also at the start), half-width kana, astral.
_ALPHABET = (
    "aZ09 -_.|:()e漢字かなカナ、。「」ー→■"
    "ＴＢＤ１２３，％～（）：　①…ｶﾞﾊﾟｱ\uff9e\uff9f\u3099\u309a\u0301\u0323\u0308"
    "ﬁ㍻㌔Å\u212b\U0001d400\U0001f600é"
)


def _samples(count: int) -> list[str]:
    rng = random.Random(20261128)
    texts = ["", "plain ascii", "ＴＢＤ", "\u0301a", "a\u0301", "か\u3099", "ｶﾞ", "（仮）"]
    for _ in range(count):
        texts.append("".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 24))))
    return texts


def test_fold_matches_per_character_nfkc() -> None:
    for text in _samples(3000):
        fast, slow = fold.__wrapped__(text), _slow_fold(text)
        assert (fast.raw, fast.text, tuple(fast.columns)) == (slow.raw, slow.text, slow.columns)


def test_normalise_matches_per_cluster_nfkc() -> None:
    for text in _samples(3000):
        fast, slow = _normalise.__wrapped__(text), _slow_normalise(text)
        assert (fast.src, fast.text, tuple(fast.starts), tuple(fast.ends)) == (
            slow.src, slow.text, slow.starts, slow.ends), text


def test_contains_any_matches_contains_term() -> None:
    terms = ("DR", "roll back", "切り戻し", "SLO", "c++", "", "a-b", "ＴＢＤ")
    texts = [normalize(t) for t in (
        "DR site", "driver", "rollback", "roll-back plan", "切り戻し手順", "slo: 99.9%",
        "c++ build", "a b", "tbd", "no match", "x_dr_y",
    )]
    rng = random.Random(7)
    for text in texts:
        for size in range(len(terms) + 1):
            chosen = tuple(rng.sample(terms, size))
            assert contains_any(text, chosen) == any(contains_term(text, t) for t in chosen)


def test_contains_any_empty_list_matches_nothing() -> None:
    assert not contains_any("anything", ())
