"""The block stream → sections, blocks and comments: one walk, inline text read on demand.

The stream is markdown-it's block tokens (parse.py, the only module that imports it), with
each finished table row stored as one ``TableRow``. The inline pieces of a text (links,
code spans, comments) are parsed when the walk reaches it and dropped after: no more than
one text's pieces are alive at a time (issue 10: a 5 MB document's pieces took 180 MiB).
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from opslint.document.html_table import html_table
from opslint.document.model import (
    Block,
    CodeBlock,
    Comment,
    ListItem,
    Paragraph,
    Row,
    Table,
)
from opslint.document.sections import SectionBuilder
from opslint.document.unread import TokenLike

__all__ = ["Env", "TableRow", "Walker"]

_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_TASK = re.compile(r"^\[([ xX])\]\s?")
_TAG = re.compile(r"<[^>]+>")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)

Env = MutableMapping[str, Any]  # markdown-it's parse environment (link references)


class Piece(Protocol):
    """An inline token, as read here."""

    @property
    def type(self) -> str: ...

    @property
    def content(self) -> str: ...


class BlockToken(TokenLike, Protocol):
    """A markdown-it block token, as read here (its type, map, nesting and level as
    ``unread`` reads them, and what the walk reads besides)."""

    @property
    def tag(self) -> str: ...

    @property
    def content(self) -> str: ...

    @property
    def info(self) -> str: ...

    @property
    def markup(self) -> str: ...

    @property
    def children(self) -> Sequence[Piece] | None:
        """The inline pieces; None when they are still to be parsed (on demand)."""


@dataclass(slots=True, eq=False)
class TableRow:
    """A table row as markdown-it's table rule read it, stored as one item of the stream.

    The rule still decides the row's lines and cells (escaped pipes, missing cells); only
    its 23 tokens (tr, and td_open, inline, td_close per cell) become this one object.
    ``env`` is the environment the cells' inline text is parsed with.
    """

    level: int
    env: Env
    map: list[int] | None = None
    cells: list[str] = field(default_factory=list)
    type: str = "table_row"
    nesting: int = 0
    content: str = ""
    markup: str = ""


Inline = Callable[[str, Env], Sequence[Piece]]

_LIST_OPENS = frozenset(("bullet_list_open", "ordered_list_open"))
_LIST_CLOSES = frozenset(("bullet_list_close", "ordered_list_close"))

# Tokens the walk reads nothing of: their blocks are read at their opening token.
_PASSED = frozenset(("paragraph_close", "heading_close", "blockquote_open",
                     "blockquote_close", "hr", "thead_open", "thead_close", "tbody_open",
                     "tbody_close"))


@dataclass(slots=True)
class _OpenItem:
    level: int  # the list_item_open token's level
    blocks: list[Block]  # the section's blocks, where the item sits
    index: int  # where: _PENDING holds its place until the item closes
    line: int
    depth: int
    ordered: bool
    texts: list[str] = field(default_factory=list)


# The place of an open list item among its section's blocks (one ListItem made per item,
# when it closes: two frozen dataclasses per item were a tenth of the walk).
_PENDING = ListItem("", 0, 0, None, False)


class Walker:
    """Walks the flat token stream once, building sections, blocks and comments.

    ``inline(content, env)`` parses a text's inline pieces; ``env`` is the document's.
    ``active(content)``, when given, finds the first character of a text at which an inline
    rule can start: a text without one (None) is one text piece, its own words, read
    without a call of ``inline`` (half of a document's texts). ``simple(content, env)``,
    when given, is what this walk reads of ``inline``'s pieces when they are one text
    piece (its content), or None: most other texts are read with it alone.
    """

    def __init__(self, tokens: Sequence[BlockToken | TableRow], inline: Inline,
                 env: Env, active: Callable[[str], object | None] | None = None,
                 simple: Callable[[str, Env], str | None] | None = None) -> None:
        self.tokens = tokens
        self.inline = inline
        self.env = env
        self.active = active
        self.simple = simple
        self.root = SectionBuilder(0, "", 1)
        self.stack = [self.root]
        self.comments: list[Comment] = []
        self.front_matter: str | None = None
        self.front_matter_end = 0
        self.list_kinds: list[bool] = []  # one entry per open list: True when ordered
        self.items: list[_OpenItem] = []  # open list items, innermost last
        # The fences and raw HTML blocks, in order: all the tokens unread.unclosed_block
        # reads (a pass over every token of the stream, before)
        self.closable: list[BlockToken] = []

    @property
    def current(self) -> SectionBuilder:
        return self.stack[-1]

    def run(self) -> None:
        # The two kinds of the most tokens, paragraphs and lists, are read here without a
        # call of step (a list item's opening and closing, half the stream, without any).
        tokens, step, active = self.tokens, self.step, self.active
        list_kinds, items, stack = self.list_kinds, self.items, self.stack
        i, count = 0, len(tokens)
        while i < count:
            token = tokens[i]
            kind = token.type
            if kind == "paragraph_open":
                # A paragraph is always three tokens (open, inline, close), read at once.
                inline: BlockToken = tokens[i + 1]  # type: ignore[assignment]  # per token
                if not list_kinds:
                    line, end = _span(token)
                elif not items or inline.level != items[-1].level + 2:  # not in_item
                    i += 3
                    continue
                # inline_text, its first case (a text not parsed yet without an active
                # character is its content: half of the texts) read without a call
                content = inline.content
                text = (content if inline.children is None and active is not None
                        and active(content) is None else self.parsed_text(inline))
                if not list_kinds:
                    stack[-1].blocks.append(Paragraph(text, line, end))
                else:
                    items[-1].texts.append(text)
                i += 3
                continue
            if kind == "list_item_open":
                # open_item: the item's text is gathered until it closes (a stack, one
                # pass: scanning each item's descendants again was quadratic in depth)
                blocks = stack[-1].blocks
                blocks.append(_PENDING)
                lines = token.map  # its first line as _span gives it
                items.append(_OpenItem(
                    token.level, blocks, len(blocks) - 1, lines[0] + 1 if lines else 1,
                    len(list_kinds) - 1, list_kinds[-1] if list_kinds else False))
            elif kind == "list_item_close":
                if items:
                    self.close_item()
            elif kind in _LIST_OPENS:
                list_kinds.append(kind == "ordered_list_open")
            elif kind in _LIST_CLOSES:
                list_kinds.pop()
            elif kind not in _PASSED:  # quotes and rules: no call for them
                i = step(i)
                continue
            i += 1
        for item in self.items:  # never closed (markdown-it closes every item it opens)
            item.blocks[item.index] = ListItem("", item.line, item.depth, None, item.ordered)

    def step(self, i: int) -> int:
        # The kinds by how often they come (run reads paragraphs and lists); a TableRow
        # (only inside a table, which add_table reads) matches none.
        token: BlockToken = self.tokens[i]  # type: ignore[assignment]  # not cast(): per token
        kind = token.type
        if kind == "inline":  # (every text follows its paragraph's or heading's opening)
            if self.in_item(token):
                self.items[-1].texts.append(self.inline_text(token))
        elif kind == "heading_open":
            self.open_heading(token, self.tokens[i + 1])
            return i + 3
        elif kind == "table_open":
            return self.add_table(i)
        elif kind in ("fence", "code_block"):
            line, end = _span(token)
            self.current.blocks.append(CodeBlock(token.info.strip(), token.content, line, end))
            if kind == "fence":
                self.closable.append(token)
        elif kind == "html_block":
            self.closable.append(token)
            self.add_html_block(token)
        elif kind == "front_matter":
            self.front_matter = token.content
            self.front_matter_end = token.map[1] if token.map else 0
        return i + 1

    def open_heading(self, token: BlockToken, inline: BlockToken | TableRow) -> None:
        level = int(token.tag[1])
        while self.current.level >= level:
            self.stack.pop()
        line, _ = _span(token)
        title = self.inline_text(inline)
        if self.in_item(inline):  # "- ## Title" counts in the item's text too
            self.items[-1].texts.append(title)
        section = SectionBuilder(level, title.strip(), line)
        self.current.children.append(section)
        self.stack.append(section)

    def in_item(self, inline: BlockToken | TableRow) -> bool:
        """Whether text is directly in the innermost open item (not in a nested block)."""
        return bool(self.items) and inline.level == self.items[-1].level + 2

    def close_item(self) -> None:
        item = self.items.pop()
        text = "\n".join(item.texts)
        checked: bool | None = None
        # _TASK matches only from a "[": most items are asked without the regex engine
        match = _TASK.match(text) if text.startswith("[") else None
        if match:
            checked = match.group(1) != " "
            text = text[match.end() :]
        item.blocks[item.index] = ListItem(text.strip(), item.line, item.depth, checked,
                                           item.ordered)

    def add_table(self, i: int) -> int:
        start, end = _span(self.tokens[i])
        header: list[str] = []
        rows: list[Row] = []
        # A cell's text depends on its content only (the document's env is read, not
        # changed): a table repeats its cells on row after row, and each distinct content
        # is parsed once. A cell holding a comment is read again: the comment has its line.
        known: dict[str, str] = {}

        def cell(content: str, env: Env, line: int) -> str:
            text = known.get(content) if env is self.env else None
            if text is None:
                comments = len(self.comments)
                if self.active is not None and self.active(content) is None:
                    text = content.strip()
                elif self.simple is not None and (simple := self.simple(content, env)
                                                  ) is not None:
                    text = simple.strip()
                else:
                    text = self.text(content, self.inline(content, env), line).strip()
                if len(self.comments) == comments and env is self.env:
                    known[content] = text
            return text

        j = i + 1
        while self.tokens[j].type != "table_close":
            row = self.tokens[j]
            j += 1
            if not isinstance(row, TableRow):  # thead, tbody
                continue
            line = _span(row)[0]
            if row.env is self.env:  # most cells were seen before: no call for them
                cells = [text if (text := known.get(content)) is not None
                         else cell(content, row.env, line) for content in row.cells]
            else:
                cells = [cell(content, row.env, line) for content in row.cells]
            if line == start and not header:
                header = cells
            else:
                rows.append(Row(tuple(cells), line))
        self.current.blocks.append(Table(tuple(header), tuple(rows), start, end))
        return j + 1

    def add_html_block(self, token: BlockToken) -> None:
        line, end = _span(token)
        content = token.content
        for match in _COMMENT.finditer(content):
            comment_line = line + content.count("\n", 0, match.start())
            self.comments.append(Comment(match.group(1).strip(), comment_line))
        rest = _COMMENT.sub("", content)
        if "<table" in rest.lower():
            table = html_table(rest, line, end)
            if table is not None:
                self.current.blocks.append(table)
                return
        text = _TAG.sub(" ", rest).strip()
        if text:
            self.current.blocks.append(Paragraph(text, line, end))

    def inline_text(self, inline: BlockToken | TableRow) -> str:
        assert not isinstance(inline, TableRow)
        if (inline.children is None and self.active is not None
                and self.active(inline.content) is None):
            return inline.content  # one text piece, its content (half of the texts)
        return self.parsed_text(inline)

    def parsed_text(self, inline: BlockToken) -> str:
        """inline_text of a text parsed already or holding an active character (or of any
        text, without ``active``)."""
        children = inline.children
        if children is None:  # parsed now, dropped after
            if self.simple is not None:  # one text piece: its content is what text() reads
                simple = self.simple(inline.content, self.env)
                if simple is not None:
                    return simple
            children = self.inline(inline.content, self.env)
        return self.text(inline.content, children, _span(inline)[0])

    def text(self, content: str, children: Sequence[Piece], line: int) -> str:
        """A text's words, its html comments collected; ``line`` is its first line."""
        if len(children) == 1 and children[0].type == "text":
            return children[0].content  # plain text (most cells and lines)
        parts: list[str] = []
        for child in children:
            kind = child.type
            # text_special: an escape or entity markdown-it's text_join would make text
            if kind in ("text", "code_inline", "text_special"):
                parts.append(child.content)
            elif kind in ("softbreak", "hardbreak"):
                parts.append("\n")
                line += 1
            elif kind == "html_inline":
                if child.content.startswith("<!--"):
                    body = child.content[4:].removesuffix("-->")
                    self.comments.append(Comment(body.strip(), line))
                elif _BR.fullmatch(child.content.strip()):
                    parts.append("\n")
            elif kind == "image":
                parts.append(child.content)
        if not children:
            parts.append(content)
        return "".join(parts)


def _span(token: BlockToken | TableRow) -> tuple[int, int]:
    if token.map:
        return token.map[0] + 1, max(token.map[1], token.map[0] + 1)
    return 1, 1
