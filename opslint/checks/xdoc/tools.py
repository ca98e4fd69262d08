"""XDOC monitoring stack: the monitoring and alerting tools a release or operation document
relies on are the ones the design documents name (spec: 既存の監視・アラートツール)."""

from __future__ import annotations

from collections.abc import Iterator

from opslint.checks.shared.words import listed
from opslint.checks.xdoc.common import design_docs, location, tech_sets, xterms
from opslint.document.model import DocKind
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.engine.registry import NoParams

_SOURCES = (DocKind.ARCHITECTURE, DocKind.BASIC_DESIGN, DocKind.SECURITY)


def tool_outside_design(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """A monitoring or alerting product no design document names (each once, where first named).

    Nothing is reported when the design documents name no tool at all: there is nothing to
    compare with, and MON002 asks for the tools.
    """
    categories = xterms(ctx, "tool_categories")
    design = [(doc, m) for doc in design_docs(ctx, _SOURCES)
              for m in ctx.facts(doc).named(*categories)]
    if not design:
        return
    sets = tech_sets(ctx)
    known = frozenset(n for _, m in design for n in (m.name, *sets.implied(m.name)))
    first_doc, first = design[0]
    seen: set[str] = set()
    for mention in ctx.facts().named(*categories):
        names = frozenset((mention.name, *sets.implied(mention.name)))
        if mention.name in seen or sets.match(names, known):
            continue
        seen.add(mention.name)
        yield Hit(
            mention.line,
            args={"tool": mention.name, "design": listed(ctx.vocab, (m.name for _, m in design))},
            related=(location(first_doc, first.line, first.text.strip()[:80]),),
            key=f"tool:{mention.name}",
        )
