"""The check stage's cheaper forms (issue 10, fifth round) agree with the forms they
replace, and do the work they save only once, counted rather than timed.

- ``normalize`` collapses whitespace with ``split``/``join`` instead of a ``\\s+``
  substitution and ``strip``: the same characters are whitespace to both.
- A word term's pattern starts with its first letter, its lookbehind moved after it
  (``normalize.word_pattern``): the same matches as the leading lookbehind, for every
  term list of the vocabularies.
- The line-pattern release rules (``release-pattern``) read the document's lines, NFKC
  folded, once per document, and reject a line with one search of their patterns'
  alternation.
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from opslint.checks.rel import mentions
from opslint.config import Config
from opslint.document.model import DocKind
from opslint.document.normalize import (
    _any_term,
    _term_body,
    any_term_pattern,
    contains_term,
    normalize,
    word_pattern,
)
from opslint.lint import Bundle, document_from_text, lint_documents
from tests.conftest import CountCalls

EXAMPLES = Path(__file__).parents[1] / "examples"
_SPACES = re.compile(r"\s+")


def _old_normalize(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def test_normalize_collapses_the_same_whitespace_as_the_regex() -> None:
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if _SPACES.fullmatch(chr(c))]
    assert spaces == [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    rng = random.Random(5)
    alphabet = [*spaces, "a", "Ｂ", "漢", "ｶﾞ", "①", "ﬁ", "\u0301"]
    texts = ["", " ", "\u3000a\u3000", "a\u200bb", "\x1c\x1d\x1e\x1fa"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
              for _ in range(5000)]
    for text in texts:
        assert normalize.__wrapped__(text) == _old_normalize(text), repr(text)


def _old_any_term(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    # The form before this round: one leading lookbehind for the grouped word terms.
    words: list[str] = []
    substrings: list[str] = []
    for term in terms:
        body, word = _term_body(term)
        (words if word else substrings).append(body)
    parts = [f"(?<![a-z0-9])(?:{'|'.join(words)})(?![a-z0-9])"] if words else []
    return re.compile("|".join([*parts, *substrings])) if parts or substrings else None


def _term_lists(value: Any) -> Iterator[tuple[str, ...]]:
    if isinstance(value, list) and value and all(isinstance(t, str) for t in value):
        yield tuple(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _term_lists(item)
    elif isinstance(value, list):
        for item in value:
            yield from _term_lists(item)


def _texts() -> list[str]:
    lines = [normalize(line) for path in sorted(EXAMPLES.glob("*/*/*.md"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    made = ["rto", "xrto", "rtox", "1rto", "rto1", "_rto_", "dr訓練", "dr 訓練", "a-dr", "dr-a",
            "roll back", "roll_back", "rollback", "\nrto", "slo: 99.9%", "c++ build"]
    return [*lines[::2], *made]


def test_word_patterns_match_where_the_leading_lookbehind_did(bundle: Bundle) -> None:
    lists = sorted({t for data in bundle.vocab.terms.values() for t in _term_lists(data)
                    if any(_term_body(term)[1] for term in t)})
    assert len(lists) > 50  # the vocabularies' term lists, not an empty loop
    texts = _texts()
    for terms in lists[::3]:
        new, old = any_term_pattern(terms), _old_any_term(terms)
        assert new is not None and old is not None
        for text in texts:
            assert (new.search(text) is None) == (old.search(text) is None), (terms, text)


def test_word_pattern_keeps_every_span() -> None:
    texts = _texts()
    bodies = [re.escape(n) for n in ("rto", "recovery time objective", "5xx", "a", "p99")]
    bodies += [re.escape(n).replace(r"\ ", r"[\s_-]*") for n in ("roll back", "on call")]
    for body in bodies:
        needle = body
        new = re.compile(word_pattern(body))
        old = re.compile(f"(?<![a-z0-9]){body}(?![a-z0-9])")
        assert new.pattern.startswith(needle[0])  # the literal first: the point of it
        for text in texts:
            assert [m.span() for m in new.finditer(text)] == [
                m.span() for m in old.finditer(text)], (needle, text)
    # A body that does not start with a letter or digit keeps the leading lookbehind.
    assert word_pattern(r"\.net") == r"(?<![a-z0-9])\.net(?![a-z0-9])"
    assert contains_term("dr site", "DR") and not contains_term("driver", "DR")
    assert _any_term(()) is None


def _release(bundle: Bundle, name: str = "16_Release_Procedure.md") -> Any:
    path = EXAMPLES / "ja" / "defects" / name
    return document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config(),
                              DocKind.RELEASE)


def test_release_pattern_rules_read_the_lines_once(bundle: Bundle,
                                                   count_calls: CountCalls) -> None:
    rules = [r for r in bundle.rules if r.check is not None and r.check.name == "release-pattern"]
    assert len(rules) >= 3
    modes = {bool(getattr(r.params, "code", False)) for r in rules}
    calls = count_calls(mentions, "scan_lines")
    doc = _release(bundle)
    config = Config(select=[r.id for r in rules])
    findings = list(lint_documents([doc], [], config, bundle).findings)
    # One scan per code mode and document, where each rule scanned the lines before.
    assert 0 < calls["scan_lines"] <= len(modes) < len(rules)
    assert {f.rule_id for f in findings} <= {r.id for r in rules}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_release_pattern_alternation_rejects_only_lines_no_pattern_matches(
        bundle: Bundle, lang: str) -> None:
    from opslint.checks.rel.vocab_models import VOCAB_FILE, ReleaseVocab
    from opslint.checks.shared import text as shared_text

    vocab = bundle.vocab.model(VOCAB_FILE, ReleaseVocab)
    lines = [unicodedata.normalize("NFKC", line)
             for path in sorted((EXAMPLES / lang).glob("*/*.md"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    for key, patterns in vocab.patterns.items():
        joined = shared_text.either(patterns)
        for line in lines:
            matched = any(p.search(line) for p in patterns)
            assert shared_text.may_match(patterns, line) == matched, (key, line)
            assert joined is None or (joined.search(line) is not None) == matched, (key, line)


class _Counted:
    """A compiled pattern whose searches are counted (every other attribute passes through,
    so it joins alternations like the pattern itself)."""

    def __init__(self, pattern: re.Pattern[str], calls: Counter[str], name: str) -> None:
        self._pattern, self._calls, self._name = pattern, calls, name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._pattern, attribute)

    def search(self, text: str, *args: Any) -> Any:
        self._calls[self._name] += 1
        return self._pattern.search(text, *args)

    def finditer(self, text: str, *args: Any) -> Any:
        self._calls[self._name] += 1
        return self._pattern.finditer(text, *args)


def _lint_example(bundle: Bundle, path: Path, kind: DocKind, select: list[str]) -> list[Any]:
    doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config(), kind)
    return list(lint_documents([doc], [], Config(select=select), bundle).findings)


def _counting(module: Any, monkeypatch: pytest.MonkeyPatch, keys: tuple[str, ...],
              calls: Counter[str], folds_in: Any = None) -> None:
    """Count the lines a check module folds (``fold`` as ``folds_in`` sees it: the module
    itself, or the shared text module when it folds through ``fold_lines``, which folds the
    lines it has not folded yet for the document together: ``fold_texts``), and the
    searches of the patterns it asks for under ``keys`` (each pattern counted itself, not
    the alternation that rejects first)."""
    folds_in = module if folds_in is None else folds_in
    real_regexes, real_fold = module.regexes, folds_in.fold

    def regexes(ctx: Any, name: str, *path: str) -> Any:
        found = real_regexes(ctx, name, *path)
        if path and path[0] in keys:
            return tuple(_Counted(p, calls, path[0]) for p in found)
        return found

    def fold(text: str) -> Any:
        calls["lines"] += 1
        return real_fold(text)

    monkeypatch.setattr(module, "regexes", regexes)
    monkeypatch.setattr(folds_in, "fold", fold)
    real_fold_texts = getattr(folds_in, "fold_texts", None)
    if real_fold_texts is not None:  # ``fold_lines`` folds a document's lines together

        def fold_texts(texts: Any) -> Any:
            calls["lines"] += len(texts)
            return real_fold_texts(texts)

        monkeypatch.setattr(folds_in, "fold_texts", fold_texts)


RELEASE = EXAMPLES / "ja" / "clean" / "16_Release_Procedure.md"
OPERATION = EXAMPLES / "ja" / "clean" / "17_Operation_Design.md"


def test_manual_steps_look_for_automation_only_on_lines_that_name_manual_work(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    from opslint.checks.ops import toil
    from opslint.checks.shared import text as shared_text

    calls: Counter[str] = Counter()
    _counting(toil, monkeypatch, ("automated",), calls, shared_text)  # through fold_lines
    _lint_example(bundle, RELEASE, DocKind.RELEASE, ["OPS050", "OPS051", "OPS052"])
    assert calls["lines"] > 20, calls  # distinct lines, each folded once per document
    # Every scanned line was searched for automation first before.
    assert calls["automated"] < calls["lines"] / 4, calls


def test_tentative_values_are_read_only_beside_a_marker(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    from opslint.checks.gate import tokens
    from opslint.checks.shared import text as shared_text

    calls: Counter[str] = Counter()
    _counting(tokens, monkeypatch, ("quantity",), calls, shared_text)
    _lint_example(bundle, OPERATION, DocKind.OPERATION, ["GATE004"])
    assert calls["lines"] > 200
    # The quantity pattern ran on every scanned line before: now only beside a marker.
    assert calls["quantity"] < calls["lines"] / 4, calls


def test_blame_terms_are_searched_one_by_one_only_on_lines_their_alternation_matches(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    from opslint.checks.inc import blameless
    from opslint.checks.shared import text as shared_text

    calls: Counter[str] = Counter()
    _counting(blameless, monkeypatch, (), calls, shared_text)  # it folds through fold_lines
    real = blameless._entries
    entries = 0

    def counted(ctx: Any, families: Any) -> Any:
        nonlocal entries
        found = real(ctx, families)
        entries = max(entries, len(found))
        return [(_Counted(p, calls, "term"), s) for p, s in found]

    monkeypatch.setattr(blameless, "_entries", counted)
    selected = ["INC040", "INC041", "INC042", "INC044"]
    kept = bundle.vocab._compiled  # the terms built again here, counted; restored after
    for rule in (r for r in bundle.rules if r.id in selected):
        families = "/".join(rule.params.families)  # type: ignore[attr-defined]
        for key in (f"blameless:terms:{families}", f"blameless:patterns:{families}"):
            monkeypatch.setitem(kept, key, None)
            del kept[key]
    _lint_example(bundle, OPERATION, DocKind.OPERATION, selected)
    assert calls["lines"] > 100 and entries > 1  # distinct lines, each folded once
    # Every term's pattern ran on every scanned line before.
    assert calls["term"] < entries * calls["lines"] / 4, (calls, entries)


def test_scoped_flags_join_and_conditionals_do_not() -> None:
    from opslint.checks.shared import text as shared_text

    joined = shared_text._either((re.compile("(?i:human) error"), re.compile("(?-i:X)y")))
    assert joined is not None
    assert joined.search("HUMAN error") and joined.search("Xy") and not joined.search("HUMAN ERROR")
    assert shared_text._either((re.compile(r"(a)?(?(1)b|c)"), re.compile("d"))) is None


def test_blame_and_toil_alternations_match_where_one_pattern_does(bundle: Bundle) -> None:
    from opslint.checks.shared import text as shared_text

    lists = [tuple(re.compile(str(e["pattern"])) for e in entries)
             for entries in bundle.vocab.terms["blameless"]["terms"].values()]
    lists += [tuple(re.compile(p) for p in patterns)
              for patterns in bundle.vocab.terms["toil"]["terms"].values()]
    lines = [unicodedata.normalize("NFKC", line)
             for path in sorted(EXAMPLES.glob("*/*/*.md"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    lines += ["人為的ミス", "Human Error", "HUMAN ERROR", "operator error", "手作業で実行"]
    joined = [(shared_text._either(patterns), patterns) for patterns in lists]
    assert all(j is not None for j, _ in joined)  # each family joins (else nothing saved)
    for either, patterns in joined:
        assert either is not None
        for line in lines:
            assert (either.search(line) is None) == (
                not any(p.search(line) for p in patterns)), line


def test_fold_normalises_each_character_outside_the_stable_runs_once(
        monkeypatch: pytest.MonkeyPatch, count_calls: CountCalls) -> None:
    from opslint.checks.shared import text as shared_text

    monkeypatch.setattr(shared_text, "_ALONE", {})
    calls = count_calls(shared_text.unicodedata, "normalize")
    line = "ＴＢＤ（仮）：" * 200 + "①"
    folded = shared_text.fold.__wrapped__(line)
    assert folded.text == ("TBD(仮):" * 200) + "1"
    # Seven distinct characters to normalise alone (仮 is in a stable run), of 1,401.
    assert calls["normalize"] == 7, calls
    assert folded.column(len(folded.text)) == len(line) + 1
    assert folded.source(0, 3) == "ＴＢＤ" and folded.column(4) == 5


def test_release_mention_rules_cut_each_chapter_once(bundle: Bundle,
                                                     count_calls: CountCalls) -> None:
    kinds = {"release-mentions", "release-pattern"}
    rules = [r for r in bundle.rules if r.check is not None and r.check.name in kinds]
    assert len(rules) > 10
    calls = count_calls(mentions, "units_of")
    path = EXAMPLES / "ja" / "clean" / "16_Release_Procedure.md"
    _lint_example(bundle, path, DocKind.RELEASE, [r.id for r in rules])
    keys = {k for r in rules for k in (*getattr(r.params, "sections", ()),
                                       *getattr(r.params, "unless_in", ()))}
    # Once per chapter (and once for the whole document) where each rule cut its chapters.
    assert 0 < calls["units_of"] <= len(keys) + 1 < len(rules), (calls, len(keys), len(rules))

