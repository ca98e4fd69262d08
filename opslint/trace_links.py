"""How an operation design's monitors link to its SLIs (for `opslint trace` and MON060+).

A monitor is linked to an SLI by its SLI column ("可用性", "可用性（間接）"), else by naming
the SLI in what it watches; an SLI with a generic name ("可用性", "Latency") is also covered
by any monitor of its kind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from opslint.document.model import Document
from opslint.document.normalize import contains_term, normalize
from opslint.engine.vocab import Vocab
from opslint.facts.model import AlertLevel, DocumentFacts, Monitor, Sli, Slo
from opslint.facts.text import Terms, cell_text, sections_for

__all__ = ["MonitorLink", "SliRef", "Tracer", "channels_of", "covered", "display_name",
           "link_monitor", "sli_refs", "watching"]

_PARENS = re.compile(r"[(（][^)）]*[)）]")
_GENERIC = re.compile(r"(?i)^\s*(sli|slo|service level (indicator|objective)|サービスレベル)")
_PERCENTILE = re.compile(r"(?i)(?<![a-z0-9])p(50|75|90|95|99)(?![0-9])")
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
    """The linking vocabulary: SLI kind terms, not-an-SLI words, levels, paging."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.terms = Terms(vocab)

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
    refs: dict[str, SliRef] = {}
    named = [(display_name(s), s.line) for s in facts.operation.slis]
    for name, line in sorted([*named, *_table_slis(doc, tracer.vocab)], key=lambda n: n[1]):
        key = normalize(name)
        if key and key not in refs:
            refs[key] = SliRef(name, tracer.kind(name, "other"), line, tracer.generic(name))
    for slo in facts.operation.slos:
        name = display_name(slo)
        key = normalize(name)
        target = (refs.get(normalize(slo.sli)) if slo.sli else None) or refs.get(key) or _by_kind(
            refs, tracer.kind(name, slo.kind), slo.kind)
        if target is None:
            refs[key] = target = SliRef(name, tracer.kind(name, "other"), slo.line,
                                        tracer.generic(name))
        aliases = (*target.aliases, slo.name) if slo.sli and slo.name not in target.aliases \
            else target.aliases
        refs[normalize(target.name)] = SliRef(target.name, target.kind, target.line,
                                              target.generic, (*target.slos, slo), aliases)
    return sorted(refs.values(), key=lambda r: r.line)


def _by_kind(refs: Mapping[str, SliRef], kind: str, slo_kind: str) -> SliRef | None:
    same = [r for r in refs.values() if r.kind in (kind, slo_kind)]
    return same[0] if len(same) == 1 else None


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


def _named(text: str, refs: Sequence[SliRef]) -> list[SliRef]:
    """SLIs a text names: exact first, else the longest name it contains, else names
    containing it ("可用性（間接）" → 可用性)."""
    cell = _compact(_PARENS.sub("", text)) or _compact(text)
    if not cell:
        return []
    exact = [r for r in refs if _compact(r.name) == cell
             or any(_compact(a) == cell for a in r.aliases)]
    if exact:
        return exact
    inside = sorted((r for r in refs if len(_compact(r.name)) >= 2 and _compact(r.name) in cell),
                    key=lambda r: -len(r.name))
    if inside:
        return inside[:1]
    return [r for r in refs if len(cell) >= 2 and cell in _compact(r.name)]


def link_monitor(monitor: Monitor, refs: Sequence[SliRef], tracer: Tracer) -> MonitorLink:
    """The SLIs a monitor's SLI column names, or why it names none."""
    level = monitor.level_name or tracer.level(monitor.level)
    cell = cell_text(monitor.sli)
    indirect = any(contains_term(normalize(cell), t) for t in tracer.crossdoc("indirect"))
    watched = " ".join((monitor.target, monitor.item))
    if not cell:
        found = _named(watched, refs)
        return MonitorLink(monitor, tuple(r.name for r in found), "empty", False, level)
    if tracer.not_sli(cell):
        return MonitorLink(monitor, (), "none", False, level)
    found = _named(cell, refs)
    if not found and tracer.terms.has(normalize(cell), "error_budget"):
        found = _named(watched, refs) or [r for r in refs if r.kind == "availability"][:1]
        return MonitorLink(monitor, tuple(r.name for r in found), "linked", indirect, level)
    status: Literal["linked", "unknown"] = "linked" if found else "unknown"
    return MonitorLink(monitor, tuple(r.name for r in found), status, indirect, level)


def watching(ref: SliRef, links: Sequence[MonitorLink], tracer: Tracer) -> list[MonitorLink]:
    """The monitors that watch an SLI: linked to it, naming it, or (for an SLI named by its
    kind) watching that kind of signal."""
    name = _compact(ref.name)
    found = []
    for link in links:
        text = normalize(f"{link.monitor.target} {link.monitor.item} {link.monitor.threshold}")
        if (ref.name in link.slis or (len(name) >= 2 and name in re.sub(r"\s+", "", text))
                or (ref.generic and _of_kind(text, ref.kind, tracer))):
            found.append(link)
    return found


def covered(ref: SliRef, links: Sequence[MonitorLink], tracer: Tracer) -> bool:
    return bool(watching(ref, links, tracer))


def _of_kind(norm: str, kind: str, tracer: Tracer) -> bool:
    if kind == "latency":
        return tracer.terms.has(norm, "sli_latency") or bool(_PERCENTILE.search(norm))
    # A request-based availability is one minus the error ratio: a 5xx monitor watches both.
    if kind in ("availability", "error_rate"):
        return any(tracer.terms.has(norm, key)
                   for key in ("sli_availability", "sli_error_rate", "burn_rate"))
    return False


def channels_of(levels: Sequence[AlertLevel]) -> dict[str, tuple[str, ...]]:
    """Each alert level's channels, from the first definition of the level."""
    found: dict[str, tuple[str, ...]] = {}
    for level in levels:
        found.setdefault(level.name, level.channels)
    return found
