"""The eleventh round's parse shortcuts read what the exact code reads (compared, not timed)."""

from __future__ import annotations

import random
import re

import pytest
from markdown_it.rules_block import StateBlock

from opslint.document import block_rules, inline_simple, parse
from tests.test_parse_block_starts import _fields

# inline_simple._PLAIN_URL as it was written before its path was read a run at a time: one
# kept character or one escape per turn of the loop.
_ONE_AT_A_TIME = re.compile(
    r"https?://(?P<host>[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*)(?::[0-9]+)?"
    r"(?:[/?#](?:[A-Za-z0-9;/?:@=+$,\-_.!~*'#]|%[0-9A-Fa-f]{2})*)?")

# Pieces of URLs: kept characters, escapes whole and cut, characters mdurl would encode.
_URL_PIECES = ("a", "Z", "9", "-", ".", "/", "?", "#", ":", "@", ";", "=", "+", "$", ",",
               "_", "!", "~", "*", "'", "%", "%4", "%41", "%zz", "%%41", " ", "(", ")", "<",
               "\\", "é", "例", "`", "&", "[", "]", "|", "^", "{", "\"", "8080", "x" * 70)


@pytest.mark.parametrize("seed", range(3))
def test_a_plain_url_is_read_as_one_character_at_a_time_reads_it(seed: int) -> None:
    rng = random.Random(seed)
    prefixes = ("https://", "http://", "https://wiki.example.com", "http://a.b:80",
                "https://e.com/", "ftp://", "https:/", "")
    for _ in range(4000):
        url = rng.choice(prefixes) + "".join(
            rng.choice(_URL_PIECES) for _ in range(rng.randint(0, 12)))
        ours = inline_simple._PLAIN_URL.fullmatch(url)
        theirs = _ONE_AT_A_TIME.fullmatch(url)
        assert (ours is None) == (theirs is None), repr(url)
        if ours is not None and theirs is not None:
            assert ours.group("host") == theirs.group("host"), repr(url)


def test_a_long_path_that_fails_is_read_in_linear_time() -> None:
    # the possessive run gives nothing back: no split of a run is tried again
    url = "https://e.com/" + "a" * 100_000 + " "
    assert inline_simple._PLAIN_URL.fullmatch(url) is None
    assert inline_simple.unchanged_href("https://e.com/" + "a%41" * 10_000)


def test_the_state_reads_the_rules_markdown_it_reads_for_each_block() -> None:
    md = parse._parser()
    state = parse._CompactState("- a\n\ntext\n", md, {}, [])
    if not md.block.transcribed:  # type: ignore[attr-defined]
        pytest.skip("another markdown-it-py: its own code reads them")
    ruler = md.block.ruler
    assert state.root_rules is ruler.getRules("")  # type: ignore[attr-defined]
    assert state.paragraph_terminators is ruler.getRules("paragraph")  # type: ignore[attr-defined]
    assert state.list_terminators is ruler.getRules("list")  # type: ignore[attr-defined]
    assert state.max_nesting == md.options.maxNesting == parse.BLOCK_NESTING  # type: ignore[attr-defined]


@pytest.mark.parametrize("indent", range(5))
def test_one_line_is_got_as_markdown_its_get_lines_gets_it(indent: int) -> None:
    md = parse._parser()
    rng = random.Random(indent)
    for _ in range(300):
        text = "\n".join("".join(rng.choice(" \t-a>") for _ in range(rng.randint(0, 8)))
                         for _ in range(3)) + rng.choice(("", "\n"))
        ours = parse._CompactState(text, md, {}, [])
        theirs = StateBlock(text, md, {}, [])
        for line in range(theirs.lineMax):
            for keep in (False, True):
                assert (block_rules.get_lines(ours, line, line + 1, indent, keep)
                        == theirs.getLines(line, line + 1, indent, keep)), repr(text)


# An item's text, then lines the setext heading test may stop at (items indented less, as
# much as, and more; too deep to start a list; markers without a space), then underlines.
_OPENERS = ("- a", "-    a", "  - a", "1. a", "   1. a", "> - a", "- - a", "- a\n  b")
_MIDDLES = ("- x", "  - x", "    - x", "   - x", "+ x", "* x", "-", "-x", "*x", "- ", "-\tx",
            "1. x", "2) x", "> x", "text", "    text", "", "1.", "1.x", "12)", "123456789. x",
            "1234567890. x", "   2. x", "1:", "x. y", "1.\tx", "\t1. x")
_UNDERLINES = ("---", "  ---", "     ---", "===", "  ===", "      ===", "- ---", "text")


def test_a_text_before_items_and_underlines_gives_markdown_its_tokens() -> None:
    fast, slow = parse._parser(), parse._parser(True, False)  # without block_starts
    for opener in _OPENERS:
        for middle in _MIDDLES:
            for underline in _UNDERLINES:
                for text in (f"{opener}\n{middle}\n{underline}\n",
                             f"{opener}\n{middle}\n{middle}\n{underline}\n"):
                    assert ([_fields(t) for t in fast.parse(text, {})]
                            == [_fields(t) for t in slow.parse(text, {})]), repr(text)
