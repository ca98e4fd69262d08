"""How an operation design's monitors link to its SLIs (for `opslint trace` and MON060+).

A monitor is linked to an SLI by its SLI column ("可用性", "可用性（間接）", an SLO ID of the
SLO table), else by naming the SLI in what it watches. An SLI with a generic name ("可用性",
"Latency") is also watched by a monitor of its kind, unless that monitor is tied to another
SLI whose objective differs (an availability of 99.95% does not watch an error ratio of 0.1%).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from opslint.document.model import Document
from opslint.document.normalize import contains_term, normalize
from opslint.engine.memo import LastKept
from opslint.engine.vocab import Vocab
from opslint.facts.model import AlertLevel, DocumentFacts, Monitor, Sli, Slo
from opslint.facts.table_roles import id_token
from opslint.facts.text import Terms, cell_text, sections_for

__all__ = ["MonitorLink", "SliRef", "Tracer", "channels_of", "display_name", "link_monitor",
           "sli_refs"]

_PARENS = re.compile(r"[(（][^)）]*[)）]")
_GENERIC = re.compile(r"(?i)^\s*(sli|slo|service level (indicator|objective)|サービスレベル)")
# A stated figure ("≥ 99.9%", "400ms"), not the digits of an identifier or a status class:
# "SLI-01" and "5xx" keep theirs.
_NUMBERS = re.compile(r"(?<![A-Za-z0-9\-])[<>≤≥=]*\s*\d[\d.,]*\s*(%|ms|s|秒|分)?(?![A-Za-z0-9\-])")
_KINDS = ("latency", "error_rate", "availability")


@dataclass(frozen=True)
class SliRef:
    """An SLI of the document, with the SLOs set on it."""

    name: str
    kind: str
    line: int
    generic: bool  # named only by its kind ("可用性"): any monitor of that kind covers it
    slos: tuple[Slo, ...] = ()
    aliases: tuple[str, ...] = ()  # the IDs of its SLOs ("SLO-A"), which monitors may cite


@dataclass(frozen=True)
class MonitorLink:
    """How a monitor relates to the SLIs: ``status`` is linked, none (the SLI column says
    it is deliberately not an SLI monitor), unknown (the column names no defined SLI) or
    empty (no SLI column value)."""

    monitor: Monitor
    slis: tuple[str, ...]
    status: Literal["linked", "none", "unknown", "empty"]
    indirect: bool
    level: str  # critical, warning, info or ""


class Tracer:
    """The linking vocabulary: SLI kind terms, not-an-SLI words, levels, paging.

    A monitor table repeats its SLI and level cells ("-", "Warning") on every row: each
    distinct level cell is read once per tracer, and the SLIs' compact names and each
    distinct SLI cell once per list of SLIs (``names``).
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.terms = Terms(vocab)
        self._levels: dict[str, str] = {}
        self._names: LastKept[_Names] = LastKept()

    def names(self, refs: Sequence[SliRef]) -> _Names:
        """The compact names of ``refs``, made once for the same SLIs in a row."""
        return self._names.get(tuple(refs), lambda: _Names(refs))

    def crossdoc(self, key: str) -> tuple[str, ...]:
        return self.vocab.term_list("crossdoc", key)

    def kind(self, name: str, fallback: str) -> str:
        """The SLI kind a name says (latency, error_rate, availability), else ``fallback``."""
        norm = normalize(name)
        return next((k for k in _KINDS if self.terms.has(norm, f"sli_{k}")), fallback)

    def generic(self, name: str) -> bool:
        """Whether a name says nothing but its kind ("可用性", "Error ratio", "月間稼働率")."""
        rest = normalize(name)
        for key in ("sli_latency", "sli_error_rate", "sli_availability", "window_month"):
            for term in sorted(self.terms(key), key=len, reverse=True):
                rest = rest.replace(normalize(term), "")
        return len(re.sub(r"[\W_]+", "", rest)) <= 1

    def level(self, text: str) -> str:
        """critical, warning or info for a level cell (monitoring.yaml), else ""."""
        found = self._levels.get(text)
        if found is None:
            found = self._levels[text] = self._level(text)
        return found

    def _level(self, text: str) -> str:
        levels: Mapping[str, Any] = self.vocab.terms.get("monitoring", {}).get("levels", {})
        norm = normalize(text)
        return next((name for name in ("critical", "warning", "info")
                     if any(contains_term(norm, str(t)) for t in levels.get(name, {})
                            .get("terms", []))), "")

    def pages(self, channels: Sequence[str], action: str) -> bool:
        """Whether the channels or the action reach a human (a paging tool, a phone call)."""
        tools = {normalize(t) for t in self.crossdoc("paging_tools")}
        if any(normalize(c) in tools for c in channels):
            return True
        norm = normalize(action)
        return any(contains_term(norm, t) for t in (*self.crossdoc("paging_words"),
                                                    *self.crossdoc("paging_tools")))

    def reason_given(self, cell: str) -> bool:
        """Whether a not-an-SLI cell says why ("対象外（容量）", "Not an SLI: capacity"); a bare
        mark ("-", "none", "N/A") is a cell left unfilled."""
        rest = normalize(cell)
        for term in sorted(self.crossdoc("not_sli"), key=len, reverse=True):
            rest = rest.replace(normalize(term), " ")
        return len(re.sub(r"[\W_]+", "", rest)) >= 2

    def not_sli(self, cell: str) -> bool:
        """Whether an SLI cell says the monitor is deliberately tied to no SLI ("対象外")."""
        norm = normalize(_PARENS.sub("", cell)) or normalize(cell)
        for term in self.crossdoc("not_sli"):
            if len(term) == 1 and norm == normalize(term):
                return True
            if len(term) > 1 and contains_term(normalize(cell), term):
                return True
        return False


def display_name(sli: Sli | Slo) -> str:
    """The SLI's name; "SLI (Service Level Indicator): 成功した…" names it after the colon."""
    if not _GENERIC.match(sli.name):
        return sli.name
    text = cell_text(sli.text)
    value = re.split(r"[:：]", text, maxsplit=1)[-1] if re.search(r"[:：]", text) else text
    return _NUMBERS.sub(" ", value).strip() or sli.name


def _table_slis(doc: Document, vocab: Vocab) -> list[tuple[str, int]]:
    """(name, line) of each row of a table in the SLI-definition sections: a row there is an
    SLI even when its words name no kind ("Booking success")."""
    found = []
    for section in sections_for(doc, vocab, "sli"):
        for table in section.tables():
            # Only tables keyed by the SLI ("SLI | 定義"), not a budget policy beside them.
            first = normalize(table.header[0]) if table.header else ""
            if not any(contains_term(first, t) for t in vocab.synonyms("sli")):
                continue
            found += [(cell_text(row.get(0)), row.line) for row in table.rows
                      if cell_text(row.get(0))]
    return found


def sli_refs(doc: Document, facts: DocumentFacts, tracer: Tracer) -> list[SliRef]:
    """The SLIs, each once, with their SLOs (by name; by kind when the SLO names none)."""
    refs = _indicators(doc, facts, tracer)
    for slo in facts.operation.slos:
        name = display_name(slo)
        key = normalize(name)
        beside = refs.get(normalize(slo.sli)) if slo.sli else None
        if beside is None and (key not in refs or _is_id(name)):
            beside = _named_in_row(slo.text, refs, key)
            if beside is not None:
                refs.pop(key, None)  # the row's own ID was read as an SLI name
        target = beside or refs.get(key) or _by_kind(refs, tracer.kind(name, slo.kind), slo.kind)
        if target is None:
            refs[key] = target = SliRef(name, tracer.kind(name, "other"), slo.line,
                                        tracer.generic(name))
        aliases = (*target.aliases, slo.name) if beside and slo.name not in target.aliases \
            else target.aliases
        refs[normalize(target.name)] = SliRef(target.name, target.kind, target.line,
                                              target.generic, (*target.slos, slo), aliases)
    return sorted(refs.values(), key=lambda r: r.line)


def _indicators(doc: Document, facts: DocumentFacts, tracer: Tracer) -> dict[str, SliRef]:
    """The SLIs by normalised name. An SLO table's ID column read as SLIs ("OBJ-7 | Order
    success | 99.5%") becomes an alias of the SLI its row names."""
    refs: dict[str, SliRef] = {}
    named = [(display_name(s), s.line, s.text) for s in facts.operation.slis]
    tabled = [(name, line, "") for name, line in _table_slis(doc, tracer.vocab)]
    for name, line, _ in sorted([*named, *tabled], key=lambda n: n[1]):
        key = normalize(name)
        if key and key not in refs:
            refs[key] = SliRef(name, tracer.kind(name, "other"), line, tracer.generic(name))
    for name, _, text in named:
        key = normalize(name)
        other = _named_in_row(text, refs, key) if _is_id(name) and key in refs else None
        if other is not None:
            del refs[key]
            refs[normalize(other.name)] = replace(other, aliases=(*other.aliases, name))
    return refs


def _is_id(name: str) -> bool:
    return id_token(name) == name.strip()


def _named_in_row(text: str, refs: Mapping[str, SliRef], own: str) -> SliRef | None:
    """The SLI a table row names in a cell beside its first ("OBJ-7 | Order success |
    99.5%"), other than ``own`` and other than an ID."""
    cells = [_compact(c) for c in text.split(" | ")[1:]] if " | " in text else []
    return next((r for key, r in refs.items() if key != own and _compact(r.name) in cells
                 and not _is_id(r.name)), None)


def _by_kind(refs: Mapping[str, SliRef], kind: str, slo_kind: str) -> SliRef | None:
    same = [r for r in refs.values() if r.kind in (kind, slo_kind)]
    return same[0] if len(same) == 1 else None


def _compact(text: str) -> str:
    # Without its whitespace: split() drops what ``\s+`` matches (tests/test_perf_checks.py).
    return "".join(normalize(text).split())


class _Names:
    """The SLIs with their names and aliases compacted once (``_compact``), for naming them
    in every monitor's cells, and what each distinct SLI cell says of them."""

    def __init__(self, refs: Sequence[SliRef]) -> None:
        self.compact = [(r, _compact(r.name), {_compact(a) for a in r.aliases}) for r in refs]
        self.cells: dict[str, _SliCell] = {}


def _named(text: str, names: _Names) -> list[SliRef]:
    """SLIs a text names: exact first, else the longest name it contains, else names
    containing it ("可用性（間接）" → 可用性)."""
    bare = _PARENS.sub("", text) if "(" in text or "（" in text else text
    cell = _compact(bare) or _compact(text)
    if not cell:
        return []
    compact = names.compact
    exact = [r for r, name, aliases in compact if name == cell or cell in aliases]
    if exact:
        return exact
    inside = [r for r, name, _ in compact if len(name) >= 2 and name in cell]
    if inside:
        return sorted(inside, key=lambda r: -len(r.name))[:1]
    return [r for r, name, _ in compact if len(cell) >= 2 and cell in name]


def link_monitor(monitor: Monitor, refs: Sequence[SliRef], tracer: Tracer) -> MonitorLink:
    """The SLIs a monitor's SLI column names, or why it names none."""
    names = tracer.names(refs)
    level = monitor.level_name or tracer.level(monitor.level)
    cell = cell_text(monitor.sli)
    if not cell:
        found = _named(" ".join((monitor.target, monitor.item)), names)
        return MonitorLink(monitor, tuple(r.name for r in found), "empty", False, level)
    sli = names.cells.get(cell)
    if sli is None:
        sli = names.cells[cell] = _SliCell.read(cell, names, tracer)
    if sli.not_sli:
        if not sli.reason:  # "－" or "none" alone: nobody said why
            found = _named(" ".join((monitor.target, monitor.item)), names)
            return MonitorLink(monitor, tuple(r.name for r in found), "empty", False, level)
        return MonitorLink(monitor, (), "none", False, level)
    found = list(sli.named)
    if not found and sli.budget:
        found = (_named(" ".join((monitor.target, monitor.item)), names)
                 or [r for r in refs if r.kind == "availability"][:1])
        return MonitorLink(monitor, tuple(r.name for r in found), "linked", sli.indirect, level)
    status: Literal["linked", "unknown"] = "linked" if found else "unknown"
    return MonitorLink(monitor, tuple(r.name for r in found), status, sli.indirect, level)


@dataclass(frozen=True)
class _SliCell:
    """What a monitor's SLI cell says, read once per distinct cell."""

    not_sli: bool  # deliberately tied to no SLI ("対象外")
    reason: bool  # ... and says why
    indirect: bool  # "（間接）"
    named: tuple[SliRef, ...]  # the SLIs it names
    budget: bool  # it names the error budget

    @staticmethod
    def read(cell: str, names: _Names, tracer: Tracer) -> _SliCell:
        norm = normalize(cell)
        indirect = any(contains_term(norm, t) for t in tracer.crossdoc("indirect"))
        if tracer.not_sli(cell):
            return _SliCell(True, tracer.reason_given(cell), indirect, (), False)
        named = tuple(_named(cell, names))
        budget = not named and tracer.terms.has(norm, "error_budget")
        return _SliCell(False, False, indirect, named, budget)


def channels_of(levels: Sequence[AlertLevel]) -> dict[str, tuple[str, ...]]:
    """Each alert level's channels, from the first definition of the level."""
    found: dict[str, tuple[str, ...]] = {}
    for level in levels:
        found.setdefault(level.name, level.channels)
    return found
