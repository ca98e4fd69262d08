"""XDOC NFR figures: availability, RTO, RPO and service hours are the same wherever the
architecture, the basic design and the operation design state them.

Which document reports a disagreement: the value most documents state is the reference
(ties go to the upstream one: architecture, then basic design, then operation design); a
document stating something else reports it at its own line. A document that agrees with
the reference also reports a disagreeing document that is only context (pre-commit passed
it alone), so the mismatch is not lost; when every document is linted, only the odd one
out reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from opslint.checks.shared.words import period_text
from opslint.checks.xdoc.common import location, xlabel, xterms
from opslint.document.model import DocKind, Document
from opslint.document.normalize import contains_any, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.registry import NoParams

_ORDER = (DocKind.ARCHITECTURE, DocKind.BASIC_DESIGN, DocKind.OPERATION)
_KEYS = ("availability", "rto", "rpo", "service_hours")
_CLOCK = re.compile(r"(\d{1,2}:\d{2})\s*[-–~〜～]\s*(\d{1,2}:\d{2})")


@dataclass(frozen=True)
class _Figure:
    key: str
    value: float | str
    shown: LocalText
    line: int
    text: str


def _hours(ctx: CheckContext, text: str) -> str | None:
    norm = normalize(text)
    if contains_any(norm, xterms(ctx, "always_on")):
        return "24x7"
    clock = _CLOCK.search(norm)
    if clock is None:
        return None
    start, end = (f"{int(t.split(':')[0])}:{t.split(':')[1]}" for t in clock.groups())
    return f"{start}-{end}"  # "09:00-18:00" and "9:00 - 18:00" are the same hours


def _figure(ctx: CheckContext, key: str, value: float | str | None, line: int, text: str
            ) -> _Figure | None:
    if value is None:
        return None
    if isinstance(value, str):
        shown = xlabel(ctx, "always_on_label") if value == "24x7" else LocalText(value, value)
    elif key == "availability":
        shown = LocalText(f"{value:g}%", f"{value:g}%")
    else:
        shown = period_text(ctx.vocab, value)
    return _Figure(key, value, shown, line, text)


def _figures(ctx: CheckContext, doc: Document) -> list[_Figure]:
    facts = ctx.facts(doc)
    found: list[_Figure | None] = []
    for n in facts.design.nfr:
        if n.key == "availability":
            found.append(_figure(ctx, n.key, n.percent, n.line, n.text))
        elif n.key in ("rto", "rpo"):
            found.append(_figure(ctx, n.key, n.minutes, n.line, n.text))
        elif n.key == "service_hours":
            found.append(_figure(ctx, n.key, _hours(ctx, n.value), n.line, n.text))
    if doc.kind is DocKind.OPERATION:
        found += [_figure(ctx, o.kind.lower(), o.minutes, o.line, o.text)
                  for o in facts.operation.objectives]
        names = xterms(ctx, "availability_slo")
        found += [_figure(ctx, "availability", s.percent, s.line, s.text)
                  for s in facts.operation.slos if s.kind == "availability"
                  and contains_any(normalize(s.name), names)]
    return [f for f in found if f is not None]


def _documents(ctx: CheckContext) -> list[Document]:
    docs: dict[str, Document] = {}
    for kind in _ORDER:
        for doc in ctx.siblings(kind):
            docs.setdefault(doc.path.as_posix(), doc)
    return list(docs.values())


def _reference(held: dict[str, list[_Figure]], rank: dict[str, int]) -> float | str:
    """The value most documents state; ties go to the most upstream document."""
    support: dict[float | str, tuple[int, int]] = {}
    for path, figures in held.items():
        for value in {f.value for f in figures}:
            count, best = support.get(value, (0, len(rank)))
            support[value] = (count + 1, min(best, rank[path]))
    return max(support, key=lambda v: (support[v][0], -support[v][1]))


def nfr_mismatch(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """An NFR figure of this document differs from the other design documents' value."""
    docs = _documents(ctx)
    if ctx.doc.path.as_posix() not in {d.path.as_posix() for d in docs}:
        return
    rank = {d.path.as_posix(): _ORDER.index(d.kind) for d in docs}
    figures = {d.path.as_posix(): _figures(ctx, d) for d in docs}
    by_path = {d.path.as_posix(): d for d in docs}
    me = ctx.doc.path.as_posix()
    for key in _KEYS:
        held = {p: [f for f in fs if f.key == key] for p, fs in figures.items()}
        held = {p: fs for p, fs in held.items() if fs}
        if me not in held or len(held) < 2:
            continue
        ref = _reference(held, rank)
        if any(f.value == ref for f in held[me]):
            odd = [p for p, fs in held.items() if p != me and all(f.value != ref for f in fs)
                   and not ctx.docs.linted(by_path[p])]
            for path in odd:
                theirs = held[path][0]
                mine = next(f for f in held[me] if f.value == ref)
                yield _hit(ctx, key, mine.line, mine, theirs, by_path[path], _gate(ctx, key))
            continue
        source = min((p for p, fs in held.items() if any(f.value == ref for f in fs)),
                     key=lambda p: rank[p])
        theirs = next(f for f in held[source] if f.value == ref)
        mine = held[me][0]
        yield _hit(ctx, key, mine.line, mine, theirs, by_path[source], _gate(ctx, key))


def _gate(ctx: CheckContext, key: str) -> int | None:
    """The gate that agrees on a figure: availability at the SLO gate, RTO/RPO at backup/DR."""
    gates = ctx.vocab.terms.get("crossdoc", {}).get("nfr_gates", {})
    value = gates.get(key) if isinstance(gates, dict) else None
    return value if isinstance(value, int) else None


def _hit(ctx: CheckContext, key: str, line: int, here: _Figure, other: _Figure,
         other_doc: Document, gate: int | None) -> Hit:
    return Hit(
        line,
        gate=gate,
        args={"figure": xlabel(ctx, "nfr_figures", key), "value": here.shown, "other": other.shown,
              "document": other_doc.path.name},
        related=(location(other_doc, other.line, other.text.strip()[:80]),),
        key=f"nfr:{key}",
    )
