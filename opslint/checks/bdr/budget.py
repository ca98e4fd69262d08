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
from opslint.checks.shared.numeric import related
from opslint.checks.shared.text import vocab_value
from opslint.checks.shared.words import minutes_text, number
from opslint.document.model import DocKind, Document
from opslint.document.normalize import contains_any, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText, Location
from opslint.engine.registry import NoParams
from opslint.facts.model import Slo

_VOCAB = "disaster_budget"
_MONTH_MINUTES = 30 * 24 * 60  # a month-long window with no day count, as SLO050 reads it


def _budget_minutes(slo: Slo) -> float | None:
    if slo.kind != "availability" or slo.percent is None or not 0 < slo.percent < 100:
        return None
    window = slo.window_minutes or (_MONTH_MINUTES if slo.window_kind == "month" else None)
    return (1 - slo.percent / 100) * window if window else None


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
    budgets = [(b, s) for s in ctx.facts().operation.slos if (b := _budget_minutes(s))]
    if rto is None or not budgets:
        return
    budget, slo = max(budgets, key=lambda pair: pair[0])  # exceeded here: exceeded for all
    if rto.minutes <= budget:
        return
    context = related(ctx, DocKind.ARCHITECTURE, DocKind.BASIC_DESIGN, DocKind.SECURITY)
    if _answered(ctx, [ctx.doc, *context]):
        return
    here = ctx.doc.path.as_posix()
    line = rto.line if rto.path == here else slo.line
    yield Hit(line, args={
        "rto": minutes_text(ctx.vocab, rto.minutes),
        "slo": slo.name,
        "target": f"{number(slo.percent or 0)}%",
        "budget": minutes_text(ctx.vocab, budget),
        "ratio": number(round(rto.minutes / budget, 1)),
    }, related=(rto.location("RTO"), Location(here, slo.line, LocalText("SLO", "SLO"))),
        key="rto-budget")
