"""Block rules asked only about lines that can start their block give the same tokens."""

from __future__ import annotations

import random
from typing import Any

import pytest

from opslint.document import block_starts, parse
from opslint.document.walk import TableRow
from tests.conftest import markdown_documents

# Lines that start (or nearly start) every kind of block, indented and not, in lists and
# quotes: the generated documents mix them at random.
_LINES = (
    "", "", "text", "テキスト", "# h", "#h", "###### h", "####### h", "- a", "-a", "* b",
    "+ c", "1. one", "1) one", "2. two", "10. ten", "1.", "> q", ">q", "> - a", "> > b",
    "```", "```py", "~~~", "``", "~~", "***", "---", "___", "- - -", "===", "<div>",
    "</div>", "<!-- c -->", "<!--", "-->", "<br>", "<x", "[r]: https://e.com/r", "[r]",
    "[x] done", "| a | b |", "|---|---|", "| 1 | 2 |", "a | b", "--- | ---", ":-:", "\t",
    "   ", "    code", "\tcode", "  - nested", "    - deep", "   > q", "  1. x", " # h",
    # fences and what only looks like one: code spans, two markers, mixed markers
    "`code` text", "``code``", "`` ` ``", "`", "~x", "~~x~~", "~~~~", "````", " ```",
    "   ~~~ x", "```` x", "~~~ `", "``` `", "`~~", "~``", "``~", "- ```", "> ```",
    # underlines indented less, as much as and more than the text of an item or a quote
    "  ===", "   ---", "    ===", "     ---", "\t---", "  -", "   =", " - ---", "> ===",
)


def _fields(token: Any) -> tuple[Any, ...]:
    if isinstance(token, TableRow):
        return ("row", token.level, token.map, tuple(token.cells))
    return (token.type, token.tag, token.nesting, token.map, token.level, token.content,
            token.info, token.markup, token.attrs, token.hidden, token.block)


def _same_tokens(text: str) -> None:
    with_test = parse._parser(True, True).parse(text, {})
    without = parse._parser(True, False).parse(text, {})
    assert [_fields(t) for t in with_test] == [_fields(t) for t in without]




def test_the_corpora_give_the_same_tokens_with_the_first_character_test() -> None:
    count = 0
    for path in markdown_documents():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        _same_tokens(text)
        count += 1
    assert count >= 50


@pytest.mark.parametrize("seed", range(4))
def test_generated_documents_give_the_same_tokens(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        lines = [rng.choice(_LINES) for _ in range(rng.randint(1, 25))]
        _same_tokens("\n".join(lines))


def test_the_test_is_in_front_of_markdown_its_own_rules_only() -> None:
    md = parse._parser(True, True)
    names = {rule.name: rule.fn.__name__ for rule in md.block.ruler.__rules__}
    assert names["fence"] == "_fence_rule" and names["paragraph"] == "paragraph"
    chains = md.block.ruler.__cache__
    assert all(len(fns) == 1 and fns[0].__qualname__.startswith("_chain.")
               for fns in chains.values())
    # installing again finds the chains compiled already
    assert block_starts.install(md.block.ruler, dict(parse._RULES_GATED)) == []
    unfiltered = parse._parser(True, False)
    assert all(fn.__qualname__.split(".")[0] != "_chain"
               for fns in unfiltered.block.ruler.__cache__.values() for fn in fns)
    assert len(unfiltered.block.ruler.getRules("")) == len(names)


def test_a_line_of_text_costs_no_call_of_the_rules_it_cannot_start() -> None:
    md = parse.MarkdownIt("commonmark").enable(["table"])
    calls: dict[str, int] = {}

    def counted(name: str, rule: Any) -> Any:
        def counting(*args: Any) -> Any:
            calls[name] = calls.get(name, 0) + 1
            return rule(*args)
        return counting

    known = {}
    for rule in md.block.ruler.__rules__:
        rule.fn = known[rule.name] = counted(rule.name, rule.fn)
    assert "fence" in block_starts.install(md.block.ruler, known)
    md.parse("".join(f"line {n} of text\nand its second line\n\n" for n in range(50)))
    assert calls["paragraph"] == 50  # the rules any line can start still read every line
    assert "fence" not in calls and "heading" not in calls and "list" not in calls
