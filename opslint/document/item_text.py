"""A list item's first line of text read as a paragraph without asking the block rules.

Most items of an ops document start with one line of text, followed by the next item, a
blank line or a nested list. For each, markdown-it's list rule calls the block parser's
tokenize, whose loop asks the root chain (block_starts) about the line; the chain asks the
table, indented code and setext heading rules' tests (the last one reads the lines after
it up to a blank one or an outer item: all of a nested list), then the paragraph rule,
which asks its terminating rules about the next line (the list rule, for the next item).
``one_line_paragraph``, asked by block_rules.tokenize about its first line, reads that
line's paragraph when it can tell, from the line, the line after it and the chain's
``item_texts``, that this is what they do; tokenize's loop reads the rest.

``tests/test_parse_item_text.py`` compares the state and tokens with and without it (and
with markdown-it's own code) on every corpus document and on generated ones.
"""

from __future__ import annotations

import re
from typing import Any

from opslint.document.block_starts import UNDERLINE, ItemText, outer_item

__all__ = ["one_line_paragraph"]

# A line the list rule (list_rule's, silent: a paragraph's terminating rule) takes when it
# is indented 0 to 3 columns past ``blkIndent`` (not as code, and never the first list's
# special case, which is indented less): its marker ("-", "+", "*", or one to nine digits
# worth 1 and "." or ")": a list that interrupts a paragraph starts at 1), spaces or tabs,
# then text on the line (an empty item does not interrupt a paragraph).
_INNER_ITEM = re.compile(r"(?:[-+*]|0{0,8}1[.)])[ \t]+[^ \t]")


def one_line_paragraph(state: Any, line: int, end_line: int,
                       item_texts: tuple[dict[str, ItemText | None], ItemText | None]) -> bool:
    """What the first turn of ``tokenize(state, line, end_line)``'s loop (block_rules', with
    the root chain ``item_texts`` comes from, on a state of plain tokens, below the nesting
    limit) does up to its rule's answer, when the rule is the paragraph rule and its
    paragraph is ``line`` alone (True); False, with nothing changed, when that is not known.

    Why it is the same (markdown-it-py 4.3.0's ParserBlock.tokenize, block_starts' chain,
    block_rules' paragraph and markdown-it's lheading), for a line before ``end_line`` whose
    text is not blank, indented at least ``blkIndent`` and not as code (the loop's own
    first tests: it does not skip the line nor stop; the code rule's test), whose first
    character the chain hands, after rules whose tests are false, to the paragraph rule,
    followed by a line N (before ``lineMax``) that is

    (a) blank: the paragraph stops there. The table rule's test is false (a blank line is
        too short for a delimiter row), the setext heading rule's too (it stops there);
    (b) an item's first line indented less than ``blkIndent`` (block_starts.outer_item):
        the paragraph asks its terminating rules about N (not indented as lazy code, not
        negative) and the list rule takes it (silent), as block_starts._underline_test
        argues; the table rule's test is false (an item's marker is "+", "*", a digit, a
        lone "-" or "-" and a space: no delimiter row), the setext heading rule's too (it
        stops at N);
    (c) indented 0 to 3 columns past ``blkIndent``, no underline ("-" or "=" repeated, then
        spaces), and taken by the terminating rules (asked here, silent, unless N starts a
        nested item as _INNER_ITEM reads it, which the list rule takes): the paragraph
        stops there. The table rule's test is asked here; the setext heading rule reads N
        first as a possible underline (it is not) and then stops at it, as its terminating
        rules take it: with its test false or not, it declines.

    The state is left as the rule leaves it: tokens of one paragraph of the line,
    ``state.line`` at N, ``parentType`` at "paragraph" (the setext heading rule's test, or
    the rule, asked before the paragraph rule, leaves it so; the paragraph rule puts it
    back there). Silent rules change nothing (markdown-it's validation mode): asking the
    terminating rules here and again in the exact path, or not at all when their answer is
    known, leaves the same state.
    """
    b_marks, e_marks, t_shift, s_count = state.bMarks, state.eMarks, state.tShift, state.sCount
    pos = b_marks[line] + t_shift[line]
    if line >= end_line or pos >= e_marks[line]:
        return False
    indent = state.blkIndent
    count = s_count[line]
    if count < indent or (state._code_enabled and count - indent >= 4):
        return False
    by_char, other = item_texts
    asked = by_char.get(state.src[pos], other)
    next_line = line + 1
    if asked is None or next_line >= state.lineMax:
        return False
    tests, delimiter_test, write_one_line = asked
    for test in tests:
        if test(state, line, end_line):
            return False
    start = b_marks[next_line] + t_shift[next_line]
    next_end = e_marks[next_line]
    next_count = s_count[next_line]
    if start >= next_end or (0 <= next_count < indent and outer_item(state, next_line)):
        pass  # (a), (b)
    elif (0 <= next_count - indent <= 3 and UNDERLINE.fullmatch(state.src, start, next_end) is None
          and not (delimiter_test is not None and delimiter_test(state, line, end_line))):
        if _INNER_ITEM.match(state.src, start, next_end) is None:  # (c), not known to end it
            parent = state.parentType
            state.parentType = "paragraph"  # as the paragraph rule asks its terminating rules
            for rule in state.paragraph_terminators:
                if rule(state, next_line, state.lineMax, True):
                    break
            else:
                state.parentType = parent
                return False
    else:
        return False
    state.parentType = "paragraph"
    write_one_line(state, line, next_line)
    return True
