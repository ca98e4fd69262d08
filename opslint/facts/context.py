"""Context documents answer too: evidence for a rule's question in the design documents.

A rule declares ``answered_by_context`` (rules/*.yaml, ``engine/schema.ContextAnswer``): the
part of a vocabulary that, said in the architecture, basic design or security design of the
same set, answers what the rule asks of the operation or release document ("a new service
with no incident history yet" in the architecture answers "what were the past incidents?").
The engine drops the rule's findings for a document when such evidence exists. The lookup
reads each context document's units once (the model's ``DOC_UNITS`` reading).
"""

from __future__ import annotations

from opslint.engine.context import CheckContext
from opslint.engine.schema import ContextAnswer
from opslint.facts.parts import find_part, part_named
from opslint.facts.units import DOC_UNITS, Unit

__all__ = ["context_answer"]


def context_answer(ctx: CheckContext, spec: ContextAnswer) -> Unit | None:
    """The first unit of a context document (of the spec's kinds, the checked document's
    siblings) that mentions the spec's part, or None."""
    stem, section, key = spec.part.split(":")
    part = part_named(ctx.vocab, stem, key, section)
    for kind in spec.kinds:
        for other in ctx.siblings(kind):
            if other is ctx.doc:
                continue
            units: tuple[Unit, ...] = ctx.read(DOC_UNITS, "whole", "none", True, doc=other)
            found = find_part(units, part)
            if found is not None:
                return found
    return None
