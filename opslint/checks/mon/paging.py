"""Critical alerts whose paging works only part of the time: limited to business hours, or
through a paging tool the documents say is not in use (gate 3, alert routing)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from opslint.checks.mon.alerts import critical_monitors
from opslint.checks.mon.table import VOCAB, is_blank, monitor_levels, named_label
from opslint.checks.shared.units import has_term
from opslint.checks.shared.words import joined
from opslint.document.model import DocKind
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText, Location, Text
from opslint.engine.registry import NoParams
from opslint.facts.monitoring import route_pages
from opslint.facts.text import cell_text, units

_DESIGN = (DocKind.ARCHITECTURE, DocKind.BASIC_DESIGN, DocKind.SECURITY)
# Clauses, so that "Slack（夜間は呼び出さない）" keeps its negation to itself.
_CLAUSE = re.compile(r"[\u3002\uff0e;\uff1b/\uff0f(\uff08)\uff09|]")
_SENTENCE = re.compile(r"[\u3002\uff0e;\uff1b|]|\.(?:\s|$)")


@dataclass(frozen=True)
class _Route:
    """Where Critical alerts go: a level's routing statement or a monitor's channel cell."""

    line: int
    text: str  # the whole statement, for its hours
    shown: Text  # what the message names


def _terms(ctx: CheckContext, key: str) -> tuple[str, ...]:
    return ctx.vocab.term_list(VOCAB, key)


def _routes(ctx: CheckContext) -> list[_Route]:
    ops = ctx.facts().operation
    found = [_Route(a.line, a.text, joined(ctx.vocab, [_channel(ctx, c) for c in a.channels]))
             for a in ops.alert_levels if a.name == "critical"]
    found += [_Route(m.line, m.channel, cell_text(m.channel)) for m in critical_monitors(ctx)
              if not is_blank(cell_text(m.channel), ctx.vocab)]
    return [r for r in found if route_pages(r.text, ctx.vocab)]


def _channel(ctx: CheckContext, name: str) -> LocalText:
    """A channel by its label in rules/vocab/technology.yaml (Phone is 電話 in Japanese)."""
    index = ctx.model.tech_index
    entry = index.entry("channel", name) or index.entry("alerting", name)
    if entry is None:
        return LocalText(name, name)
    return LocalText(entry.text("label", "ja"), entry.text("label", "en"))


def _business_hours(ctx: CheckContext, text: str) -> bool:
    """Paging limited to business hours, and no clause keeping it round the clock."""
    norm = normalize(text)
    patterns = [re.compile(p) for p in _terms(ctx, "paging_business_hours_patterns")]
    if not (has_term(norm, _terms(ctx, "paging_business_hours"))
            or any(p.search(norm) for p in patterns)):
        return False
    negation = _terms(ctx, "negation")
    return not any(has_term(c, _terms(ctx, "paging_round_the_clock"))
                   and not has_term(c, negation) for c in _CLAUSE.split(norm))


def _service_hours_limited(ctx: CheckContext) -> bool:
    """The service itself runs in business hours only: daytime paging then fits it."""
    docs = [ctx.doc, *(d for kind in _DESIGN for d in ctx.siblings(kind))]
    figures = [n for d in docs for n in ctx.facts(d).design.nfr if n.key == "service_hours"]
    return bool(figures) and all(_business_hours(ctx, n.value) for n in figures)


def _products(ctx: CheckContext, text: str) -> list[str]:
    norm = normalize(text)
    return [p for p in _terms(ctx, "paging_products") if has_term(norm, (p,))]


def _limited_elsewhere(ctx: CheckContext, product: str, skip: set[int], daytime_ok: bool
                      ) -> tuple[str, Location] | None:
    """Why another statement limits the product: not in use (a design document or another
    part of the operation design), or paging only in business hours (a design document).
    A statement that speaks of Warning or Info routing is never about Critical."""
    levels = monitor_levels(ctx)
    others = tuple(t for key in ("warning", "info") if key in levels for t in levels[key].terms)
    design = [d for kind in _DESIGN for d in ctx.siblings(kind)]
    for doc in (*design, ctx.doc):
        for unit in units(doc):
            if doc is ctx.doc and unit.line in skip:
                continue
            # A sentence naming the product is part of a unit naming it: most units do not.
            if not has_term(unit.norm, (product,)):
                continue
            for sentence in _SENTENCE.split(unit.norm):
                if not has_term(sentence, (product,)) or has_term(sentence, others):
                    continue
                where = Location(doc.path.as_posix(), unit.line, unit.text.strip()[:80])
                if has_term(sentence, _terms(ctx, "paging_not_in_use")):
                    return "paging_not_in_use", where
                if doc is not ctx.doc and not daytime_ok and _business_hours(ctx, sentence):
                    return "paging_business_hours", where
    return None


def critical_paging_limited(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A Critical route that pages only in business hours (the service being round the
    clock), or through a paging tool that the documents say is not in use or limit to
    business hours."""
    routes = _routes(ctx)
    if not routes:
        return
    daytime_ok = _service_hours_limited(ctx)
    skip = {r.line for r in routes}
    # Why a product is limited is the same for every route naming it: read once a product.
    found: dict[str, tuple[str, Location] | None] = {}

    def limited_by(product: str) -> tuple[str, Location] | None:
        if product not in found:
            found[product] = _limited_elsewhere(ctx, product, skip, daytime_ok)
        return found[product]

    for route in routes:
        if not daytime_ok and _business_hours(ctx, route.text):
            reason = named_label(ctx, "paging_business_hours")
            yield Hit(route.line, args={"channel": route.shown, "reason": reason},
                      key=f"critical-paging-limited:{route.line}")
            continue
        limited = [(p, why) for p in _products(ctx, route.text) if (why := limited_by(p))]
        if limited:
            product, (key, where) = limited[0]
            yield Hit(route.line, args={"channel": product, "reason": named_label(ctx, key)},
                      related=(where,), key=f"critical-paging-limited:{route.line}")
