"""Incident severity levels (Sev-1…, P1…, レベル1…) as the incident chapters define them:
each level's rank, definition and response time."""

from __future__ import annotations

import re

from opslint.document.model import Document
from opslint.document.normalize import contains_any, normalize
from opslint.engine.vocab import Vocab
from opslint.facts.model import SeverityLevel
from opslint.facts.quantities import find_durations
from opslint.facts.text import Unit, cell_text, label_value, outermost, sections_for, units

__all__ = ["severities"]

_SEVERITY = re.compile(
    r"(?i)(?:\bsev(?:erity)?[\s\-_]*(?P<a>[1-5])\b|^p(?P<b>[0-4])\b|(?:障害)?レベル\s*(?P<c>[1-5])"
    r"|^(?P<d>[1-5])\s*[-–:]\s|^s(?P<e>[1-5])\b)"
)


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
