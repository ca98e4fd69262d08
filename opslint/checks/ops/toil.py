"""Manual work (toil) in release-day steps and routine operations (OPS050-052): the spec's
absolute rule 2, automation first."""

from __future__ import annotations

from collections.abc import Iterator

from opslint.checks.ops.params import ManualParams
from opslint.checks.shared.text import (
    family_regexes,
    fold_lines,
    regexes,
    scope_lines,
    spans,
)
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit

VOCAB = "toil"


def manual_step(ctx: CheckContext, params: ManualParams) -> Iterator[Hit]:
    """One finding per line naming manual work, unless the line already states automation."""
    terms = family_regexes(ctx, VOCAB, "terms", params.families)
    exempt = regexes(ctx, VOCAB, "not_toil")
    automated = regexes(ctx, VOCAB, "automated")
    headings = {s.line for s in ctx.doc.sections()}
    # Only the lines where a term's literals occur (``fold_lines``): a line without one has
    # no span of the terms, so it was passed over below as well.
    for line, folded in fold_lines(ctx, scope_lines(ctx, params.sections), terms):
        if line.number in headings:
            continue
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
