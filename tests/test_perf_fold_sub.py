"""``checks/shared/text.fold``'s one-pass path (each unstable character replaced by its
NFKC alone, columns one for one when the line keeps its length) agrees with per-character
NFKC, and with its own piece-by-piece path when that path is forced."""

from __future__ import annotations

import random
import unicodedata

import pytest

from opslint.checks.shared import text as shared_text
from opslint.checks.shared.text import fold
from opslint.document.normalize import NFKC_STABLE_RUN, NFKC_UNSTABLE_CHAR
from tests.test_normalize_fast import _slow_fold

_ALPHABET = (
    "aZ09 -_.|:()漢字かなカナ、。「」ー→■≠（）０１２，％～：　①…ｶﾞﾊﾟ\uff9e\u3099\u0301"
    "ﬁ㍻㌔Å\U0001d400\U0001f600é\u00a0\u2026\u2474"
)


def _samples(count: int) -> list[str]:
    rng = random.Random(20261207)
    texts = ["", "（仮）", "ＴＢＤ（未定）", "作業時間は ＸＸ分（仮）", "①②", "…", "ｶﾞ"]
    texts += ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 30)))
              for _ in range(count)]
    return texts


def test_unstable_char_is_the_complement_of_the_stable_runs() -> None:
    for code in range(0x10000):
        char = chr(code)
        assert bool(NFKC_UNSTABLE_CHAR.fullmatch(char)) != bool(
            NFKC_STABLE_RUN.fullmatch(char)), hex(code)


def test_no_character_folds_to_nothing() -> None:
    # ``fold`` reads a line that keeps its length as folded one for one; it checks this
    # as it goes (``_SHRINKS``), and this test says the check never fires today.
    for code in range(0x110000):
        if not 0xD800 <= code <= 0xDFFF:
            assert unicodedata.normalize("NFKC", chr(code)), hex(code)


def _same(text: str) -> None:
    fast, slow = fold.__wrapped__(text), _slow_fold(text)
    assert (fast.raw, fast.text, tuple(fast.columns)) == (slow.raw, slow.text, slow.columns), text
    for index in range(len(fast.text) + 3):
        assert fast.column(index) == slow.columns[min(index, len(slow.columns) - 1)]


def test_fold_agrees_with_per_character_nfkc() -> None:
    for text in _samples(4000):
        _same(text)


def test_fold_piece_by_piece_when_a_character_may_shrink(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shared_text, "_SHRINKS", ["\u0000"])
    for text in _samples(1000):
        _same(text)
