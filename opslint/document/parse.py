"""Markdown → Document, through markdown-it-py tokens (the only module that imports it)."""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, cast

from markdown_it import MarkdownIt, rules_block
from markdown_it.common.utils import MD_TRIM_CHARS, isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore, text_join
from markdown_it.rules_core import normalize as normalize_source
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.front_matter.index import _front_matter_rule as front_matter_rule

from opslint.document import block_rules, block_starts, emphasis, table_rule, table_split
from opslint.document.front_matter import read_front_matter
from opslint.document.gc_pause import collector_paused
from opslint.document.inline_simple import (
    Piece,
    first_active,
    simple_inline,
    simple_text,
    unchanged_href,
)
from opslint.document.language import detect_language, prose
from opslint.document.list_rule import list_rule
from opslint.document.load import LINE_BREAK, SourceText
from opslint.document.model import DocKind, Document, ReadProblem
from opslint.document.sections import freeze, section_ends
from opslint.document.table_rule import CELL_PARTS, Cell
from opslint.document.unread import last_text_line, recover, unclosed_block
from opslint.document.walk import Env, TableRow, Walker

__all__ = ["BLOCK_NESTING", "LIST_LEVELS", "detect_language", "parse_document"]


# markdown-it counts a list level as two token levels (the list and its item); its default
# limit, 20, hid everything after a list ten levels deep (issue 10). 122 reads 60 list
# levels (120 quote levels) at the same speed; deeper parts are reported (META004) and
# what follows them is parsed again by unread.recover.
BLOCK_NESTING = 122
LIST_LEVELS = (BLOCK_NESTING - 2) // 2


# markdown-it's own block rules, which block_starts asks only about the lines they can take.
_RULES_GATED = {
    "front_matter": front_matter_rule, "fence": rules_block.fence,
    "blockquote": rules_block.blockquote, "hr": rules_block.hr,
    "list": rules_block.list_block, "reference": rules_block.reference,
    "html_block": rules_block.html_block, "heading": rules_block.heading,
    "table": rules_block.table, "lheading": rules_block.lheading, "code": rules_block.code}


@functools.cache
def _table_rows() -> table_rule.Rule | None:
    # the module (its package's attribute `table` is the rule function)
    module = importlib.import_module("markdown_it.rules_block.table")
    table_split.install(module)
    return table_rule.compact(module)


def _replace_rule(md: MarkdownIt, name: str, fn: block_rules.Rule) -> None:
    """Puts ``fn`` in the place of the block rule ``name``, terminating what it did."""
    rule = next(rule for rule in md.block.ruler.__rules__ if rule.name == name)
    md.block.ruler.at(name, fn, {"alt": list(rule.alt)})


@functools.cache
def _transcribed() -> bool:
    """Whether the installed markdown-it's block code is the one block_rules transcribes."""
    package = Path(importlib.import_module("markdown_it").__file__ or "").parent
    return block_rules.known(str(package / name) for name in block_rules.FILES)


@functools.cache
def _parser(front_matter: bool = True, first_chars: bool = True, rows: bool = True,
            transcribed: bool = True) -> MarkdownIt:
    """markdown-it's parser as the parse uses it; ``first_chars``, ``rows`` and
    ``transcribed`` are False only to compare (block_starts, table_rule, block_rules)."""
    table_rows = _table_rows() if rows else None
    md = MarkdownIt("commonmark", {"maxNesting": BLOCK_NESTING}).enable(
        ["table", "strikethrough"])
    block = _CompactBlock(transcribed and _transcribed())
    block.ruler = md.block.ruler
    md.block = block
    rules = {**_RULES_GATED, "table": table_rows or rules_block.table}
    if table_rows is not None:
        _replace_rule(md, "table", table_rows)
    if block.transcribed:
        rules["list"] = list_rule(rules_block.list_block, Token)
        _replace_rule(md, "list", rules["list"])
        _replace_rule(md, "paragraph", block_rules.paragraph_rule(MD_TRIM_CHARS, Token))
    if front_matter:
        md.use(front_matter_plugin)
    if first_chars:  # False only to compare (tests/test_parse_block_starts.py)
        block_starts.install(md.block.ruler, rules, list_transcribed=block.transcribed)
    # Inline text is parsed by the walker when it reaches it (walk.py); text_join's work
    # (escapes and entities as text) is done there too.
    md.core.ruler.at("inline", _defer_inlines)
    md.core.ruler.disable("text_join")
    if block.transcribed:
        md.core.ruler.at("normalize", block_rules.normalize_rule(normalize_source))
    return md


_push = StateBlock.push  # markdown-it's own, for every token but a table row's
_new_token = object.__new__
_TOKEN = Token  # the class itself (tests count calls of the name Token)


@functools.cache
def _plain_tokens() -> bool:
    """Whether markdown-it's Token has the fields _CompactState.push and the paragraph rule
    set (block_rules.TOKEN_FIELDS; another markdown-it-py's tokens are made by its push)."""
    return tuple(field.name for field in dataclasses.fields(Token)) == block_rules.TOKEN_FIELDS


class _CompactState(StateBlock):
    """A block state that stores each table row as one TableRow instead of its tokens.

    markdown-it's table rule pushes a row as tr_open, (td_open, inline, td_close) per cell
    and tr_close: 23 tokens for 7 cells, about 8 KB with their dicts, all alive until the
    walk (a 50,000-row table took 620 MiB). The rule still decides every row and cell; only
    what push returns changes: the row itself for tr_open (the rule sets its map), a
    scratch cell for the cells, whose content is taken when the cell closes.
    """

    def __init__(self, src: str, md: MarkdownIt, env: Env, tokens: list[Token]) -> None:
        if isinstance(md.block, _CompactBlock) and md.block.transcribed:
            block_rules.set_up(self, src, md, env, tokens)
        else:
            super().__init__(src, md, env, tokens)
        self.row: TableRow | None = None
        self.cell = Cell()
        self.plain_tokens = _plain_tokens()

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        if self.parentType == "table":  # three calls per cell of a table: the fewest steps
            part = CELL_PARTS.get(ttype)
            if part is not None:
                cell = self.cell
                if part < 0:
                    if self.row is not None:
                        self.row.cells.append(cell.content)
                elif part == 0:
                    cell.content = ""
                return cell  # type: ignore[return-value]  # not cast(): called for every cell
            if ttype == "tr_open":
                self.row = TableRow(self.level, self.env)
                self.tokens.append(cast(Token, self.row))
                self.level += 1
                return cast(Token, self.row)
            if ttype == "tr_close":
                self.level -= 1
                return cast(Token, self.cell)
        if not self.plain_tokens:
            return _push(self, ttype, tag, nesting)
        # StateBlock.push's token, its fields set here: the dataclass's __init__ and
        # __post_init__ took half of a push (90,000 tokens for 100 documents)
        level = self.level
        if nesting < 0:
            level = self.level = level - 1
        token = _new_token(_TOKEN)
        token.type, token.tag, token.nesting, token.attrs = ttype, tag, nesting, {}
        token.map, token.level, token.children, token.content = None, level, None, ""
        token.markup = token.info = ""
        token.meta, token.block, token.hidden = {}, True, False
        if nesting > 0:
            self.level = level + 1
        self.tokens.append(token)
        return token


# Set in the parse's env when a block was read at the nesting limit (markdown-it skips it):
# only then are the tokens searched for parts to read again (unread.recover).
_DEEP = "opslint.deep"


class _CompactBlock(ParserBlock):
    """markdown-it's block parser with table rows stored compactly (_CompactState), which
    notes a block read at the nesting limit; ``transcribed``: its tokenize loop and state
    set-up are block_rules' (the installed markdown-it's code is the one transcribed)."""

    def __init__(self, transcribed: bool) -> None:
        super().__init__()
        self.transcribed = transcribed

    def tokenize(self, state: StateBlock, startLine: int, endLine: int) -> None:
        if self.transcribed:  # the state's rules and limit (block_rules.set_up's)
            max_nesting = state.max_nesting  # type: ignore[attr-defined]
            if state.level >= max_nesting:
                state.env[_DEEP] = True
            block_rules.tokenize(state, startLine, endLine,
                                 state.root_rules, max_nesting)  # type: ignore[attr-defined]
            return
        if state.level >= state.md.options.maxNesting:
            state.env[_DEEP] = True
        super().tokenize(state, startLine, endLine)

    def parse(self, src: str, md: MarkdownIt, env: Env, outTokens: list[Token]
              ) -> list[Token] | None:
        if not src:
            return None
        state = _CompactState(src, md, env, outTokens)
        self.tokenize(state, state.line, state.lineMax)
        return state.tokens


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


def _link_href(url: str) -> str | None:
    """A link destination's href as markdown-it gives it, None when it would refuse it."""
    # Most destinations are plain URLs, and most are linked once (14,000 of the 5 MB
    # document's 14,090 links): a cache alone saved nothing, mdurl's parse took 45 µs each.
    return url if unchanged_href(url) else _normalized_href(url)


@functools.lru_cache(maxsize=4096)  # a document set links the same pages again and again
def _normalized_href(url: str) -> str | None:
    md = _inline_parser()
    href = md.normalizeLink(url)
    return href if md.validateLink(href) else None


def _inline_children(content: str, env: Env, token: type[Token | Piece] = Piece
                     ) -> Sequence[Token | Piece]:
    """The inline tokens of a text, as markdown-it's inline parser gives them (their types
    and contents: the walker reads nothing else). As Pieces (the walker's), a simple text's
    are one text piece holding what the walker reads of them (Walker.text: their words)."""
    # Inline nesting (brackets, emphasis) keeps markdown-it's own limit: its cost grows with
    # the limit on hostile text (50,000 "[" take 4x longer at 100 than at 20).
    if _simple_inline_known():
        if token is Piece:
            text = _simple_text(content, env)
            if text is not None:  # a simple text has no comment (the walker collects them)
                return [Piece("text", "", 0, content=text)]
        # Plain text, code spans, simple links (most of a document's cells and lines): the
        # tokens markdown-it's parse would give, without its state.
        simple = simple_inline(content, token, _link_href, "references" in env)
        if simple is not None:
            return simple
    inline = _inline_parser()
    children: list[Token] = []
    inline.inline.parse(content, inline, env, children)
    return children


@functools.cache
def _flanks() -> emphasis.Flanks | None:
    """How markdown-it flanks a run of "*" (emphasis.flanks), when its emphasis code is the
    one inline_simple reads ``**label**`` for; else None (markdown-it reads it)."""
    try:
        functions = [StateInline.scanDelims, StateInline.push, *(
            getattr(importlib.import_module(f"markdown_it.rules_inline.{module}"), name)
            for module, name in emphasis.CODE)]
    except (AttributeError, ImportError):
        return None
    if not emphasis.known(functions):
        return None
    return emphasis.flanks(isWhiteSpace, isPunctChar, isMdAsciiPunct)


def _simple_text(content: str, env: Env) -> str | None:
    """What the walker reads of a simple text's inline tokens (inline_simple), else None."""
    return simple_text(content, _link_href, "references" in env, _flanks())


def _parse_inlines(state: StateCore) -> None:
    """markdown-it's inline core rule: every inline token's children, parsed now."""
    for token in state.tokens:
        if token.type == "inline":
            children = _inline_children(token.content, state.env, Token)  # text_join's
            token.children = cast(list[Token], children)


def _defer_inlines(state: StateCore) -> None:
    """Marks the inline tokens as not parsed yet: the walker parses each when it reads it."""
    for token in state.tokens:
        if token.type == "inline":
            token.children = None


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
        self.block = _CompactState(core.src, self.md, self.env, [])

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


def _tokens(text: str, env: Env, lines: list[str] | None = None
            ) -> tuple[list[Token], list[ReadProblem]]:
    """The document's tokens, re-reading past the nesting limit, and the parts left unread;
    ``lines`` are the text's lines split at every break (the last one empty after a break)."""
    tokens = _parser().parse(text, env)
    if not env.pop(_DEEP, False):
        return tokens, []  # nothing skipped: no token to search (a pass over all of them)
    if lines is None:
        lines = LINE_BREAK.split(text)
    reparser: list[_Reparser] = []  # built on the first deep region only

    def parse(start: int, end: int) -> list[Token]:
        if not reparser:
            reparser.append(_Reparser(text))
        return reparser[0](start, end)

    tokens, unread = recover(tokens, lines, BLOCK_NESTING, parse)
    problems = [ReadProblem("unread", start + 1, last_text_line(lines, start, end),
                            str(LIST_LEVELS)) for start, end in unread]
    return tokens, problems


def parse_document(path: Path, source: SourceText, kind: DocKind = DocKind.UNKNOWN) -> Document:
    """Parse decoded text into a Document; the kind is decided later by the caller."""
    with collector_paused():
        return _parse_document(path, source, kind)


def _parse_document(path: Path, source: SourceText, kind: DocKind) -> Document:
    env: Env = {}
    # The text is split into lines once, for the unread parts, the unclosed block and the
    # model's lines (three splits of every document before); without a "\r" LINE_BREAK's
    # breaks are the "\n"s, which str.split finds without the regex engine.
    text = source.text
    breaks = LINE_BREAK.split(text) if "\r" in text else text.split("\n")
    tokens, problems = _tokens(source.text, env, breaks)
    known = _simple_inline_known()
    walker = Walker(tokens, _inline_children, env, first_active if known else None,
                    _simple_text if known else None)
    walker.run()
    lines = tuple(breaks[:-1] if breaks[-1] == "" else breaks)  # as load.split_lines
    root = freeze(walker.root, section_ends(walker.root, max(len(lines), 1)))
    front_matter, front_problem = read_front_matter(
        source.text, walker.front_matter, walker.front_matter_end)
    unclosed = unclosed_block(walker.closable, breaks)
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
