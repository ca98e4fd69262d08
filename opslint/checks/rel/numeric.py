"""The release timeline against its window, rollback time and error budget (§2.5, §2.6)."""

from __future__ import annotations

from collections.abc import Iterator

from opslint.checks.rel.vocab import release_vocab
from opslint.checks.shared.numeric import Target, availability_target, percent, related
from opslint.checks.shared.words import clock, minutes_text
from opslint.document.model import DocKind
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText, Location
from opslint.engine.registry import NoParams
from opslint.engine.vocab import Vocab
from opslint.facts.model import (
    Maintenance,
    Milestone,
    ReleaseFacts,
    ReleaseWindow,
    TimelineStep,
)

__all__: list[str] = []

_DECIDING = ("deploy", "smoke", "maintenance_off")
_MOST = 0.5  # a planned outage above half the budget leaves little for incidents (§2.6)


def _window_label(vocab: Vocab, window: ReleaseWindow) -> LocalText:
    start, end = clock(vocab, window.start), clock(vocab, window.end)
    return LocalText(f"{start.ja} - {end.ja}", f"{start.en} - {end.en}")


def _relative(vocab: Vocab, release: ReleaseFacts, window: ReleaseWindow) -> Iterator[Hit]:
    steps = release.timeline
    if not steps or any(s.minute is not None for s in steps):
        return
    timed = [s for s in steps if s.offset is not None]
    if len(timed) < 2:
        return
    first = min(timed, key=lambda s: s.offset or 0)
    last = max(timed, key=lambda s: s.offset or 0)
    span = (last.offset or 0) - (first.offset or 0) + (last.duration or 0)
    if span > window.window.minutes:
        yield Hit(first.line, args={
            "first": first.time_text, "last": last.time_text, "span": minutes_text(vocab, span),
            "window": _window_label(vocab, window),
            "length": minutes_text(vocab, window.window.minutes),
        }, key="relative-timeline")


def release_timeline_window(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A T± (relative) timeline is longer than the release window.

    Clock times outside the window are REL018's (release-timeline-window); this kind only
    handles what REL018 cannot.
    """
    release = ctx.facts().release
    if release.window is not None:
        yield from _relative(ctx.vocab, release, release.window)


def _decisions(release: ReleaseFacts) -> list[Milestone]:
    """When a rollback may still be decided: Go/No-Go and the stated deadline, else the last
    time inside the window a criterion names ("the plan is not complete at T+02:15"), else the
    last deploy or verification step."""
    found = [m for m in (release.go_no_go, release.rollback_deadline) if m is not None]
    if found:
        return found
    window = release.window
    # A trigger after the window (a next-morning watch) is an incident's, not the release's.
    timed = [c for c in release.rollback_criteria if c.deadline is not None
             and (window is None or window.start <= c.deadline <= window.end)]
    if timed:
        criterion = max(timed, key=lambda c: c.deadline or 0)
        return [Milestone(criterion.deadline or 0, criterion.line, criterion.text)]
    deciding: list[TimelineStep] = [s for s in release.timeline
                                    if s.phase in _DECIDING and s.minute is not None]
    if not deciding:
        return []
    last = deciding[-1]
    assert last.minute is not None
    return [Milestone(last.minute, last.line, last.text)]


def _needed(ctx: CheckContext, rollback: float, checks: float | None) -> LocalText:
    """What must fit before the window ends: the rollback, and the checks after it."""
    phrases = release_vocab(ctx).rollback_needed
    back = minutes_text(ctx.vocab, rollback)
    after = minutes_text(ctx.vocab, checks) if checks is not None else None
    phrase = phrases["rollback" if after is None else "with_checks"]

    def fill(template: str, lang: str) -> str:
        return template.format(back=back.get(lang), after=after.get(lang) if after else "")

    return LocalText(fill(phrase.ja, "ja"), fill(phrase.en, "en"))


def rollback_fits_window(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A rollback decided at the Go/No-Go point would not finish inside the release window."""
    release = ctx.facts().release
    window, rollback = release.window, release.rollback.minutes
    if window is None or rollback is None:
        return
    checks = release.rollback.post_check.minutes if release.rollback.post_check else None
    latest = round(window.end - rollback - (checks or 0))
    for decision in _decisions(release):
        minute = decision.minute + (1440 if window.end > 1440 and decision.minute < window.start
                                    else 0)
        if minute > latest:
            yield Hit(decision.line, args={
                "decision": clock(ctx.vocab, minute), "needed": _needed(ctx, rollback, checks),
                "end": clock(ctx.vocab, window.end), "latest": clock(ctx.vocab, latest),
            }, related=(Location(ctx.doc.path.as_posix(), release.rollback.line),)
                if release.rollback.line else (), key=f"rollback-window:{decision.line}")


def _excluded(ctx: CheckContext) -> bool:
    """Whether any document of the set excludes planned maintenance from the SLO."""
    docs = [ctx.doc, *related(ctx, DocKind.OPERATION, DocKind.ARCHITECTURE,
                              DocKind.BASIC_DESIGN)]
    return any(ctx.facts(doc).slo_exclusion is not None for doc in docs)


def _downtime_share(ctx: CheckContext) -> tuple[Maintenance, Target, float] | None:
    """Planned downtime, the SLO whose budget it spends, and the share of that budget;
    None when the SLO excludes planned maintenance or only part of the service stops."""
    maintenance = ctx.facts().release.maintenance
    if maintenance is None or maintenance.minutes <= 0 or maintenance.partial:
        return None  # a paused function is not the service's unavailability
    target = availability_target(ctx)
    if target is None or target.budget() <= 0 or _excluded(ctx):
        return None
    return maintenance, target, maintenance.minutes / target.budget()


def _downtime_hit(vocab: Vocab, maintenance: Maintenance, target: Target, share: float) -> Hit:
    return Hit(maintenance.line, args={
        "downtime": minutes_text(vocab, maintenance.minutes),
        "budget": minutes_text(vocab, target.budget()),
        "slo": percent(target.percent), "window": target.window(vocab),
        "share": percent(round(share * 100)),
    }, related=(target.location(),), key="downtime-budget")


def downtime_exceeds_budget(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """Planned downtime takes more than the error budget, with no maintenance exclusion."""
    found = _downtime_share(ctx)
    if found is not None and found[2] > 1:
        yield _downtime_hit(ctx.vocab, *found)


def downtime_most_of_budget(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """Planned downtime takes most of the error budget (more than half, not all of it)."""
    found = _downtime_share(ctx)
    if found is not None and _MOST < found[2] <= 1:
        yield _downtime_hit(ctx.vocab, *found)
