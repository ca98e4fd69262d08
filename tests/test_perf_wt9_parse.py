"""The ninth round's parse shortcuts, each compared with the exact path it replaces."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

import tests.test_parse_inline_simple as inline_tests
from opslint.document import language, parse
from opslint.document.inline_simple import Piece, simple_inline, simple_text
from opslint.document.load import SourceText
from opslint.document.model import Document
from opslint.document.walk import Walker
from opslint.lint import Bundle, document_from_text
from tests.conftest import skip_unless_checked_markdown_it

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").rglob("*.md"))


_LATIN_RUNS = re.compile(r"[A-Za-z]+")  # the Latin letters as counted before the round


def _letters_by_runs(pattern: re.Pattern[str], text: str) -> int:
    """The count as the runs' lengths (the code before the ninth round)."""
    return sum(run.end() - run.start() for run in pattern.finditer(text))


@pytest.mark.parametrize("seed", range(20))
def test_letters_are_counted_as_the_runs_lengths(seed: int, monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:
    monkeypatch.setattr(language, "_CHUNK", 7)  # runs cut across chunks
    rng = random.Random(seed)
    alphabet = ("abcXYZ 09-_@[`{\n\tあいうアイウ漢字ｱｲ、。ー…éÅßİıſK😀\x00\x7f\x80\xff"
                "\u3040\u30ff\u3400\u9fff\uff66\uff9f\ud800ＡＺａｚ")
    for _ in range(50):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
        assert language._cjk_letters(text) == _letters_by_runs(language._CJK, text)
        assert language._latin_letters(text) == _letters_by_runs(_LATIN_RUNS, text)


def test_every_character_is_a_latin_letter_as_the_runs_count_it() -> None:
    text = "".join(chr(code) for code in range(0x110000))
    assert language._latin_letters(text) == _letters_by_runs(_LATIN_RUNS, text) == 52


@pytest.mark.parametrize("path", EXAMPLES[:20], ids=lambda p: p.name)
def test_the_language_is_judged_as_before(path: Path, bundle: Bundle) -> None:
    doc = document_from_text(path.read_text("utf-8"), path, bundle)
    text = language.prose(doc.root)
    cjk = _letters_by_runs(language._CJK, text)
    latin = _letters_by_runs(_LATIN_RUNS, text)
    assert language._cjk_letters(text) == cjk
    assert language._latin_letters(text) == latin
    assert doc.lang == ("ja" if cjk >= 5 and cjk * 4 >= latin else "en")


# simple_text: what the walker reads of a text's tokens, without making them.

def _walker_text(content: str, env: dict[str, Any]) -> str:
    """The walker's text of markdown-it's own inline tokens (text_join's work done)."""
    md = parse._inline_parser()
    inline = parse.Token("inline", "", 0, content=content, children=[])
    md.inline.parse(content, md, env, inline.children)
    parse.text_join(parse.StateCore("", md, env, [inline]))
    walker = Walker([], parse._inline_children, env)
    return walker.text(content, inline.children or [], 1)


def _compare_texts(texts: Iterable[str], env: dict[str, Any]) -> tuple[int, int]:
    accepted = refused = 0
    for content in texts:
        text = simple_text(content, parse._link_href, "references" in env)
        if text is None:
            refused += 1
            assert simple_inline(content, Piece, parse._link_href, "references" in env) is None
            continue
        accepted += 1
        assert text == _walker_text(content, env), repr(content)
    return accepted, refused


@pytest.mark.parametrize("env", [{}, {"references": {"B": {"href": "b", "title": ""}}}])
def test_simple_texts_read_as_the_walker_reads_markdown_its_tokens(env: dict[str, Any]
                                                                   ) -> None:
    accepted, refused = _compare_texts(inline_tests._generated(20_000, 11), env)
    assert accepted > 2_000 and refused > 2_000, (accepted, refused)


def test_the_corpora_texts_read_as_the_walker_reads_markdown_its_tokens() -> None:
    texts = sorted(set(inline_tests._corpus_texts()))
    accepted, refused = _compare_texts(texts, {})
    assert accepted > 0.8 * len(texts), (accepted, refused)


def _parsed(text: str, simple: bool, monkeypatch: pytest.MonkeyPatch) -> Document:
    if not simple:
        monkeypatch.setattr(parse, "_simple_text", lambda content, env: None)
    try:
        return parse.parse_document(Path("doc.md"), SourceText(text, "utf-8", False, "\n"))
    finally:
        monkeypatch.undo()


_DOC_LINES = ("", "text with `code` and [a link](https://e.com/x)", "| `a` | [b](https://e.com) |",
              "|---|---|", "| x<br>y | 1 < 2 |", "- item [x](https://e.com/p_q) `c`",
              "  - nested `x`  ", "> quote [r]", "[r]: https://e.com/r", "line  ", "next<br/>",
              "# Title `x`", "1. [ ] task `t`", "**bold** text", "a\\*b", "<!-- c -->",
              "テキスト [リンク](https://例え.jp/) と `コード`", "\tcode", "```", "| 1 | &amp; |",
              "See [the doc](03_Arch.md) and [x](javascript:y)", "| **k** | [r](a.md) |")


@pytest.mark.parametrize("seed", range(4))
def test_documents_read_with_simple_texts_are_the_same(seed: int,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    for _ in range(60):
        lines = [rng.choice(_DOC_LINES) for _ in range(rng.randint(1, 30))]
        text = rng.choice(("\n", "\r\n")).join(lines)
        assert _parsed(text, True, monkeypatch) == _parsed(text, False, monkeypatch), text


# **label**: read by simple_text where markdown-it's emphasis code pairs the runs.

_EMPHASIS_PIECES = (
    "**", "**", "*", "***", "****", "a", "ラベル", "Caution", " ", "  ", ":", "：", "(", ")",
    "（", "）", "。", "、", ".", "-", "_", "`c`", "[l](https://e.com/x)", "<br>", "\n", "\t",
    "\u3000", "\u00a0", "\u2003", "é", "1", "!", "?", "#", "→", "😀", "~", "&", "[x]",
    "[r](docs/a_b.md)", "[j](javascript:x)", "[f](file:///x)", "[m](mailto:a@b.c)", "[h](#h)",
    "[p](a%zz)", "[u](ｕｎｉ/パス)", "[d](data:image/png;base64,AA)", "[v](VBScript:x)", "](",
)


def _emphasis_texts(count: int, seed: int) -> Iterable[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(_EMPHASIS_PIECES) for _ in range(rng.randint(1, 12)))


def test_the_installed_markdown_it_pairs_emphasis_as_inline_simple_reads_it() -> None:
    skip_unless_checked_markdown_it()
    assert parse._flanks() is not None  # else **label** always goes to markdown-it


@pytest.mark.parametrize("seed", range(4))
def test_strong_labels_read_as_the_walker_reads_markdown_its_tokens(seed: int) -> None:
    accepted = refused = 0
    for content in _emphasis_texts(5_000, seed):
        text = parse._simple_text(content, {})
        if text is None:
            refused += 1
            continue
        accepted += 1
        assert text == _walker_text(content, {}), repr(content)
    assert accepted > 500 and refused > 500, (accepted, refused)


def test_flanking_is_scan_delims_for_every_pair_of_characters() -> None:
    from markdown_it.rules_inline import StateInline

    samples = [chr(code) for code in range(0x80) if chr(code) != "*"] + list(  # a run of 2
        "\u00a0\u1680\u2000\u2003\u200a\u202f\u205f\u3000\u00a1\u00bf\u2014\u3001\u3002"
        "\uff08\uff09\uff1a\u2192😀é漢あｱ\u0300\u00b4\u00ac")
    md = parse._inline_parser()
    flanks = parse._flanks()
    assert flanks is not None
    for before in samples:
        for after in samples:
            state = StateInline(f"{before}**{after}", md, {}, [])
            scanned = state.scanDelims(1, True)
            assert flanks(before, after) == (scanned.can_open, scanned.can_close)


@pytest.mark.parametrize("text, read", [
    ("**Caution**: x", "Caution: x"), ("(**a**)", "(a)"), ("x**a**y", "xay"),
    ("**a** [l](https://e.com/) `c` **b**", "a l c b"), ("**a**  \nb", "a\nb"),
])
def test_common_strong_labels_are_read_without_markdown_it(text: str, read: str) -> None:
    assert parse._simple_text(text, {}) == read == _walker_text(text, {})


@pytest.mark.parametrize("text", ["** a**", "**a **", "**(a)**b", "***a***", "**a*b**",
                                  "**a**b**", "*a*", "__a__", "**a", "**[l](https://e.com)**"])
def test_other_emphasis_goes_to_markdown_it(text: str) -> None:
    assert parse._simple_text(text, {}) is None


def _emphasis_functions() -> list[Any]:
    import importlib

    from markdown_it.rules_inline.state_inline import StateInline

    from opslint.document import emphasis
    return [StateInline.scanDelims, StateInline.push, *(
        getattr(importlib.import_module(f"markdown_it.rules_inline.{module}"), name)
        for module, name in emphasis.CODE)]


def test_known_files_hold_only_the_known_functions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files' digest never accepts code the functions' digest would refuse: with the
    installed markdown-it's files known, its functions are known too, and with no file
    digest known the functions' digest still decides."""
    from opslint.document import emphasis

    functions = _emphasis_functions()
    if emphasis._files_digest(functions) in emphasis._KNOWN_FILES:
        monkeypatch.setattr(emphasis, "_KNOWN_FILES", set())
        assert emphasis.known(functions)
    monkeypatch.setattr(emphasis, "_KNOWN_FILES", set())
    monkeypatch.setattr(emphasis, "_KNOWN", set())
    assert not emphasis.known(functions)
    assert emphasis._files_digest([len]) is None  # a builtin has no source file
