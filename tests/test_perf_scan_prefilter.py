"""Literal prefilters (opslint/facts/prefilter.py): a line holding none of the
literals a pattern's every match holds is not searched (issue 10). A prefilter may only
skip work: every text a vocabulary pattern matches in is admitted."""

from __future__ import annotations

import dataclasses
import random
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from opslint.bundle import Bundle
from opslint.checks.sec import secrets
from opslint.checks.shared import text as shared_text
from opslint.document.model import DocKind
from opslint.facts.prefilter import Needles, case_variants, needles, prefilter
from tests.conftest import lint_text

_ROOT = Path(__file__).resolve().parents[1]
# Every code point a str can hold and a regex can read (surrogates left out).
_ALL = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_case_variants_are_the_characters_ignorecase_matches() -> None:
    for code in [*range(0x20, 0x7F), 0x3042, 0x4E00]:
        char = chr(code)
        matched = re.compile(re.escape(char), re.IGNORECASE).findall(_ALL)
        assert sorted(matched) == sorted(case_variants(char)), (char, matched)
    # Kana and kanji have no case: IGNORECASE matches each with itself only.
    caseless = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
    inside = caseless.findall(_ALL)
    assert re.compile(caseless.pattern, re.IGNORECASE).findall(_ALL) == inside
    assert all(c.lower() == c == c.upper() for c in inside)


@pytest.mark.parametrize(("pattern", "expected"), [
    ("TBD|TBA", Needles(frozenset({"TBD", "TBA"}), frozenset())),
    ("(?i)abc", Needles(frozenset(), frozenset({"abc"}))),
    ("(?i:K)elvin", Needles(frozenset(), frozenset({"Kelvin"}))),
    ("Ä(?i:b)", Needles(frozenset(), frozenset({"Äb"}))),  # "Ä" as written, "b" in any case
    (r"[^a]+b", Needles(frozenset({"b"}), frozenset())),
    (r"\d{4}(?=\s*-MM)", Needles(frozenset({"-MM"}), frozenset())),
    ("(?=abc)", Needles(frozenset({"abc"}), frozenset())),  # a lookahead reads the text too
    (r"X(?<![A-Z].)X+(?!Y)", Needles(frozenset({"XX"}), frozenset())),
    (r"[（(]\s*(?:仮|暫定)\s*[）)]", Needles(frozenset({"仮", "暫定"}), frozenset())),
    (r"\?{0,2}!", Needles(frozenset({"!", "?!", "??!"}), frozenset())),
    ("(?i)パスワード|token", Needles(frozenset(), frozenset({"パスワード", "token"}))),
])
def test_needles_are_the_literals_every_match_holds(pattern: str, expected: Needles) -> None:
    assert needles(re.compile(pattern)) == expected


@pytest.mark.parametrize("pattern", [
    "a*", "x?y?", r"[A-Za-z0-9/+]{40}", r"\d+", "a|.", "(?i)é", "(?x)a b", "(?!abc)",
])
def test_a_pattern_without_needles_has_no_prefilter(pattern: str) -> None:
    compiled = re.compile(pattern)
    assert needles(compiled) is None
    assert prefilter((compiled, re.compile("TBD"))) is None


def _vocab_patterns(bundle: Bundle) -> list[re.Pattern[str]]:
    terms: Any = bundle.vocab.terms
    found: list[re.Pattern[str]] = []

    def strings(value: Any) -> list[str]:
        return [value] if isinstance(value, str) else [str(v) for v in value or []]

    holder = terms["placeholders"]
    for family in holder["patterns"].values():
        found += map(re.compile, strings(family))
    for key in ("tentative_markers", "approximate_markers", "approximate_subjects",
                "measured", "quantity"):
        found += map(re.compile, strings(holder[key]))
    found += (re.compile(kind["regex"]) for kind in terms["secrets"]["kinds"].values())
    for family in terms["release"]["patterns"].values():
        found += (re.compile(p, re.IGNORECASE) for p in strings(family))
    for entries in terms["blameless"]["terms"].values():
        found += (re.compile(str(entry["pattern"])) for entry in entries)
    return found


def _texts(patterns: list[re.Pattern[str]]) -> list[str]:
    """Lines of the examples and fixtures, folded and not, and random strings of the
    patterns' own literals in both cases, with the characters IGNORECASE folds (K, ſ, ı, İ)."""
    lines = [line for path in sorted([*_ROOT.glob("examples/*/*/*.md"),
                                      *_ROOT.glob("tests/fixtures/sets/*/*.md")])
             for line in path.read_text(encoding="utf-8").splitlines()]
    lines += [shared_text.fold(line).text for line in lines]
    pieces = ["K", "ſ", "ı", "İ", "\u212a", " ", "=", ":", "：", "-", "_", "(", "（", ")", "）",
              "1", "a", "X", "?", "/", "\n", "あ", "の", "を"]
    for pattern in patterns:
        found = needles(pattern)
        for needle in [*found.exact, *found.folded] if found else []:
            pieces += [needle, needle.upper(), needle[: len(needle) // 2],
                       needle.replace("s", "ſ").replace("k", "K").replace("i", "ı")]
    rng = random.Random("prefilter")
    made = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(30000)]
    return [*lines, *made]


def test_a_literal_in_any_case_keeps_what_is_written_exactly() -> None:
    screen = prefilter((re.compile("Ä(?i:bc)"),))
    assert screen is not None
    assert screen.admits("xÄBc") and screen.admits("Äbc") and not screen.admits("äbc")
    screen = prefilter((re.compile("(?i)kiss"),))
    assert screen is not None
    assert all(screen.admits(t) for t in ["KISS", "\u212aıſs", "kİss"])


def test_every_text_a_vocabulary_pattern_matches_in_is_admitted(bundle: Bundle) -> None:
    patterns = _vocab_patterns(bundle)
    with_needles = [p for p in patterns if needles(p) is not None]
    assert len(with_needles) >= len(patterns) - 5  # most patterns are screened
    texts = _texts(patterns)
    matched = 0
    for pattern in with_needles:
        screen = prefilter((pattern,))
        assert screen is not None
        for text in texts:
            if pattern.search(text):
                matched += 1
                assert screen.admits(text), (pattern.pattern, text)
    assert matched > 5000  # the texts reach the matches, not only the misses


def test_the_texts_holding_a_literal_are_found_in_their_joined_text() -> None:
    texts = ["password: x", "", "PASSWORD=1", "none", "token", "x://y", "ｔｏｋｅｎ"]
    screen = prefilter((re.compile("(?i)password|token"),))
    assert screen is not None
    assert screen.holding(texts) == {0, 2, 4}
    assert screen.holding([]) == set() and screen.holding(["token"]) == {0}
    across = prefilter((re.compile("a\nb"),))  # a needle holding a line break
    assert across is not None and across.holding(["a", "b", "c"]) == {0, 1, 2}


def _operation_doc() -> str:
    return (_ROOT / "examples/ja/clean/17_Operation_Design.md").read_text(encoding="utf-8")


class _Counting:
    """A compiled pattern that counts its searches (``re.Pattern`` cannot be patched)."""

    def __init__(self, real: re.Pattern[str], calls: dict[str, int]) -> None:
        self._real, self._calls = real, calls
        self.pattern, self.flags, self.groupindex = real.pattern, real.flags, real.groupindex

    def search(self, text: str) -> Any:
        self._calls["search"] += 1
        return self._real.search(text)

    def finditer(self, text: str) -> Any:
        self._calls["finditer"] += 1
        return self._real.finditer(text)


def test_placeholder_lines_without_the_literals_are_not_searched(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"search": 0, "finditer": 0, "spans": 0}
    real_joined, real_spans = shared_text._joined, shared_text.spans

    def joined(patterns: Any) -> Any:
        found = real_joined(patterns)
        return None if found is None else _Counting(found, calls)

    def spans(patterns: Any, text: str) -> Any:
        calls["spans"] += 1
        return real_spans(patterns, text)

    monkeypatch.setattr(shared_text, "_joined", joined)
    monkeypatch.setattr(shared_text, "_BY_IDENTITY", {})
    from opslint.checks.gate import tokens
    monkeypatch.setattr(tokens, "spans", spans)
    text = _operation_doc()
    lint_text(bundle, text, DocKind.OPERATION, select=("GATE001", "GATE002", "GATE004"))
    # The rules look for matches on the few lines holding a literal, found in one search of
    # the document's folded lines (without the prefilter: every line, by each rule).
    assert calls["spans"] > 0
    assert calls["search"] * 4 < len(text.splitlines()), calls
    assert calls["spans"] * 4 < len(text.splitlines()), calls


def test_the_secret_scan_runs_a_kind_only_on_lines_holding_its_literals(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"search": 0, "finditer": 0}
    real_kinds = secrets._kinds

    def kinds(ctx: Any) -> Any:
        return {name: dataclasses.replace(kind, regex=_Counting(kind.regex, calls))
                for name, kind in real_kinds(ctx).items()}

    monkeypatch.setattr(secrets, "_kinds", kinds)
    text = _operation_doc()
    lint_text(bundle, text, DocKind.OPERATION, select=("SEC001",))
    distinct = len(set(text.splitlines()))
    kinds_without = sum(needles(re.compile(kind["regex"])) is None
                        and not (kind.get("near") and kind.get("generic"))
                        for kind in bundle.vocab.terms["secrets"]["kinds"].values())
    # One finditer per distinct line for a kind without literals, a few for the others
    # (without the prefilter: one per distinct line and kind, 15 kinds); a generic kind
    # reported only near another pattern's match (aws_secret_near) runs only near one.
    assert distinct * kinds_without <= calls["finditer"] < distinct * (kinds_without + 1)

