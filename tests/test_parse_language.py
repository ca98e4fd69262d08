"""The language judged on the Japanese letters counted until they settle it, as when
every letter was counted."""

from __future__ import annotations

import random

import pytest

from opslint.document import language


def _language_by_counts(text: str) -> str:
    """The judgement as made before the tenth round: every letter counted."""
    cjk = language._cjk_letters(text)
    latin = language._latin_letters(text)
    return "ja" if cjk >= 5 and cjk * 4 >= latin else "en"


@pytest.mark.parametrize("seed", range(10))
def test_the_language_is_judged_as_when_every_letter_was_counted(
        seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(language, "_JA_CHUNK", 3)  # runs cut across chunks
    rng = random.Random(seed)
    alphabet = "abcdefgh XYZ 09 あいうアイウ漢字ｱｲ、。\n"
    for _ in range(300):
        weights = [rng.random() for _ in alphabet]
        text = "".join(rng.choices(alphabet, weights, k=rng.randrange(0, 80)))
        assert language.detect_language(text) == _language_by_counts(text), text
    for text in ("", "あいうえ", "あいうえお", "あいうえお" + "a" * 20, "あいうえお" + "a" * 21):
        assert language.detect_language(text) == _language_by_counts(text), text
