"""simple_inline gives exactly markdown-it's inline tokens, on every text it accepts."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from opslint.document import parse
from opslint.document.inline_simple import simple_inline
from tests.conftest import markdown_documents, skip_unless_checked_markdown_it

# Pieces of texts, simple and not: the generated texts mix them at random.
_PIECES = (
    "plain", "平文のセル", " ", "  ", "\t", "\n", "  \n", " \n", "\n  ", "a | b", "5分",
    "`code`", "``co`de``", "` x `", "`  `", "`", "``", "`a\nb`", "**bold**", "*", "_",
    "a_b", "~", "~~s~~", "[link](https://example.com/a_b)", "[RB-1](https://wiki.example.com/rb/1)",
    "[x]", "[ ]", "[x] ", "[", "]", "[]", "[a](", "[a](b)", "[a]( https://e.com )",
    "[a](https://e.com \"t\")", "[a](javascript:alert(1))", "[a](https://例え.jp/パス)",
    "[a][b]", "[a]", "![img](https://e.com/i.png)", "!", "!!", "<", "< 3", "<3", "<=",
    "<br>", "<br/>", "<br />", "<BR>", "<b>", "</b>", "<!-- c -->", "<https://e.com>",
    "<a@b.co>", "&", "& ", "&amp;", "&#35;", "&#x41;", "&nosuch;", "\\", "\\*", "-", ":",
    "#", "%", "=", "@", "{", "}", "^", "+", "$", "（", "）", "→",
)


def _reference(text: str, env: dict[str, Any]) -> list[tuple[Any, ...]]:
    md = parse._inline_parser()
    inline = parse.Token("inline", "", 0, content=text, children=[])
    md.inline.parse(text, md, env, inline.children)
    parse.text_join(parse.StateCore("", md, env, [inline]))
    return _fields(inline.children or [])


def _fields(tokens: Iterable[Any]) -> list[tuple[Any, ...]]:
    return [(t.type, t.tag, t.nesting, t.attrs, t.map, t.level, t.children, t.content,
             t.markup, t.info, t.meta, t.block, t.hidden) for t in tokens]


def _simple(text: str, env: dict[str, Any]) -> list[tuple[Any, ...]] | None:
    tokens = simple_inline(text, parse.Token, parse._link_href, "references" in env)
    return None if tokens is None else _fields(tokens)


def _corpus_texts() -> Iterator[str]:
    md = parse._parser()
    for path in markdown_documents():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for token in md.block.parse(text, md, {}, []) or []:
            if token.type == "inline":
                yield token.content


def _generated(count: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 7))).strip()


def _compare(texts: Iterable[str], env: dict[str, Any]) -> tuple[int, int]:
    accepted = refused = 0
    for text in texts:
        simple = _simple(text, env)
        if simple is None:
            refused += 1
            continue
        accepted += 1
        assert simple == _reference(text, env), repr(text)
    return accepted, refused


def test_the_installed_markdown_it_runs_the_rules_simple_inline_reproduces() -> None:
    skip_unless_checked_markdown_it()
    assert parse._simple_inline_known()


@pytest.mark.parametrize("env", [{}, {"references": {"B": {"href": "b", "title": ""}}}])
def test_generated_texts_read_as_markdown_it_reads_them(env: dict[str, Any]) -> None:
    accepted, refused = _compare(_generated(20_000, 10), env)
    # Both kinds occur: the comparison is not vacuous, nor is everything sent to markdown-it.
    assert accepted > 2_000 and refused > 2_000, (accepted, refused)


def test_every_inline_text_of_the_corpora_reads_as_markdown_it_reads_it() -> None:
    texts = set(_corpus_texts())
    accepted, refused = _compare(sorted(texts), {})
    assert accepted > 0.8 * len(texts), (accepted, refused)


@pytest.mark.parametrize("text, kinds", [
    ("ECS `api` を確認", ["text", "code_inline", "text"]),
    ("[x] スモークテスト（Alex Chen）", ["text"]),
    ("確認する<br>必要なら（[RB-49](https://wiki.example.com/rb/1)）",
     ["text", "html_inline", "text", "link_open", "text", "link_close", "text"]),
    ("p95 < 400ms", ["text"]),
    ("line one  \nline two", ["text", "hardbreak", "text"]),
])
def test_common_shapes_are_read_without_markdown_it(text: str, kinds: list[str]) -> None:
    simple = _simple(text, {})
    assert simple is not None
    assert [t[0] for t in simple] == kinds
    assert simple == _reference(text, {})


@pytest.mark.parametrize("text", ["**bold**", "a\\*b", "&amp;", "![i](https://e.com/i)",
                                  "<b>x</b>", "[a](b)", "~~s~~"])
def test_other_shapes_go_to_markdown_it(text: str) -> None:
    assert _simple(text, {}) is None


def test_a_bracketed_label_goes_to_markdown_it_when_references_are_defined() -> None:
    assert _simple("[a][b] [x] c", {}) is not None  # no references: text
    assert _simple("[a][b] [x] c", {"references": {}}) is None
