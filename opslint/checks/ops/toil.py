"""Manual work (toil) in release-day steps and routine operations (OPS050-052): the spec's
absolute rule 2, automation first."""

from __future__ import annotations

from collections.abc import Iterator

from opslint.checks.ops.params import ManualParams
from opslint.checks.shared.text import fold, regexes, scope_lines, spans
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit

VOCAB = "toil"


def manual_step(ctx: CheckContext, params: ManualParams) -> Iterator[Hit]:
    """One finding per line naming manual work, unless the line already states automation."""
    terms = tuple(p for family in params.families for p in regexes(ctx, VOCAB, "terms", family))
    exempt = regexes(ctx, VOCAB, "not_toil")
    automated = regexes(ctx, VOCAB, "automated")
    headings = {s.line for s in ctx.doc.sections()}
    for line in scope_lines(ctx, params.sections):
        if line.number in headings:
            continue
        folded = fold(line.text)
        named = spans(terms, folded.text)  # most lines name no manual work: asked first
        if not named or any(p.search(folded.text) for p in automated):
            continue
        excluded = spans(exempt, folded.text)
        found = [
            (start, end) for start, end in named
            if not any(a <= start and end <= b for a, b in excluded)
        ]
        if not found:
            continue
        start, end = found[0]
        section = ctx.doc.section_at(line.number)
        yield Hit(line.number, column=folded.column(start), key=f"manual:{line.number}",
                  args={"term": folded.source(start, end), "section": section.title})
