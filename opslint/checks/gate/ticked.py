"""A ticked gate item whose subject the document lacks (GATE020).

A confirmation gate item ticked (``- [x]``) says its subject is settled. When the item
names a chapter of the document's outline (rollback, contacts, backup and DR, …) by one of
that chapter's subject words (rules/vocab/gate_subjects.yaml) and the document has no
such chapter, the sign-off and the document disagree: a reviewer would pass the gate on a
claim the document does not back. Items that say the subject does not apply ("ロールバッ
クは不要", "no rollback: first release") are read with their polarity and left alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from opslint.checks.gate.gates import gate_items, gate_number, is_gate
from opslint.checks.shared.text import vocab_value
from opslint.checks.shared.words import clip
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.outlines import match_outline
from opslint.engine.registry import NoParams
from opslint.facts.polarity import ADOPTED, fold_unit, polarity
from opslint.facts.text import Terms

_SUBJECTS = "gate_subjects"
_ITEM_CHARS = 60


def gate_item_subject_absent(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """One finding per ticked gate item naming a chapter this document does not have."""
    outline = ctx.model.outlines.get(ctx.doc.kind)
    subjects: Mapping[str, list[str]] = vocab_value(ctx, _SUBJECTS, "chapters") or {}
    if outline is None or not subjects:
        return
    found = match_outline(ctx.doc, outline, ctx.vocab)
    missing = [e for e in outline.sections if e.key not in found and e.key in subjects]
    if not missing:
        return
    gates = [s for s in ctx.doc.sections() if is_gate(ctx, s)]
    gate_lines = {s.line for s in gates}
    for section in gates:
        for item in gate_items(section, gate_lines):
            if item.checked is not True:
                continue
            text = fold_unit(item.text)
            for entry in missing:
                span = Terms.span(text, [str(t) for t in subjects[entry.key]])
                if span is None or polarity(ctx.vocab, text, *span) != ADOPTED:
                    continue
                yield Hit(
                    item.line,
                    gate=gate_number(ctx, section),
                    args={"item": clip(" ".join(item.text.split()), _ITEM_CHARS),
                          "section": LocalText(ja=entry.title.ja, en=entry.title.en)},
                    key=f"gate-subject:{item.line}:{entry.key}",
                )
                break
