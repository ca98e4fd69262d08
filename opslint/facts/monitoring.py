"""Operation-design facts about detection: monitors, burn-rate alerts, alert levels, severities."""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace

from opslint.document.model import Document, ListItem, Section
from opslint.document.normalize import contains_any, normalize
from opslint.engine.memo import LastKept
from opslint.engine.vocab import Vocab
from opslint.facts.burn_rates import burn_rate
from opslint.facts.folded_units import folded_units
from opslint.facts.incident_severities import severities
from opslint.facts.joined import holding
from opslint.facts.model import AlertLevel, Monitor
from opslint.facts.quantities import find_latencies
from opslint.facts.quantities import find_thresholds as _thresholds
from opslint.facts.quiet_units import QuietUnits
from opslint.facts.table_roles import ReadTable, tables_of_role
from opslint.facts.technology import TechIndex
from opslint.facts.text import (
    Terms,
    cell_text,
    label_value,
    outermost,
    sections_for,
    units,
)

__all__ = ["alert_levels", "burn_rate", "level_name", "monitor_sections", "monitors",
           "route_pages", "severities", "with_levels"]

_ARROW = re.compile(r"\s*(?:→|->|⇒|=>)\s*")


def monitor_sections(doc: Document, vocab: Vocab) -> list[Section]:
    """The monitoring chapter's sections (observability, monitors, alerts), in order."""
    found: dict[int, Section] = {}
    for key in ("monitors", "observability", "alerts"):
        for section in sections_for(doc, vocab, key):
            found.setdefault(section.line, section)
    return [found[k] for k in sorted(found)]


_MONITOR_COLUMNS = ("monitor_id", "target", "item", "threshold", "level", "sli", "action",
                    "channel")


def _row_monitors(read: ReadTable, terms: Terms, levels: _Levels,
                  quiet: QuietUnits | None) -> Iterator[Monitor]:
    columns = [read.columns.get(key) for key in _MONITOR_COLUMNS]  # looked up once per table
    # The cells of a row in one call: an absent column reads the "" put after the cells.
    cells_of = operator.itemgetter(*(-1 if c is None else c for c in columns))
    texts = [" | ".join(source.cells) for source in read.source.rows]
    for row, source, text in zip(read.view.rows, read.source.rows, texts, strict=True):
        try:
            cells = cells_of((*row.cells, ""))
        except IndexError:  # a row shorter than the header: Row.get reads "" past its end
            cells = tuple(row.get(c) for c in columns)
        id_, target, item, threshold, level, sli, action, channel = cells
        yield Monitor(
            id=cell_text(id_), target=target, item=item, threshold=threshold, level=level,
            sli=sli, action=action, line=row.line, text=text,
            thresholds=tuple(_thresholds(threshold)), channel=channel,
            latencies=tuple(find_latencies(f"{item} {threshold}")),
            burn_rate=burn_rate(text, threshold, terms,
                                worded=quiet is None or not quiet.row(source, text)),
            channels=levels.channels(channel, row.line), level_name=levels.level(level))


def _list_monitors(section: Section, terms: Terms, levels: _Levels) -> Iterator[Monitor]:
    """Alert bullets with a condition ("条件: 5xx率 > 2% が 5分継続 → SEV2")."""
    parent = ""
    for block in section.all_blocks():
        if not isinstance(block, ListItem):
            continue
        if block.depth == 0:
            parent = cell_text(block.text)
        found = _thresholds(block.text)
        if not found or (block.depth == 0 and not _ARROW.search(block.text)):
            continue
        parts = _ARROW.split(block.text, maxsplit=1)
        condition, level = parts[0], parts[1] if len(parts) > 1 else ""
        yield Monitor(
            id="", target="", item=parent, threshold=cell_text(condition), level=level.strip(),
            sli="", action="", line=block.line, text=block.text, thresholds=tuple(found),
            latencies=tuple(find_latencies(block.text)),
            burn_rate=burn_rate(f"{parent} {block.text}", block.text, terms),
            channels=levels.channels("", block.line), level_name=levels.level(level.strip()),
        )


def monitors(doc: Document, vocab: Vocab, legend: Mapping[str, str] | None = None,
             index: TechIndex | None = None) -> tuple[Monitor, ...]:
    """Rows of the monitor-list tables, else alert bullets with a threshold in the
    monitoring sections; each level read through the document's legend as it is built."""
    terms = Terms(vocab)
    levels = _Levels(vocab, legend, index)
    tables = tables_of_role(doc, vocab, "monitor_list")
    # The rows naming no burn rate, by one scan of the document's units folded together
    # (``quiet_units``): most monitor rows are not normalised only to hear no.
    quiet = QuietUnits(folded_units(doc), vocab, ("burn_rate",)) if tables else None
    rows = [m for t in tables for m in _row_monitors(t, terms, levels, quiet)]
    if not rows:
        rows = [m for s in monitor_sections(doc, vocab) for m in _list_monitors(s, terms, levels)]
    return tuple(sorted({m.line: m for m in rows}.values(), key=lambda m: m.line))


def with_levels(found: Iterable[Monitor], vocab: Vocab, legend: Mapping[str, str] | None = None,
                index: TechIndex | None = None) -> tuple[Monitor, ...]:
    """Monitors read elsewhere (alert rules in YAML) with each level read through the
    document's legend, and their channels."""
    levels = _Levels(vocab, legend, index)
    return tuple(replace(m, level_name=levels.level(m.level),
                         channels=levels.channels(m.channel, m.line)) for m in found)


class _Levels:
    """A monitor's level name (through the legend) and the channels of its route, each read
    once per distinct text: monitor rows repeat a handful of levels and routes."""

    def __init__(self, vocab: Vocab, legend: Mapping[str, str] | None,
                 index: TechIndex | None) -> None:
        self.vocab = vocab
        self.terms = Terms(vocab)
        self.legend = legend
        self.index = index or TechIndex.from_vocab(vocab)
        self._levels: dict[str, str] = {}
        self._routes: dict[str, tuple[str, ...]] = {}

    def level(self, label: str) -> str:
        found = self._levels.get(label)
        if found is None:
            found = self._levels[label] = level_name(label, self.terms, self.legend) or ""
        return found

    def channels(self, text: str, line: int) -> tuple[str, ...]:
        # The names a route gives depend on its text only (``line`` places mentions).
        found = self._routes.get(text)
        if found is None:
            found = self._routes[text] = channel_names(text, self.vocab, self.index, line)
        return found


# The document's own level words, defined beside a canonical level: "緊急（Critical）",
# "通知 = Info", "SEV-PAGE (Critical)", or a legend-table row "| `page` | Critical | … |".
_CANONICAL = {"critical": "critical", "warning": "warning", "info": "info"}
_DEFINED = re.compile(
    r"(?P<word>[^\s()（）=＝:：、,|`*。．.;；「」【】]{1,24})`?\*{0,2}\s*"
    r"(?:[（(]\s*[=＝]?\s*(?P<a>Critical|Warning|Info)\s*(?:相当|level|レベル)?\s*[)）]"
    r"|[=＝]\s*(?P<b>Critical|Warning|Info)\b)",
    re.IGNORECASE)
# The level words every _DEFINED match holds (its groups a and b), under the same flags: a
# unit without one defines nothing, and is not run through _DEFINED at every position.
_LEVEL_WORD = re.compile(r"Critical|Warning|Info", re.IGNORECASE)
# "Sev-1 (Critical)" names an incident severity, never an alert level: a severity table
# beside the alert legend must not make "Sev-1" a level word of the monitor table.
_INCIDENT_LABEL = re.compile(r"(?i)^(?:sev(?:erity)?[\s\-_]*\d|(?:障害|インシデント)レベル\s*\d)")


_MEANING = re.compile(r"(critical|warning|info)(?![a-z])(?:\s*[(（:：、,\-–].*)?$")
# A row's first cell that is an identifier ("M-001", "ALT-12"): a monitor row, not a word.
_ID_LIKE = re.compile(r"^[a-z]+(?:[-_][a-z0-9]+)*[-_]\d+$|^[a-z]+\d{2,}$")


def _legend_cell(text: str) -> tuple[str, str | None]:
    """A cell as a legend row reads it: the word it may define as a first cell (else ""),
    and the level it is led by as another cell (else None)."""
    norm = normalize(cell_text(text).strip("`"))
    meaning = _MEANING.match(norm)
    word = norm if (norm and len(norm) <= 24 and not _ID_LIKE.match(norm)
                    and norm not in _CANONICAL) else ""
    return word, meaning[1] if meaning else None


def level_legend(doc: Document) -> tuple[tuple[str, str], ...]:
    """The level words a document defines, normalised, with the level each stands for:
    legend-table rows first, then definitions beside a level ("緊急（Critical）").

    The document's units are read once for both, and the legend of the last document asked
    for is kept: the operation facts and the alert levels both ask for it."""
    return _LEGEND.get((doc,), lambda: _read_legend(doc))


def _read_legend(doc: Document) -> tuple[tuple[str, str], ...]:
    """Legend-table rows "| `page` | Critical | … |" are a word in the first cell and one
    other cell led by the level it stands for ("Critical", "Critical（即時対応）"); a table
    counts only when no level repeats in it (a monitor list whose rows carry their level
    defines no words). No definition spans the " | " between a row's cells (its word and its
    level hold no "|"), so a row's definitions are its cells' in order.

    Each distinct cell is read once (a table repeats most of its cells on every row)."""
    tables: dict[int, list[tuple[str, str]]] = {}
    defined: dict[str, str] = {}
    legend: dict[str, tuple[str, str | None]] = {}  # distinct cell → _legend_cell
    defines: dict[str, tuple[tuple[str, str], ...]] = {}  # distinct cell → its definitions
    defining: set[str] = set()  # the cells that define a level word

    def read(text: str) -> tuple[str, str | None]:
        found = legend.get(text)
        if found is None:
            found = legend[text] = _legend_cell(text)
        return found

    found_units = tuple(units(doc))
    # The units holding a level word, by one scan of their texts: the others define none.
    leveled = holding(_LEVEL_WORD, [u.text for u in found_units], "\n")
    for index, unit in enumerate(found_units):
        row = unit.row.cells if unit.row is not None else ()
        if row:
            # Most first cells are an ID ("M-001"), no word: the other cells are not read.
            word = read(row[0])[0]
            if word and unit.table is not None and len(row) >= 2:
                heads = [head for _, head in map(read, row[1:]) if head is not None]
                if len(heads) == 1:
                    tables.setdefault(unit.table.line, []).append((word, _CANONICAL[heads[0]]))
            if unit.text == " | ".join(row):
                if index not in leveled:
                    continue  # its cells hold no level word either
                for cell in [c for c in row if c not in defines]:
                    if defines.setdefault(cell, tuple(_definitions(cell))):
                        defining.add(cell)
                if defining and not defining.isdisjoint(row):
                    for cell in row:
                        for term, name in defines[cell]:
                            defined.setdefault(term, name)
                continue
        if index not in leveled:
            continue
        for term, name in _definitions(unit.text):
            defined.setdefault(term, name)
    found: dict[str, str] = {}
    for rows in tables.values():
        if len({name for _, name in rows}) == len(rows):
            found.update(rows)
    for term, name in defined.items():
        found.setdefault(term, name)
    return tuple((w, name) for w, name in found.items() if not _INCIDENT_LABEL.match(w))


def _definitions(text: str) -> Iterator[tuple[str, str]]:
    """The level words a text defines, normalised, with the level each stands for."""
    if not _LEVEL_WORD.search(text):  # every definition names its level
        return
    for match in _DEFINED.finditer(text):
        meaning = (match["a"] or match["b"]).casefold()
        yield normalize(match["word"]), _CANONICAL[meaning]


# extract_operation and alert_levels read the legend of the same document.
_LEGEND: LastKept[tuple[tuple[str, str], ...]] = LastKept()


def level_name(label: str, terms: Terms,
               legend: Mapping[str, str] | None = None) -> str | None:
    """critical, warning or info for a level as written: the legend first, then the
    vocabulary's level words."""
    norm = normalize(cell_text(label).strip("`"))
    if legend and norm in legend:
        return legend[norm]
    exact, every, levels = _LEVEL_WORDS.get((terms.vocab,), lambda: _level_words(terms))
    if norm not in exact and not contains_any(norm, every):
        return None  # one search for most labels (a monitor's ID): no level word at all
    for name, own, words in levels:
        if norm in own or contains_any(norm, words):
            return name
    return None


_LevelWords = tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]


def _level_words(terms: Terms) -> tuple[frozenset[str], tuple[str, ...], _LevelWords]:
    """Each level with its exact words (normalised) and its words (facts.yaml), and every
    level's exact words and words together."""
    levels = tuple((name, frozenset(normalize(t) for t in terms(f"level_{name}_exact")),
                    terms(f"level_{name}")) for name in ("critical", "warning", "info"))
    return (frozenset().union(*(exact for _, exact, _ in levels)),
            tuple(w for _, _, words in levels for w in words), levels)


# Every monitor row's level and routing label is read with the same vocabulary's words.
_LEVEL_WORDS: LastKept[tuple[frozenset[str], tuple[str, ...], _LevelWords]] = LastKept()


# The canonical name of a channel named by its handle (rules/vocab/technology.yaml).
_SLACK = "Slack"
# A channel named in a negated clause is not notified: "Slack へ通知（PagerDuty の呼出しはしない）".
_CLAUSE = re.compile(r"[。．;；/／(（|]")


# The level part of a routing label: its words before any parenthesis ("SEV-PAGE (Critical)").
_LABEL_HEAD = re.compile(r"[(（\[【].*$")


def _routing_sections(doc: Document, vocab: Vocab) -> list[tuple[Section, bool]]:
    """The alert-design sections, then the rest of the monitoring chapter (flagged False),
    where a routing legend may sit under a heading such as "Severities and routing"."""
    found: dict[int, tuple[Section, bool]] = {}
    for key in ("alerts", "escalation"):
        for section in sections_for(doc, vocab, key):
            found.setdefault(section.line, (section, True))
    for section in monitor_sections(doc, vocab):
        found.setdefault(section.line, (section, False))
    return [found[k] for k in sorted(found)]


def _routing_level(label: str, terms: Terms, legend: Mapping[str, str], designed: bool
                   ) -> str | None:
    """The level a routing label names. Outside the alert-design sections only a short,
    level-like label counts ("SEV-PAGE (Critical)"), not a row such as "個人情報の…"."""
    if not designed:
        head = normalize(_LABEL_HEAD.sub("", cell_text(label).strip("`* "))).strip("`* ")
        if not head or len(head) > 16:
            return None
    return level_name(label, terms, legend)


# Clauses of a route: "PagerDuty（夜間は呼び出さない）" negates only its parenthesis.
_ROUTE_CLAUSE = re.compile(r"[。．;；/／(（)）|]")


def route_pages(text: str, vocab: Vocab) -> bool:
    """Whether a route or an action reaches a human: a paging tool, a phone call, "呼出し",
    in a clause that does not deny it (rules/vocab/monitoring.yaml ``paging``)."""
    paging = vocab.term_list("monitoring", "paging")
    negation = vocab.term_list("monitoring", "negation")
    return any(contains_any(c, paging) and not contains_any(c, negation)
               for c in _ROUTE_CLAUSE.split(normalize(text)))


def _slack_handle(text: str, vocab: Vocab) -> bool:
    patterns = vocab.compiled("slack-handles", lambda: [
        re.compile(p) for p in vocab.term_list("facts", "slack_handle_patterns")])
    return any(p.search(text) for p in patterns)


def channel_names(text: str, vocab: Vocab, index: TechIndex, line: int = 0) -> tuple[str, ...]:
    """The channels a route notifies: named products in the clauses that do not deny them,
    and Slack for a channel named by its handle alone ("PagerDuty + #team-ops")."""
    terms = Terms(vocab)
    clauses = [c for c in _CLAUSE.split(text)
               if not terms.has(normalize(c), "channel_negation")]
    names = [m.name for clause in clauses for m in index.mentions(clause, line)
             if m.category in ("channel", "alerting")]
    if any(_slack_handle(c, vocab) for c in clauses):
        names.append(_SLACK)
    return tuple(dict.fromkeys(names))


def alert_levels(doc: Document, vocab: Vocab, index: TechIndex) -> tuple[AlertLevel, ...]:
    """Alert levels with the channels they notify, from the alert-design sections and the
    monitoring chapter, each level read through the document's legend."""
    terms = Terms(vocab)
    legend = dict(level_legend(doc))
    found: list[AlertLevel] = []
    seen: set[int] = set()
    routing = _routing_sections(doc, vocab)  # in document order
    read = {id(s) for s in outermost(s for s, _ in routing)}
    for section, designed in routing:
        if id(section) not in read:
            continue  # inside a section read above: every line of it was seen there
        for unit in units(section):
            pair = label_value(unit)
            if unit.line in seen or pair is None or len(pair[0]) > 24:
                continue
            seen.add(unit.line)
            name = _routing_level(pair[0], terms, legend, designed)
            if name is None:
                continue  # most units (a monitor row keyed by its ID): no level, no route
            channels = channel_names(pair[1], vocab, index, unit.line)
            if channels:
                found.append(AlertLevel(name, pair[0], channels, unit.line, unit.text))
    return tuple(sorted({a.line: a for a in found}.values(), key=lambda a: a.line))
