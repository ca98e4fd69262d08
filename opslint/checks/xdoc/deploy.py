"""XDOC deploy strategy: the release procedure rolls out the way the architecture says, and
the strategy's consequences hold (blue/green rolls back by switching traffic; under rolling
or canary the old version still runs, so a migration must stay backward-compatible).

"30日間ローリング" is an SLO window, not a deployment: only the deploy-strategy names of
rules/vocab/technology.yaml count, and of those only the exclusive ones (crossdoc.yaml).
"""

from __future__ import annotations

from collections.abc import Iterator

from opslint.checks.shared.common import scan_lines
from opslint.checks.shared.words import joined
from opslint.checks.xdoc.common import design_docs, location, xterms
from opslint.document.model import Document
from opslint.document.normalize import contains_any, contains_term, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText, Location
from opslint.engine.registry import NoParams
from opslint.facts.model import TechMention
from opslint.facts.text import sections_for

_Stated = tuple[Document, list[TechMention]]


def declared(ctx: CheckContext, doc: Document, *, fallback: bool = False) -> list[TechMention]:
    """The deploy strategies a document declares: those in its deploy-method part when it
    has one ("1.3 デプロイ方式"), else every mention in the document (a passing "OS パッチは
    ローリング更新で適用" elsewhere does not override the declared method). With
    ``fallback`` (design documents), a deploy-method part naming none defers to the rest."""
    exclusive = set(xterms(ctx, "exclusive_strategies"))
    mentions = [m for m in ctx.facts(doc).named("deploy_strategy") if m.name in exclusive]
    heads = xterms(ctx, "deploy_section")
    parts = [s for s in doc.sections() if contains_any(s.norm, heads)]
    inside = [m for m in mentions if any(s.line <= m.line <= s.end_line for s in parts)]
    return mentions if not parts or (fallback and not inside) else inside


def design_strategy(ctx: CheckContext) -> _Stated | None:
    """The strategy the architecture declares, else the basic design's."""
    for doc in design_docs(ctx):
        found = declared(ctx, doc, fallback=True)
        if found:
            return doc, found
    return None


def _label(ctx: CheckContext, names: list[str]) -> LocalText:
    index = ctx.model.tech_index
    labels = []
    for name in dict.fromkeys(names):
        entry = index.entry("deploy_strategy", name)
        labels.append(LocalText(entry.text("label", "ja"), entry.text("label", "en"))
                      if entry else LocalText(name, name))
    return joined(ctx.vocab, labels, "join_or")


def _where(doc: Document, mentions: list[TechMention]) -> Location:
    return location(doc, mentions[0].line, mentions[0].text.strip()[:80])


def strategy_mismatch(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """The release declares a strategy the design does not name, and none the design names."""
    release = declared(ctx, ctx.doc)
    design = design_strategy(ctx)
    if not release or design is None:
        return
    doc, stated = design
    if {m.name for m in release} & {m.name for m in stated}:
        return
    yield Hit(
        release[0].line,
        args={"release": _label(ctx, [m.name for m in release]),
              "design": _label(ctx, [m.name for m in stated])},
        related=(_where(doc, stated),),
        key="deploy-strategy",
    )


def _effective(ctx: CheckContext) -> _Stated | None:
    """The strategy this release follows: its own declaration, else the design's."""
    own = declared(ctx, ctx.doc)
    return (ctx.doc, own) if own else design_strategy(ctx)


def blue_green_rollback_switch(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A blue/green release whose rollback does not switch traffic back."""
    effective = _effective(ctx)
    if effective is not None:
        yield from _rollback_switch(ctx, *effective)


def coexisting_versions_ddl(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A rolling or canary release (old and new versions run together) with destructive DDL."""
    effective = _effective(ctx)
    if effective is not None:
        yield from _destructive_migrations(ctx, *effective)


def _rollback_switch(ctx: CheckContext, doc: Document, stated: list[TechMention]
                     ) -> Iterator[Hit]:
    blue_green = [m for m in stated if m.name == "blue_green"]
    rollback = sections_for(ctx.doc, ctx.vocab, "rollback")
    if not blue_green or not rollback:
        return
    text = normalize("\n".join(s.text() for s in rollback))
    if contains_any(text, xterms(ctx, "traffic_switch")):
        return
    yield Hit(rollback[0].line, args={"strategy": _label(ctx, ["blue_green"])},
              related=(_where(doc, blue_green),), key="blue-green-rollback")


def _destructive_migrations(ctx: CheckContext, doc: Document, stated: list[TechMention]
                            ) -> Iterator[Hit]:
    coexisting = set(xterms(ctx, "coexisting_strategies"))
    running = [m for m in stated if m.name in coexisting]
    if not running:
        return
    rollback = [(s.line, s.end_line) for s in sections_for(ctx.doc, ctx.vocab, "rollback")]
    ddl = ctx.vocab.term_list("facts", "destructive_ddl")
    negation = xterms(ctx, "ddl_negation")
    lines = {m.line: m.name for m in ctx.facts().release.migrations if m.destructive}
    for line in scan_lines(ctx.doc, code=True):
        if any(a <= line.number <= b for a, b in rollback):
            continue  # a down migration drops what the release added
        norm = normalize(line.text)
        if not contains_any(norm, ddl):
            continue  # most lines: which term is not asked
        term = next((t for t in ddl if contains_term(norm, t)), None)
        if term and not contains_any(norm, negation):
            lines.setdefault(line.number, term)
    for number in sorted(lines):
        if any(a <= number <= b for a, b in rollback):
            continue
        yield Hit(number, args={"strategy": _label(ctx, [m.name for m in running]),
                                "ddl": lines[number]},
                  related=(_where(doc, running),), key=f"coexisting-ddl:{number}")
