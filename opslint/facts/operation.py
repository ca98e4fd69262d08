"""Operation-design facts about service levels: SLIs, SLOs, error budgets and exclusions."""

from __future__ import annotations

import re
from collections.abc import Iterator

from opslint.document.model import Document, Table
from opslint.document.normalize import contains_any, normalize
from opslint.engine.memo import LastKept
from opslint.engine.vocab import Vocab
from opslint.facts.folded_units import folded_units
from opslint.facts.model import ErrorBudget, Exclusion, Sli, Slo
from opslint.facts.prose import sentences
from opslint.facts.quantities import Percentage, find_durations, find_latencies, find_percentages
from opslint.facts.quantities import find_thresholds as _thresholds
from opslint.facts.reading import map_columns
from opslint.facts.table_roles import id_token, tables_of_role
from opslint.facts.text import Terms, Unit, cell_text, label_value, sections_for, units, window_of
from opslint.facts.units import LAZY

__all__ = ["error_budgets", "slis", "slo_exclusion", "slo_units", "slos"]

_SLO_KEYS = ("sli", "slo", "error_budget", "slo_chapters")
_WEEK = 7 * 1440.0
# An SLO ID without a number ("SLO-A", "SLO-B"); numbered ones are read by id_token.
_SLO_ID = re.compile(r"^[A-Z][A-Z0-9]*[-_][A-Z]$")
_BUDGET_PERCENT_MAX = 10.0
_BUSINESS_DAYS = re.compile(r"(?i)営業日|business|working")
_CONSUMPTION = ("消費", "残", "到達", "consum", "remaining", "burn", "枯渇", "exhaust")


def slo_units(doc: Document, vocab: Vocab) -> list[Unit]:
    """Units of the SLI / SLO / error-budget sections, each once, in document order. Read
    once per document: the SLIs and the SLOs both ask (ten sections_for between them)."""
    return list(_SLO_UNITS.get((doc, vocab), lambda: _slo_units(doc, vocab)))


def _slo_units(doc: Document, vocab: Vocab) -> tuple[Unit, ...]:
    seen: dict[int, Unit] = {}
    for key in _SLO_KEYS:
        for section in sections_for(doc, vocab, key):
            for unit in units(section):
                seen.setdefault(unit.line, unit)
    # Short documents state the SLO in a line of the principles chapter
    # ("SLO 99.9%（30日間ローリング）") rather than in an SLO section of its own.
    slo_terms = vocab.synonyms("slo")
    for section in sections_for(doc, vocab, "principles"):
        for unit in units(section):
            if contains_any(unit.norm, slo_terms):
                seen.setdefault(unit.line, unit)
    return tuple(seen[line] for line in sorted(seen))


# The SLO scope of the last document asked (memory bounded by one document).
_SLO_UNITS: LastKept[tuple[Unit, ...]] = LastKept()


def _name(unit: Unit) -> str:
    if unit.row is not None:
        return cell_text(unit.row.cells[0]) if unit.row.cells else ""
    pair = label_value(unit)
    return pair[0] if pair else cell_text(unit.text)[:40]


def _kind_of(norm: str, terms: Terms) -> str:
    for kind in ("latency", "error_rate", "availability"):
        if terms.has(norm, f"sli_{kind}"):
            return kind
    return "other"


def _table_slis(doc: Document, vocab: Vocab, terms: Terms) -> list[Sli]:
    """The rows of the document's SLI tables: each names one indicator in its SLI column."""
    found = []
    for table in tables_of_role(doc, vocab, "sli"):
        for index, row in enumerate(table.view.rows):
            name = cell_text(table.cell(index, "sli"))
            text = " | ".join(row.cells)
            if name:
                found.append(Sli(name, _kind_of(normalize(text), terms), row.line, text))
    return found


def slis(doc: Document, vocab: Vocab) -> tuple[Sli, ...]:
    """The SLI tables' rows; without one, SLIs named in the SLI/SLO sections (one per kind
    and line)."""
    terms = Terms(vocab)
    if tabled := _table_slis(doc, vocab, terms):
        return tuple(tabled)
    found = []
    for unit in slo_units(doc, vocab):
        kind = _kind_of(unit.norm, terms)
        if kind == "other" or terms.has(unit.norm, "error_budget"):
            continue
        # Outside a table, a line with a target states the SLO, not the indicator.
        target = any(p.value >= 50 for p in find_percentages(unit.text)) or bool(
            find_latencies(unit.text))
        if unit.row is not None or not target:
            found.append(Sli(_name(unit), kind, unit.line, unit.text))
    return tuple(found)


def _target_cell(unit: Unit, vocab: Vocab) -> tuple[str, str]:
    """(text holding the target, text holding the window) of a unit."""
    if unit.table is None or unit.row is None:
        return unit.text, unit.text
    # The SLI column claims its header first: "SLO | Target" names the SLO, then its target.
    mapped = map_columns(unit.table, vocab,
                         ("sli", "rto", "rpo", "retention", "window", "objective"))
    target = unit.row.get(mapped.columns.get("objective")) or unit.text
    window = unit.row.get(mapped.columns.get("window")) or unit.text
    return target, window


def _percent_kind(value: Percentage, norm: str, terms: Terms) -> str | None:
    if value.value >= 50:
        return "availability" if terms.has(norm, "sli_availability") else "success"
    if terms.has(norm, "sli_error_rate"):
        return "error_rate"
    return None


def _default_window(items: list[Unit], terms: Terms) -> tuple[float | None, str | None, str]:
    """A window stated on its own ("評価期間: 30日間（ローリング）"), shared by the section."""
    for unit in items:
        if find_percentages(unit.text) or find_latencies(unit.text):
            continue
        window = window_of(unit.text, terms)
        if window[1] is not None and terms.has(normalize(_name(unit)), "window_label_slo"):
            return window
    return None, None, ""


def _slos_of(unit: Unit, vocab: Vocab, terms: Terms, default: tuple[float | None, str | None,
             str]) -> Iterator[Slo]:
    target, window_text = _target_cell(unit, vocab)
    window = window_of(window_text, terms)
    if window[1] is None:
        window = default
    name = _name(unit)
    sli = _sli_beside_id(unit, vocab, name)
    latencies = find_latencies(target)
    for latency in latencies:
        yield Slo(name, "latency", unit.line, unit.text, latency=latency,
                  comparator=latency.comparator, sli=sli)
    taken = [(lat.start, lat.end) for lat in latencies]
    for value in find_percentages(target):
        if any(s <= value.start < e for s, e in taken):
            continue
        kind = _percent_kind(value, f"{unit.section.norm} {unit.norm}", terms)
        if kind is None:
            continue
        comparator = next((t.comparator for t in _thresholds(target)
                           if t.start <= value.start < t.end), None)
        yield Slo(name, kind, unit.line, unit.text, percent=value.value, comparator=comparator,
                  window_minutes=window[0], window_kind=window[1], window_text=window[2],
                  sli=sli)


def _sli_beside_id(unit: Unit, vocab: Vocab, name: str) -> str:
    """The SLI column of an SLO-table row whose first cell is the SLO's own ID: the
    document's legend from its SLO IDs ("SLO-A") to its SLIs, which monitors then cite."""
    if unit.table is None or unit.row is None or (id_token(name) is None and not _SLO_ID.match(
            name)):
        return ""
    # The first column holds the ID even when headed "SLO" (a synonym of the SLI column):
    # the SLI is the next column headed as one.
    terms = vocab.term_list("columns", "sli")
    column = next((i for i, header in enumerate(unit.table.header)
                   if i > 0 and contains_any(normalize(header), terms)), None)
    return cell_text(unit.row.get(column)) if column is not None else ""


def _states_target(unit: Unit, terms: Terms) -> bool:
    # Budget and burn-rate lines restate the SLO; policy lines speak of budget consumed
    # (in the row or in its table's header: "消費率 | 措置").
    header = normalize(" ".join(unit.table.header)) if unit.table is not None else ""
    text = f"{unit.norm} {header}"
    return not (terms.has(unit.norm, "burn_rate") or terms.has(unit.norm, "error_budget")
                or any(word in text for word in _CONSUMPTION))


def slos(doc: Document, vocab: Vocab) -> tuple[Slo, ...]:
    """SLO targets (percentages and latencies): the SLO tables' rows, else the lines of the
    SLI/SLO sections that state a target."""
    terms = Terms(vocab)
    tabled = [Unit(r.line, text, LAZY, t.section, table=t.source, row=r)
              for t in tables_of_role(doc, vocab, "slo") for r in t.source.rows
              for text in [" | ".join(r.cells)]]
    units_ = [u for u in slo_units(doc, vocab) if _states_target(u, terms)]
    items = [u for u in tabled if _states_target(u, terms)] or units_
    default = _default_window(units_, terms)
    return tuple(slo for unit in items for slo in _slos_of(unit, vocab, terms, default))


def _budget(unit: Unit, terms: Terms) -> ErrorBudget | None:
    if any(word in unit.norm for word in _CONSUMPTION):
        return None
    durations = find_durations(unit.text)
    # Business days count a deadline ("drafted within 3 business days"), never failure time.
    minutes = [d for d in durations if d.minutes < _WEEK and not _BUSINESS_DAYS.search(d.text)]
    percents = find_percentages(unit.text)
    small = [p for p in percents if p.value <= _BUDGET_PERCENT_MAX]
    if not minutes and not small:
        return None
    slo = next((p.value for p in percents if 50 <= p.value < 100), None)
    window = window_of(unit.text, terms)
    return ErrorBudget(
        unit.line, unit.text,
        minutes=minutes[-1].minutes if minutes else None,
        minutes_text=minutes[-1].text if minutes else "",
        percent=small[0].value if small else None,
        slo_percent=slo, window_minutes=window[0], window_kind=window[1],
    )


def _budget_column(table: Table, terms: Terms) -> int | None:
    return next((i for i, h in enumerate(table.header)
                 if terms.has(normalize(h), "error_budget")), None)


def _row_budget(unit: Unit, column: int, vocab: Vocab, terms: Terms) -> ErrorBudget | None:
    """A budget column of an SLO table: the row's target and window complete it."""
    assert unit.row is not None
    budget = _budget(Unit(unit.line, unit.row.get(column), normalize(unit.row.get(column)),
                          unit.section), terms)
    if budget is None:
        return None
    target, window_text = _target_cell(unit, vocab)
    slo = next((p.value for p in find_percentages(target) if 50 <= p.value < 100), None)
    minutes, kind, _ = window_of(window_text, terms)
    return ErrorBudget(unit.line, unit.text, budget.minutes, budget.minutes_text,
                       budget.percent, slo, minutes, kind)


def _budget_sentences(unit: Unit, terms: Terms) -> list[Unit]:
    """The sentences of a prose unit that name the budget: its figures are in them, and a
    neighbouring sentence's deadlines are not ("…uses 20% of an error budget. It is reviewed
    within 5 days")."""
    if unit.row is not None:
        return [unit]
    return [Unit(unit.line, s.text, norm, unit.section, item=unit.item)
            for s in sentences(unit.text, unit.line)
            for norm in [normalize(s.text)] if terms.has(norm, "error_budget")]


def error_budgets(doc: Document, vocab: Vocab) -> tuple[ErrorBudget, ...]:
    """Stated error budgets: units naming the budget with minutes or a small percentage."""
    terms = Terms(vocab)
    found = []
    columns: dict[int, int | None] = {}  # each table's budget column, read once for its rows
    folded = folded_units(doc)
    found_units = folded.units  # ``units(doc)``, as the folded scan indexes them
    # The units that may name the budget (all that do, and maybe more: each is asked below
    # as before); of the others, only rows of a budget column count.
    worded = {id(found_units[i]) for i in folded.holding(vocab, "error_budget")}
    for unit in found_units:
        table = unit.table
        if table is not None and id(table) not in columns:
            columns[id(table)] = _budget_column(table, terms)
        column = columns[id(table)] if table is not None else None
        if column is None and id(unit) not in worded:
            continue
        if terms.has(unit.norm, "burn_rate"):
            continue
        if column is not None:
            budget = _row_budget(unit, column, vocab, terms)
        elif terms.has(unit.norm, "error_budget"):
            read = (_budget(part, terms) for part in _budget_sentences(unit, terms))
            budget = next((b for b in read if b is not None), None)
        else:
            continue
        if budget is not None:
            found.append(budget)
    return tuple(found)


def slo_exclusion(doc: Document, vocab: Vocab) -> Exclusion | None:
    """The first statement that planned maintenance is excluded from the SLO, if any."""
    terms = Terms(vocab)
    # The units that may name planned outages (``folded_units``: every unit that does, and
    # maybe more), in order, each asked as before: no unit's normalised text is made to
    # learn that it names none, as a scan of the units' normalised texts would.
    folded = folded_units(doc)
    for index in sorted(folded.holding(vocab, "planned_outage")):
        unit = folded.units[index]
        if terms.has(unit.norm, "planned_outage") and terms.has(unit.norm, "exclusion"):
            return Exclusion(unit.line, unit.text)
    return None

