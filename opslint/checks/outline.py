"""Outline checks: the expected chapters of a document kind are present, filled and in order."""

from __future__ import annotations

from collections.abc import Iterator

from opslint.document.model import Section
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.outlines import Outline, match_outline
from opslint.engine.registry import NoParams, check_kind
from opslint.engine.schema import Localized


def _outline(ctx: CheckContext) -> Outline | None:
    return ctx.outlines.get(ctx.doc.kind)


def _title(title: Localized) -> LocalText:
    return LocalText(ja=title.ja, en=title.en)


@check_kind("outline-section-missing")
def section_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A required chapter of the kind's outline has no matching heading."""
    outline = _outline(ctx)
    if outline is None:
        return
    found = match_outline(ctx.doc, outline, ctx.vocab)
    last_line = max(len(ctx.doc.lines), 1)
    for index, entry in enumerate(outline.sections):
        if not entry.required or entry.key in found:
            continue
        # Point at the chapter it should precede, where the fix inserts it.
        later = [found[e.key].line for e in outline.sections[index + 1 :] if e.key in found]
        line = min(later) if later else last_line
        yield Hit(line, args={"section": _title(entry.title)}, key=f"section:{entry.key}")


def _empty_leaves(section: Section) -> Iterator[Section]:
    if not section.has_content():
        yield section
        return
    for child in section.children:
        yield from _empty_leaves(child)


@check_kind("outline-section-empty")
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


@check_kind("outline-section-order")
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
        after_title = _title(before.title) if before else LocalText("先頭", "the start")
        yield Hit(
            lines[index],
            args={"section": _title(entry.title), "after": after_title},
            key=f"order:{entry.key}",
        )
