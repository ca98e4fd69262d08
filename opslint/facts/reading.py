"""Reading tables and prose lines: columns found by their synonyms, lines outside
front matter, HTML comments and code.

Facts and checks both read documents this way, so it lives below both.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from opslint.document.model import CodeBlock, Document, Section, Table
from opslint.document.normalize import contains_any, normalize
from opslint.engine.memo import Bounded, LastKept
from opslint.engine.vocab import Vocab

__all__ = ["SCOPE_LINES", "ColumnMap", "Line", "Reading", "column_terms", "header_columns",
           "map_columns", "scan_lines"]

T = TypeVar("T")


@dataclass(frozen=True)
class Reading(Generic[T]):
    """A named, pure reading of one document that several checks share (a release's
    chapters, its timeline, its text units, the secret scan): computed once per document by
    the semantic model (``SemanticModel.read``)."""

    name: str
    function: Callable[..., T]  # (document, model, *args) -> T; args are hashable


@dataclass(frozen=True)
class ColumnMap:
    """A table with the index of each column key found in its header."""

    table: Table
    columns: Mapping[str, int]

    def cell(self, row_index: int, key: str) -> str:
        return self.table.rows[row_index].get(self.columns.get(key))

    def has(self, *keys: str) -> bool:
        return all(k in self.columns for k in keys)


def column_terms(vocab: Vocab, key: str) -> tuple[str, ...]:
    return vocab.term_list("columns", key)


def map_columns(table: Table, vocab: Vocab, keys: Sequence[str]) -> ColumnMap:
    """Find each key's column; the first key to claim a header keeps it (order = priority)."""
    return ColumnMap(table, header_columns(table.header, vocab, keys))


def header_columns(header: Sequence[str], vocab: Vocab, keys: Sequence[str]) -> dict[str, int]:
    """Each key's column in a header row (a new dict the caller may change); the first key to
    claim a header keeps it (order = priority).

    The same header rows recur in every table of a kind and in every document, and each
    reader maps them for its own keys (a table's role is found by mapping its header once per
    role): each distinct (header, keys) is mapped once per vocabulary and kept in a bounded
    memo on the vocabulary, so another rules folder never sees its answer."""
    # Distinct (header, keys) pairs: docs100 has about 700 (a few hundred header rows, read
    # for one to eight key lists each), well within the memo's 4,096.
    memo: Bounded[tuple[tuple[str, ...], tuple[str, ...]], dict[str, int]] = vocab.compiled(
        "reading.header_columns", Bounded)
    cells, wanted = tuple(header), tuple(keys)
    return dict(memo.get((cells, wanted), _map_header, cells, vocab, wanted))


def _map_header(header: tuple[str, ...], vocab: Vocab, keys: tuple[str, ...]) -> dict[str, int]:
    headers = [normalize(h) for h in header]
    found: dict[str, int] = {}
    for key in keys:
        terms = column_terms(vocab, key)
        for index, text in enumerate(headers):
            if index not in found.values() and contains_any(text, terms):
                found[key] = index
                break
    return found


@dataclass(frozen=True)
class Line:
    """A source line with its 1-based number, for line-oriented scans."""

    number: int
    text: str


def scan_lines(
    doc: Document, section: Section | None = None, *, code: bool = False
) -> Iterator[Line]:
    """Source lines of a document (or a section), skipping front matter, HTML comments and,
    unless ``code``, fenced code. Columns of matches are then exact.

    The document's lines are read once (per ``code``) and a section's are a slice of them:
    the readers scan a document section by section, and several rules scan it whole. A
    section's code blocks are the document's code blocks within its lines (sections nest),
    so the slice skips the same lines as reading the section alone."""
    kept = _LINES.setdefault(code, LastKept())
    lines = kept.get((doc,), lambda: _read_lines(doc, doc.root, code))
    if section is None or not section.level:
        return iter(lines)
    start = bisect_left(lines, section.line, key=_number)
    end = bisect_right(lines, section.end_line, key=_number)
    return iter(lines[start:end])


def _number(line: Line) -> int:
    return line.number


def _read_lines(doc: Document, scope: Section, code: bool) -> tuple[Line, ...]:
    skip: set[int] = set(range(1, doc.front_matter_end + 1))
    if not code:
        for block in scope.all_blocks():
            if isinstance(block, CodeBlock):
                skip.update(range(block.line, block.end_line + 1))
    comments = _COMMENTS.get((doc,), lambda: frozenset(_comment_lines(doc)))
    first = scope.line if scope.level else 1
    last = scope.end_line if scope.level else len(doc.lines)
    skip.update(comments)
    texts = doc.lines
    found: list[Line] = []
    append = found.append
    # ``_line`` written out: a call per line of every document costs a fifth of the reading.
    for number in range(first, min(last, len(texts)) + 1):
        if number in skip:
            continue
        text = texts[number - 1]
        if "<!--" in text:
            text = _INLINE_COMMENT.sub(_blank, text)
        line = _new(Line)
        fields = line.__dict__
        fields["number"] = number
        fields["text"] = text
        append(line)
    return tuple(found)


_new = object.__new__


def _line(number: int, text: str) -> Line:
    """``Line(number, text)`` without the frozen dataclass's ``__init__`` (a guarded
    ``setattr`` per field; a 5 MB document has 60 k lines): the instance's ``__dict__`` is
    the one ``__init__`` leaves, so equality, hashing and ``repr`` are the same."""
    line = _new(Line)
    fields = line.__dict__
    fields["number"] = number
    fields["text"] = text
    return line


# The lines of the last document scanned, with and without code (memory bounded by one
# document), and its whole-line comments.
_LINES: dict[bool, LastKept[tuple[Line, ...]]] = {}
_COMMENTS: LastKept[frozenset[int]] = LastKept()


def _scope_lines(doc: Document, model: Any, sections: tuple[str, ...]) -> tuple[Line, ...]:
    """The document's lines (``scan_lines``) within any of the sections of these keys, in
    order, each once: the sections' line spans merged, then one slice of the lines per
    merged span (a section's lines are the slice of its span; the union of slices of one
    sorted tuple is the slices of the union of the spans), not a line at a time."""
    lines = tuple(scan_lines(doc))
    if not sections:
        return lines
    spans = sorted((s.line, s.end_line) if s.level else (0, len(doc.lines))
                   for key in sections for s in model.vocab.find_sections(doc, key))
    merged: list[list[int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    found: list[Line] = []
    for first, last in merged:
        found += lines[bisect_left(lines, first, key=_number):
                       bisect_right(lines, last, key=_number)]
    return tuple(found)


# The prose lines of the sections with these keys (the whole document for none), once per
# document and keys: ctx.read(SCOPE_LINES, keys). The placeholder, tentative-value, toil and
# blameless rules scan the same lines.
SCOPE_LINES: Reading[tuple[Line, ...]] = Reading("scope-lines", _scope_lines)


_COMMENT_OPEN = re.compile(r"^\s*<!--")
_INLINE_COMMENT = re.compile(r"<!--.*?-->")


def _blank(match: re.Match[str]) -> str:
    # Comments become spaces of the same length, so match columns stay exact.
    return " " * len(match.group(0))


def _comment_lines(doc: Document) -> set[int]:
    # Whole-line HTML comments (possibly multi-line) are not prose.
    lines: set[int] = set()
    inside = False
    for number, text in enumerate(doc.lines, start=1):
        if inside or ("<!--" in text and _COMMENT_OPEN.match(text)):
            if "-->" in text:
                inside = False
                if text.strip().endswith("-->"):
                    lines.add(number)
                continue
            inside = True
            lines.add(number)
    return lines
