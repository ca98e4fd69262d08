"""Markdown → Document, through markdown-it-py tokens (the only module that imports it)."""

from __future__ import annotations

import contextlib
import functools
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore, text_join
from markdown_it.rules_core import normalize as normalize_source
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from opslint.document.front_matter import read_front_matter
from opslint.document.html_table import html_table
from opslint.document.inline_simple import simple_inline
from opslint.document.language import detect_language, prose
from opslint.document.load import LINE_BREAK, SourceText, split_lines
from opslint.document.model import (
    Block,
    CodeBlock,
    Comment,
    DocKind,
    Document,
    ListItem,
    Paragraph,
    ReadProblem,
    Row,
    Table,
)
from opslint.document.sections import SectionBuilder, freeze, section_ends
from opslint.document.unread import recover, unclosed_block

__all__ = ["BLOCK_NESTING", "LIST_LEVELS", "detect_language", "parse_document"]

_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_TASK = re.compile(r"^\[([ xX])\]\s?")
_TAG = re.compile(r"<[^>]+>")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


# markdown-it counts a list level as two token levels (the list and its item); its default
# limit, 20, hid everything after a list ten levels deep (issue 10). 122 reads 60 list
# levels (120 quote levels) at the same speed; deeper parts are reported (META004) and
# what follows them is parsed again by unread.recover.
BLOCK_NESTING = 122
LIST_LEVELS = (BLOCK_NESTING - 2) // 2


@functools.cache
def _parser(front_matter: bool = True) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": BLOCK_NESTING}).enable(
        ["table", "strikethrough"])
    if front_matter:
        md.use(front_matter_plugin)
    md.core.ruler.at("inline", _parse_inlines)
    return md


@functools.cache
def _inline_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


# The inline rules simple_inline reproduces, in markdown-it's order (commonmark with
# strikethrough); another markdown-it-py whose rules differ is always asked itself.
_INLINE_RULES = ("text", "newline", "escape", "backticks", "strikethrough", "emphasis",
                 "link", "image", "autolink", "html_inline", "entity")
_INLINE_RULES2 = ("balance_pairs", "strikethrough", "emphasis", "fragments_join")


@functools.cache
def _simple_inline_known() -> bool:
    """Whether the installed markdown-it-py runs the inline rules simple_inline knows."""
    inline = _inline_parser().inline
    return (tuple(inline.ruler.get_active_rules()) == _INLINE_RULES
            and tuple(inline.ruler2.get_active_rules()) == _INLINE_RULES2)


@functools.lru_cache(maxsize=4096)  # a document set links the same pages again and again
def _link_href(url: str) -> str | None:
    """A link destination's href as markdown-it gives it, None when it would refuse it."""
    md = _inline_parser()
    href = md.normalizeLink(url)
    return href if md.validateLink(href) else None


def _parse_inlines(state: StateCore) -> None:
    # Inline nesting (brackets, emphasis) keeps markdown-it's own limit: its cost grows with
    # the limit on hostile text (50,000 "[" take 4x longer at 100 than at 20).
    inline = _inline_parser()
    references = "references" in state.env
    for token in state.tokens:
        if token.type == "inline":
            children = token.children = token.children or []
            content = token.content
            if not children and _simple_inline_known():
                # Plain text, code spans, simple links (most of a document's cells and
                # lines): the tokens markdown-it's parse would give, without its state.
                simple = simple_inline(content, Token, _link_href, references)
                if simple is not None:
                    children.extend(simple)
                    continue
            inline.inline.parse(content, inline, state.env, children)


class _Reparser:
    """Parses a range of the document's lines, as markdown-it would at top level.

    One block state for the whole text, set up once: parsing the rest of the document again
    per deep region would index every remaining character each time (quadratic).
    """

    def __init__(self, text: str) -> None:
        self.md = _parser(front_matter=False)
        core = StateCore(text, self.md, {})
        normalize_source(core)  # the newlines and NULs markdown-it's first core rule rewrites
        self.env = core.env
        self.block = StateBlock(core.src, self.md, self.env, [])

    def __call__(self, start: int, end: int) -> list[Token]:
        block = self.block
        block.tokens, block.level, block.line = [], 0, start
        block.blkIndent, block.parentType, block.tight = 0, "root", False
        block.ddIndent = block.listIndent = -1
        self.md.block.tokenize(block, start, end)
        core = StateCore("", self.md, self.env, block.tokens)
        _parse_inlines(core)
        text_join(core)
        return core.tokens


def _tokens(text: str) -> tuple[list[Token], list[ReadProblem]]:
    """The document's tokens, re-reading past the nesting limit, and the parts left unread."""
    tokens = _parser().parse(text)
    lines = LINE_BREAK.split(text)
    reparser: list[_Reparser] = []  # built on the first deep region only

    def parse(start: int, end: int) -> list[Token]:
        if not reparser:
            reparser.append(_Reparser(text))
        return reparser[0](start, end)

    tokens, unread = recover(tokens, lines, BLOCK_NESTING, parse)
    problems = [ReadProblem("unread", start + 1, _last_text_line(lines, start, end),
                            str(LIST_LEVELS)) for start, end in unread]
    return tokens, problems


def _last_text_line(lines: list[str], start: int, end: int) -> int:
    last = end
    while last > start + 1 and not lines[last - 1].strip():
        last -= 1
    return last


@dataclass
class _OpenItem:
    level: int  # the list_item_open token's level
    blocks: list[Block]  # the section's blocks, where the item sits
    index: int
    texts: list[str] = field(default_factory=list)


class _Walker:
    """Walks the flat token stream once, building sections, blocks and comments."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.root = SectionBuilder(0, "", 1)
        self.stack = [self.root]
        self.comments: list[Comment] = []
        self.front_matter: str | None = None
        self.front_matter_end = 0
        self.list_kinds: list[bool] = []  # one entry per open list: True when ordered
        self.items: list[_OpenItem] = []  # open list items, innermost last

    @property
    def current(self) -> SectionBuilder:
        return self.stack[-1]

    def run(self) -> None:
        i = 0
        while i < len(self.tokens):
            i = self.step(i)

    def step(self, i: int) -> int:
        token = self.tokens[i]
        kind = token.type
        if kind == "front_matter":
            self.front_matter = token.content
            self.front_matter_end = token.map[1] if token.map else 0
        elif kind == "heading_open":
            self.open_heading(token, self.tokens[i + 1])
            return i + 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self.list_kinds.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.list_kinds.pop()
        elif kind == "list_item_open":
            self.open_item(token)
        elif kind == "list_item_close" and self.items:
            self.close_item()
        elif kind == "inline" and self.in_item(token):
            self.items[-1].texts.append(self.inline_text(token))
        elif kind == "paragraph_open" and not self.list_kinds:
            inline = self.tokens[i + 1]
            line, end = _span(token)
            self.current.blocks.append(Paragraph(self.inline_text(inline), line, end))
        elif kind == "table_open":
            return self.add_table(i)
        elif kind in ("fence", "code_block"):
            line, end = _span(token)
            self.current.blocks.append(CodeBlock(token.info.strip(), token.content, line, end))
        elif kind == "html_block":
            self.add_html_block(token)
        return i + 1

    def open_heading(self, token: Token, inline: Token) -> None:
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

    def open_item(self, item: Token) -> None:
        # The item's text is gathered until it closes (a stack, one pass: scanning each
        # item's descendants again was quadratic in the nesting depth).
        line, _ = _span(item)
        depth = len(self.list_kinds) - 1
        ordered = self.list_kinds[-1] if self.list_kinds else False
        blocks = self.current.blocks
        blocks.append(ListItem("", line, depth, None, ordered))
        self.items.append(_OpenItem(item.level, blocks, len(blocks) - 1))

    def in_item(self, inline: Token) -> bool:
        """Whether text is directly in the innermost open item (not in a nested block)."""
        return bool(self.items) and inline.level == self.items[-1].level + 2

    def close_item(self) -> None:
        item = self.items.pop()
        text = "\n".join(item.texts)
        checked: bool | None = None
        match = _TASK.match(text)
        if match:
            checked = match.group(1) != " "
            text = text[match.end() :]
        placeholder = item.blocks[item.index]
        assert isinstance(placeholder, ListItem)
        item.blocks[item.index] = replace(placeholder, text=text.strip(), checked=checked)

    def add_table(self, i: int) -> int:
        start, end = _span(self.tokens[i])
        header: list[str] = []
        rows: list[Row] = []
        cells: list[str] = []
        row_line = start
        j = i + 1
        while self.tokens[j].type != "table_close":
            token = self.tokens[j]
            if token.type == "tr_open":
                cells, row_line = [], _span(token)[0]
            elif token.type == "inline":
                cells.append(self.inline_text(token).strip())
            elif token.type == "tr_close":
                if row_line == start and not header:
                    header = cells
                else:
                    rows.append(Row(tuple(cells), row_line))
            j += 1
        self.current.blocks.append(Table(tuple(header), tuple(rows), start, end))
        return j + 1

    def add_html_block(self, token: Token) -> None:
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

    def inline_text(self, inline: Token) -> str:
        children = inline.children
        if children and len(children) == 1 and children[0].type == "text":
            return children[0].content  # plain text (most cells and lines)
        parts: list[str] = []
        line = _span(inline)[0]
        for child in inline.children or []:
            kind = child.type
            if kind in ("text", "code_inline"):
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
        if not inline.children:
            parts.append(inline.content)
        return "".join(parts)


def _span(token: Token) -> tuple[int, int]:
    if token.map:
        return token.map[0] + 1, max(token.map[1], token.map[0] + 1)
    return 1, 1


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a document is parsed.

    A parse allocates a token per block, cell and inline piece (650,000 for 5 MB) and frees
    them as a tree, without cycles; the collector, run every 700 allocations and over all
    objects as they pile up, took half of the parse time (2.2 of 4.5 s for 5 MB). Anything
    left for it is collected at its next run after the parse.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def parse_document(path: Path, source: SourceText, kind: DocKind = DocKind.UNKNOWN) -> Document:
    """Parse decoded text into a Document; the kind is decided later by the caller."""
    with _collector_paused():
        return _parse_document(path, source, kind)


def _parse_document(path: Path, source: SourceText, kind: DocKind) -> Document:
    tokens, problems = _tokens(source.text)
    walker = _Walker(tokens)
    walker.run()
    lines = tuple(split_lines(source.text))
    root = freeze(walker.root, section_ends(walker.root, max(len(lines), 1)))
    front_matter, front_problem = read_front_matter(
        source.text, walker.front_matter, walker.front_matter_end)
    unclosed = unclosed_block(tokens, LINE_BREAK.split(source.text))
    if unclosed is not None:
        problems.append(ReadProblem("unclosed", unclosed[0] + 1, max(len(lines), 1),
                                    unclosed[1]))
    title = next((s.title for s in root.walk() if s.level == 1), None)
    fm_title = front_matter.get("title")
    if isinstance(fm_title, str) and fm_title.strip():
        title = title or fm_title.strip()
    return Document(
        path=path,
        source=source,
        kind=kind,
        lang=detect_language(prose(root)),
        title=title,
        root=root,
        front_matter=front_matter,
        front_matter_end=walker.front_matter_end,
        comments=tuple(walker.comments),
        lines=lines,
        problems=tuple(sorted([*problems, *([front_problem] if front_problem else [])],
                              key=lambda p: (p.line, p.kind))),
    )
