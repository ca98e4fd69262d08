"""Markdown → Document, through markdown-it-py tokens (the only module that imports it)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from opslint.document.load import SourceText
from opslint.document.model import (
    Block,
    CodeBlock,
    Comment,
    DocKind,
    Document,
    ListItem,
    Paragraph,
    Row,
    Section,
    Table,
)
from opslint.document.normalize import heading_number, normalize

__all__ = ["detect_language", "parse_document"]

_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_TASK = re.compile(r"^\[([ xX])\]\s?")
_TAG = re.compile(r"<[^>]+>")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)


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
            table = _html_table(rest, line, end)
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


class _HTMLTableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self.cell).split(" ")).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _html_table(html: str, line: int, end: int) -> Table | None:
    # PagerDuty's severity tables are raw HTML; read them as tables too (corpus C016).
    parser = _HTMLTableParser()
    parser.feed(html)
    rows = [r for r in parser.rows if r]
    if not rows:
        return None
    body = tuple(Row(tuple(r), line) for r in rows[1:])
    return Table(tuple(rows[0]), body, line, end)


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
    flat: list[_SectionBuilder] = []

    def visit(node: _SectionBuilder) -> None:
        flat.append(node)
        for child in node.children:
            visit(child)

    visit(root)
    ends = {id(root): last_line}
    for index, node in enumerate(flat[1:], start=1):
        end = last_line
        for later in flat[index + 1 :]:
            if later.level <= node.level:
                end = later.line - 1
                break
        ends[id(node)] = max(end, node.line)
    return ends


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that keeps the last value of a duplicated key (cloud.gov does that)."""


def _load_front_matter(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        data = yaml.load(text, Loader=_TolerantLoader)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """"ja" when Japanese script is a real share of the letters, else "en"."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "ja" if cjk >= 5 and cjk * 4 >= latin else "en"


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _split_lines(text: str) -> tuple[str, ...]:
    # Only the newlines markdown-it counts: str.splitlines() also splits on U+2028, form
    # feed and others, which would shift every line number after them.
    lines = _NEWLINE.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(lines)


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
    tokens = _parser().parse(source.text)
    walker = _Walker(tokens)
    walker.run()
    lines = _split_lines(source.text)
    root = _freeze(walker.root, _section_ends(walker.root, max(len(lines), 1)))
    front_matter = _load_front_matter(walker.front_matter)
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
    )
