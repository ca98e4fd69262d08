"""Markdown → Document, through markdown-it-py tokens (the only module that imports it)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore, text_join
from markdown_it.rules_core import normalize as normalize_source
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from opslint.document.front_matter import read_front_matter
from opslint.document.html_table import html_table
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
    Section,
    Table,
)
from opslint.document.normalize import heading_number, normalize
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


def _parse_inlines(state: StateCore) -> None:
    # Inline nesting (brackets, emphasis) keeps markdown-it's own limit: its cost grows with
    # the limit on hostile text (50,000 "[" take 4x longer at 100 than at 20).
    inline = _inline_parser()
    for token in state.tokens:
        if token.type == "inline":
            token.children = token.children or []
            inline.inline.parse(token.content, inline, state.env, token.children)


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
class _SectionBuilder:
    level: int
    title: str
    line: int
    blocks: list[Block] = field(default_factory=list)
    children: list[_SectionBuilder] = field(default_factory=list)


class _Walker:
    """Walks the flat token stream once, building sections, blocks and comments."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.root = _SectionBuilder(0, "", 1)
        self.stack = [self.root]
        self.comments: list[Comment] = []
        self.front_matter: str | None = None
        self.front_matter_end = 0
        self.list_kinds: list[bool] = []  # one entry per open list: True when ordered

    @property
    def current(self) -> _SectionBuilder:
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
            self.add_list_item(i)
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
        section = _SectionBuilder(level, self.inline_text(inline).strip(), line)
        self.current.children.append(section)
        self.stack.append(section)

    def add_list_item(self, i: int) -> None:
        item = self.tokens[i]
        texts: list[str] = []
        j = i + 1
        while j < len(self.tokens):
            token = self.tokens[j]
            if token.level <= item.level:
                break
            if token.type == "inline" and token.level == item.level + 2:
                texts.append(self.inline_text(token))
            j += 1
        text = "\n".join(texts)
        checked: bool | None = None
        match = _TASK.match(text)
        if match:
            checked = match.group(1) != " "
            text = text[match.end() :]
        line, _ = _span(item)
        depth = len(self.list_kinds) - 1
        ordered = self.list_kinds[-1] if self.list_kinds else False
        self.current.blocks.append(ListItem(text.strip(), line, depth, checked, ordered))

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


def _freeze(builder: _SectionBuilder, ends: dict[int, int]) -> Section:
    number, _ = heading_number(builder.title) if builder.level else (None, "")
    return Section(
        level=builder.level,
        title=builder.title,
        norm=_normalize_title(builder.title) if builder.level else "",
        number=number,
        line=builder.line,
        end_line=ends[id(builder)],
        blocks=tuple(builder.blocks),
        children=tuple(_freeze(child, ends) for child in builder.children),
    )


def _normalize_title(title: str) -> str:
    return normalize(heading_number(title)[1])


def _section_ends(root: _SectionBuilder, last_line: int) -> dict[int, int]:
    """Each section ends before the next heading of its level or higher (one pass, a stack)."""
    ends = {id(root): last_line}
    open_sections: list[_SectionBuilder] = []

    def visit(node: _SectionBuilder) -> None:
        while open_sections and open_sections[-1].level >= node.level:
            closed = open_sections.pop()
            ends[id(closed)] = max(node.line - 1, closed.line)
        open_sections.append(node)
        for child in node.children:
            visit(child)

    for child in root.children:
        visit(child)
    for node in open_sections:
        ends[id(node)] = max(last_line, node.line)
    return ends


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """"ja" when Japanese script is a real share of the letters, else "en"."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "ja" if cjk >= 5 and cjk * 4 >= latin else "en"


def _prose(root: Section) -> str:
    """Headings and non-code blocks: what the language is judged on (code is English)."""
    parts: list[str] = []
    for section in root.walk():
        parts.append(section.title)
        parts.extend(_prose_of(b) for b in section.blocks if not isinstance(b, CodeBlock))
    return "\n".join(parts)


def _prose_of(block: Block) -> str:
    if isinstance(block, Table):
        return " ".join([*block.header, *(c for r in block.rows for c in r.cells)])
    return block.text


def parse_document(path: Path, source: SourceText, kind: DocKind = DocKind.UNKNOWN) -> Document:
    """Parse decoded text into a Document; the kind is decided later by the caller."""
    tokens, problems = _tokens(source.text)
    walker = _Walker(tokens)
    walker.run()
    lines = tuple(split_lines(source.text))
    root = _freeze(walker.root, _section_ends(walker.root, max(len(lines), 1)))
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
        lang=detect_language(_prose(root)),
        title=title,
        root=root,
        front_matter=front_matter,
        front_matter_end=walker.front_matter_end,
        comments=tuple(walker.comments),
        lines=lines,
        problems=tuple(sorted([*problems, *([front_problem] if front_problem else [])],
                              key=lambda p: (p.line, p.kind))),
    )
