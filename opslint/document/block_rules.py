"""markdown-it's hottest block code, transcribed with fewer Python calls.

A block parse is mostly markdown-it's tokenize loop, its list and paragraph rules and the
line markers its state computes first (a list item costs a list-rule turn, a tokenize call
and a paragraph: about 60 % of the block parse of an ops document). Each of them calls
small helpers per line (``isEmpty``, ``is_code_block``, ``skipEmptyLines``, ``getLines``,
``LOGGER.debug``, the options' ``get``), and Python's calls cost more than what they do.
The functions here (and the list rule, ``list_rule.py``) are those functions of
markdown-it-py 4.3.0 (and its core rule that normalises line breaks), statement for
statement,
with the helpers' bodies written in place and the state's lists read through local names:

- markdown-it's rules change the entries of ``bMarks``, ``tShift``, ``sCount`` and
  ``bsCount`` (block quotes, list items) but never assign the lists themselves, so a local
  name reads what ``state.bMarks`` reads; what a rule may change (``blkIndent``,
  ``lineMax``, ``parentType``, ``level``) is read from the state where markdown-it reads it;
- ``LOGGER.debug`` calls are left out: they log, they change no token;
- the list rule reads the ``tasklists`` option once; with it on, markdown-it's own rule
  runs (opslint's parser never sets it);
- a paragraph's three tokens, and a list's and its items' openings and closings, are made
  by the rule itself on a state that makes plain tokens (parse._CompactState: the same
  tokens, without a call of ``push`` each).

``known`` tells whether the installed markdown-it's files are the ones transcribed (a
SHA-256 digest of their text, as ``emphasis.known`` does); otherwise markdown-it's own code
runs. ``tests/test_parse_block_rules.py`` compares the tokens and the state's markers with
markdown-it's on every corpus document and on generated ones.

This module does not import markdown-it (``opslint.document.parse`` is its door).

Derived from markdown-it-py (MIT License: Copyright (c) 2020 ExecutableBookProject;
Copyright (c) 2014 Vitaly Puzrin, Alex Kocharin); the notices are in
THIRD_PARTY_NOTICES.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import accumulate, repeat
from operator import add, sub
from typing import Any

from opslint.document.code_digest import files_digest
from opslint.document.item_text import one_line_paragraph

__all__ = ["FILES", "TOKEN_FIELDS", "Rule", "known", "line_markers",
           "normalize_rule", "paragraph_rule", "plain_token", "set_up", "tokenize"]

Rule = Callable[[Any, int, int, bool], bool]
_new = object.__new__

# The files transcribed here, inside the markdown_it package.
FILES = ("parser_block.py", "rules_block/state_block.py", "rules_block/paragraph.py",
         "rules_block/list.py", "rules_core/normalize.py")

# Their digest (sorted by path, contents joined) as markdown-it-py 4.3.0 installs them.
_KNOWN = {"1eb90d1fb0fbb2810108f1f90ad06fe3d9c8bd675be82bac82578f998eda6627"}


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
    # (each list made by map in C: a Python loop per line was a tenth of the state's set-up)
    sizes = list(map(len, pieces))
    begins = list(accumulate(map(add, sizes, repeat(1)), initial=0))  # size + 1 each
    begins[-1] = length  # the fake entry
    ends = [*map(add, begins, sizes), length]
    shifts = list(map(sub, sizes, map(len, map(str.lstrip, pieces, repeat(" \t")))))
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


def set_up(state: Any, src: str, md: Any, env: Any, tokens: list[Any]) -> None:
    """StateBlock.__init__'s fields on ``state``, its line markers made by line_markers (a
    loop per line in StateBlock: a millisecond of each document); and, read once for the
    parse, what markdown-it reads again for every block (the block ruler's rules and
    terminating rules, compiled at the first ``getRules`` and unchanged while nothing
    changes the ruler, as nothing does during a parse; the nesting limit, an option):
    ``root_rules``, ``paragraph_terminators``, ``list_terminators`` and ``max_nesting``."""
    state.src, state.md, state.env, state.tokens = src, md, env, tokens
    state.bMarks, state.eMarks, state.tShift, state.sCount, state.bsCount = line_markers(src)
    state.blkIndent = state.line = 0
    state.lineMax = len(state.bMarks) - 1  # don't count last fake line
    state.tight = False
    state.ddIndent = state.listIndent = -1
    state.parentType = "root"
    state.level = 0
    state.result = ""
    state._code_enabled = "code" in md["block"].ruler.get_active_rules()
    ruler = md.block.ruler
    state.root_rules = ruler.getRules("")
    state.paragraph_terminators = ruler.getRules("paragraph")
    state.list_terminators = ruler.getRules("list")
    state.max_nesting = md.options.maxNesting


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
    ``getRules("")``) and ``maxNesting`` (``state.md.options.maxNesting``) as it starts.
    The first line's paragraph of one line (a list item's text) is read by
    item_text.one_line_paragraph when it can (with block_starts' chain's ``item_texts``, on
    a state of plain tokens): the loop's first turn, up to its rule's answer."""
    line = startLine
    hasEmptyLines = False
    bMarks, eMarks, tShift, sCount = state.bMarks, state.eMarks, state.tShift, state.sCount

    item_texts = getattr(rules[0], "item_texts", None) if len(rules) == 1 else None
    if (item_texts is not None and state.level < maxNesting
            and getattr(state, "plain_tokens", False)
            and one_line_paragraph(state, line, endLine, item_texts)):
        # the rest of the loop's turn (its line was not empty: it did not start one)
        state.tight = True
        line = state.line
        if line < endLine and bMarks[line] + tShift[line] >= eMarks[line]:
            hasEmptyLines = True
            line += 1
            state.line = line

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
    if end == begin + 1:  # one line (a list item's text): the loop's first case, no list
        lineStart = bMarks[begin]
        last = eMarks[begin] + 1 if keepLastLF else eMarks[begin]
        if (tShift[begin] >= indent and lineStart + indent <= last
                and "\t" not in src[lineStart:lineStart + indent]):
            return src[lineStart + indent:last]
    queue = []
    for line in range(begin, end):
        lineIndent = 0
        lineStart = first = bMarks[line]
        last = eMarks[line] + 1 if line + 1 < end or keepLastLF else eMarks[line]

        if (tShift[line] >= indent and lineStart + indent <= last
                and "\t" not in src[lineStart:lineStart + indent]):
            # The loop below would count each of the first ``indent`` characters as one
            # column (a space, or a character within tShift) and stop after them.
            queue.append(src[lineStart + indent:last])
            continue

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


def paragraph_rule(trim_chars: str, token_class: Any) -> Rule:
    """rules_block.paragraph, ``trim_chars`` being what its mdTrim strips (MD_TRIM_CHARS);
    on a state whose ``plain_tokens`` is true (parse._CompactState, when ``token_class``,
    markdown-it's Token, has the fields its push sets), the three tokens are made here."""

    def paragraph(state: Any, startLine: int, endLine: int, silent: bool) -> bool:
        nextLine = startLine + 1
        terminatorRules = state.paragraph_terminators  # (set_up's: getRules("paragraph"))
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

        if getattr(state, "plain_tokens", False):
            state.tokens += _paragraph_tokens(token_class, state.level, startLine, nextLine,
                                              content)
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

    def write_one_line(state: Any, line: int, next_line: int) -> None:
        """What paragraph does on a state of plain tokens when its loop stops at
        ``next_line`` = ``line + 1`` (item_text.one_line_paragraph knows it does): the tokens
        of the paragraph of ``line``, ``state.line`` at ``next_line``; its ``parentType``
        is back where it was."""
        content = get_lines(state, line, next_line, state.blkIndent, False).strip(trim_chars)
        state.line = next_line
        state.tokens += _paragraph_tokens(token_class, state.level, line, next_line, content)

    paragraph.write_one_line = write_one_line  # type: ignore[attr-defined]
    return paragraph


# Token's fields (markdown-it-py 4.3.0), which _paragraph_tokens and parse's push set
# themselves when markdown-it's Token has these.
TOKEN_FIELDS = ("type", "tag", "nesting", "attrs", "map", "level", "children", "content",
                "markup", "info", "meta", "block", "hidden")


def plain_token(token_class: Any, ttype: str, tag: str, nesting: int, level: int,
                markup: str) -> Any:
    """The token the state's push makes (``token_class``, markdown-it's Token with
    TOKEN_FIELDS) at ``level`` (the state's level before an opening, after a closing; the
    caller moves the state's level), its markup set: what the list rule makes four of a
    list and two of each item."""
    token = _new(token_class)
    token.type, token.tag, token.nesting, token.level = ttype, tag, nesting, level
    token.markup, token.attrs, token.map, token.children = markup, {}, None, None
    token.content = token.info = ""
    token.meta, token.block, token.hidden = {}, True, False
    return token


def _paragraph_tokens(token_class: Any, level: int, start: int, end: int, content: str
                      ) -> tuple[Any, Any, Any]:
    """paragraph_open, inline (``content``) and paragraph_close at ``level`` as the state's
    push makes them (its level back where it was after the three), the first two mapped to
    lines ``start`` to ``end``: their fields set here (a third of a document's tokens)."""
    opening, inline, closing = (_new(token_class), _new(token_class), _new(token_class))
    opening.type, opening.tag, opening.nesting, opening.level = "paragraph_open", "p", 1, level
    inline.type, inline.tag, inline.nesting, inline.level = "inline", "", 0, level + 1
    closing.type, closing.tag, closing.nesting, closing.level = "paragraph_close", "p", -1, level
    opening.map, inline.map, closing.map = [start, end], [start, end], None
    opening.children, inline.children, closing.children = None, [], None
    opening.content, inline.content, closing.content = "", content, ""
    opening.attrs, inline.attrs, closing.attrs = {}, {}, {}
    opening.meta, inline.meta, closing.meta = {}, {}, {}
    opening.markup = opening.info = inline.markup = inline.info = ""
    closing.markup = closing.info = ""
    opening.block = inline.block = closing.block = True
    opening.hidden = inline.hidden = closing.hidden = False
    return opening, inline, closing
