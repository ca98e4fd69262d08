"""markdown-it's block rules, asked only about lines that can start their block.

markdown-it's block parser asks every rule of a chain about every line it reads, and the
paragraph, list, blockquote and table rules ask their terminating rules again about each
next line: about 310,000 calls for 100 design documents, 300,000 for a 50,000-row table,
most of them to learn that a line of text does not start a fence, quote, rule, list,
reference, HTML block, heading, table or setext heading. ``install`` compiles each chain of
the ruler into one function that reads the line's first character that is not a space
(``src[bMarks[line] + tShift[line]]``) once and asks only the rules whose block can start
with it, in the chain's order: a line of text costs one call instead of one per rule.

Each rule is kept exactly: a rule is skipped only where its own code returns False before
doing anything else.

- ``_STARTS``: the rule declines unless the line's first character is one of a few. A line
  without one (blank) is asked about as before.
- ``_TESTS``: the indented code rule declines unless the line is indented as code (its
  ``is_code_block``, asked first); the front matter rule declines but on the first line;
  the fence rule unless the line's text starts with three backticks or three tildes (a
  code span, "`name` is ...", starts many lines of a list);
  the thematic break rule (hr) unless the line is made of its marker and spaces; the
  reference rule unless its label ends on the line with "]:" or goes on to the next line
  (a task box "[ ]" or a link "[text](url)" starts many items); the
  table rule unless the next line (inside the range) is a delimiter row (``|``, ``-``,
  ``:`` and spaces, not a list item); the setext heading rule unless one of the lines
  after the first, up to the first blank one, is an underline (``-`` or ``=`` repeated,
  then spaces) indented as the rule reads one (0 to 3 columns past ``blkIndent``), and
  then it leaves ``state.parentType`` at "paragraph" (markdown-it does not restore it
  there), which the test does too.

A rule that is not markdown-it's own function (another version, a plugin) is asked about
every line. Each compiled chain also says, by first character, what it asks about a line
of text before the paragraph rule (``item_texts``: item_text.one_line_paragraph reads a
list item's first line with it). ``tests/test_parse_block_starts.py`` compares the tokens
with and without on every document of the corpora and on generated ones.

This module does not import markdown-it (``opslint.document.parse`` is its door): the
ruler and markdown-it's rule functions are passed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["UNDERLINE", "ItemText", "install", "outer_item"]

Rule = Callable[[Any, int, int, bool], bool]
Test = Callable[[Any, int, int], bool]

# The characters each rule's block can start with, as its code tests them first.
_STARTS = {
    "front_matter": "-",  # mdit_py_plugins' front matter: "---" on the first line
    "fence": "~`",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
}


def install(ruler: Any, rules: Mapping[str, Rule], list_transcribed: bool = False
            ) -> list[str]:
    """Compile each chain of ``ruler`` (markdown-it's block Ruler) into one function that
    asks each rule still the function ``rules`` names only about the lines it can start;
    the names of those rules (none when the chains are compiled already).
    ``list_transcribed``: ``rules["list"]`` is list_rule's (markdown-it-py 4.3.0's list
    rule), whose silent answer the setext heading test may then rely on (_underline_test).
    """
    chains = ruler.__cache__
    if chains is None:
        ruler.getRules("")  # markdown-it compiles its chains
        chains = ruler.__cache__
    if any(getattr(fn, "_opslint_chain", False) for fns in chains.values() for fn in fns):
        return []
    tests = dict(_TESTS)
    if list_transcribed and rules.get("list") in chains.get("paragraph", []):
        tests["lheading"] = _UNDERLINE_BEFORE_ITEMS
    gated: dict[int, tuple[str, Test | None, str | None]] = {}
    for rule in ruler.__rules__:
        if rule.fn is rules.get(rule.name) and (rule.name in _STARTS or rule.name in tests):
            gated[id(rule.fn)] = (rule.name, tests.get(rule.name), _STARTS.get(rule.name))
    for name, fns in chains.items():
        chains[name] = [_chain([(fn, *gated.get(id(fn), ("", None, None))[1:])
                                for fn in fns])]
    return [name for name, _, _ in gated.values()]


def _chain(rules: list[tuple[Rule, Test | None, str | None]]) -> Rule:
    """One function for a chain: the rules a line's first character lets ask, in order,
    each behind its test of the lines that follow when it has one."""
    every = tuple((rule, test) for rule, test, _ in rules)  # a blank line
    chars = {char for _, _, starts in rules for char in starts or ""}
    by_char = {char: tuple((rule, test) for rule, test, starts in rules
                           if starts is None or char in starts) for char in chars}
    other = tuple((rule, test) for rule, test, starts in rules if starts is None)

    def chain(state: Any, start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        asked = by_char.get(state.src[pos], other) if pos < state.eMarks[start] else every
        for rule, test in asked:
            if (test is None or test(state, start, end)) and rule(state, start, end, silent):
                return True
        return False

    chain._opslint_chain = True  # type: ignore[attr-defined]
    chain.item_texts = (  # type: ignore[attr-defined]
        {char: _item_text(asked) for char, asked in by_char.items()}, _item_text(other))
    return chain


# What the chain asks about a list item's one-line text, by its first character (a chain's
# ``item_texts``): the tests to ask that must all be false for the chain to hand it to the
# paragraph rule (its last rule), the table rule's test when it is asked, and the
# paragraph rule's ``write_one_line``.
ItemText = tuple[tuple[Test, ...], Test | None, Callable[[Any, int, int], None]]


def _item_text(asked: tuple[tuple[Rule, Test | None], ...]) -> ItemText | None:
    """What ``asked`` (a chain's rules for a first character, each with its test) comes to
    for a text of one line (item_text.one_line_paragraph), which reads the indented code
    rule's test (the text is not indented as code) and knows what the table rule's and
    the setext heading rule's tests come to. None unless that test is the one that stops
    at items (list_rule's list rule is among the paragraph's terminating rules: what
    one_line_paragraph knows of the list rule), when a rule without a test is asked
    before the last rule, or when that is not block_rules' paragraph rule."""
    if not asked or asked[-1][1] is not None:
        return None
    write = getattr(asked[-1][0], "write_one_line", None)
    named = [test for _, test in asked]
    if write is None or _UNDERLINE_BEFORE_ITEMS not in named:
        return None
    tests = []
    for test in named[:-1]:
        if test is None or test is _UNDERLINE_TEST:
            return None
        if test not in (_delimiter_next, _code_line, _UNDERLINE_BEFORE_ITEMS):
            tests.append(test)
    return tuple(tests), _delimiter_next if _delimiter_next in named else None, write


def _first_line(state: Any, start: int, end: int) -> bool:
    return start == 0


_RULE_LINE = re.compile(r"([-*_])(?:\1|[ \t])*")


def _fence_start(state: Any, start: int, end: int) -> bool:
    """Whether the fence rule can take the line: the rule declines when fewer than three
    characters are left on it (``pos + 3 > maximum``), when the first is not "~" or "`",
    and when fewer than three of it follow one another (``skipCharsStr``); ``startswith``
    with the line's end as its bound is true exactly when none of these holds."""
    return state.src.startswith(  # type: ignore[no-any-return]
        _FENCE_MARKERS, state.bMarks[start] + state.tShift[start], state.eMarks[start])


_FENCE_MARKERS = ("```", "~~~")


def _rule_line(state: Any, start: int, end: int) -> bool:
    """Whether the hr rule can take the line: its marker and spaces only."""
    return _RULE_LINE.fullmatch(
        state.src, state.bMarks[start] + state.tShift[start], state.eMarks[start]) is not None


_DELIMITER_ROW = re.compile(r"(?!-[ \t])[-:|][-:| \t]+")


def _delimiter_next(state: Any, start: int, end: int) -> bool:
    """Whether the table rule can start at ``start``: the next line's text from its first
    character that is not a space is a delimiter row as the rule reads it first."""
    line = start + 1
    if line >= end:
        return False
    return _DELIMITER_ROW.fullmatch(
        state.src, state.bMarks[line] + state.tShift[line], state.eMarks[line]) is not None


# A reference's label as the rule reads it on its first line: characters but brackets and
# backslashes, and escapes (a backslash and the character after it).
_LABEL = re.compile(r"(?:[^\[\]\\]|\\.)*")


def _label_colon(state: Any, start: int, end: int) -> bool:
    """Whether the reference rule can take the line: it reads the line after its "[" up to
    the first "[" (it declines), "]" (it declines unless ":" follows on the line: else it
    reads the line break or the text's end) or line break (it reads the next line), a
    backslash escaping the character after it (a line break too: the rule is asked)."""
    src: str = state.src
    line_end = state.eMarks[start]
    match = _LABEL.match(src, state.bMarks[start] + state.tShift[start] + 1, line_end)
    stop = match.end() if match is not None else line_end
    if stop >= line_end:
        return True
    if src[stop] == "]":
        return stop + 1 < line_end and src[stop + 1] == ":"
    return src[stop] == "\\"


# An ordered list's marker as the list rule reads it (skipOrderedListMarker), up to the
# line's end (the end position of the match) or a space or tab.
_ORDERED_MARKER = re.compile(r"[0-9]{1,9}[.)](?![^ \t])")
UNDERLINE = re.compile(r"(?:-+|=+)[ \t]*")


def _underline_test(stop_at_items: bool) -> Test:
    """The setext heading rule's test: whether the rule can find an underline for ``start``,
    a line after it, up to the first blank one, of "-" or "=" and spaces after them,
    indented as the rule reads an underline (it steps over a line indented 4 or more past
    ``blkIndent``, and reads the marker of a line indented at least ``blkIndent``: the next
    item of the list a text is in, indented less, is no underline). When not, the state is
    left as the rule leaves it when it finds none.

    ``stop_at_items`` (the paragraph's terminating rules hold list_rule's list rule): the
    lines after an item's first line indented less than ``blkIndent`` are not read. The rule
    asks its terminating rules about such a line (it is no lazy code line, has no underline
    read and no negative indent) and stops there, without a heading, when one of them takes
    it; the list rule does (silent): the line is no code (indented less), not an item too
    deep to start a list (the test below), not a paragraph's end that needs a non-empty item
    (indented less than ``blkIndent``), and its "-", "+" or "*", or its one to nine digits
    and "." or ")", are followed by a space, a tab or the line's end. Without it the next
    items of a list were read for every item: quadratic in the list's length (2,000 items
    took half a second).
    """

    def _underline_later(state: Any, start: int, end: int) -> bool:
        if state.is_code_block(start):
            return False  # the rule's first test, before it changes anything
        src, b_marks, t_shift, e_marks = state.src, state.bMarks, state.tShift, state.eMarks
        s_count, indent = state.sCount, state.blkIndent
        for line in range(start + 1, end):
            pos = b_marks[line] + t_shift[line]
            line_end = e_marks[line]
            if pos >= line_end:
                break
            count = s_count[line]
            if (src[pos] in "-=" and 0 <= count - indent <= 3
                    and UNDERLINE.fullmatch(src, pos, line_end) is not None):
                return True
            if stop_at_items and 0 <= count < indent and outer_item(state, line):
                break
        state.parentType = "paragraph"
        return False

    return _underline_later


def outer_item(state: Any, line: int) -> bool:
    """Whether ``line``, non-blank and indented less than ``state.blkIndent`` (0 columns or
    more), starts a list item the list rule (list_rule's, silent) takes as a paragraph's
    terminating rule (see _underline_test): its "-", "+" or "*", or its one to nine digits
    and "." or ")", followed by a space, a tab or the line's end, and not indented 4 columns
    or more past ``state.listIndent``."""
    src = state.src
    pos = state.bMarks[line] + state.tShift[line]
    line_end = state.eMarks[line]
    list_indent = state.listIndent
    return (((src[pos] in "-+*" and (pos + 1 >= line_end or src[pos + 1] in " \t"))
             or _ORDERED_MARKER.match(src, pos, line_end) is not None)
            and not (list_indent >= 0 and state.sCount[line] - list_indent >= 4))


def _code_line(state: Any, start: int, end: int) -> bool:
    """Whether the indented code rule can take the line: its own first test."""
    return state.is_code_block(start)  # type: ignore[no-any-return]


_UNDERLINE_TEST = _underline_test(stop_at_items=False)
_UNDERLINE_BEFORE_ITEMS = _underline_test(stop_at_items=True)

# The rules that decline unless the lines after the first allow them (their own tests).
_TESTS: dict[str, Test] = {"front_matter": _first_line, "fence": _fence_start,
                           "hr": _rule_line, "table": _delimiter_next,
                           "lheading": _UNDERLINE_TEST, "code": _code_line,
                           "reference": _label_colon}
