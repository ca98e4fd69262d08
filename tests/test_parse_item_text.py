"""A list item's first line read as a paragraph by item_text.one_line_paragraph leaves the
state and tokens markdown-it's block rules leave: compared with the root chain's and with
markdown-it's own code, on every corpus document and on generated ones."""

from __future__ import annotations

import random
from typing import Any

import pytest
from markdown_it.rules_block import StateBlock, reference

from opslint.document import block_rules, block_starts, item_text, parse
from tests.conftest import markdown_texts
from tests.test_parse_block_rules import _MORE
from tests.test_parse_block_starts import _LINES, _fields

# Items and what follows them: next items indented less, as much and more, blank lines,
# lazy lines, tabs, fences, tables, setext underlines, HTML and references in items.
_ITEMS = (
    "- text", "- テキスト", "* star", "+ plus", "1. one", "2) two", "  - nested", "    - deep",
    "      - deeper", "   lazy", "lazy", "", "", "", "- [ ] task", "- [x] done",
    "- [link](https://e.com) after", "- [r]: /url", "- [r]:", "- [a\\]b]: /u", "- [a[b]",
    "- \\[x]", "- [x\\", "- [", "- []: x", "[r]: /url", "[x] y", "- `code` text",
    "- ```", "  ```", "  code", "  ```", "- ~~~", "- ***", "- ---", "  ---", "  ===",
    "   ---", "---", "===", "  | a | b |", "  |---|---|", "- a | b", "  --|--", "| a |",
    "|---|", "- <div>", "  <div>", "- <!-- c -->", "- # h", "  # h", "- > q", "  > q",
    "> - q", "-\tx", "\t- x", "-\t\tx", " -\tx", "-", "- ", "-    four", "-     five",
    "1.     five", "10. ten", "1234567890. long", "- 1. x", "  1. x", "  2) y", "    code",
)


def _documents(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    lines = _ITEMS + _LINES + _MORE
    texts = []
    for _ in range(count):
        pool = _ITEMS if rng.random() < 0.6 else lines
        text = "\n".join(rng.choice(pool) for _ in range(rng.randint(1, 30)))
        texts.append(text + rng.choice(("", "\n", "\n\n", "  ")))
    return texts


def _state(state: Any) -> tuple[Any, ...]:
    return (state.line, state.tight, state.parentType, state.level, state.blkIndent,
            state.listIndent, state.lineMax, list(state.bMarks), list(state.eMarks),
            list(state.tShift), list(state.sCount), list(state.bsCount), dict(state.env),
            len(state.tokens))


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """one_line_paragraph checked on every call: when it reads the line, the state and new
    tokens are those the root chain (tokenize's rule) leaves, asked from the state before;
    when it does not, nothing changed."""
    fast = item_text.one_line_paragraph
    answers = {"read": 0, "left": 0}

    def checked(state: Any, line: int, end: int, item_texts: Any) -> bool:
        before = _state(state)
        count = len(state.tokens)
        if not fast(state, line, end, item_texts):
            assert _state(state) == before
            answers["left"] += 1
            return False
        answers["read"] += 1
        ours = (_state(state), [_fields(t) for t in state.tokens[count:]])
        (state.line, state.tight, state.parentType, state.level, state.blkIndent,
         state.listIndent, state.lineMax) = before[:7]
        del state.tokens[count:]
        assert state.root_rules[0](state, line, end, False)
        assert (_state(state), [_fields(t) for t in state.tokens[count:]]) == ours
        return True

    monkeypatch.setattr(block_rules, "one_line_paragraph", checked)
    return answers


def _same_tokens(text: str) -> None:
    ours = parse._parser().parse(text, {})
    theirs = parse._parser(True, False, True, False).parse(text, {})  # markdown-it's code
    assert [_fields(t) for t in ours] == [_fields(t) for t in theirs], repr(text)


def test_the_corpora_give_the_tokens_of_the_block_parsers_loop(
        compared: dict[str, int]) -> None:
    for text in markdown_texts():
        _same_tokens(text)
    assert compared["read"] > 1000 and compared["left"] > 100


@pytest.mark.parametrize("seed", range(4))
def test_generated_lists_give_the_tokens_of_the_block_parsers_loop(
        seed: int, compared: dict[str, int]) -> None:
    for text in _documents(seed, 500):
        _same_tokens(text)
    assert compared["read"] > 300 and compared["left"] > 300


def test_deep_and_quoted_lists_give_the_tokens_of_the_block_parsers_loop(
        compared: dict[str, int]) -> None:
    deep = "".join(f"{'  ' * n}- level {n}\n" for n in range(80))  # past the limit
    down = "".join(f"{'   ' * n}1. level {n}\n" for n in range(30))
    back = "".join(f"{'   ' * n}- level {n}\n" for n in range(29, -1, -1))
    quoted = "".join(f"> {'  ' * (n % 5)}- q {n}\n" for n in range(40))
    for text in (deep, down + back, down + "\n" + back, quoted, deep + "\n# After\n\nx\n"):
        _same_tokens(text)
    assert compared["read"] > 60


def test_one_line_items_skip_the_block_rules(count_calls: Any) -> None:
    calls = count_calls(item_text, "outer_item")
    tokens = parse._parser().parse("- a\n- b\n- [ ] c\n\ntext\n", {})
    assert calls["outer_item"] == 2  # the items a and b end at the next item
    assert [t.content for t in tokens if t.type == "inline"] == ["a", "b", "[ ] c", "text"]


@pytest.mark.parametrize("seed", range(2))
def test_the_reference_test_is_false_only_where_the_rule_declines(seed: int) -> None:
    md = parse._parser(True, False, True, False)
    rng = random.Random(seed)
    alphabet = ("[", "]", ":", "\\", " ", "a", "(", ")", "\n", "/u", "'t'", "<", ">")
    asked = declined = 0
    for _ in range(20000):
        text = "[" + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        state = StateBlock(text, md, {}, [])
        if state.lineMax == 0:
            continue
        if not block_starts._label_colon(state, 0, state.lineMax):
            declined += 1
            assert not reference(state, 0, state.lineMax, False), repr(text)
        else:
            asked += 1
    assert asked > 1000 and declined > 1000
