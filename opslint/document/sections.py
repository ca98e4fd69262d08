"""The section tree: headings nest by level, and each section ends before the next heading
of its level or higher."""

from __future__ import annotations

from dataclasses import dataclass, field

from opslint.document.model import Block, Section
from opslint.document.normalize import heading_number, normalize

__all__ = ["SectionBuilder", "freeze", "section_ends"]


@dataclass
class SectionBuilder:
    level: int
    title: str
    line: int
    blocks: list[Block] = field(default_factory=list)
    children: list[SectionBuilder] = field(default_factory=list)


def freeze(builder: SectionBuilder, ends: dict[int, int]) -> Section:
    number: str | None = None
    norm = ""
    if builder.level:  # the title's numbering, and the rest normalised (one reading)
        number, rest = heading_number(builder.title)
        norm = normalize(rest)
    return Section(
        level=builder.level,
        title=builder.title,
        norm=norm,
        number=number,
        line=builder.line,
        end_line=ends[id(builder)],
        blocks=tuple(builder.blocks),
        children=tuple(freeze(child, ends) for child in builder.children),
    )


def section_ends(root: SectionBuilder, last_line: int) -> dict[int, int]:
    """Each section ends before the next heading of its level or higher (one pass, a stack)."""
    ends = {id(root): last_line}
    open_sections: list[SectionBuilder] = []

    def visit(node: SectionBuilder) -> None:
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
