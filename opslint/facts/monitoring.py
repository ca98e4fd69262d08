"""Operation-design facts about detection: monitors, burn-rate alerts, alert levels, severities."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace

from opslint.document.model import Document, ListItem, Section
from opslint.document.normalize import contains_any, normalize
from opslint.engine.memo import LastKept
from opslint.engine.vocab import Vocab
from opslint.facts.model import AlertLevel, BurnRate, Monitor, SeverityLevel
from opslint.facts.quantities import find_durations, find_latencies, find_percentages
from opslint.facts.quantities import find_thresholds as _thresholds
from opslint.facts.table_roles import ReadTable, tables_of_role
from opslint.facts.technology import TechIndex
from opslint.facts.text import (
    Terms,
    Unit,
    cell_text,
    label_value,
    outermost,
    sections_for,
    units,
)

__all__ = ["alert_levels", "burn_rate", "level_name", "monitor_sections", "monitors",
           "route_pages", "severities", "with_levels"]

# "14.4x", "14.4×", "14.4倍": the factor of a burn-rate condition.
_FACTOR = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:x|X|×|倍)(?![A-Za-z])")
_ARROW = re.compile(r"\s*(?:→|->|⇒|=>)\s*")
_SEVERITY = re.compile(
    r"(?i)(?:\bsev(?:erity)?[\s\-_]*(?P<a>[1-5])\b|^p(?P<b>[0-4])\b|(?:障害)?レベル\s*(?P<c>[1-5])"
    r"|^(?P<d>[1-5])\s*[-–:]\s|^s(?P<e>[1-5])\b)"
)


def monitor_sections(doc: Document, vocab: Vocab) -> list[Section]:
    """The monitoring chapter's sections (observability, monitors, alerts), in order."""
    found: dict[int, Section] = {}
    for key in ("monitors", "observability", "alerts"):
        for section in sections_for(doc, vocab, key):
            found.setdefault(section.line, section)
    return [found[k] for k in sorted(found)]


_CODE_SPAN = re.compile(r"`([^`]+)`")
_RANGE_SELECTOR = re.compile(r"\[\d+[smhdw]\]")


def _promql_burn_rate(threshold: str, text: str) -> BurnRate | None:
    """PromQL in a code span of the row (`… > (14.4 * (1 - 0.999))`, `… > 0.0144` over two
    windows), read as the rule groups' expressions are, with the row as the alert's context:
    a factor times a budget ratio, or a bare ratio over two windows, is a burn rate even
    when the row does not say so."""
    from opslint.facts.yaml_rules import promql_burn_rate

    # Cells are read without their code marks; a range selector ("[1h]") marks PromQL.
    for expr in _CODE_SPAN.findall(text) or [threshold]:
        if _RANGE_SELECTOR.search(expr) and (found := promql_burn_rate(expr, text)):
            return found
    return None


def burn_rate(text: str, threshold: str, terms: Terms) -> BurnRate | None:
    """A burn-rate condition in a monitor row, when the row speaks of burn rate."""
    if not terms.has(normalize(text), "burn_rate"):
        return _promql_burn_rate(threshold, text)
    factors = _FACTOR.findall(threshold) or _FACTOR.findall(text)
    ratios = [p.value for p in find_percentages(threshold)]
    if not factors and not ratios and (found := _promql_burn_rate(threshold, text)):
        return found
    windows = sorted({d.minutes for d in find_durations(threshold) or find_durations(text)},
                     reverse=True)
    return BurnRate(
        factor=float(factors[0]) if factors else None,
        long_window=windows[0] if windows else None,
        short_window=windows[1] if len(windows) > 1 else None,
        error_ratio=ratios[0] if ratios else None,
        text=threshold or text,
    )


_MONITOR_COLUMNS = ("monitor_id", "target", "item", "threshold", "level", "sli", "action",
                    "channel")


def _row_monitors(read: ReadTable, terms: Terms) -> Iterator[Monitor]:
    columns = [read.columns.get(key) for key in _MONITOR_COLUMNS]  # looked up once per table
    for row, source in zip(read.view.rows, read.source.rows, strict=True):
        id_, target, item, threshold, level, sli, action, channel = (row.get(c) for c in columns)
        text = " | ".join(source.cells)
        yield Monitor(
            id=cell_text(id_), target=target, item=item, threshold=threshold, level=level,
            sli=sli, action=action, line=row.line, text=text,
            thresholds=tuple(_thresholds(threshold)), channel=channel,
            latencies=tuple(find_latencies(f"{item} {threshold}")),
            burn_rate=burn_rate(text, threshold, terms))


def _list_monitors(section: Section, terms: Terms) -> Iterator[Monitor]:
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
        )


def monitors(doc: Document, vocab: Vocab, legend: Mapping[str, str] | None = None,
             index: TechIndex | None = None) -> tuple[Monitor, ...]:
    """Rows of the monitor-list tables, else alert bullets with a threshold in the
    monitoring sections; each level read through the document's legend."""
    terms = Terms(vocab)
    rows = [m for t in tables_of_role(doc, vocab, "monitor_list") for m in _row_monitors(t, terms)]
    if not rows:
        rows = [m for s in monitor_sections(doc, vocab) for m in _list_monitors(s, terms)]
    unique = sorted({m.line: m for m in rows}.values(), key=lambda m: m.line)
    return with_levels(unique, vocab, legend, index)


def with_levels(found: Iterable[Monitor], vocab: Vocab, legend: Mapping[str, str] | None = None,
                index: TechIndex | None = None) -> tuple[Monitor, ...]:
    """Monitors with each level read through the document's legend, and their channels."""
    terms = Terms(vocab)
    index = index or TechIndex.from_vocab(vocab)
    # A route's channels depend on its text only, and monitor rows repeat a few routes.
    routes: dict[str, tuple[str, ...]] = {}

    def channels(text: str, line: int) -> tuple[str, ...]:
        if text not in routes:
            routes[text] = channel_names(text, vocab, index, line)
        return routes[text]

    levels: dict[str, str] = {}  # a level as written → its name: a handful of spellings

    def level(label: str) -> str:
        if label not in levels:
            levels[label] = level_name(label, terms, legend) or ""
        return levels[label]

    return tuple(replace(m, level_name=level(m.level), channels=channels(m.channel, m.line))
                 for m in found)


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


def _legend_rows(doc_units: Iterable[Unit]) -> Iterator[tuple[str, str]]:
    """Legend-table rows "| `page` | Critical | … |": a word in the first cell, and one other
    cell led by the level it stands for ("Critical", "Critical（即時対応）"). A table counts
    only when no level repeats in it: a monitor list whose rows carry their level
    ("| API 5xx | Critical |" on many rows) defines no words."""
    rows: dict[int, list[tuple[str, str]]] = {}
    # Each distinct cell read once: a table repeats most of its cells on every row.
    read: dict[str, tuple[str, str | None]] = {}

    def cell(text: str) -> tuple[str, str | None]:
        if text not in read:
            norm = normalize(cell_text(text).strip("`"))
            read[text] = (norm, meaning[1] if (meaning := _MEANING.match(norm)) else None)
        return read[text]

    for unit in doc_units:
        if unit.row is None or unit.table is None or len(unit.row.cells) < 2:
            continue
        cells = [cell(c) for c in unit.row.cells]
        word = cells[0][0]
        heads = [head for _, head in cells[1:] if head is not None]
        if len(heads) == 1 and word and len(word) <= 24 and not _ID_LIKE.match(word) \
                and word not in _CANONICAL:
            rows.setdefault(unit.table.line, []).append((word, _CANONICAL[heads[0]]))
    for found in rows.values():
        if len({name for _, name in found}) == len(found):
            yield from found


def level_legend(doc: Document) -> tuple[tuple[str, str], ...]:
    """The level words a document defines, normalised, with the level each stands for.

    The document's units are cut once for both readings, and the legend of the last
    document asked for is kept: the operation facts and the alert levels both ask for it."""
    return _LEGEND.get((doc,), lambda: _read_legend(doc))


def _read_legend(doc: Document) -> tuple[tuple[str, str], ...]:
    doc_units = list(units(doc))
    found: dict[str, str] = dict(_legend_rows(doc_units))
    # No definition spans the " | " between a row's cells (its word and its level hold no
    # "|"), so a row's definitions are its cells' in order: each distinct cell read once.
    cells: dict[str, tuple[tuple[str, str], ...]] = {}
    for unit in doc_units:
        row = unit.row.cells if unit.row is not None else ()
        if row and unit.text == " | ".join(row):
            for cell in row:
                if cell not in cells:
                    cells[cell] = tuple(_definitions(cell))
                for word, name in cells[cell]:
                    found.setdefault(word, name)
        else:
            for word, name in _definitions(unit.text):
                found.setdefault(word, name)
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
    for name, exact, words in _LEVEL_WORDS.get((terms.vocab,), lambda: _level_words(terms)):
        if norm in exact or contains_any(norm, words):
            return name
    return None


def _level_words(terms: Terms) -> tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]:
    """Each level with its exact words (normalised) and its words (facts.yaml)."""
    return tuple((name, frozenset(normalize(t) for t in terms(f"level_{name}_exact")),
                  terms(f"level_{name}")) for name in ("critical", "warning", "info"))


# Every monitor row's level and routing label is read with the same vocabulary's words.
_LEVEL_WORDS: LastKept[tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]] = LastKept()


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


def _response_cell(unit: Unit, headers: tuple[str, ...]) -> str | None:
    """The cell of a severity row under a response header ("初動の目標", "Acknowledge")."""
    if unit.row is None or unit.table is None:
        return None
    for index, header in enumerate(unit.table.header):
        if index and contains_any(normalize(header), headers):
            return unit.row.get(index)
    return None


def _severity(unit: Unit, headers: tuple[str, ...]) -> SeverityLevel | None:
    pair = label_value(unit)
    label = pair[0] if pair else cell_text(unit.text)
    match = _SEVERITY.search(label)
    if match is None or match.start() > 4:
        return None
    rank = int(next(g for g in match.groupdict().values() if g is not None))
    rest = pair[1] if pair else ""
    # The response time is the one under a response header, else the first one stated.
    cell = _response_cell(unit, headers)
    durations = find_durations(cell if cell is not None else rest)
    return SeverityLevel(label, rank, rest, unit.line, unit.text,
                         durations[0].minutes if durations else None)


def severities(doc: Document, vocab: Vocab) -> tuple[SeverityLevel, ...]:
    """Incident severity levels (Sev-1…, P1…, レベル1…) of the incident sections."""
    found: dict[int, SeverityLevel] = {}
    headers = vocab.term_list("incident", "severity_response_headers")
    for key in ("severity", "incident"):
        for section in outermost(sections_for(doc, vocab, key)):
            for unit in units(section):
                level = _severity(unit, headers)
                if level is not None:
                    found.setdefault(level.line, level)
    return tuple(found[k] for k in sorted(found))
