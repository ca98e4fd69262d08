"""Which monitors watch an SLI (`opslint trace` and MON061): linked to it, naming it, or, for
an SLI named by its kind ("可用性"), watching that kind of signal while tied to no SLI of
another objective.

What each monitor watches (its target, item and threshold) is read once per list of monitors,
and whether it watches a kind of signal is answered for every monitor at once: one search of
the kind's terms over their texts joined, not one search per monitor (each names its own
target: 50,000 rows, 50,000 texts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from opslint.document.normalize import any_term_pattern, normalize
from opslint.engine.memo import LastKept
from opslint.facts.joined import holding
from opslint.facts.model import Slo
from opslint.trace_links import MonitorLink, SliRef, Tracer, _compact

__all__ = ["covered", "watching"]

_PERCENTILE = re.compile(r"(?i)(?<![a-z0-9])p(50|75|90|95|99)(?![0-9])")
# Between the texts searched together: no term (a normalised literal, words joined by
# ``[\s_-]*``) and no percentile matches it, so no match spans two texts, and it stands
# where a text's start or end would for the lookarounds.
_APART = "\x00"


class Watched:
    """The monitors with what each watches (target, item, threshold) normalised, and that
    without spaces; and, per kind of signal, whether each watches it (``of_kind``)."""

    def __init__(self, links: Sequence[MonitorLink], tracer: Tracer) -> None:
        texts = [normalize(f"{link.monitor.target} {link.monitor.item} "
                           f"{link.monitor.threshold}") for link in links]
        self.rows = tuple((link, text, "".join(text.split())) for link, text in zip(
            links, texts, strict=True))
        self.texts = texts
        self.tracer = tracer
        self._kinds: dict[str, list[bool]] = {}

    def of_kind(self, kind: str) -> list[bool]:
        """Whether each monitor watches a kind of signal (latency; availability and error
        ratio alike), for all of them at once."""
        key = "latency" if kind == "latency" else \
            "ratio" if kind in ("availability", "error_rate") else ""
        found = self._kinds.get(key)
        if found is None:
            found = self._kinds[key] = self._read(key)
        return found

    def _read(self, key: str) -> list[bool]:
        terms = self.tracer.terms
        if key == "latency":
            words = _texts_matching(self.texts, any_term_pattern(terms("sli_latency")))
            marks = _texts_matching(self.texts, _PERCENTILE)
            return [a or b for a, b in zip(words, marks, strict=True)]
        if key == "ratio":
            # A request-based availability is one minus the error ratio: a 5xx monitor
            # watches both.
            ratio = (*terms("sli_availability"), *terms("sli_error_rate"), *terms("burn_rate"))
            return _texts_matching(self.texts, any_term_pattern(ratio))
        return [False] * len(self.texts)


def _texts_matching(texts: Sequence[str], pattern: re.Pattern[str] | None) -> list[bool]:
    """Whether ``pattern`` is found in each text: ``[bool(pattern.search(t)) for t in
    texts]``, by one scan of the texts joined (each text holding a match yields one)."""
    found = [False] * len(texts)
    if pattern is None:
        return found
    if any(_APART in t for t in texts):  # never in a normalised cell; read one by one then
        return [pattern.search(t) is not None for t in texts]
    for index in holding(pattern, texts, _APART):
        found[index] = True
    return found


def watched(links: Sequence[MonitorLink], tracer: Tracer) -> Watched:
    """What the monitors watch, read once for every SLI asked about the same monitors in a
    row."""
    return _WATCHED.get((tracer, *links), lambda: Watched(links, tracer))


_WATCHED: LastKept[Watched] = LastKept()


def watching(ref: SliRef, links: Sequence[MonitorLink], refs: Sequence[SliRef],
             tracer: Tracer) -> list[MonitorLink]:
    """The monitors that watch an SLI: linked to it, naming it, or (for an SLI named by its
    kind) watching that kind of signal while tied to no SLI of another objective."""
    return list(_watching(ref, links, refs, tracer))


def _watching(ref: SliRef, links: Sequence[MonitorLink], refs: Sequence[SliRef],
              tracer: Tracer) -> Iterator[MonitorLink]:
    name = _compact(ref.name)
    by_name = {r.name: r for r in refs}
    seen = watched(links, tracer)
    kinds: list[bool] | None = None
    for index, (link, _, squeezed) in enumerate(seen.rows):
        named = len(name) >= 2 and name in squeezed
        # Its kind is read only for a monitor neither linked to the SLI nor naming it.
        if ref.name in link.slis or (named and not ref.generic):
            yield link
        elif ref.generic:
            if not named:
                kinds = kinds if kinds is not None else seen.of_kind(ref.kind)
                if not kinds[index]:
                    continue
            if _free_for(ref, link, by_name):
                yield link


def covered(ref: SliRef, links: Sequence[MonitorLink], refs: Sequence[SliRef],
            tracer: Tracer) -> bool:
    """Whether a monitor watches the SLI (the first one found answers)."""
    return next(_watching(ref, links, refs, tracer), None) is not None


def _free_for(ref: SliRef, link: MonitorLink, by_name: Mapping[str, SliRef]) -> bool:
    """Whether a monitor's own links leave it free to watch ``ref`` by kind: it is tied to no
    SLI, or to one with the same objective (99.9% available is 0.1% errors)."""
    if link.status == "none":
        return False  # the document says it watches no SLI
    if link.status != "linked":
        return True
    return any(_same_objective(ref, by_name[s]) for s in link.slis if s in by_name)


def _same_objective(a: SliRef, b: SliRef) -> bool:
    """Two SLIs whose percentage targets are the same or complementary over one window (or
    that state no percentage to compare)."""
    ours = [(s, s.percent) for s in a.slos if s.percent is not None]
    theirs = [(s, s.percent) for s in b.slos if s.percent is not None]
    if not ours or not theirs:
        return True
    return any(_same_window(x, y) and min(abs(p - q), abs(100 - p - q)) < 1e-6
               for x, p in ours for y, q in theirs)


def _same_window(a: Slo, b: Slo) -> bool:
    """Whether two SLOs are evaluated over one window; a month is 28 to 31 days, and an
    unstated window is any."""
    if a.window_minutes is not None and b.window_minutes is not None:
        return abs(a.window_minutes - b.window_minutes) < 1e-6
    days = next((s.window_minutes / 1440 for s in (a, b) if s.window_minutes is not None), None)
    if days is not None and "month" in (a.window_kind, b.window_kind):
        return 28 <= days <= 31
    if a.window_kind is not None and b.window_kind is not None:
        return a.window_kind == b.window_kind
    return True
