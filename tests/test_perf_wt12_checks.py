"""Twelfth round, checks: each fast path compared with the exact path it stands in for, on
generated and varied inputs (the comparisons fail when a shortcut gives another answer)."""

from __future__ import annotations

import random
import re

from opslint.checks.shared import text as shared_text
from opslint.facts.prefilter import _alternation, case_variants

# Characters of every kind ``fold`` meets: ASCII, kana and kanji (stable runs), full-width
# forms and circled numbers (one character each), ligatures and squared words (several),
# combining marks (composing with the character before), NUL and line breaks (the
# separators of joined texts), and a character outside the BMP.
_ALPHABET = (
    "abcXYZ09 :-|()?" "あいカナ漢字" "ＴＢＤ（）：０９ｱｲ" "①⑳…"
    "ﬁ㍻㌔ﾞﾟ" "\u0301\u3099\u0308" "\x00\n\t" "𝐀é"
)


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    texts = ["", "TBD", "ＴＢＤ", "\x00", "a\x00b", "ﬁx", "㍻", "カ\u3099", "e\u0301"]
    texts += ["".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(0, 24)))
              for _ in range(count)]
    return texts


def _same_fold(made: shared_text.Folded, exact: shared_text.Folded) -> None:
    assert (made.raw, made.text) == (exact.raw, exact.text)
    assert list(made.columns) == list(exact.columns)


def test_texts_folded_together_are_each_text_folded_alone() -> None:
    exact = shared_text.fold.__wrapped__
    for seed in range(40):
        texts = _texts(seed, 300)
        folded = shared_text.fold_texts(texts)
        assert folded == [exact(text).text for text in texts]
        for text, one in zip(texts, folded, strict=True):
            _same_fold(shared_text._made(text, one), exact(text))


def test_texts_folded_together_across_chunks() -> None:
    # More texts than one chunk holds, one of them holding the separator (each alone then).
    texts = _texts(99, 1500)
    exact = [shared_text.fold.__wrapped__(text).text for text in texts]
    assert shared_text.fold_texts(texts) == exact
    clean = [text.replace("\x00", "") for text in texts]  # folded a chunk at a time
    assert shared_text.fold_texts(clean) == [shared_text.fold.__wrapped__(text).text
                                             for text in clean]


def _flat_needles(exact: frozenset[str], folded: frozenset[str]) -> re.Pattern[str]:
    """The needles one by one (the exact path): as written, or after their first
    character's case variants in any case."""
    return re.compile("|".join([*map(re.escape, sorted(exact)),
                                *(re.escape(first) + f"(?i:{re.escape(n[1:])})"
                                  for n in sorted(folded) for first in case_variants(n[0]))]))


def test_needles_read_in_any_case_as_one_tree_start_where_one_of_them_does() -> None:
    """``_alternation`` spells the needles read in any case as one tree in one IGNORECASE
    group: from every position, the next match starts where one of the needles' does."""
    rng = random.Random("folded tree")
    letters = "acSsTk-_\u017f\u212aKé"
    for _ in range(300):
        words = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 5)))
                 for _ in range(rng.randint(1, 12))]
        exact = frozenset(w for w in words if rng.random() < 0.3)
        folded = frozenset(w for w in words if w not in exact)
        tree, flat = _alternation(exact, folded), _flat_needles(exact, folded)
        for _ in range(40):
            text = "".join(rng.choice(letters + " x") for _ in range(rng.randint(0, 30)))
            for pos in range(len(text) + 1):
                found, expected = tree.search(text, pos), flat.search(text, pos)
                assert (found and found.start()) == (expected and expected.start()), (
                    exact, folded, text, pos)
