"""Outline checks: the expected chapters of a document kind are present, filled and in order."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from opslint.document.load import split_lines
from opslint.document.model import CodeBlock, Document, Section
from opslint.document.normalize import heading_number
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.fixes import Fix, line_starts
from opslint.engine.outlines import Outline, OutlineSection, chapter_sections, match_outline
from opslint.engine.registry import NoParams
from opslint.engine.schema import Localized

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_COMMENT_LINE = re.compile(r"^\s*<!--.*-->\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _outline(ctx: CheckContext) -> Outline | None:
    return ctx.outlines.get(ctx.doc.kind)


def _title(title: Localized) -> LocalText:
    return LocalText(ja=title.ja, en=title.en)


def section_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A required chapter of the kind's outline has no matching heading; the fix inserts it."""
    outline = _outline(ctx)
    if outline is None:
        return
    found = match_outline(ctx.doc, outline, ctx.vocab)
    missing = [(i, e) for i, e in enumerate(outline.sections) if e.required and e.key not in found]
    if not missing:
        return
    places = {i: _place(ctx.doc, outline, found, i) for i, _ in missing}
    swallowed = _unclosed_fence(ctx.doc)
    style = _Style.of(ctx.doc, outline, found)
    stacked: dict[int, int] = {}
    for index, entry in missing:
        line, offset = places[index]
        position = stacked[offset] = stacked.get(offset, -1) + 1
        content = _insertion(ctx.doc, style, entry, offset, first=position == 0)
        # Text added after an unclosed fence would be code, and the fix would never settle.
        fix = None if swallowed and offset == len(ctx.doc.text) else Fix.insert(
            offset, content, rank=index)
        yield Hit(
            # The chapter it should precede, where the fix inserts it (or the last line).
            min(line, max(len(ctx.doc.lines), 1)),
            args={"section": _title(entry.title)},
            key=f"section:{entry.key}",
            fix=fix,
        )


def _chapter_of(section: Section, chapters: list[Section]) -> Section:
    # A part matched one level deeper (corpus notes §2) moves with the chapter holding it.
    return next((c for c in chapters if c.line <= section.line <= c.end_line), section)


def _place(
    doc: Document, outline: Outline, found: dict[str, Section], index: int
) -> tuple[int, int]:
    """Where a missing chapter goes: (line it precedes, text offset of the insertion).

    Before the next present chapter of the outline, else after the previous one, else at
    the end; out-of-order documents keep it after every earlier chapter.
    """
    chapters = chapter_sections(doc)
    entries = outline.sections
    before = [_chapter_of(found[e.key], chapters) for e in entries[:index] if e.key in found]
    after = [_chapter_of(found[e.key], chapters) for e in entries[index + 1 :] if e.key in found]
    earlier_end = max((c.end_line for c in before), default=0)
    later = [c.line for c in after if c.line > earlier_end]
    starts = line_starts(doc.text)
    if later:
        line = min(later)
    elif before:
        line = earlier_end + 1
    else:
        return len(starts) + 1, len(doc.text)
    # Keep comments written just above a heading (suppressions, anchors) with that heading.
    start = line
    while (line <= len(doc.lines) and start - 1 > doc.front_matter_end
           and _COMMENT_LINE.match(_line(doc, start - 1))):
        start -= 1
    offset = starts[start - 1] if start - 1 < len(starts) else len(doc.text)
    return line, offset


def _unclosed_fence(doc: Document) -> bool:
    """Whether the document ends inside a fenced code block that is never closed."""
    blocks = [b for b in doc.root.all_blocks() if isinstance(b, CodeBlock)]
    if not blocks or blocks[-1].end_line < len(doc.lines):
        return False
    last = blocks[-1]
    opener = _FENCE.match(_line(doc, last.line))
    if opener is None:
        return False  # an indented code block ends at the first unindented line anyway
    closer = _line(doc, last.end_line).strip()
    return last.end_line == last.line or not closer.startswith(opener.group(1))


def _line(doc: Document, line: int) -> str:
    return doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""


@dataclass(frozen=True)
class _Style:
    """How the document writes its chapters, so an inserted one looks like the others."""

    level: int
    numbered: bool
    lang: str
    newline: str
    preamble: str  # title and header fields, for a document with no content yet

    @classmethod
    def of(cls, doc: Document, outline: Outline, found: dict[str, Section]) -> _Style:
        levels = Counter(s.level for s in found.values())
        has_h1 = any(s.level == 1 for s in doc.sections())
        level = levels.most_common(1)[0][0] if levels else 2
        numbered = not found or any(s.number for s in found.values())
        lang = "ja" if doc.lang == "ja" or _CJK.search(doc.title or "") else "en"
        nl = doc.source.newline
        preamble = ""
        if _is_blank(doc):  # a new, empty document gets the whole skeleton
            preamble = "" if has_h1 else f"# {outline.title.get(lang)}{nl}{nl}"
            if outline.header is not None:
                preamble += outline.header.get(lang).replace("\n", nl) + nl + nl
        return cls(max(level, 2 if has_h1 or preamble else 1), numbered, lang, nl, preamble)


def _is_blank(doc: Document) -> bool:
    """No content at all: nothing but front matter, comments and at most a title."""
    return not doc.root.has_content() and all(s.level == 1 for s in doc.sections())


def _insertion(doc: Document, style: _Style, entry: OutlineSection, offset: int,
               *, first: bool) -> str:
    """Heading and skeleton text for one missing chapter, separated by blank lines."""
    nl = style.newline
    title = entry.title.get(style.lang)
    if not style.numbered:
        title = heading_number(title)[1]
    skeleton = entry.skeleton.get(style.lang) if entry.skeleton else "TBD"
    block = f"{'#' * style.level} {title}{nl}{nl}{skeleton.replace(chr(10), nl)}{nl}"
    before = doc.text[:offset]
    at_end = offset == len(doc.text)
    if not first:
        return nl + block if at_end else block + nl
    lead = ""
    if before and not before.endswith(("\n", "\r")):
        lead += nl
    if before.strip() and not _ends_with_blank_line(before):
        lead += nl
    if at_end:
        return lead + style.preamble + block
    return lead + block + nl


def _ends_with_blank_line(text: str) -> bool:
    lines = split_lines(text)
    return bool(lines) and not lines[-1].strip() and text.endswith(("\n", "\r"))


def _empty_leaves(section: Section) -> Iterator[Section]:
    if not section.has_content():
        yield section
        return
    for child in section.children:
        yield from _empty_leaves(child)


def section_empty(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """An outline chapter, or a heading inside one, has no content at all."""
    outline = _outline(ctx)
    if outline is None:
        return
    for section in match_outline(ctx.doc, outline, ctx.vocab).values():
        for empty in _empty_leaves(section):
            yield Hit(empty.line, args={"section": empty.title}, key=f"empty:{empty.line}")


def _longest_increasing(values: list[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence (O(n²); outlines are short)."""
    if not values:
        return set()
    best = [1] * len(values)
    previous = [-1] * len(values)
    for i, value in enumerate(values):
        for j in range(i):
            if values[j] < value and best[j] + 1 > best[i]:
                best[i], previous[i] = best[j] + 1, j
    index = max(range(len(values)), key=lambda k: (best[k], -k))
    keep: set[int] = set()
    while index >= 0:
        keep.add(index)
        index = previous[index]
    return keep


def section_order(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """Chapters appear in the outline's order; the fewest moved chapters are reported."""
    outline = _outline(ctx)
    if outline is None:
        return
    found = match_outline(ctx.doc, outline, ctx.vocab)
    entries = [e for e in outline.sections if e.key in found]
    lines = [found[e.key].line for e in entries]
    keep = _longest_increasing(lines)
    for index, entry in enumerate(entries):
        if index in keep:
            continue
        before = next((entries[k] for k in range(index - 1, -1, -1) if k in keep), None)
        after = next((entries[k] for k in range(index + 1, len(entries)) if k in keep), None)
        yield Hit(
            lines[index],
            args={"section": _title(entry.title),
                  "position": _position(ctx, before, after)},
            key=f"order:{entry.key}",
        )


def _position(ctx: CheckContext, before: OutlineSection | None,
              after: OutlineSection | None) -> LocalText:
    """Where a chapter belongs, between the chapters that stay in place."""
    words = ctx.vocab.terms["report_text"]["outline_position"]

    def phrase(lang: str) -> str:
        w = words[lang]
        parts = [w[side].format(title=getattr(entry.title, lang))
                 for side, entry in (("after", before), ("before", after)) if entry is not None]
        return str(w["joiner"]).join(parts) or str(w["start"])

    return LocalText(phrase("ja"), phrase("en"))
