"""A list item's text of one line, read without the block parser's loop.

Most items of an ops document are one line of text followed by the next item or by the
blank line that ends the list. For each, markdown-it's list rule calls the block parser's
tokenize, whose loop asks the root chain (block_starts) about the line; the chain asks the
table, indented code and setext heading rules' tests, then the paragraph rule, which asks
its terminating rules about the next line; then the loop finds the item's end: about ten
Python calls to learn that the item is one paragraph of one line. ``one_line_item``, asked
first by block_rules.tokenize, does what the rest of tokenize does when it can tell, from
the line, the line after it and the chain's ``item_texts``, that this is what happens;
otherwise it does nothing and says so.

``tests/test_parse_item_text.py`` compares the tokens with and without it (and with
markdown-it's own code) on every corpus document and on generated ones.
"""

from __future__ import annotations

from typing import Any

from opslint.document.block_starts import ItemText, outer_item

__all__ = ["one_line_item"]


def one_line_item(state: Any, line: int, end_line: int,
                  item_texts: tuple[dict[str, ItemText | None], ItemText | None]) -> bool:
    """What ``tokenize(state, line, end_line)`` (block_rules', asked with the root chain
    that ``item_texts`` comes from, on a state of plain tokens) does when what it reads is
    one paragraph of ``line`` (True); False, with nothing changed, when that is not known.
    A line after the paragraph indented less than ``blkIndent`` is found only in a list
    item's text (list_rule's list_block sets the item's ``blkIndent``, ``tShift`` and
    ``sCount`` first): that is where this answers True.

    Why it is the same (markdown-it-py 4.3.0's ParserBlock.tokenize, block_starts' chain,
    block_rules' paragraph), for a line before ``end_line`` whose text is not blank, read
    below the nesting limit, indented at least ``blkIndent`` and not as code (tokenize's
    own first tests, and the code rule's test), followed by a line N that is

    (a) blank: the chain's tests are false (block_starts._item_text), the paragraph rule
        takes the line and stops at N; tokenize steps over N and the blank lines after it
        and stops at the first other line (or at ``end_line``), which must be indented less
        than ``blkIndent`` (else the item goes on: not here);
    (b) an item's first line indented less than ``blkIndent`` (block_starts.outer_item):
        the tests are false, the paragraph rule asks its terminating rules about N (not
        indented as lazy code, not negative) and the list rule takes it (silent), as
        block_starts._underline_test argues; tokenize stops at N, indented less.

    In both the state is left as they leave it: tokens of one paragraph of the line,
    ``state.line`` where tokenize stops, ``state.tight`` true (no blank line before the
    paragraph ended), ``parentType`` at "paragraph" when the setext heading test was asked
    (its quirk), else as it was. The terminating rules are asked nothing here: silent rules
    change nothing (markdown-it's validation mode).
    """
    b_marks, e_marks, t_shift, s_count = state.bMarks, state.eMarks, state.tShift, state.sCount
    pos = b_marks[line] + t_shift[line]
    if line >= end_line or pos >= e_marks[line] or state.level >= state.max_nesting:
        return False
    indent = state.blkIndent
    count = s_count[line]
    if count < indent or (state._code_enabled and count - indent >= 4):
        return False
    by_char, other = item_texts
    asked = by_char.get(state.src[pos], other)
    next_line = line + 1
    line_max = state.lineMax
    if asked is None or next_line >= line_max:
        return False
    if b_marks[next_line] + t_shift[next_line] >= e_marks[next_line]:  # (a)
        stop = next_line
        if next_line < end_line:  # tokenize's step over the blank line, then its loop
            stop += 1
            if stop < end_line:
                while stop < line_max and b_marks[stop] + t_shift[stop] >= e_marks[stop]:
                    stop += 1
                if stop < end_line and s_count[stop] >= indent:
                    return False  # the item goes on after the blank line
    elif 0 <= s_count[next_line] < indent and outer_item(state, next_line):  # (b)
        stop = next_line
    else:
        return False
    tests, underline_asked, write_one_line = asked
    for test in tests:
        if test(state, line, end_line):
            return False
    if underline_asked:
        state.parentType = "paragraph"
    write_one_line(state, line, next_line)
    state.line = stop
    state.tight = True
    return True
