"""Parts check: a chapter mentions each named part (a vocabulary term list) it should hold.

One check kind serves many rules: the status page (channel, update interval), action
tracking (owner, due date, ticket), DR (topology, failover, drill), on-call and hours...
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from opslint.checks.shared.common import map_columns
from opslint.checks.shared.params import PartsParams, TableColumnsParams
from opslint.checks.shared.units import (
    Part,
    Unit,
    anchor_line,
    doc_units,
    find_part,
    load_parts,
    primary_line,
    scope_sections,
    scope_units,
)
from opslint.checks.shared.words import join_labels
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.vocab import DataError


def _parts(ctx: CheckContext, params: PartsParams) -> list[tuple[str, Part]]:
    table = load_parts(ctx, params.vocab)
    unknown = [k for k in params.parts if k not in table]
    if unknown:
        raise DataError(f"rules/vocab/{params.vocab}.yaml: key 'parts' has no {unknown[0]!r}")
    return [(k, table[k]) for k in params.parts]


def _scope_units(ctx: CheckContext, params: PartsParams
                 ) -> tuple[Sequence[Unit], int, bool] | None:
    """The scope's units, where to report, and whether the scope is the dedicated section."""
    for keys, exclude, dedicated in ((params.scope, params.exclude, True),
                                     (params.fallback, [], False)):
        sections = scope_sections(ctx.vocab, ctx.doc, keys, exclude) if keys else []
        if sections:
            # A tuple: its units' joined texts are kept for the parts searched in it.
            scoped = [scope_units(ctx, s, code=params.code) for s in sections]
            units = scoped[0] if len(scoped) == 1 and isinstance(scoped[0], tuple) \
                else tuple(u for run in scoped for u in run)
            return units, primary_line(sections), dedicated
    if params.otherwise == "document":
        return doc_units(ctx, code=params.code), anchor_line(ctx.doc), False
    return None


def parts_missing(ctx: CheckContext, params: PartsParams) -> Iterator[Hit]:
    """Each part not mentioned in the scope; when none is, one finding names them all."""
    parts = _parts(ctx, params)
    scoped = _scope_units(ctx, params)
    if scoped is None:
        return
    units, line, dedicated = scoped
    everywhere = doc_units(ctx, code=params.code) if params.anywhere else []
    found: dict[str, Unit | None] = {
        key: find_part(everywhere if key in params.anywhere else units, part)
        for key, part in parts
    }
    missing = [(key, part) for key, part in parts if found[key] is None]
    if not missing:
        return
    mentions = [u.line for u in found.values() if u is not None]
    if mentions and not dedicated:
        line = min(mentions)  # outside its own section, the topic is where it is mentioned
    if len(missing) == len(parts) > 1:
        label = join_labels(ctx.vocab, [p.text() for _, p in missing])
        yield Hit(line, args={"part": label}, key=f"{params.vocab}:{'+'.join(params.parts)}")
        return
    for key, part in missing:
        yield Hit(line, args={"part": part.text()}, key=f"{params.vocab}:{key}")


def _column_label(ctx: CheckContext, key: str) -> LocalText:
    # The first Japanese and the first ASCII synonym name the column in messages.
    terms = ctx.vocab.term_list("columns", key)
    ja = next((t for t in terms if not t.isascii()), terms[0] if terms else key)
    en = next((t for t in terms if t.isascii()), ja)
    return LocalText(ja, en)


def table_columns_missing(ctx: CheckContext, params: TableColumnsParams) -> Iterator[Hit]:
    """The section's table lacks required columns; a section with no table lacks them all."""
    sections = scope_sections(ctx.vocab, ctx.doc, params.scope)
    if not sections:
        return
    keys = [*params.anchor, *params.required]
    tables = [t for s in sections for t in s.tables()
              if map_columns(t, ctx.vocab, keys).has(*params.anchor)]
    if not tables:
        if params.no_table == "report":
            label = join_labels(ctx.vocab, [_column_label(ctx, k) for k in params.required])
            yield Hit(primary_line(sections), args={"column": label}, key="columns:all")
        return
    for table in tables:
        mapped = map_columns(table, ctx.vocab, keys)
        missing = [k for k in params.required if k not in mapped.columns]
        if missing:
            label = join_labels(ctx.vocab, [_column_label(ctx, k) for k in missing])
            yield Hit(table.line, args={"column": label}, key=f"columns:{'+'.join(missing)}")
