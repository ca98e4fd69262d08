"""The release contact list: roles, names and channels, filled, and not one person for all."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from opslint.checks.rel.chapters import chapters
from opslint.checks.rel.params import SinglePersonParams
from opslint.checks.rel.text import labelled, units_of
from opslint.checks.rel.vocab import ReleaseVocab, local, release_vocab
from opslint.checks.shared.common import ColumnMap, map_columns
from opslint.checks.shared.words import joined
from opslint.document.model import Section
from opslint.document.normalize import contains_any, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.registry import NoParams
from opslint.facts.units import loose

COLUMNS = ("role", "name", "channel")
_ASIDE = re.compile(r"[（(][^）)]*[）)]")
_HONORIFIC = re.compile(r"(さん|様|氏)$")


@dataclass(frozen=True)
class Contact:
    line: int
    role: str
    name: str | None
    channel: str | None


@dataclass(frozen=True)
class ContactList:
    section: Section
    tables: tuple[ColumnMap, ...]
    entries: tuple[Contact, ...]


def _has_channel(vocab: ReleaseVocab, text: str) -> bool:
    return vocab.contacts.channel.found(loose(0, text))


def _table_entries(mapped: ColumnMap) -> list[Contact]:
    entries = []
    for index, row in enumerate(mapped.table.rows):
        def cell(key: str, i: int = index) -> str | None:
            return mapped.cell(i, key) if mapped.has(key) else None

        entries.append(Contact(row.line, cell("role") or "", cell("name"), cell("channel")))
    return entries


def _list_entries(vocab: ReleaseVocab, section: Section) -> list[Contact]:
    entries = []
    for unit in units_of([section], titles=False):
        pair = labelled(unit) if unit.kind in ("line", "item") else None
        if pair is None or len(pair[0]) > 20 or not pair[1]:
            continue
        channel = pair[1] if _has_channel(vocab, pair[1]) else None
        entries.append(Contact(unit.line, pair[0], pair[1], channel))
    return entries


def contact_list(ctx: CheckContext) -> ContactList | None:
    section = chapters(ctx).get("contacts")
    if section is None:
        return None
    mapped = [map_columns(t, ctx.vocab, COLUMNS) for t in section.tables()]
    tables = tuple(m for m in mapped if len(m.columns) >= 2)
    if tables:
        entries = [e for m in tables for e in _table_entries(m)]
    else:
        entries = _list_entries(release_vocab(ctx), section)
    return ContactList(section, tables, tuple(entries))


def _joined(ctx: CheckContext, keys: list[str]) -> LocalText:
    titles = release_vocab(ctx).contacts.column_titles
    return joined(ctx.vocab, [local(titles[k]) for k in keys], "join_tight")


def contact_columns(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """No contact list, a contact table without role/name/channel, or an entry without a channel."""
    found = contact_list(ctx)
    if found is None:
        return
    vocab = release_vocab(ctx)
    if not found.entries:
        yield Hit(found.section.line, args={"columns": local(vocab.contacts.no_list)})
    for mapped in found.tables:
        absent = [k for k in COLUMNS if not mapped.has(k)]
        # A channel written inside another cell ("山田（Slack #release）") still counts.
        if "channel" in absent and all(_has_channel(vocab, " ".join(r.cells))
                                       for r in mapped.table.rows):
            absent.remove("channel")
        if absent:
            yield Hit(mapped.table.line, args={"columns": _joined(ctx, absent)})
    if not found.tables:
        for entry in found.entries:
            if entry.channel is None:
                yield Hit(entry.line, args={"columns": _joined(ctx, ["channel"])})


def contact_cells(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """Contact rows whose role, name or channel cell is empty or a dash."""
    found = contact_list(ctx)
    if found is None or not found.tables:
        return
    words = release_vocab(ctx).timeline
    for entry in found.entries:
        cells = {"role": entry.role, "name": entry.name, "channel": entry.channel}
        blank = [k for k in COLUMNS if cells[k] is not None and words.is_empty(cells[k] or "")]
        if blank:
            yield Hit(entry.line, args={"columns": _joined(ctx, blank), "role": entry.role or "-"},
                      key=f"contact-cell:{entry.line}")


def _person(name: str) -> str:
    return _HONORIFIC.sub("", normalize(_ASIDE.sub("", name)).replace(" ", ""))


def single_person(ctx: CheckContext, params: SinglePersonParams) -> Iterator[Hit]:
    """One person holds every internal role of the contact list (a single point of failure)."""
    found = contact_list(ctx)
    if found is None:
        return
    vocab = release_vocab(ctx)
    words = vocab.contacts
    internal = [
        e for e in found.entries
        if e.name and not vocab.placeholders.match(e.name)
        and not contains_any(normalize(f"{e.role} {e.name}"), words.external_terms)
    ]
    people = {_person(e.name or "") for e in internal}
    minimum = params.min_roles or words.min_roles
    if len(internal) >= minimum and len(people) == 1 and "" not in people:
        first = internal[0]
        name = (first.name or "").strip()
        yield Hit(first.line, args={"name": name, "count": str(len(internal))})
