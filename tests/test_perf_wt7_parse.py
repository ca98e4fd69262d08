"""The parse stage does less work per document (issue 10, seventh round); counted, never timed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from opslint.document import parse
from opslint.document.load import LINE_BREAK, SourceText, split_lines
from opslint.document.model import Section
from opslint.document.walk import Walker


def _reference_href(url: str) -> str | None:
    md = parse._inline_parser()
    href = md.normalizeLink(url)
    return href if md.validateLink(href) else None


# Characters mdurl treats specially (host ends, auth, port, escapes, dots of other scripts)
_URL_CHARS = st.sampled_from([*"aZ09-._~:/?#@%;=+$,!*'[]{}|^`\"\\ ", "%41", "%4", "%zz",
                              "é", "例", "\u3002", "xn--", "a" * 63, "a" * 64, ".."])


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["https://", "http://", "HTTP://", "https:", "//", "mailto:", ""]),
       st.lists(_URL_CHARS, max_size=12))
def test_a_link_href_is_the_one_markdown_it_gives(scheme: str, parts: list[str]) -> None:
    url = scheme + "".join(parts)
    assert parse._link_href(url) == _reference_href(url)


def test_long_hosts_and_escapes_are_normalised_by_markdown_it() -> None:
    for url in ("https://" + ".".join(["a" * 60] * 5) + "/x", "https://e.com/%41%zz",
                "https://e.com/%4", "https://a@b/c", "https://e.com:/x",
                "https://例え.jp/パス", "https://e.com/a b"):
        assert parse._link_href(url) == _reference_href(url), url


def test_plain_link_destinations_skip_markdown_its_url_normaliser(count_calls: Any) -> None:
    # 5 MB of design text links 14,000 distinct pages: mdurl's parse took 45 µs each.
    text = "\n\n".join(f"- [RB-{n}](https://wiki.example.com/rb/{n}?v=1#step-{n})"
                       for n in range(300))
    calls = count_calls(parse, "_normalized_href")
    document = parse.parse_document(Path("links.md"), SourceText(text, "utf-8", False, "\n"))
    assert calls["_normalized_href"] == 0
    assert [item.text for item in document.root.items()][:2] == ["RB-0", "RB-1"]


def _parsed(text: str) -> Any:
    return parse.parse_document(Path("doc.md"), SourceText(text, "utf-8", False, "\n"))


_OUTLINE = "".join(f"# {a}\n\n" + "".join(f"## {a}.{b}\n\ntext\n\n### {a}.{b}.1\n\n- x\n\n"
                                          for b in range(4)) for a in range(5))


def test_a_walk_is_one_generator_whatever_the_depth(count_calls: Any) -> None:
    document = _parsed(_OUTLINE)
    calls = count_calls(Section, "walk")
    titles = [s.title for s in document.root.walk()]
    assert calls["walk"] == 1  # a recursive walk: one per section (46)
    assert titles[:4] == ["", "0", "0.0", "0.0.1"] and len(titles) == 46
    assert len(list(document.root.all_blocks())) == 40


def test_the_heading_sections_are_listed_once_per_document(count_calls: Any) -> None:
    document = _parsed(_OUTLINE)
    expected = [s for s in document.root.walk() if s.level]
    calls = count_calls(Section, "walk")
    for _ in range(10):  # rules ask about 90 times per document
        assert list(document.sections()) == expected
    assert calls["walk"] == 0


def test_simple_inline_texts_build_no_markdown_it_tokens(count_calls: Any) -> None:
    # The walker reads a piece's type and content: markdown-it's Token (13 fields and a
    # __post_init__) cost three times a two-slot Piece, for every text of every document.
    text = ("# Title\n\nplain text, `code` and [RB-1](https://wiki.example.com/rb/1)<br>x\n\n"
            "| a | b |\n|---|---|\n| `x` | [y](https://e.com/y) |\n")
    calls = count_calls(parse, "Token")
    document = _parsed(text)
    assert calls["Token"] == 0
    assert document.root.children[0].blocks[0].text == "plain text, code and RB-1\nx"
    assert document.root.children[0].blocks[1].rows[0].cells == ("x", "y")


class _CountedBreaks:
    def __init__(self) -> None:
        self.splits = 0

    def split(self, text: str) -> list[str]:
        self.splits += 1
        return LINE_BREAK.split(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(LINE_BREAK, name)


def test_a_document_is_split_into_lines_once(monkeypatch: Any) -> None:
    breaks = _CountedBreaks()
    monkeypatch.setattr(parse, "LINE_BREAK", breaks)
    text = "# T\r\n\r\ntext\rmore\n\n<!-- open\n"
    document = _parsed(text)
    assert breaks.splits == 1  # three before: unread parts, unclosed block, the lines
    assert document.lines == tuple(split_lines(text))
    assert [p.kind for p in document.problems] == ["unclosed"]
    assert _parsed("").lines == () and _parsed("a\n").lines == ("a",)


def test_the_walk_steps_only_on_tokens_it_reads(count_calls: Any) -> None:
    calls = count_calls(Walker, "step")
    document = _parsed("".join(f"paragraph {n}\n\n" for n in range(40)) + "---\n\n> quote\n"
                       + "\n```\ncode\n```\n")
    # a paragraph's three tokens read by run itself (eleventh round; one step each before);
    # rules and quotes passed; the fence is the one step
    assert calls["step"] == 1
    assert len(document.root.blocks) == 42
