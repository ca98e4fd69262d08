"""What the numeric checks share: formatting of quantities and the service's availability SLO."""

from __future__ import annotations

from dataclasses import dataclass

from opslint.document.model import DocKind, Document
from opslint.engine.context import CheckContext
from opslint.engine.findings import LocalText, Location
from opslint.facts.model import DocumentFacts, Slo

__all__ = [
    "MONTH_DAYS",
    "Target",
    "availability_target",
    "clock",
    "minutes_text",
    "number",
    "percent",
    "related",
    "window_text",
    "within",
]

DAY = 1440.0
MONTH_DAYS = (28, 31)  # a bare 月間 / monthly window (domain_rules.md §2.1)
_MONTH_DEFAULT = 30


def number(value: float) -> str:
    """A number without trailing zeros: 43.2, 216, 0.05."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def percent(value: float) -> str:
    return f"{number(value)}%"


def minutes_text(minutes: float) -> LocalText:
    """A duration for a message: 43.2分 / 43.2 min, 4時間5分 / 4 h 5 min, 30日間 / 30 days."""
    whole = round(minutes)
    if minutes >= 2 * DAY and abs(minutes - whole) < 1e-6 and whole % int(DAY) == 0:
        days = whole // int(DAY)
        return LocalText(f"{days}日間", f"{days} days")
    if minutes >= 60 and abs(minutes - whole) < 1e-6:
        hours, rest = divmod(whole, 60)
        ja = f"{hours}時間" + (f"{rest}分" if rest else "")
        en = f"{hours} h" + (f" {rest} min" if rest else "")
        return LocalText(ja, en)
    return LocalText(f"{number(minutes)}分", f"{number(minutes)} min")


def clock(minute: int) -> LocalText:
    """A clock time on the release day; past midnight reads 翌02:00 / 02:00 (+1 day)."""
    day, rest = divmod(minute, 1440)
    text = f"{rest // 60:02d}:{rest % 60:02d}"
    return LocalText(f"翌{text}", f"{text} (+1 day)") if day else LocalText(text, text)


def window_text(minutes: float | None, kind: str | None) -> LocalText:
    if kind == "month" or minutes is None:
        return LocalText("月間（日数の記載なし）", "a month (no day count)")
    return minutes_text(minutes)


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

    def window(self) -> LocalText:
        if self.window_kind == "days" and self.window_minutes:
            return minutes_text(self.window_minutes)
        days = _MONTH_DEFAULT
        return LocalText(f"月間・{days}日換算", f"a month, taken as {days} days")

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
