"""Unchecked items under a confirmation-gate heading (確認ゲート), at that item's gate
(GATE010-016).

Only GFM task items under a gate heading count. A task item elsewhere, or a ballot box
(□, □OK) in a table cell, is a run sheet ticked while the procedure is carried out: left
unticked in the written procedure is its normal state, not an open question.
"""

from __future__ import annotations

from collections.abc import Iterator

from opslint.checks.gate.params import GateItemParams
from opslint.checks.shared.text import VOCAB, fold, regexes, vocab_value
from opslint.checks.shared.words import clip
from opslint.document.model import Document, ListItem, Section
from opslint.document.normalize import contains_any
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.facts.reading import Reading
from opslint.facts.semantic import SemanticModel

_ITEM_CHARS = 60


def is_gate(ctx: CheckContext, section: Section) -> bool:
    terms = tuple(str(t) for t in vocab_value(ctx, VOCAB, "gate_headings") or [])
    number = regexes(ctx, VOCAB, "gate_number")
    return contains_any(section.norm, terms) or any(p.search(section.norm) for p in number)


def gate_number(ctx: CheckContext, section: Section) -> int | None:
    """The gate a gate heading closes: its own number, else its phase by kind or chapter."""
    for pattern in regexes(ctx, VOCAB, "gate_number"):
        match = pattern.search(section.norm)
        if match:
            return int(match.group(1))
    by_kind = vocab_value(ctx, VOCAB, "gate_by_kind") or {}
    if ctx.doc.kind.value in by_kind:
        return int(by_kind[ctx.doc.kind.value])
    chapters = vocab_value(ctx, VOCAB, "gate_by_chapter") or {}
    # The nearest heading at or before the gate that names a phase's chapter decides.
    before = [s for s in ctx.doc.sections() if s.line <= section.line]
    for candidate in reversed(before):
        for gate, keys in chapters.items():
            if any(ctx.vocab.section_matches(candidate, str(k)) for k in keys):
                return int(gate)
    return None


def _open(ctx: CheckContext, item: ListItem) -> bool:
    """An unchecked task item; also "［ ］" typed in full width or a "□" ballot in a gate list."""
    if item.checked is not None:
        return not item.checked
    text = fold(item.text).text.lstrip()
    return any(p.match(text) for p in regexes(ctx, VOCAB, "gate_open_box"))


def gate_items(section: Section, gate_lines: set[int]) -> Iterator[ListItem]:
    """Task items of a gate section, leaving nested gate headings to themselves."""
    yield from (b for b in section.blocks if isinstance(b, ListItem))
    for child in section.children:
        if child.line not in gate_lines:
            yield from gate_items(child, gate_lines)


def _read_gates(doc: Document, model: SemanticModel) -> tuple[tuple[Section, int | None], ...]:
    ctx = CheckContext(doc, model)
    return tuple((s, gate_number(ctx, s)) for s in doc.sections() if is_gate(ctx, s))


# The gate headings of a document with the gate each closes, in document order: read once
# per document for the seven gate rules (GATE010-016) and GATE017, not once per rule.
GATES: Reading[tuple[tuple[Section, int | None], ...]] = Reading("gate-sections", _read_gates)


def gate_sections(ctx: CheckContext) -> list[Section]:
    """The document's gate headings, in document order."""
    return [section for section, _ in ctx.read(GATES)]


def gate_item_open(ctx: CheckContext, params: GateItemParams) -> Iterator[Hit]:
    """One finding per unchecked ``- [ ]`` item under a heading of this gate."""
    gates = ctx.read(GATES)
    gate_lines = {s.line for s, _ in gates}
    boxes = regexes(ctx, VOCAB, "gate_open_box")
    for section, number in gates:
        if number != params.gate:
            continue
        for item in gate_items(section, gate_lines):
            if not _open(ctx, item):
                continue
            raw = fold(ctx.doc.lines[item.line - 1])
            box = next((m for p in boxes if (m := p.search(raw.text))), None)
            text = clip(" ".join(item.text.split()), _ITEM_CHARS)
            yield Hit(item.line, column=raw.column(box.start()) if box else 1,
                      args={"item": text, "gate": str(params.gate)}, key=f"gate-item:{item.line}")
