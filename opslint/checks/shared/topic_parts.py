"""Topic checks: wherever a document discusses a topic, the parts the topic needs are there.

Unlike ``parts-missing`` (a section's contents), the scope here follows the topic itself:
headings about it, lines mentioning it, and the nested items or table rows under those.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from opslint.checks.shared.params import TopicParams
from opslint.checks.shared.units import (
    Part,
    Unit,
    anchor_line,
    doc_units,
    find_part,
    named_part,
    outermost,
    primary_line,
    scope_sections,
    section_units,
)
from opslint.checks.shared.words import join_labels
from opslint.document.model import Document, Section
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.engine.vocab import Vocab
from opslint.facts.parts import part_units

__all__ = ["topic_units"]


def _followers(units: Sequence[Unit], index: int) -> Iterator[Unit]:
    """Nested items under a list item, or the rows under a table header."""
    head = units[index]
    for unit in units[index + 1 :]:
        nested = head.kind == "item" and unit.kind == "item" and unit.depth > head.depth
        if not (nested or (head.kind == "header" and unit.kind == "row")):
            return
        yield unit


def topic_units(doc: Document, vocab: Vocab, topic: Part, within: Sequence[str] = (),
                ctx: CheckContext | None = None) -> list[Unit]:
    """Units about a topic: sections titled after it, lines naming it, and what hangs under them.

    Given the check's context (of this document), sections' units are slices of the model's
    units of the whole document (``scope_units``) rather than cut again."""
    from opslint.checks.shared.units import scope_units

    def cut(section: Section) -> Sequence[Unit]:
        if ctx is not None and ctx.doc is doc:
            return scope_units(ctx, section)
        return list(section_units(doc, section))

    sections = scope_sections(vocab, doc, within) if within else []
    pool = ([u for s in sections for u in cut(s)] if sections
            else doc_units(ctx) if ctx is not None and ctx.doc is doc else doc_units(doc))
    about = {id(u) for u in part_units(pool, topic)}  # the topic's terms searched once
    titled = outermost(u.section for u in pool if u.kind == "title" and id(u) in about)
    found = [u for s in titled for u in cut(s)]
    for index, unit in enumerate(pool):
        if unit.kind != "title" and id(unit) in about:
            found.append(unit)
            found.extend(_followers(pool, index))
    unique = {(u.line, u.kind, u.text): u for u in found}
    return sorted(unique.values(), key=lambda u: u.line)


def _anchor(ctx: CheckContext, keys: Sequence[str]) -> int:
    """The first anchor key (in the given order) that has a section, else the title."""
    for key in keys:
        sections = scope_sections(ctx.vocab, ctx.doc, [key])
        if sections:
            return primary_line(sections)
    return anchor_line(ctx.doc)


def topic_parts_missing(ctx: CheckContext, params: TopicParams) -> Iterator[Hit]:
    """The topic is never discussed, or its discussion lacks some of the parts."""
    topic = named_part(ctx, params.vocab, params.topic)
    parts = [(key, named_part(ctx, params.vocab, key)) for key in params.parts]
    units = topic_units(ctx.doc, ctx.vocab, topic, params.within, ctx)
    if not units:
        if params.if_absent == "report":
            line = _anchor(ctx, params.anchor)
            yield Hit(line, args={"part": topic.text()}, key=f"{params.vocab}:{params.topic}")
        return
    held = tuple(units)  # a tuple: its texts are joined once for all the parts
    missing = [(k, p) for k, p in parts if find_part(held, p) is None]
    if missing:
        label = join_labels(ctx.vocab, [p.text() for _, p in missing])
        keys = "+".join(k for k, _ in missing)
        titles = [u.line for u in units if u.kind == "title"]
        line = titles[0] if titles else units[0].line
        yield Hit(line, args={"part": label}, key=f"{params.vocab}:{keys}")
