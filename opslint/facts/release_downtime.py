"""Planned downtime of a release: the downtime stated in its header or overview, else the
maintenance mode switched on and off in its timeline; partial when the service keeps
running ("サービス停止：なし", "card payments: no interruption") or the text says so."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from opslint.document.model import Document
from opslint.document.normalize import contains_any, normalize
from opslint.engine.vocab import Vocab
from opslint.facts.model import Maintenance, TimelineStep
from opslint.facts.quantities import find_durations, parse_window
from opslint.facts.release_time import reading_terms
from opslint.facts.text import Terms, Unit, label_value, limit_duration, units

__all__ = ["downtime_limit", "labelled", "planned_maintenance", "service_stays"]


def labelled(items: Iterable[Unit], terms: Terms, key: str) -> Iterator[tuple[Unit, str]]:
    for unit in items:
        pair = label_value(unit)
        if pair is not None and terms.has(normalize(pair[0]), key):
            yield unit, pair[1]


def service_stays(doc: Document, vocab: Vocab, head: list[Unit], terms: Terms) -> bool:
    """The document says the service as a whole does not stop ("サービス停止：なし", "Card
    payments: no interruption"), in its header, overview or a service-impact part."""
    impact = reading_terms(vocab, "impact_headings")
    parts = [s for s in doc.sections() if contains_any(s.norm, impact)]
    stays = reading_terms(vocab, "no_outage")
    for unit in [*head, *(u for s in parts for u in units(s))]:
        if terms.has(unit.norm, "no_downtime") or contains_any(unit.norm, stays):
            return True
        pair = label_value(unit)
        if pair is not None and terms.has(normalize(pair[0]), "downtime_label") \
                and _says_none(pair[1], vocab):
            return True
    return False


def _says_none(value: str, vocab: Vocab) -> bool:
    """A field value that starts by saying none ("なし（…は使える）", "No."), not a choice
    left open ("あり / なし")."""
    first = re.split(r"[\s(（、,。.:：/|]", normalize(value).strip("*_ "), maxsplit=1)[0]
    return first in {normalize(v) for v in reading_terms(vocab, "none_values")}


def _timeline_maintenance(steps: Sequence[TimelineStep], terms: Terms) -> Maintenance | None:
    on = next((s for s in steps if s.phase == "maintenance_on" and s.minute is not None), None)
    off = next((s for s in steps if s.phase == "maintenance_off" and s.minute is not None
                and on is not None and s.line > on.line), None)
    if on is None or off is None or on.minute is None or off.minute is None:
        return None
    partial = terms.has(normalize(f"{on.text} {off.text}"), "partial_downtime")
    return Maintenance(off.minute - on.minute, on.minute, off.minute, on.line, off.line,
                       on.text, "timeline", partial)


def _stated_downtime(head: list[Unit], terms: Terms) -> tuple[Maintenance | None, Unit | None]:
    """The downtime the overview states, and the unit stating a limit ("15分以内"), if any."""
    limit: Unit | None = None
    for unit, value in labelled(head, terms, "downtime_label"):
        partial = terms.has(unit.norm, "partial_downtime")
        window = parse_window(value)
        if window is not None:
            return Maintenance(window.minutes, window.start_minute, window.end_minute,
                               unit.line, unit.line, unit.text, "stated", partial), limit
        for duration in find_durations(value):
            if limit_duration(value, duration, terms):
                limit = limit or unit
            else:
                return Maintenance(duration.minutes, None, None, unit.line, unit.line,
                                   unit.text, "stated", partial), limit
    return None, limit


def downtime_limit(head: list[Unit], terms: Terms) -> tuple[float, Unit] | None:
    for unit in head:
        if not terms.has(unit.norm, "downtime_label"):
            continue
        for duration in find_durations(unit.text):
            if limit_duration(unit.text, duration, terms):
                return duration.minutes, unit
    return None


def planned_maintenance(head: list[Unit], steps: Sequence[TimelineStep], terms: Terms,
                        stays: bool) -> Maintenance | None:
    """The stated downtime, else maintenance on → off in the timeline; partial when the
    service stays up or the text says only part of it stops."""
    stated, _ = _stated_downtime(head, terms)
    maintenance = stated or _timeline_maintenance(steps, terms)
    if maintenance is not None and (stays or contains_any(
            normalize(maintenance.text), reading_terms(terms.vocab, "partial_words"))):
        return replace(maintenance, partial=True)  # one function paused, not the service
    return maintenance
