"""``folding.nfkc`` gives what ``unicodedata.normalize("NFKC", ...)`` gives, for any text.

The two properties it rests on are checked on every character, and the function itself on
generated texts mixing stable text with everything NFKC changes or composes.
"""

from __future__ import annotations

import random
import sys
import unicodedata

from opslint.facts import folding
from opslint.facts.folding import APART, COMMON, joined_chunks, nfkc

# Stable text, what NFKC changes (full-width forms, compatibility characters, half-width
# kana), what it composes (combining and voicing marks, Hangul jamo), the separators.
_ALPHABET = (
    "aZ09 -_.|:e漢字かなカナ、。「」ー→■éÅ"
    "（）：，？！　．ＴＢＤ１２３％～①…ﬁ㍻ｶﾞﾊﾟｱ\uff9e\uff9f"
    "\u3099\u309a\u0301\u0323\u0308\u0338\u1100\u1161\u11a8\uac00\u0b47\u0b3e"
    "\U0001d400\U0001f600\n\x00"
)


def _compositions() -> list[str]:
    """Every canonical decomposition of two characters: the pairs NFKC may compose."""
    pairs = []
    for code in range(sys.maxunicode + 1):
        mapping = unicodedata.decomposition(chr(code))
        if mapping and not mapping.startswith("<"):
            parts = mapping.split()
            if len(parts) == 2:
                pairs.append("".join(chr(int(p, 16)) for p in parts))
    return pairs


def test_common_characters_are_replaced_by_their_decomposition() -> None:
    for char, decomposed in COMMON:
        assert unicodedata.normalize("NFKD", char) == decomposed, hex(ord(char))
        assert len(decomposed) == 1 and decomposed.isascii()


def test_separators_stand_apart_from_every_composition() -> None:
    pairs = _compositions()
    assert len(pairs) > 900  # the table is read: the check is not empty
    for separator in (APART, "\n"):
        assert unicodedata.combining(separator) == 0
        assert unicodedata.decomposition(separator) == ""
        assert not any(separator in pair for pair in pairs)
    # Hangul syllables compose by rule, not by the table: only jamo and syllables take part.
    for jamo in ("\u1100", "\u1161", "\u11a8", "\uac00"):
        assert unicodedata.normalize("NFKC", jamo + APART) == jamo + APART


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        length = rng.choice((10, 300, 2000))
        stable = rng.random() < 0.3  # often text the quick check passes after a replace
        alphabet = "abc 漢字かなカナ、。（）：\n\x00" if stable else _ALPHABET
        found.append("".join(rng.choice(alphabet) for _ in range(length)))
    return found


def test_nfkc_is_unicodedata_nfkc() -> None:
    for text in _texts(7, 400):
        for apart in (APART, "\n"):
            assert nfkc(text, apart) == unicodedata.normalize("NFKC", text), repr(text[:80])


def test_nfkc_cuts_only_where_it_may() -> None:
    # A cut at a character NFKC composes with would change the text: the check can fail.
    text = "か" * 300 + "\u3099"
    assert nfkc(text, "か") != unicodedata.normalize("NFKC", text)
    assert nfkc(text, APART) == unicodedata.normalize("NFKC", text)


def test_short_texts_and_chunks() -> None:
    assert nfkc("（ＴＢＤ）") == "(TBD)"
    texts = [f"行{n}（注）" for n in range(10)]
    assert list(joined_chunks(texts, 4)) == [APART.join(texts[0:4]), APART.join(texts[4:8]),
                                             APART.join(texts[8:])]
    assert list(joined_chunks([], 4)) == []
    assert folding.APART.join(map(nfkc, joined_chunks(texts, 3))) == unicodedata.normalize(
        "NFKC", APART.join(texts))
