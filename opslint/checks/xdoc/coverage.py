"""XDOC coverage: what the design documents build is monitored, backed up and reachable.

Components and datastores come from the architecture and basic design (their component and
datastore tables; the architecture's datastore mentions when it has no such table), external
integrations from the basic design's integration table. A monitor covers one when what it
watches names its product (through the technology vocabulary, ``TechSets``), its name or
product as the design writes it, or an identifying word of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from opslint.checks.shared.words import listed, words
from opslint.checks.xdoc.common import (
    TechSets,
    design_docs,
    heading_line,
    location,
    monitor_text,
    name_matches,
    name_variants,
    tech_sets,
    xterms,
)
from opslint.checks.xdoc.params import BackupCoverageParams, MonitorCoverageParams
from opslint.document.model import DocKind, Document
from opslint.document.normalize import contains_any, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, Location
from opslint.engine.registry import NoParams
from opslint.facts.model import Integration
from opslint.facts.text import cell_text, sections_for, units

_IDENT = re.compile(r"`([A-Za-z0-9][A-Za-z0-9_.\-/]{2,})`")


@dataclass(frozen=True)
class _Entity:
    """Something the design builds: its technology names and where the design states it."""

    label: str
    names: frozenset[str]
    idents: tuple[str, ...]  # code-quoted names such as `shopflow-api`
    doc: Document
    line: int
    spoken: tuple[str, ...] = ()  # its name and product as written ("Front Door Premium")
    disposable: bool = False  # a datastore the design calls a cache or rebuildable


def _entities(ctx: CheckContext, categories: Sequence[str]) -> list[_Entity]:
    """Design entities in the given categories, each once (later ones that match an earlier
    one, such as the basic design restating the architecture, are dropped)."""
    sets = tech_sets(ctx)
    found: list[_Entity] = []
    for doc in design_docs(ctx):
        facts = ctx.facts(doc)
        rows = [(c.name, c.text, c.line) for c in facts.design.components]
        if not rows and doc.kind is DocKind.ARCHITECTURE:
            rows = [(m.alias, m.text, m.line) for m in facts.named("datastore")]
        for name, text, line in rows:
            names = sets.names(text, categories)
            if not names or any(sets.match(names, e.names) for e in found):
                continue
            # Table cells lose their code spans; the source line still has `shopflow-api`.
            source = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
            called, spoken = _spoken(ctx, doc, name, text, line)
            label = _label(ctx, called or name, sets.primary(names), sets, doc.lang)
            found.append(_Entity(label, names,
                                 tuple(i.casefold() for i in _IDENT.findall(source)), doc, line,
                                 spoken))
    said = frozenset(n for d in design_docs(ctx) for n in ctx.facts(d).design.disposable_stores)
    return [replace(e, disposable=True) if said and sets.match(e.names, said) else e
            for e in found]


def _spoken(ctx: CheckContext, doc: Document, name: str, text: str, line: int
            ) -> tuple[str, tuple[str, ...]]:
    """An entity's name as its table calls it (the name column, else "") and every way the
    design writes it: the name and product columns of its row, or a list item's label."""
    row = next((r for t in doc.root.tables() if t.line <= line <= t.end_line
                for r in t.rows if r.line == line), None)
    if row is None:
        return "", ((name,) if name != cell_text(text) else ())
    table = next(t for t in doc.root.tables() if t.line <= line <= t.end_line)
    named = _columns(table.header, xterms(ctx, "component_name_columns"))
    products = _columns(table.header, xterms(ctx, "component_product_columns"))
    called = next((cell_text(row.get(i)) for i in named if cell_text(row.get(i))), "")
    spoken = (cell_text(row.get(i)) for i in (*named, *products))
    return called, tuple(dict.fromkeys(c for c in spoken if c))


def _columns(header: Sequence[str], terms: Sequence[str]) -> list[int]:
    return [i for i, cell in enumerate(header)
            if contains_any(normalize(cell), tuple(terms))]


def _label(ctx: CheckContext, name: str, primary: frozenset[str], sets: TechSets, lang: str
           ) -> str:
    """"RDB（Aurora PostgreSQL）"; just the name when it already names the product ("S3")."""
    if primary <= sets.names(name):
        return name
    w = words(ctx.vocab)
    products = w.get(lang, "join_tight").join(sorted(primary))
    return w.get(lang, "aside").format(text=name, note=products)


def _covered(entity: _Entity, texts: Sequence[str], sets: TechSets,
             generic: Sequence[str]) -> bool:
    kinds = sets.categories(entity.names)
    for text in texts:
        if sets.match(entity.names, sets.names(text)):
            return True
        if any(ident in text.casefold() for ident in entity.idents):
            return True
        # A text naming another product of the same kind speaks of that one: "Aurora
        # PostgreSQL" does not watch "RDS for PostgreSQL", though both say PostgreSQL.
        if sets.names(text, kinds):
            continue
        if any(name_matches(name, text, generic) for name in entity.spoken):
            return True
    return False


def _generic(ctx: CheckContext) -> tuple[str, ...]:
    """Words that do not identify a component or an integration ("API", "株式会社", "管理")."""
    return (*xterms(ctx, "generic_name_words"), *xterms(ctx, "function_words"))


def _monitor_texts(ctx: CheckContext) -> tuple[list[str], int | None]:
    """What the monitors watch, and the line to report at (None: no monitor list at all,
    which is MON003's finding)."""
    monitors = ctx.facts().operation.monitors
    if not monitors:
        return [], None
    line = ctx.doc.section_at(monitors[0].line).line
    return [monitor_text(m) for m in monitors], line


def _backup_texts(ctx: CheckContext) -> tuple[list[str], int | None]:
    """The backup chapter's text and backups, and its line (None: no backup chapter)."""
    sections = [s for key in ("backup", "backup_dr") for s in sections_for(ctx.doc, ctx.vocab, key)]
    if not sections:
        return [], None
    texts = [u.text for s in sections for u in units(s, titles=True)]
    texts += [f"{b.target} {b.method}" for b in ctx.facts().operation.backups]
    return texts, sections[0].line


def _uncovered(ctx: CheckContext, entities: str, against: str,
               found: tuple[list[str], int | None], disposable: bool | None = None
               ) -> Iterator[Hit]:
    """Entities the texts do not cover; ``disposable`` keeps only the datastores the design
    calls a cache or rebuildable (True) or only the others (False)."""
    texts, line = found
    if line is None:
        return
    categories = (("datastore",) if entities == "datastores"
                  else xterms(ctx, "monitored_categories"))
    sets = tech_sets(ctx)
    generic = _generic(ctx)
    missing = [e for e in _entities(ctx, categories) if not _covered(e, texts, sets, generic)]
    if disposable is not None:
        missing = [e for e in missing if e.disposable is disposable
                   and not (disposable and _said_not_backed_up(ctx, e, sets, generic))]
    if not missing:
        return
    yield Hit(
        line,
        args={"items": listed(ctx.vocab, (e.label for e in missing))},
        related=tuple(location(e.doc, e.line, e.label) for e in missing),
        key=f"{entities}-{against}:" + ",".join(sorted(e.label for e in missing)),
    )


def entity_monitor_coverage(ctx: CheckContext, params: MonitorCoverageParams) -> Iterator[Hit]:
    """Components (or datastores) of the design that no monitor watches."""
    yield from _uncovered(ctx, params.entities, "monitors", _monitor_texts(ctx))


def entity_backup_coverage(ctx: CheckContext, params: BackupCoverageParams) -> Iterator[Hit]:
    """Datastores (or components) of the design that the backup chapter does not cover; the
    ones the design calls a cache or rebuildable are XDOC005's (``disposable_backup_note``)."""
    yield from _uncovered(ctx, params.entities, "backups", _backup_texts(ctx), False)


def disposable_backup_note(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """Datastores the design calls a cache or rebuildable that the operation design neither
    backs up nor says are not backed up (or how they are rebuilt)."""
    yield from _uncovered(ctx, "datastores", "disposable", _backup_texts(ctx), True)


def _said_not_backed_up(ctx: CheckContext, entity: _Entity, sets: TechSets,
                        generic: Sequence[str]) -> bool:
    """A unit of the operation design naming the datastore says it is not backed up or how
    it is rebuilt ("Redis はバックアップ対象外。障害時は空で起動し再構築する")."""
    cues = xterms(ctx, "no_backup_statement")
    return any(contains_any(u.norm, cues)
               and _covered(entity, [u.text], sets, generic)
               for u in units(ctx.doc, titles=True))


def _integrations(ctx: CheckContext) -> list[tuple[Document, Integration]]:
    """The external integrations, each once: one that another document already lists (the
    architecture restating the basic design, in other words) is dropped."""
    skip = xterms(ctx, "not_integration")
    generic = _generic(ctx)
    seen: set[str] = set()
    found: list[tuple[Document, Integration]] = []
    for doc in design_docs(ctx, (DocKind.BASIC_DESIGN, DocKind.ARCHITECTURE)):
        for integration in ctx.facts(doc).design.integrations:
            key = normalize(integration.name)
            # The owner cell says "internal owner: …" of external vendors too.
            about = normalize(integration.text.replace(integration.owner, " ")
                              if integration.owner else integration.text)
            if not key or key in seen or contains_any(about, skip):
                continue
            if any(other is not doc and _same_integration(i.name, integration.name, generic)
                   for other, i in found):
                continue
            seen.add(key)
            found.append((doc, integration))
    return found


def _same_integration(a: str, b: str, generic: Sequence[str]) -> bool:
    return name_matches(a, b, generic) or name_matches(b, a, generic)


def _contact_texts(ctx: CheckContext) -> tuple[list[str], int | None]:
    line = heading_line(ctx, ("contacts", "team", "escalation"))
    if line is None:
        return [], None  # a missing contacts chapter is OPS001's finding
    texts = [u.text for key in ("contacts", "team", "escalation")
             for s in sections_for(ctx.doc, ctx.vocab, key) for u in units(s, titles=True)]
    return texts, line


def _integration_covered(ctx: CheckContext, integration: Integration, texts: Sequence[str],
                         sets: TechSets) -> bool:
    generic = _generic(ctx)
    names = sets.names(integration.name, xterms(ctx, "integration_categories"))
    owner = integration.owner.split("（")[0].split("(")[0]
    # A list item "決済: PayNova API" is named by its label; its value names the vendor.
    value = integration.text.split(":", 1)[-1].split("：", 1)[-1]
    spoken = [*name_variants(integration.name, xterms(ctx, "name_separators"),
                             xterms(ctx, "company_markers")),
              *([value] if " | " not in integration.text else [])]
    for text in texts:
        if any(name_matches(n, text, generic) for n in spoken):
            return True
        if names and sets.match(names, sets.names(text)):
            return True
        if owner.strip() and name_matches(owner, text, generic):
            return True
    return False


def _unreached(ctx: CheckContext, against: str, found: tuple[list[str], int | None]
               ) -> Iterator[Hit]:
    texts, line = found
    if line is None:
        return
    sets = tech_sets(ctx)
    missing = [(doc, i) for doc, i in _integrations(ctx)
               if not _integration_covered(ctx, i, texts, sets)]
    if not missing:
        return
    related: tuple[Location, ...] = tuple(location(doc, i.line, i.name) for doc, i in missing)
    yield Hit(
        line,
        args={"items": listed(ctx.vocab, (i.name for _, i in missing))},
        related=related,
        key=f"integrations-{against}:" + ",".join(sorted(i.name for _, i in missing)),
    )


def integration_monitor_coverage(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """External integrations of the basic design that no monitor watches."""
    yield from _unreached(ctx, "monitors", _monitor_texts(ctx))


def integration_contact_coverage(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """External integrations of the basic design with no contact in the team or contacts."""
    yield from _unreached(ctx, "contacts", _contact_texts(ctx))
