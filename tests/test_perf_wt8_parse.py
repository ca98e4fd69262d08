"""Round 8 of the parse stage: one call per line per chain of block rules, the rules'
own first tests made in front of them, block tokens made without the dataclass's
constructor, plain texts read without the inline parser. Each keeps the tokens (or the
model) markdown-it gives, and each is counted, never timed."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from markdown_it import rules_block
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.front_matter.index import _front_matter_rule

from opslint.document import block_starts, parse
from opslint.document.load import SourceText
from tests.conftest import CountCalls, markdown_documents
from tests.test_parse_block_starts import _LINES

_RULES = {"front_matter": _front_matter_rule, "hr": rules_block.hr,
          "table": rules_block.table, "lheading": rules_block.lheading,
          "fence": rules_block.fence, "blockquote": rules_block.blockquote,
          "list": rules_block.list_block, "reference": rules_block.reference,
          "html_block": rules_block.html_block, "heading": rules_block.heading,
          "code": rules_block.code}
# Lines near each test's edge: rules, underlines, delimiter rows, list items like them.
_MORE = ("a", "b | c", "= x", "==", "  ===", "=== x", "-- -", "--", "- - x", "* * *", "_ _ _",
         "*-*", "> ---", "> a", "  - b", "   ---", "    ---", "> |-|", "|-", "-|", ":",
         "- |", "|:-", "-\t|", "* -", "- *", "---\ntitle: x\n---", "-\t-\t-", "---  ")


def _state_of(state: StateBlock) -> tuple[Any, ...]:
    return (state.parentType, state.line, state.level, len(state.tokens), state.blkIndent,
            state.listIndent, state.tight)


def _documents(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    lines = _LINES + _MORE
    return ["\n".join(rng.choice(lines) for _ in range(rng.randint(1, 20)))
            for _ in range(count)]


@pytest.mark.parametrize("seed", range(3))
def test_a_rule_its_test_keeps_from_a_line_would_decline_it_and_change_nothing(
        seed: int) -> None:
    md = parse._parser(True, False)
    for text in _documents(seed, 150):
        for start in range(StateBlock(text, md, {}, []).lineMax):
            for name, test in block_starts._TESTS.items():
                for silent in (True, False):
                    tested = StateBlock(text, md, {}, [])
                    if test(tested, start, tested.lineMax):
                        continue
                    asked = StateBlock(text, md, {}, [])
                    assert not _RULES[name](asked, start, asked.lineMax, silent), (name, text)
                    assert _state_of(tested) == _state_of(asked), (name, text, start)


def _fields(token: Any) -> tuple[Any, ...]:
    if isinstance(token, parse.TableRow):
        return ("row", token.level, token.map, tuple(token.cells))
    return (type(token), token.type, token.tag, token.nesting, token.attrs, token.map,
            token.level, token.children, token.content, token.markup, token.info,
            token.meta, token.block, token.hidden)


def test_the_tokens_push_makes_are_the_ones_markdown_its_push_makes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [path.read_text(encoding="utf-8", errors="replace")
             for path in markdown_documents()] + _documents(7, 200)
    assert parse._plain_tokens()
    ours = [[_fields(t) for t in parse._tokens(text, {})[0]] for text in texts]
    monkeypatch.setattr(parse, "_plain_tokens", lambda: False)
    theirs = [[_fields(t) for t in parse._tokens(text, {})[0]] for text in texts]
    assert ours == theirs


def _counted_parser() -> tuple[Any, dict[str, int]]:
    md = parse.MarkdownIt("commonmark").enable(["table"])
    parse.front_matter_plugin(md)
    calls: dict[str, int] = {}
    own: dict[str, Any] = {}

    def counted(name: str, rule: Any) -> Any:
        def counting(*args: Any) -> Any:
            calls[name] = calls.get(name, 0) + 1
            return rule(*args)
        return counting

    for rule in md.block.ruler.__rules__:
        rule.fn = own[rule.name] = counted(rule.name, rule.fn)
    assert set(block_starts.install(md.block.ruler, own)) >= {"table", "hr", "lheading"}
    return md, calls


def test_paragraphs_and_lists_ask_no_table_rule_setext_or_thematic_break() -> None:
    md, calls = _counted_parser()
    text = "".join(f"line {n} of text\nand | its second\n\n- item {n}\n- - x\n  * more\n\n"
                   for n in range(50))
    md.parse(text)
    # Before, every line asked the table rule (and each paragraph line again, to end it),
    # each paragraph the setext heading rule, each item line the thematic break rule.
    assert calls["paragraph"] >= 150 and calls["list"] >= 50
    assert "table" not in calls and "lheading" not in calls and "hr" not in calls
    assert "front_matter" not in calls  # a rule of the first line only


def test_a_chain_is_one_call_per_line_asked(count_calls: CountCalls) -> None:
    md, calls = _counted_parser()
    md.parse("".join(f"text {n}\nmore text\n\n" for n in range(40)))
    # 40 paragraphs: the paragraph rule only (the code rule only where a line is indented)
    assert calls == {"paragraph": 40}


def test_plain_texts_are_read_without_the_inline_parser(count_calls: CountCalls) -> None:
    calls = count_calls(parse, "_inline_children")
    text = "# Title\n\n" + "".join(f"Paragraph {n} of plain words.\n\n- item {n}\n\n"
                                   f"| a | b |\n|---|---|\n| {n} | x |\n\n"
                                   for n in range(30))
    doc = parse.parse_document(Path("t.md"), SourceText(text, "utf-8", False, "\n"))
    assert calls["_inline_children"] == 0
    assert doc.title == "Title" and len(list(doc.root.tables())) == 30


_KEYS = ("a", "title", "yes", "No", "null", "on", "1", "_x", "x-y", "k2", "True", "<<", "=",
         "~", "y", "n")
_VALUES = ("x", "yes", "No", "off", "1", "0x1F", "1_000", "1.5", ".inf", "-1", "+1", "1e3",
           "1.0e+3", ".NaN", "0o17", "0b101", "1:20", "190:20:30", "12:30:00", "2026-12-07",
           "2026-12-07 01:00:00", "2026-12-07T01:00:00Z", "2026/12/16 01:00", "~", "null",
           "Null", "=", "<<", "a b", "a: b", "a:b", "b:", "http://x/y", "x #c", "x#c", "[a, b]",
           "[a,b]", "[ ]", "[]", "[a, 1]", "[a, yes]", "[a,]", "[a b, c]", "[a: b]", "[a:b]",
           "[[a]]", "[a, [b]]", "{a: b}", "'q'", '"q"', "|", ">", "&a x", "*a", "!t x", "%x",
           "@x", "`x`", "- x", "-x", "?x", "? x", ":x", "吉田 拓也", "v5.4.0", "x\ty", "é",
           "a — b", "x,y", "x  ", "a\u0085b", "a\ufeffb", "a\u2028b", "x, y", "[~]", "[null]",
           "a [b] {c}", "a'b", "[a'b, c]", "[a?b]", "a!b&c*d|e>f%g@h`i", "[a!b, c&d]", "a,")


_PLAIN = ("x", "a b", "吉田 拓也", "v5.4.0", "http://x/y", "[a, b]", "a — b", "x,y", "[ ]",
          "2026/12/16 01:00", "x  ")


def _front_matters(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        lines = []
        for _ in range(rng.randint(1, 6)):
            roll = rng.random()
            if roll < 0.05:
                lines.append(rng.choice(("", "# c", "  x", "- a", "a:", "a :x", "---")))
            else:
                # mostly keys and values of the subset, so that many texts are in it
                key = rng.choice(_KEYS if roll < 0.3 else _KEYS[:2])
                value = rng.choice(_VALUES if roll < 0.5 else _PLAIN)
                lines.append(f"{key}:{rng.choice((' ', '  '))}{value}")
        texts.append("\n".join(lines) + rng.choice(("", "\n")))
    return texts


@pytest.mark.parametrize("seed", range(3))
def test_a_simple_front_matter_is_read_as_pyyaml_reads_it(seed: int) -> None:
    import yaml

    from opslint.document import front_matter

    texts = _front_matters(seed, 3000)
    for path in markdown_documents():
        doc_text = path.read_text(encoding="utf-8", errors="replace")
        if doc_text.startswith("---\n") and "\n---" in doc_text[3:]:
            texts.append(doc_text[4:doc_text.index("\n---", 3) + 1])
    simple = 0
    for text in texts:
        fast = front_matter._simple(text)
        if fast is not None:
            simple += 1
            loaded = yaml.load(text, Loader=yaml.SafeLoader)
            assert repr(fast) == repr(loaded), text
    assert simple >= 500  # the subset is met, and compared


def test_a_simple_front_matter_needs_no_yaml_parser(count_calls: CountCalls) -> None:
    import yaml

    calls = count_calls(yaml, "load")
    text = "---\ntitle: Release — v5.4.0\nowner: 吉田 拓也\ntags: [ops, prod]\n---\n# T\n"
    doc = parse.parse_document(Path("t.md"), SourceText(text, "utf-8", False, "\n"))
    assert doc.front_matter == {"title": "Release — v5.4.0", "owner": "吉田 拓也",
                                "tags": ["ops", "prod"]}
    assert calls["load"] == 0
    text = "---\ntitle: Release\nversion: 5.4\n---\n# T\n"  # a float: PyYAML reads it
    doc = parse.parse_document(Path("t.md"), SourceText(text, "utf-8", False, "\n"))
    assert doc.front_matter == {"title": "Release", "version": 5.4}
    assert calls["load"] == 1


_TABLE_LINES = ("| a | b |", "|---|:-:|", "| 1 | 2 |", "| 1 |", "| 1 | 2 | 3 |", "a | b",
                "--- | ---", "| x \\| y | z |", "|  | `a|b` |", "", "> | q | r |", "- | l |",
                "    | code |", "  | ind | ent |", "# h", "```", "text", "|", "||", "| a |",
                "|:--|--:|", "  - | a | b |", "    |---|---|", "> |---|---|", "<div>")


@pytest.mark.parametrize("seed", range(3))
def test_table_rows_read_as_rows_are_markdown_its_rows(seed: int) -> None:
    rng = random.Random(seed)
    texts = []
    for _ in range(400):
        lines = [rng.choice(_TABLE_LINES) for _ in range(rng.randint(2, 14))]
        at = rng.randrange(len(lines))  # a header and its delimiter row somewhere
        lines[at:at] = [rng.choice(("| a | b |", "a | b", "  - | a | b |", "> | a | b |")),
                        rng.choice(("|---|:-:|", "--- | ---", "    |---|---|", "> |---|---|"))]
        texts.append("\n".join(lines))
    if seed == 0:
        texts += [path.read_text(encoding="utf-8", errors="replace")
                  for path in markdown_documents()]
    compact, tokens = parse._parser(True, True, True), parse._parser(True, True, False)
    assert parse._table_rows() is not None
    for text in texts:
        assert ([_fields(t) for t in compact.parse(text, {})]
                == [_fields(t) for t in tokens.parse(text, {})]), text


def test_a_table_row_pushes_no_token_per_cell(count_calls: CountCalls) -> None:
    calls = count_calls(parse._CompactState, "push")
    text = "| a | b | c |\n|---|---|---|\n" + "| 1 | 2 | 3 |\n" * 50
    tokens, _ = parse._tokens(text, {})
    # table, thead, tbody and their closings: no push per row or cell (three per cell)
    assert calls["push"] == 6
    assert sum(isinstance(t, parse.TableRow) for t in tokens) == 51


def test_the_tokens_are_searched_for_skipped_parts_only_past_the_nesting_limit(
        count_calls: CountCalls) -> None:
    calls = count_calls(parse, "recover")
    shallow = "".join(f"{'  ' * n}- level {n}\n" for n in range(20)) + "> q\n> > r\n"
    tokens, problems = parse._tokens(shallow, {})
    assert calls["recover"] == 0 and problems == []
    assert len(tokens) == len(parse._parser().parse(shallow, {}))
    deep = "".join(f"{'  ' * n}- level {n}\n" for n in range(parse.LIST_LEVELS + 5))
    env: dict[str, Any] = {}
    _, problems = parse._tokens(deep + "\n# After\n", env)
    assert calls["recover"] == 1 and [p.kind for p in problems] == ["unread"]
    assert parse._DEEP not in env  # the note is not left in the document's env


def _controls_as_before(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return bool(sample) and controls > max(8, len(sample) // 100)


@pytest.mark.parametrize("seed", range(3))
def test_control_characters_are_counted_as_before(seed: int) -> None:
    from opslint.document.load import LoadError, _reject_control_characters

    rng = random.Random(seed)
    alphabet = [chr(code) for code in range(0x20)] + list("ab |#-テキスト\u3000é\U0001f600\x7f")
    outcomes = set()
    for _ in range(400):
        size = rng.choice((0, 1, 50, 900, 4096, 5000))
        weight = rng.random() * 0.03  # the share of control characters, around the limit
        text = "".join(rng.choice(alphabet[:0x20]) if rng.random() < weight
                       else rng.choice(alphabet[0x20:]) for _ in range(size))
        try:
            _reject_control_characters(text)
            rejected = False
        except LoadError:
            rejected = True
        assert rejected == _controls_as_before(text)
        outcomes.add(rejected)
    assert outcomes == {True, False}
