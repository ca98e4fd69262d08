"""RTO against the error budget (domain_rules §2.4, "SLO link"; BDR055).

One recovery that takes the whole RTO is downtime: against an availability SLO it uses
``RTO / budget`` of the window's error budget. When that is more than one budget, the
document should say how a disaster counts: excluded from the SLO, or accepted as a breach
under the budget policy. A sentence of the operation design (or a design document) that
names a disaster, the SLO or its budget, and an exclusion or acceptance answers it; the
words are data (rules/vocab/disaster_budget.yaml).
"""

from __future__ import annotations

from collections.abc import Iterator

from opslint.checks.bdr.numeric import objective
from opslint.checks.shared.numeric import availability_target, percent, related
from opslint.checks.shared.text import vocab_value
from opslint.checks.shared.words import minutes_text, number
from opslint.document.model import DocKind, Document
from opslint.document.normalize import contains_any, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.engine.registry import NoParams

_VOCAB = "disaster_budget"


def _terms(ctx: CheckContext, key: str) -> tuple[str, ...]:
    return tuple(str(t) for t in vocab_value(ctx, _VOCAB, key) or [])


def _answered(ctx: CheckContext, docs: list[Document]) -> bool:
    """A line naming a disaster, the SLO or budget, and an exclusion or acceptance."""
    groups = [_terms(ctx, k) for k in ("disaster", "objective", "treatment")]
    if not all(groups):
        return True  # no words to read the answer with: ask nothing
    return any(all(contains_any(text, g) for g in groups)
               for doc in docs for text in map(normalize, doc.lines))


def rto_exceeds_error_budget(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """One recovery at the RTO uses more than the availability SLO's whole error budget."""
    rto = objective(ctx, "RTO")
    target = availability_target(ctx)  # the one SLO the budget rules share; None if unsure
    if rto is None or target is None or target.budget() <= 0 or rto.minutes <= target.budget():
        return
    context = related(ctx, DocKind.ARCHITECTURE, DocKind.BASIC_DESIGN, DocKind.SECURITY)
    if _answered(ctx, [ctx.doc, *context]):
        return
    here = ctx.doc.path.as_posix()
    line = rto.line if rto.path == here else target.line if target.path == here else 0
    if not line:
        return  # both ends in other documents: their own rules' concern
    yield Hit(line, args={
        "rto": minutes_text(ctx.vocab, rto.minutes),
        "target": percent(target.percent),
        "window": target.window(ctx.vocab),
        "budget": minutes_text(ctx.vocab, target.budget()),
        "ratio": number(round(rto.minutes / target.budget(), 1)),
    }, related=(rto.location("RTO"), target.location()), key="rto-budget")
