"""markdown-it's block code as block_rules transcribes it gives markdown-it's tokens, state
and model: compared with markdown-it's own on every corpus document and generated ones."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from markdown_it.rules_block import StateBlock

from opslint.document import block_rules, parse
from opslint.document.load import SourceText, split_lines
from tests.conftest import markdown_texts, skip_unless_checked_markdown_it
from tests.parse_model_dump import dump
from tests.test_parse_block_starts import _LINES, _fields

# Lines for lists, quotes, tabs and lazy continuations, besides block_starts' own.
_MORE = ("- item", "  - nested", "    - deeper", "      - deepest", "1. one", "   2. two",
         "10) ten", "1234567890. long", "123456789. nine", "-", "- ", "-\tx", " -\tx",
         "\t- tab", "  \t- mixed", "> - quoted item", "> 1. x", ">  > x", "   lazy", "lazy",
         "- [ ] task", "- [x] done", "* star", "+ plus", "  + plus", "- - x", "1.", "2)",
         "    code", "     indented", "\t\tcode", " \t text", "- a\tb", "text  ", "x\t",
         "| a |", "|-|", "  ---", "***", "# h", "```", "~~~", "<div>", "", "-    four",
         "-     five", "1.     five", "-\t\tx", ">\t- x", " >\tx")


def _documents(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    lines = _LINES + _MORE
    texts = []
    for _ in range(count):
        text = "\n".join(rng.choice(lines) for _ in range(rng.randint(1, 30)))
        text += rng.choice(("", "\n", "\n\n", "  ", " \t", "\t\n"))
        texts.append(text)
    return texts


def _markers(state: StateBlock) -> tuple[Any, ...]:
    return (state.bMarks, state.eMarks, state.tShift, state.sCount, state.bsCount,
            state.lineMax)


def test_the_installed_markdown_it_is_the_one_transcribed() -> None:
    # Another markdown-it-py runs its own code (and this test says to transcribe it again).
    skip_unless_checked_markdown_it()
    assert parse._transcribed()
    assert parse._parser().block.transcribed


@pytest.mark.parametrize("seed", range(3))
def test_the_line_markers_are_the_ones_markdown_its_state_makes(seed: int) -> None:
    md = parse._parser(True, True, True, False)
    rng = random.Random(seed)
    texts = [*_documents(seed, 300), "", "\n", " ", "\t", "a", " a", "\ta\n\t", "a\n \t",
             "a\n\n", "\t \tx\n  \t y"]
    texts += ["".join(rng.choice(" \t\nab>-") for _ in range(rng.randint(0, 40)))
              for _ in range(500)]
    if seed == 0:
        texts += markdown_texts()
    for text in texts:
        ours = block_rules.line_markers(text)
        theirs = StateBlock(text, md, {}, [])
        assert ours == _markers(theirs)[:5], repr(text)


def test_the_transcribed_state_is_the_one_markdown_it_sets_up() -> None:
    fast, slow = parse._parser(), parse._parser(True, True, True, False)
    for text in ["a\n- b\n\t> c\n", "x"]:
        ours = parse._CompactState(text, fast, {}, [])
        theirs = StateBlock(text, slow, {}, [])
        expected = {name: value for name, value in vars(theirs).items() if name != "md"}
        got = {name: value for name, value in vars(ours).items()
               if name not in ("md", "row", "cell", "plain_tokens", "root_rules",
                               "paragraph_terminators", "list_terminators", "max_nesting")}
        assert got == expected


def _same_tokens(text: str) -> None:
    fast = parse._parser().parse(text, {})
    slow = parse._parser(True, True, True, False).parse(text, {})
    assert [_fields(t) for t in fast] == [_fields(t) for t in slow], repr(text)


def test_the_corpora_give_markdown_its_tokens() -> None:
    for text in markdown_texts():
        _same_tokens(text)


@pytest.mark.parametrize("seed", range(4))
def test_generated_documents_give_markdown_its_tokens(seed: int) -> None:
    for text in _documents(seed, 400):
        _same_tokens(text)


def test_deep_lists_and_quotes_give_markdown_its_tokens() -> None:
    deep = "".join(f"{'  ' * n}- level {n}\n" for n in range(80))
    quotes = "".join(f"{'> ' * n}q {n}\n" for n in range(150))
    mixed = "".join(f"{'   ' * n}1. x\n{'   ' * n}   > y\n" for n in range(40))
    for text in (deep, quotes, mixed, deep + "\n# After\n\ntext\n"):
        _same_tokens(text)


def test_the_transcribed_rules_run_in_the_parse(count_calls: Any) -> None:
    calls = count_calls(block_rules, "tokenize")
    tokens = parse._parser().parse("- a\n- b\n\ntext\n", {})
    assert calls["tokenize"] == 3  # the document and its two items
    assert [t.type for t in tokens][:3] == ["bullet_list_open", "list_item_open",
                                            "paragraph_open"]


def test_with_tasklists_markdown_its_own_list_rule_reads_the_checkboxes() -> None:
    md = parse._parser()
    text = "- [x] done\n- [ ] open\n\n1. [x] a\n"
    md.options["tasklists"] = True
    try:
        tokens = md.parse(text, {})
    finally:
        del md.options._options["tasklists"]  # type: ignore[typeddict-item]
    assert tokens[1].meta == {"checked": True}
    assert any(t.type == "inline" and t.content == "done" for t in tokens)


def _model(text: str) -> str:
    return dump(parse.parse_document(Path("t.md"), SourceText(text, "utf-8", False, "\n")))


def test_the_model_is_the_one_markdown_its_code_gives(monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    texts = _documents(11, 200) + markdown_texts()[:60]
    fast = [_model(text) for text in texts]
    parser = parse._parser
    monkeypatch.setattr(parse, "_parser",
                        lambda front_matter=True: parser(front_matter, True, True, False))
    slow = [_model(text) for text in texts]
    assert fast == slow


@pytest.mark.parametrize("seed", range(2))
def test_short_texts_of_markers_spaces_and_tabs_give_markdown_its_tokens(seed: int) -> None:
    # Where columns are counted (tabs after quote markers, list markers, indents), each
    # character counts: short random runs of them reach corners that lines do not.
    rng = random.Random(seed)
    alphabet = (">", " ", "\t", "-", "x", "1.", "2)", "\n", "*", "`", "#", "|")
    for _ in range(15000):
        _same_tokens("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))))


def _texts_with_breaks(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = ("a", " ", "\n", "\r", "\r\n", "\0", "-", ">", "```", "<!--", "#", "\t", "é")
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            for _ in range(count)]


def test_normalize_leaves_what_markdown_its_rule_gives() -> None:
    own = parse.normalize_source
    normalize = block_rules.normalize_rule(own)
    md = parse._parser()
    for text in _texts_with_breaks(3, 3000):
        ours, theirs = parse.StateCore(text, md, {}), parse.StateCore(text, md, {})
        normalize(ours)
        own(theirs)
        assert ours.src == theirs.src, repr(text)


def test_texts_with_any_line_break_give_markdown_its_tokens() -> None:
    for text in _texts_with_breaks(4, 3000):
        _same_tokens(text)


def test_the_lines_are_split_at_every_line_break() -> None:
    for text in _texts_with_breaks(5, 1000):
        source = SourceText(text, "utf-8", False, "\n")
        document = parse.parse_document(Path("t.md"), source)
        assert document.lines == tuple(split_lines(text)), repr(text)


@pytest.mark.parametrize("seed", range(3))
def test_the_walk_keeps_every_fence_and_raw_html_block_unclosed_block_reads(
        seed: int) -> None:
    rng = random.Random(seed)
    lines = [*_LINES, *_MORE, "<!-- open", "<script>", "```", "  ```", "> ```", "- ```"]
    for _ in range(400):
        text = "\n".join(rng.choice(lines) for _ in range(rng.randint(1, 20)))
        tokens, _ = parse._tokens(text, {})
        walker = parse.Walker(tokens, parse._inline_children, {})
        walker.run()
        assert walker.closable == [t for t in tokens if t.type in ("fence", "html_block")]
        breaks = parse.LINE_BREAK.split(text)
        assert (parse.unclosed_block(walker.closable, breaks)
                == parse.unclosed_block(tokens, breaks))
