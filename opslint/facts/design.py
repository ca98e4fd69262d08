"""Facts about the system itself: components, integrations, roles, audit logs, NFR figures."""

from __future__ import annotations

from collections.abc import Iterator

from opslint.document.model import Document, ListItem, Section, Table
from opslint.document.normalize import normalize
from opslint.engine.vocab import Vocab
from opslint.facts.disposable import disposable, disposable_stores
from opslint.facts.model import Component, DesignFacts, Integration, NfrFigure, Role
from opslint.facts.people import prose_people
from opslint.facts.placeholders import is_placeholder
from opslint.facts.quantities import find_durations, find_latencies, find_percentages, parse_window
from opslint.facts.reading import map_columns
from opslint.facts.recovery import audit_logs, objectives_in
from opslint.facts.technology import TechIndex
from opslint.facts.text import Terms, Unit, cell_text, label_value, units, window_of

__all__ = ["extract_design"]

_SYSTEM = ("datastore", "messaging", "compute", "edge", "platform", "ci_cd", "iac", "registry",
           "monitoring", "alerting")


def _titled(doc: Document, terms: Terms, key: str) -> list[Section]:
    """Outermost sections whose heading carries one of a facts.yaml term list."""
    matching = [s for s in doc.sections() if terms.has(s.norm, key)]
    return [s for s in matching
            if not any(o is not s and o.line < s.line <= o.end_line for o in matching)]


def _header_index(table: Table, terms: Terms, key: str) -> int | None:
    return next((i for i, h in enumerate(table.header) if terms.has(normalize(h), key)), None)


def _components(doc: Document, vocab: Vocab, terms: Terms, index: TechIndex
                ) -> tuple[Component, ...]:
    found: dict[int, Component] = {}
    stores = {s.line for s in _titled(doc, terms, "datastore_section")}
    for section in [*_titled(doc, terms, "component_section"),
                    *_titled(doc, terms, "datastore_section")]:
        for unit in units(section):
            if unit.row is None and unit.item is None:
                continue
            pair = label_value(unit)
            name, role = pair if pair else (cell_text(unit.text), "")
            techs = tuple(dict.fromkeys(
                m.name for m in index.mentions(unit.text, unit.line) if m.category in _SYSTEM))
            is_store = section.line in stores or any(
                m.category == "datastore" for m in index.mentions(unit.text, unit.line))
            found.setdefault(unit.line, Component(name, role.split(" | ")[0], techs, unit.line,
                                                  unit.text, is_store,
                                                  disposable(vocab, index, unit.text)))
    return tuple(found[k] for k in sorted(found))


def _integration_rows(table: Table, terms: Terms) -> Iterator[Integration]:
    name_at = _header_index(table, terms, "integration_name")
    fallback_at = _header_index(table, terms, "integration_fallback")
    owner_at = _header_index(table, terms, "integration_owner")
    for row in table.rows:
        name = cell_text(row.get(name_at if name_at is not None else 0))
        yield Integration(name, row.line, " | ".join(row.cells), row.get(fallback_at),
                          row.get(owner_at))


def _integrations(doc: Document, terms: Terms) -> tuple[Integration, ...]:
    found: list[Integration] = []
    for section in _titled(doc, terms, "integration_section"):
        for block in section.all_blocks():
            if isinstance(block, Table):
                found += _integration_rows(block, terms)
            elif isinstance(block, ListItem) and block.depth == 0:
                pair = label_value(Unit(block.line, block.text, normalize(block.text), section,
                                        item=block))
                found.append(Integration(pair[0] if pair else cell_text(block.text),
                                         block.line, block.text))
    return tuple(found)


def _roles(doc: Document, vocab: Vocab, terms: Terms, index: TechIndex) -> tuple[Role, ...]:
    """Rows of role tables, then people named with a role in prose and lists."""
    found: list[Role] = []
    for section in doc.sections():
        for table in (b for b in section.blocks if isinstance(b, Table)):
            mapped = map_columns(table, vocab, ("role",))
            if not mapped.has("role"):
                continue
            role_at = mapped.columns["role"]
            member_at = _header_index(table, terms, "member_label")
            allowed_at = _header_index(table, terms, "permission_label")
            if member_at is None and allowed_at is None:
                continue  # a component table's "役割" column is not about people
            if member_at == role_at:
                member_at = 0 if role_at != 0 else None
            approvers = terms.has(normalize(" ".join(table.header)), "approver_label")
            for row in table.rows:
                text = " | ".join(row.cells)
                members = row.get(member_at)  # "[Name]", "TBD": nobody is named yet
                members = "" if is_placeholder(members, vocab) else members
                found.append(Role(cell_text(row.get(role_at)), members,
                                  row.get(allowed_at), row.line, text,
                                  approvers or terms.has(normalize(text), "approver_label")))
    return (*found, *prose_people(doc, terms, index, found))


def _nfr_key(label: str, terms: Terms) -> str | None:
    norm = normalize(label)
    for key in ("planned_outage", "service_hours", "backup_retention", "latency",
                "availability"):
        if terms.has(norm, f"nfr_{key}"):
            return key
    return None


def _figure(key: str, label: str, value: str, unit: Unit, terms: Terms) -> NfrFigure | None:
    if key == "availability":
        percents = [p for p in find_percentages(value) if p.value >= 50]
        if not percents:
            return None
        minutes, kind, _ = window_of(value, terms)
        return NfrFigure(key, value, unit.line, unit.text, percent=percents[0].value,
                         window_minutes=minutes, window_kind=kind)
    if key == "latency":
        found = find_latencies(f"{label} {value}")
        return NfrFigure(key, value, unit.line, unit.text, latency=found[0]) if found else None
    window = parse_window(value)
    durations = find_durations(value)
    minutes = float(window.minutes) if window else (
        max(d.minutes for d in durations) if durations else None)
    return NfrFigure(key, value, unit.line, unit.text, minutes=minutes)


def _nfr_units(doc: Document, terms: Terms) -> Iterator[Unit]:
    for section in _titled(doc, terms, "nfr_section"):
        yield from (u for u in units(section) if u.row is not None or u.item is not None
                    or label_value(u) is not None)


def _nfr(doc: Document, terms: Terms) -> tuple[NfrFigure, ...]:
    found: list[NfrFigure] = []
    remarks = terms.vocab.term_list("columns", "remarks")
    for unit in (u.value_first(remarks) for u in _nfr_units(doc, terms)):
        for kind, value in objectives_in(unit.text, terms):
            found.append(NfrFigure(kind.lower(), value.text, unit.line, unit.text,
                                   minutes=value.minutes))
        pair = label_value(unit)
        if pair is None:
            continue
        key = _nfr_key(pair[0], terms)
        if key is None and find_latencies(unit.text):
            key = "latency"
        figure = _figure(key, pair[0], pair[1], unit, terms) if key else None
        if figure is not None:
            found.append(figure)
    return tuple(found)


def extract_design(doc: Document, vocab: Vocab, index: TechIndex) -> DesignFacts:
    """What a document says about the system: meant for the design docs, read from any."""
    terms = Terms(vocab)
    components = _components(doc, vocab, terms, index)
    said = {n for c in components if c.datastore for n in c.disposable}
    return DesignFacts(
        components=components,
        integrations=_integrations(doc, terms),
        roles=_roles(doc, vocab, terms, index),
        audit_logs=audit_logs(doc, vocab),
        nfr=_nfr(doc, terms),
        disposable_stores=tuple(sorted(said | disposable_stores(doc, vocab, index))),
    )
