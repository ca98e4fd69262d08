"""markdown-it's list rule, transcribed with fewer Python calls (see ``block_rules``).

rules_block.list_block of markdown-it-py 4.3.0 (its file is among ``block_rules.FILES``,
whose digest decides whether this runs), statement for statement: its helpers
(``skipOrderedListMarker``, ``skipBulletListMarker``, ``is_code_block``, ``isEmpty``,
``skipSpaces``, ``markTightParagraphs``) written in place or as plain functions of the
state's lists, without ``LOGGER.debug``. The ``tasklists`` option (read after the rule's
validation, where markdown-it first reads it) hands the list to markdown-it's own rule.

This module does not import markdown-it (``opslint.document.parse`` is its door).

Derived from markdown-it-py (MIT License: Copyright (c) 2020 ExecutableBookProject;
Copyright (c) 2014 Vitaly Puzrin, Alex Kocharin); the notices are in
THIRD_PARTY_NOTICES.md.
"""

from __future__ import annotations

from typing import Any

from opslint.document.block_rules import Rule, plain_token

__all__ = ["list_rule"]


def _ordered_marker(src: str, bMarks: list[int], eMarks: list[int], tShift: list[int],
                    startLine: int) -> int:
    """rules_block.list.skipOrderedListMarker: the position after ``\\d{1,9}[.)]`` and
    before a space, tab or the line's end; -1 when there is none."""
    start = bMarks[startLine] + tShift[startLine]
    pos = start
    maximum = eMarks[startLine]

    # List marker should have at least 2 chars (digit + dot)
    if pos + 1 >= maximum:
        return -1

    ch = src[pos]
    pos += 1

    if not "0" <= ch <= "9":
        return -1

    while True:
        # EOL -> fail
        if pos >= maximum:
            return -1

        ch = src[pos]
        pos += 1

        if "0" <= ch <= "9":
            # List marker should have no more than 9 digits
            if pos - start >= 10:
                return -1

            continue

        # found valid marker
        if ch in (")", "."):
            break

        return -1

    if pos < maximum and src[pos] not in ("\t", " "):
        # " 1.test " - is not a list item
        return -1

    return pos


def _bullet_marker(src: str, bMarks: list[int], eMarks: list[int], tShift: list[int],
                   startLine: int) -> int:
    """rules_block.list.skipBulletListMarker: the position after ``[-+*]`` before a space,
    tab or the line's end; -1 when there is none."""
    pos = bMarks[startLine] + tShift[startLine]
    maximum = eMarks[startLine]

    if pos >= len(src):
        return -1
    marker = src[pos]
    pos += 1

    if marker not in ("*", "-", "+"):
        return -1

    if pos < maximum and src[pos] not in ("\t", " "):
        # " -test " - is not a list item
        return -1

    return pos


# A list's token types and tag, ordered or not.
_ORDERED = ("ordered_list_open", "ordered_list_close", "ol")
_BULLET = ("bullet_list_open", "bullet_list_close", "ul")


def list_rule(own: Rule, token_class: Any) -> Rule:
    """rules_block.list_block; ``own`` (markdown-it's) runs when the tasklists option is
    on (a checkbox changes the item's lines, transcribed nowhere here). On a state whose
    ``plain_tokens`` is true (parse._CompactState, when ``token_class``, markdown-it's
    Token, has the fields its push sets), the list's and items' openings and closings are
    made here (block_rules.plain_token), the state's level moved as push moves it."""

    def list_block(state: Any, startLine: int, endLine: int, silent: bool) -> bool:
        isTerminatingParagraph = False
        tight = True
        src, bMarks, eMarks = state.src, state.bMarks, state.eMarks
        tShift, sCount, bsCount = state.tShift, state.sCount, state.bsCount
        code_enabled = state._code_enabled

        if code_enabled and (sCount[startLine] - state.blkIndent) >= 4:  # is_code_block
            return False

        # Special case:
        #  - item 1
        #   - item 2
        #    - item 3
        #     - item 4
        #      - this one is a paragraph continuation
        if (
            state.listIndent >= 0
            and sCount[startLine] - state.listIndent >= 4
            and sCount[startLine] < state.blkIndent
        ):
            return False

        # limit conditions when list can interrupt
        # a paragraph (validation mode only)
        if (
            silent
            and state.parentType == "paragraph"
            and sCount[startLine] >= state.blkIndent
        ):
            isTerminatingParagraph = True

        # Detect list type and position after marker (no ordered one without a digit first)
        first = bMarks[startLine] + tShift[startLine]
        posAfterMarker = (_ordered_marker(src, bMarks, eMarks, tShift, startLine)
                          if first < len(src) and "0" <= src[first] <= "9" else -1)
        if posAfterMarker >= 0:
            isOrdered = True
            start = bMarks[startLine] + tShift[startLine]
            markerValue = int(src[start : posAfterMarker - 1])

            # If we're starting a new ordered list right after
            # a paragraph, it should start with 1.
            if isTerminatingParagraph and markerValue != 1:
                return False
        else:
            posAfterMarker = _bullet_marker(src, bMarks, eMarks, tShift, startLine)
            if posAfterMarker >= 0:
                isOrdered = False
            else:
                return False

        # If we're starting a new unordered list right after
        # a paragraph, first line should not be empty.
        if isTerminatingParagraph:
            # state.skipSpaces(posAfterMarker)
            pos = posAfterMarker
            while pos < len(src) and src[pos] in ("\t", " "):
                pos += 1
            if pos >= eMarks[startLine]:
                return False

        # We should terminate list on style change. Remember first one to compare.
        markerChar = src[posAfterMarker - 1]

        # For validation mode we can terminate immediately
        if silent:
            return True

        # Nothing is changed yet: markdown-it's rule reads the item's checkbox from here on.
        if state.md.options.get("tasklists", False):
            return own(state, startLine, endLine, silent)

        # Start list
        tokens = state.tokens
        listTokIdx = len(tokens)
        push = state.push
        plain = getattr(state, "plain_tokens", False)
        list_open, list_close, list_tag = _ORDERED if isOrdered else _BULLET

        if plain:
            token = plain_token(token_class, list_open, list_tag, 1, state.level,
                                markerChar)
            tokens.append(token)
            state.level += 1
        else:
            token = push(list_open, list_tag, 1)
            token.markup = markerChar
        if isOrdered and markerValue != 1:
            token.attrs = {"start": markerValue}

        token.map = listLines = [startLine, 0]

        #
        # Iterate list items
        #

        nextLine = startLine
        prevEmptyEnd = False
        terminatorRules = state.list_terminators  # (block_rules.set_up's: getRules("list"))
        tokenize = state.md.block.tokenize

        oldParentType = state.parentType
        state.parentType = "list"

        while nextLine < endLine:
            pos = posAfterMarker
            maximum = eMarks[nextLine]

            initial = offset = (
                sCount[nextLine]
                + posAfterMarker
                - (bMarks[startLine] + tShift[startLine])
            )

            while pos < maximum:
                ch = src[pos]

                if ch == "\t":
                    offset += 4 - (offset + bsCount[nextLine]) % 4
                elif ch == " ":
                    offset += 1
                else:
                    break

                pos += 1

            contentStart = pos

            # trimming space in "-    \n  3" case, indent is 1 here
            indentAfterMarker = 1 if contentStart >= maximum else offset - initial

            # If we have more than 4 spaces, the indent is 1
            # (the rest is just indented code block)
            if indentAfterMarker > 4:
                indentAfterMarker = 1

            # "  -  test"
            #  ^^^^^ - calculating total length of this thing
            indent = initial + indentAfterMarker

            # Run subparser & write tokens
            if plain:
                token = plain_token(token_class, "list_item_open", "li", 1, state.level,
                                    markerChar)
                tokens.append(token)
                state.level += 1
            else:
                token = push("list_item_open", "li", 1)
                token.markup = markerChar
            token.map = itemLines = [startLine, 0]
            if isOrdered:
                token.info = src[start : posAfterMarker - 1]

            # change current state, then restore it after parser subcall
            oldTight = state.tight
            oldTShift = tShift[startLine]
            oldSCount = sCount[startLine]

            oldListIndent = state.listIndent
            state.listIndent = state.blkIndent
            state.blkIndent = indent

            state.tight = True
            tShift[startLine] = contentStart - bMarks[startLine]
            sCount[startLine] = offset

            # (the tasklists option is off: no checkbox is read)

            if contentStart >= maximum and (
                    bMarks[startLine + 1] + tShift[startLine + 1] >= eMarks[startLine + 1]):
                # workaround for this case
                # (list item is empty, list terminates before "foo"):
                # ~~~~~~~~
                #   -
                #
                #     foo
                # ~~~~~~~~
                state.line = min(state.line + 2, endLine)
            else:
                tokenize(state, startLine, endLine)

            # If any of list item is tight, mark list as tight
            if (not state.tight) or prevEmptyEnd:
                tight = False

            # Item become loose if finish with empty line,
            # but we should filter last element, because it means list finish
            line = state.line
            prevEmptyEnd = (line - startLine) > 1 and (
                bMarks[line - 1] + tShift[line - 1] >= eMarks[line - 1])

            state.blkIndent = state.listIndent
            state.listIndent = oldListIndent
            tShift[startLine] = oldTShift
            sCount[startLine] = oldSCount
            state.tight = oldTight

            if plain:
                state.level -= 1
                tokens.append(plain_token(token_class, "list_item_close", "li", -1,
                                          state.level, markerChar))
            else:
                push("list_item_close", "li", -1).markup = markerChar

            nextLine = startLine = state.line
            itemLines[1] = nextLine

            if nextLine >= endLine:
                break

            #
            # Try to check if list is terminated or continued.
            #
            if sCount[nextLine] < state.blkIndent:
                break

            if code_enabled and (sCount[startLine] - state.blkIndent) >= 4:  # is_code_block
                break

            # fail if terminating block found
            terminate = False
            for terminatorRule in terminatorRules:
                if terminatorRule(state, nextLine, endLine, True):
                    terminate = True
                    break

            if terminate:
                break

            # fail if list has another type
            if isOrdered:
                posAfterMarker = _ordered_marker(src, bMarks, eMarks, tShift, nextLine)
                if posAfterMarker < 0:
                    break
                start = bMarks[nextLine] + tShift[nextLine]
            else:
                posAfterMarker = _bullet_marker(src, bMarks, eMarks, tShift, nextLine)
                if posAfterMarker < 0:
                    break

            if markerChar != src[posAfterMarker - 1]:
                break

        # Finalize list

        if plain:
            state.level -= 1
            tokens.append(plain_token(token_class, list_close, list_tag, -1,
                                      state.level, markerChar))
        else:
            push(list_close, list_tag, -1).markup = markerChar

        listLines[1] = nextLine
        state.line = nextLine

        state.parentType = oldParentType

        # mark paragraphs tight if needed (markTightParagraphs: its loop steps over the
        # inline and closing tokens after each opening it marks, which are no opening)
        if tight:
            level = state.level + 2
            for i in [i for i in range(listTokIdx + 2, len(tokens) - 2)
                      if tokens[i].type == "paragraph_open" and tokens[i].level == level]:
                tokens[i + 2].hidden = True
                tokens[i].hidden = True

        return True

    return list_block
