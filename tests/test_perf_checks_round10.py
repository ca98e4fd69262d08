"""Tenth speed round, checks: each shortcut against the exact path it replaces, on generated
texts (the fast path and the exact one must agree on every input, not only on our corpora)."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

from opslint.config import Config
from opslint.facts.folding import APART, fold_each, nfkc
from opslint.facts.joined import CHUNK
from opslint.lint import Bundle, document_from_text

# Characters whose NFKC depends on their neighbours or changes them: combining marks, half-
# width kana and voicing marks, Hangul jamo, full-width forms, ligatures, line breaks.
_TRICKY = ("\u0301\u0308\u0323\u3099\u309a\uff9e\uff9f\uff76\uff8a\u1100\u1161\u11a8"
           "\uff08\uff09\uff1a\u3000\ufb01\u2460\u00bd\u212b\u0041\u0065\u304b\u30cf"
           "\u1e9b\u0345\u0399\u03b9 \tab:-")


def _line(rng: random.Random) -> str:
    return "".join(rng.choice(_TRICKY) for _ in range(rng.randint(0, 12)))


def nfkc_lines(texts: list[str]) -> list[str]:
    """What the release pattern lines are folded with (checks/rel/mentions._folded_lines)."""
    return fold_each(texts, nfkc, CHUNK)


def test_nfkc_lines_is_the_nfkc_of_each_line() -> None:
    rng = random.Random(10)
    for _ in range(300):
        texts = [_line(rng) for _ in range(rng.randint(0, 40))]
        if rng.random() < 0.3:  # long enough for the chunked path of facts/folding.nfkc
            texts.append("日本語の本文（括弧）：" * 40 + _line(rng))
        assert nfkc_lines(texts) == [unicodedata.normalize("NFKC", t) for t in texts]


def test_nfkc_lines_folds_a_line_holding_the_separator_alone() -> None:
    texts = [f"a{APART}ｂ", "ｃ", "\u0301", "a\nｂ"]
    assert nfkc_lines(texts) == [unicodedata.normalize("NFKC", t) for t in texts]


def test_nfkc_lines_cut_at_chunks() -> None:
    rng = random.Random(11)
    texts = [_line(rng) for _ in range(1300)]  # more than one chunk of lines
    assert nfkc_lines(texts) == [unicodedata.normalize("NFKC", t) for t in texts]


def test_no_character_folds_to_the_separator() -> None:
    # fold_each counts the pieces; this is why the count never needs the fallback.
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        if char != APART:
            assert APART not in unicodedata.normalize("NFKC", char), hex(code)


_COLON_LINE = re.compile("[:\uff1a]")


def test_owner_value_lines_without_a_colon_hold_no_field() -> None:
    from opslint.checks.shared.places import field_of

    rng = random.Random(12)
    alphabet = "ab 名前：:*_`-|[]0１\uff1a/"
    for _ in range(3000):
        raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        if _COLON_LINE.search(raw) is None:
            assert field_of(raw) is None, raw



def test_fold_lines_kept_per_scope_agrees_with_folding_each_line(bundle: Bundle) -> None:
    """The folds kept for a scope's tuple of lines (asked again by several rules) give what
    folding every line and searching the patterns line by line gives, asked in any order,
    for a tuple, for a list of the same lines, and with or without patterns."""
    from opslint.checks.shared.text import fold, fold_lines, regexes, scope_lines, spans
    from opslint.engine.context import CheckContext
    from opslint.facts.semantic import SemanticModel

    families = [["version", "date", "time", "amount", "marks", "name", "instruction"],
                ["open_items"]]
    checked = scanned = 0
    for path in sorted(Path(__file__).parent.parent.joinpath("examples").rglob("*.md")):
        doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config())
        ctx = CheckContext(doc, SemanticModel.of([doc], bundle.vocab))
        for keys in ([], ["release_day"], [], ["release_day"]):
            lines = scope_lines(ctx, keys)
            for chosen in families:
                patterns = tuple(p for f in chosen for p in regexes(ctx, "placeholders",
                                                                       "patterns", f))
                exact = [(line, fold(line.text)) for line in lines
                         if spans(patterns, fold(line.text).text)]
                for given in (lines, list(lines)):
                    kept = [(line, folded) for line, folded in fold_lines(ctx, given, patterns)
                            if spans(patterns, folded.text)]
                    assert kept == exact
                    assert list(fold_lines(ctx, given)) == [(x, fold(x.text)) for x in lines]
                checked += len(exact)
                scanned += len(lines)
    assert checked > 0 and scanned > 1000


def test_field_value_is_the_value_of_every_field_found() -> None:
    """``tokens.field_value`` (read from the first colon) is the value ``_owner_values``
    reads of every line ``field_of`` finds a field in: the shortcut passes over a line only
    when the exact path would."""
    from opslint.checks.gate.tokens import field_value
    from opslint.checks.shared.places import field_of

    rng = random.Random(13)
    pieces = [" ", "  ", "\t", "\u3000", ":", "\uff1a", "**", "__", "*", "_", "`", "-", "・",
              "1.", "2)", "|", "//", "0", "名前", "name", "Owner", "担当者", "ｎａｍｅ",
              "[x]", "a", "。", "http", "\n"]
    found = 0
    for _ in range(20000):
        raw = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        if "\n" in raw:
            continue  # read the exact way (a definition list spans two lines)
        field = field_of(raw)
        if field is not None:
            found += 1
            assert field_value(raw) == raw[field[1]:].strip().strip("*_`"), raw
    assert found > 1000
