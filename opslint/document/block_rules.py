"""markdown-it's hottest block code, transcribed with fewer Python calls.

A block parse is mostly markdown-it's tokenize loop, its list and paragraph rules and the
line markers its state computes first (a list item costs a list-rule turn, a tokenize call
and a paragraph: about 60 % of the block parse of an ops document). Each of them calls
small helpers per line (``isEmpty``, ``is_code_block``, ``skipEmptyLines``, ``getLines``,
``LOGGER.debug``, the options' ``get``), and Python's calls cost more than what they do.
The functions here are those functions of markdown-it-py 4.3.0 (and its core rule that
normalises line breaks), statement for statement,
with the helpers' bodies written in place and the state's lists read through local names:

- markdown-it's rules change the entries of ``bMarks``, ``tShift``, ``sCount`` and
  ``bsCount`` (block quotes, list items) but never assign the lists themselves, so a local
  name reads what ``state.bMarks`` reads; what a rule may change (``blkIndent``,
  ``lineMax``, ``parentType``, ``level``) is read from the state where markdown-it reads it;
- ``LOGGER.debug`` calls are left out: they log, they change no token;
- the list rule reads the ``tasklists`` option once; with it on, markdown-it's own rule
  runs (opslint's parser never sets it);
- a paragraph's three tokens are made by the state's ``push_paragraph`` when it has one
  (parse._CompactState: the same tokens, without three calls of ``push``).

``known`` tells whether the installed markdown-it's files are the ones transcribed (a
SHA-256 digest of their text, as ``emphasis.known`` does); otherwise markdown-it's own code
runs. ``tests/test_parse_block_rules.py`` compares the tokens and the state's markers with
markdown-it's on every corpus document and on generated ones.

This module does not import markdown-it (``opslint.document.parse`` is its door).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from itertools import accumulate
from operator import add
from typing import Any

__all__ = ["FILES", "files_digest", "known", "line_markers", "list_rule", "normalize_rule",
           "paragraph_rule", "tokenize"]

Rule = Callable[[Any, int, int, bool], bool]

# The files transcribed here, inside the markdown_it package.
FILES = ("parser_block.py", "rules_block/state_block.py", "rules_block/paragraph.py",
         "rules_block/list.py", "rules_core/normalize.py")

# Their digest (sorted by path, contents joined) as markdown-it-py 4.3.0 installs them.
_KNOWN = {"1eb90d1fb0fbb2810108f1f90ad06fe3d9c8bd675be82bac82578f998eda6627"}


def files_digest(paths: Iterable[str]) -> str | None:
    """SHA-256 of the files (sorted by path, contents joined), or None when unreadable."""
    digest = hashlib.sha256()
    try:
        for path in sorted(paths):
            with open(path, "rb") as source:
                digest.update(source.read())
    except OSError:
        return None
    return digest.hexdigest()


def known(paths: Iterable[str]) -> bool:
    """Whether the files at ``paths`` (FILES, in the installed markdown_it) are the code
    transcribed here."""
    return files_digest(paths) in _KNOWN


def line_markers(src: str) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
    """bMarks, eMarks, tShift, sCount and bsCount as StateBlock.__init__ makes them, each
    with its last fake entry.

    StateBlock's loop makes one line per "\\n"-ended piece of the text and one for the last
    piece unless it is empty or only spaces and tabs; a line's tShift counts its leading
    spaces and tabs, its sCount the same with tabs expanded to the next multiple of 4.
    """
    length = len(src)
    pieces = src.split("\n")
    if not pieces[-1].strip(" \t"):  # the text ends with "\n", or with spaces and tabs
        pieces.pop()
    sizes = [len(piece) for piece in pieces]
    begins = list(accumulate([size + 1 for size in sizes], initial=0))
    begins[-1] = length  # the fake entry
    ends = [*map(add, begins, sizes), length]
    shifts = [size - len(piece.lstrip(" \t")) for piece, size in zip(pieces, sizes, strict=True)]
    counts = shifts.copy()
    if "\t" in src:
        for number, (piece, shift) in enumerate(zip(pieces, shifts, strict=True)):
            if "\t" in piece[:shift]:
                offset = 0
                for character in piece[:shift]:
                    offset += 4 - offset % 4 if character == "\t" else 1
                counts[number] = offset
    shifts.append(0)
    counts.append(0)
    return begins, ends, shifts, counts, [0] * len(begins)


def normalize_rule(own: Callable[[Any], None]) -> Callable[[Any], None]:
    """rules_core.normalize (``own``), which rewrites every line break ("\\r\\n?|\\n") as
    "\\n" and every NUL as U+FFFD: a text holding neither is left as it is, without its
    two substitutions (one per line: a tenth of the state's set-up)."""

    def normalize(state: Any) -> None:
        if "\r" in state.src or "\0" in state.src:
            own(state)

    return normalize


def tokenize(state: Any, startLine: int, endLine: int, rules: list[Rule], maxNesting: int
             ) -> None:
    """ParserBlock.tokenize (parser_block.py); the caller reads ``rules`` (its ruler's
    ``getRules("")``) and ``maxNesting`` (``state.md.options.maxNesting``) as it starts."""
    line = startLine
    hasEmptyLines = False
    bMarks, eMarks, tShift, sCount = state.bMarks, state.eMarks, state.tShift, state.sCount

    while line < endLine:
        # state.skipEmptyLines(line)
        lineMax = state.lineMax
        while line < lineMax and bMarks[line] + tShift[line] >= eMarks[line]:
            line += 1
        state.line = line
        if line >= endLine:
            break
        if sCount[line] < state.blkIndent:
            # Termination condition for nested calls.
            break
        if state.level >= maxNesting:
            # If nesting level exceeded - skip tail to the end.
            state.line = endLine
            break

        ok = False
        for rule in rules:
            ok = rule(state, line, endLine, False)
            if ok:
                if state.line <= line:
                    raise RuntimeError("block rule didn't increment state.line")
                break

        if not ok:
            raise RuntimeError("none of the block rules matched")

        state.tight = not hasEmptyLines

        line = state.line

        # paragraph might "eat" one newline after it in nested lists
        if (line - 1) < endLine and bMarks[line - 1] + tShift[line - 1] >= eMarks[line - 1]:
            hasEmptyLines = True

        if line < endLine and bMarks[line] + tShift[line] >= eMarks[line]:
            hasEmptyLines = True
            line += 1
            state.line = line


def get_lines(state: Any, begin: int, end: int, indent: int, keepLastLF: bool) -> str:
    """StateBlock.getLines."""
    if begin >= end:
        return ""
    src: str = state.src
    bMarks, eMarks = state.bMarks, state.eMarks
    if indent == 0:  # the loop that skips the indent does not run
        if end == begin + 1:
            return src[bMarks[begin]:eMarks[begin] + 1 if keepLastLF else eMarks[begin]]
        last_line = end - 1
        return "".join([src[bMarks[line]:eMarks[line] + 1 if line < last_line or keepLastLF
                            else eMarks[line]] for line in range(begin, end)])
    tShift, bsCount = state.tShift, state.bsCount
    queue = []
    for line in range(begin, end):
        lineIndent = 0
        lineStart = first = bMarks[line]
        last = eMarks[line] + 1 if line + 1 < end or keepLastLF else eMarks[line]

        while (first < last) and (lineIndent < indent):
            ch = src[first]
            if ch == " ":
                lineIndent += 1
            elif ch == "\t":
                lineIndent += 4 - (lineIndent + bsCount[line]) % 4
            elif first - lineStart < tShift[line]:
                lineIndent += 1
            else:
                break
            first += 1

        if lineIndent > indent:
            # partially expanding tabs in code blocks, e.g '\t\tfoobar'
            # with indent=2 becomes '  \tfoobar'
            queue.append((" " * (lineIndent - indent)) + src[first:last])
        else:
            queue.append(src[first:last])

    return "".join(queue)


def paragraph_rule(trim_chars: str) -> Rule:
    """rules_block.paragraph, ``trim_chars`` being what its mdTrim strips (MD_TRIM_CHARS)."""

    def paragraph(state: Any, startLine: int, endLine: int, silent: bool) -> bool:
        nextLine = startLine + 1
        terminatorRules = state.md.block.ruler.getRules("paragraph")
        endLine = state.lineMax

        oldParentType = state.parentType
        state.parentType = "paragraph"
        bMarks, eMarks, tShift, sCount = state.bMarks, state.eMarks, state.tShift, state.sCount

        # jump line-by-line until empty one or EOF
        while nextLine < endLine:
            if bMarks[nextLine] + tShift[nextLine] >= eMarks[nextLine]:
                break
            # this would be a code block normally, but after paragraph
            # it's considered a lazy continuation regardless of what's there
            if sCount[nextLine] - state.blkIndent > 3:
                nextLine += 1
                continue

            # quirk for blockquotes, this line should already be checked by that rule
            if sCount[nextLine] < 0:
                nextLine += 1
                continue

            # Some tags can terminate paragraph without empty line.
            terminate = False
            for terminatorRule in terminatorRules:
                if terminatorRule(state, nextLine, endLine, True):
                    terminate = True
                    break

            if terminate:
                break

            nextLine += 1

        content = get_lines(state, startLine, nextLine, state.blkIndent, False).strip(trim_chars)

        state.line = nextLine

        push_paragraph = getattr(state, "push_paragraph", None)
        if push_paragraph is not None:
            push_paragraph(startLine, nextLine, content)
        else:
            token = state.push("paragraph_open", "p", 1)
            token.map = [startLine, state.line]

            token = state.push("inline", "", 0)
            token.content = content
            token.map = [startLine, state.line]
            token.children = []

            token = state.push("paragraph_close", "p", -1)

        state.parentType = oldParentType

        return True

    return paragraph


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


def list_rule(own: Rule) -> Rule:
    """rules_block.list_block; ``own`` (markdown-it's) runs when the tasklists option is
    on (a checkbox changes the item's lines, transcribed nowhere here)."""

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

        if isOrdered:
            token = push("ordered_list_open", "ol", 1)
            if markerValue != 1:
                token.attrs = {"start": markerValue}

        else:
            token = push("bullet_list_open", "ul", 1)

        token.map = listLines = [startLine, 0]
        token.markup = markerChar

        #
        # Iterate list items
        #

        nextLine = startLine
        prevEmptyEnd = False
        terminatorRules = state.md.block.ruler.getRules("list")
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

            token = push("list_item_close", "li", -1)
            token.markup = markerChar

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

        if isOrdered:
            token = push("ordered_list_close", "ol", -1)
        else:
            token = push("bullet_list_close", "ul", -1)

        token.markup = markerChar

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
