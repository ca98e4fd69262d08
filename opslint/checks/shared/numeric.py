"""What the numeric checks share: formatting of quantities and the service's availability SLO."""

from __future__ import annotations

from dataclasses import dataclass

from opslint.checks.shared.words import minutes_text, number, words
from opslint.document.model import DocKind, Document
from opslint.engine.context import CheckContext
from opslint.engine.findings import LocalText, Location
from opslint.engine.vocab import Vocab
from opslint.facts.model import DocumentFacts, Slo

__all__ = [
    "MONTH_DAYS",
    "Target",
    "availability_target",
    "percent",
    "related",
    "window_text",
    "within",
]

DAY = 1440.0
MONTH_DAYS = (28, 31)  # a bare 月間 / monthly window (domain_rules.md §2.1)
_MONTH_DEFAULT = 30


def percent(value: float) -> str:
    return f"{number(value)}%"


def window_text(vocab: Vocab, minutes: float | None, kind: str | None) -> LocalText:
    if kind == "month" or minutes is None:
        return words(vocab)("month_no_days")
    return minutes_text(vocab, minutes)


def within(value: float, expected: float, tolerance: float = 0.01) -> bool:
    """Whether a stated value matches a computed one within a relative tolerance."""
    if expected == 0:
        return abs(value) < 1e-9
    return abs(value - expected) / expected <= tolerance


@dataclass(frozen=True)
class Target:
    """An availability objective and where it is stated (for the second end of a finding)."""

    percent: float
    window_minutes: float | None
    window_kind: str | None
    path: str
    line: int

    def budget(self) -> float:
        """Minutes of allowed failure per window; a bare month counts as 30 days."""
        window = self.window_minutes or _MONTH_DEFAULT * DAY
        return (1 - self.percent / 100) * window

    def window(self, vocab: Vocab) -> LocalText:
        if self.window_kind == "days" and self.window_minutes:
            return minutes_text(vocab, self.window_minutes)
        return words(vocab)("month_as_days", n=_MONTH_DEFAULT)

    def location(self) -> Location:
        return Location(self.path, self.line, LocalText("SLO", "SLO"))


def related(ctx: CheckContext, *kinds: DocKind) -> list[Document]:
    """Documents of the given kinds that belong with this one: those in its folder, else
    (design docs kept under ``docs_root``) the engine's siblings.

    Deciding per set rather than per kind keeps a second project's documents, linted in the
    same run, from standing in for a kind this folder lacks.
    """
    here = [d for kind in kinds for d in ctx.docs.of_kind(kind)
            if d.path.parent == ctx.doc.path.parent and d is not ctx.doc]
    return here or [d for kind in kinds for d in ctx.siblings(kind) if d is not ctx.doc]


def _from_slos(facts: DocumentFacts, slos: tuple[Slo, ...]) -> Target | None:
    for kind in ("availability", "success"):
        found = [s for s in slos if s.kind == kind and s.percent is not None]
        if len({s.percent for s in found}) == 1:
            first = found[0]
            assert first.percent is not None
            return Target(first.percent, first.window_minutes, first.window_kind,
                          facts.path.as_posix(), first.line)
        if found:
            return None  # several different targets: which one applies is not ours to guess
    return None


def availability_target(ctx: CheckContext) -> Target | None:
    """The service's availability SLO: from the operation design (this document or a sibling),
    else from an NFR availability figure of a design document."""
    docs = [ctx.doc] if ctx.doc.kind is DocKind.OPERATION else related(ctx, DocKind.OPERATION)
    for doc in docs:
        facts = ctx.facts(doc)
        target = _from_slos(facts, facts.operation.slos)
        if target is not None:
            return target
    for doc in related(ctx, DocKind.ARCHITECTURE, DocKind.BASIC_DESIGN):
        facts = ctx.facts(doc)
        for figure in facts.design.nfr:
            if figure.key == "availability" and figure.percent is not None:
                return Target(figure.percent, figure.window_minutes, figure.window_kind,
                              facts.path.as_posix(), figure.line)
    return None
