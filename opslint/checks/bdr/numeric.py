"""RPO against backup intervals, RTO against recovery time and the DR strategy (§2.3, §2.4)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from opslint.checks.bdr.backup import backup_vocab
from opslint.checks.shared.numeric import related
from opslint.checks.shared.words import minutes_text, period_text
from opslint.document.model import DocKind
from opslint.document.normalize import contains_any, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText, Location, Text
from opslint.engine.registry import NoParams
from opslint.facts.model import Backup, RecoveryStep, TechMention

__all__: list[str] = []

_THIN_MARGIN = 0.9  # a recovery using more than 90 % of the RTO leaves no room to detect


@dataclass(frozen=True)
class Objective:
    """The one RTO or RPO value that binds the whole service, and where it is stated."""

    minutes: float
    path: str
    line: int

    def location(self, kind: str) -> Location:
        return Location(self.path, self.line, LocalText(kind, kind))


def objective(ctx: CheckContext, kind: str) -> Objective | None:
    """The service's RTO or RPO: the operation design's single value, else the design NFR's.

    Several different values (per scenario or target) give None: pairing them with a
    backup or a procedure would be a guess.
    """
    own = [o for o in ctx.facts().operation.objectives if o.kind == kind]
    unscoped = [o for o in own if not o.scope] or own
    if unscoped:
        if len({o.minutes for o in unscoped}) == 1:
            return Objective(unscoped[0].minutes, ctx.doc.path.as_posix(), unscoped[0].line)
        return None
    for doc in related(ctx, DocKind.ARCHITECTURE, DocKind.BASIC_DESIGN):
        figures = [f for f in ctx.facts(doc).design.nfr
                   if f.key == kind.lower() and f.minutes is not None]
        if len({f.minutes for f in figures}) == 1 and figures[0].minutes is not None:
            return Objective(figures[0].minutes, doc.path.as_posix(), figures[0].line)
    return None


def _groups(ctx: CheckContext) -> dict[str, list[Backup]]:
    """Data backups by datastore (its canonical name), unnamed ones together."""
    index = ctx.model.tech_index
    groups: dict[str, list[Backup]] = {}
    for backup in ctx.facts().operation.backups:
        if not backup.is_data:
            continue
        # Aurora, Aurora PostgreSQL and "Aurora（大阪）" are one store: group by the family
        # name a product implies ("Aurora PostgreSQL" → Amazon Aurora).
        stores = [hit.entry for hit in index.find(f"{backup.target} {backup.method}")
                  if hit.entry.category == "datastore"]
        key = (stores[0].implies or (stores[0].name,))[0] if stores else ""
        groups.setdefault(key, []).append(backup)
    return groups


def _interval_words(ctx: CheckContext, minutes: float) -> LocalText:
    bv = backup_vocab(ctx)
    named = bv.rpo_intervals.get(f"{minutes:g}")
    if named is not None:
        return LocalText(named.ja, named.en)
    period, every = period_text(ctx.vocab, minutes), bv.rpo_interval_every
    return LocalText(every.ja.format(period=period.ja), every.en.format(period=period.en))


def _rpo_reason(ctx: CheckContext, label: str, best: Backup, replicated: bool) -> LocalText:
    """Why the nearest recovery point is too old: periodic copies without PITR (a replica
    beside them does not help), or a PITR that keeps points too far apart."""
    key = ("point_in_time" if best.point_in_time
           else "periodic_replica" if replicated else "periodic")
    reason = backup_vocab(ctx).rpo_reasons[key]
    interval = _interval_words(ctx, best.copy_interval or 0.0)
    return LocalText(reason.ja.format(target=label, interval=interval.ja),
                     reason.en.format(target=label, interval=interval.en))


def _rpo_for(ctx: CheckContext, name: str) -> Objective | None:
    """The RPO a datastore must meet: one stated for it by name, else the service's."""
    index = ctx.model.tech_index
    own = [o for o in ctx.facts().operation.objectives if o.kind == "RPO" and o.scope
           and name and any(h.entry.category == "datastore"
                            and name in (h.entry.name, *h.entry.implies)
                            for h in index.find(o.scope))]
    if own:
        tightest = min(own, key=lambda o: o.minutes)
        return Objective(tightest.minutes, ctx.doc.path.as_posix(), tightest.line)
    return objective(ctx, "RPO")


def backup_interval_exceeds_rpo(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A datastore's nearest recovery point is further apart than the RPO: periodic backups
    without PITR (a replica repeats a deletion or corruption), or PITR with a long interval."""
    for name, backups in _groups(ctx).items():
        copies = [b for b in backups if b.copy_interval is not None]
        rpo = _rpo_for(ctx, name) if copies else None
        if rpo is None:
            continue
        label = backups[0].target or name
        best = min(copies, key=lambda b: b.copy_interval or 0.0)
        if (best.copy_interval or 0.0) <= rpo.minutes:
            continue
        args: dict[str, Text] = {
            "target": label, "rpo": minutes_text(ctx.vocab, rpo.minutes),
            "interval": minutes_text(ctx.vocab, best.copy_interval or 0.0),
            "reason": _rpo_reason(ctx, label, best, any(b.replicated for b in backups))}
        yield Hit(best.line, args=args, related=(rpo.location("RPO"),), key=f"rpo:{label}")


def backup_replication_only(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """An RPO is set, but a datastore is protected by replication only (no backup to go to)."""
    if objective(ctx, "RPO") is None:
        return
    for name, backups in _groups(ctx).items():
        if all(b.replica_only for b in backups):
            label = backups[0].target or name
            yield Hit(backups[0].line, args={"target": label}, key=f"replication-only:{label}")


def _procedures(ctx: CheckContext) -> Iterator[tuple[LocalText, Sequence[RecoveryStep]]]:
    ops = ctx.facts().operation
    procedures = backup_vocab(ctx).procedures
    for key, steps in (("restore", ops.restore_steps), ("failover", ops.failover_steps)):
        label = procedures[key].label
        yield LocalText(label.ja, label.en), steps


def _recovery_totals(ctx: CheckContext) -> Iterator[tuple[LocalText, Sequence[RecoveryStep],
                                                           float, Objective]]:
    """(procedure, its steps, their total minutes, the RTO) of each timed procedure."""
    rto = objective(ctx, "RTO")
    if rto is None:
        return
    for procedure, steps in _procedures(ctx):
        timed = [s.minutes for s in steps if s.minutes is not None]
        if timed:
            yield procedure, steps, sum(timed), rto


def _recovery_hit(ctx: CheckContext, procedure: LocalText, steps: Sequence[RecoveryStep],
                  total: float, rto: Objective) -> Hit:
    args = {"procedure": procedure, "total": minutes_text(ctx.vocab, total),
            "rto": minutes_text(ctx.vocab, rto.minutes)}
    return Hit(steps[0].line, args=args, related=(rto.location("RTO"),),
               key=f"rto:{procedure.en}")


def recovery_time_exceeds_rto(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """The documented restore or failover steps add up to more than the RTO."""
    for procedure, steps, total, rto in _recovery_totals(ctx):
        if total > rto.minutes:
            yield _recovery_hit(ctx, procedure, steps, total, rto)


def recovery_time_near_rto(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """The documented restore or failover steps use more than 90 % of the RTO (but not all)."""
    for procedure, steps, total, rto in _recovery_totals(ctx):
        if _THIN_MARGIN * rto.minutes < total <= rto.minutes:
            yield _recovery_hit(ctx, procedure, steps, total, rto)


def _strategies(ctx: CheckContext) -> list[tuple[TechMention, str]]:
    own = ctx.facts().operation.dr_strategies
    if own:
        return [(m, ctx.doc.path.as_posix()) for m in own]
    return [(m, doc.path.as_posix())
            for doc in related(ctx, DocKind.ARCHITECTURE, DocKind.BASIC_DESIGN)
            for m in ctx.facts(doc).named("dr_strategy")]


def _dr_rto(ctx: CheckContext) -> Objective | None:
    """The RTO a DR strategy serves: one stated for losing a site or region ("for the loss
    of the whole region the RTO is 8 hours"), else the service's."""
    words = ctx.vocab.term_list("facts", "dr_context")
    scoped = [o for o in ctx.facts().operation.objectives
              if o.kind == "RTO" and o.scope and contains_any(normalize(o.scope), words)]
    if scoped:
        widest = max(scoped, key=lambda o: o.minutes)
        return Objective(widest.minutes, ctx.doc.path.as_posix(), widest.line)
    return objective(ctx, "RTO")


def dr_strategy_vs_rto(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """The named DR strategy cannot usually recover as fast as the RTO asks."""
    rto = _dr_rto(ctx)
    if rto is None:
        return
    index, here = ctx.model.tech_index, ctx.doc.path.as_posix()
    seen: set[str] = set()
    for mention, path in _strategies(ctx):
        entry = index.entry("dr_strategy", mention.name)
        floor = entry.attrs.get("min_rto_minutes") if entry else None
        if entry is None or floor is None or mention.name in seen or rto.minutes >= floor:
            continue
        seen.add(mention.name)
        line = mention.line if path == here else rto.line if rto.path == here else 0
        if not line:
            continue  # both ends in design documents: the cross-document rules' concern
        related = [rto.location("RTO")]
        if path != here:
            note = backup_vocab(ctx).dr_strategy_note
            related.append(Location(path, mention.line, LocalText(note.ja, note.en)))
        yield Hit(line, args={
            "strategy": LocalText(entry.text("label", "ja"), entry.text("label", "en")),
            "rto": minutes_text(ctx.vocab, rto.minutes),
            "typical": LocalText(entry.text("typical_rto", "ja"), entry.text("typical_rto", "en")),
        }, related=tuple(related), key=f"dr-strategy:{mention.name}")
