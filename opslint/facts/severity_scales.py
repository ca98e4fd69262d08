"""Incident severity scales: which labels (Sev-1, P1, S1, 障害レベル1) the incident chapters
use of incidents, and which scales the document maps onto each other."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from opslint.document.model import DocKind, Document, Section
from opslint.document.normalize import contains_any, normalize
from opslint.engine.vocab import Vocab
from opslint.facts.monitoring import monitor_sections
from opslint.facts.text import sections_for, units

__all__ = ["ScaleLabel", "SeverityScales", "scale_of", "severity_scales"]

# Clauses: what follows a label up to here still speaks of it.
_CLAUSE = re.compile(r"[。．;；/／(（|]")


@dataclass(frozen=True)
class ScaleLabel:
    """A severity label as written ("Sev-1", "P2", "S1", "障害レベル3") and its scale."""

    scale: str  # a key of ``severity_scales`` in rules/vocab/incident.yaml
    label: str
    line: int


@dataclass(frozen=True)
class SeverityScales:
    """Severity labels the incident chapters use of incidents, and the scales the document
    maps onto each other (pairs named in one sentence, list item or table row)."""

    used: tuple[ScaleLabel, ...]
    mapped: frozenset[frozenset[str]]


def _scale_patterns(vocab: Vocab) -> dict[str, list[re.Pattern[str]]]:
    def build() -> dict[str, list[re.Pattern[str]]]:
        data = vocab.terms.get("incident", {}).get("severity_scales", {})
        return {str(k): [re.compile(str(p)) for p in v] for k, v in data.items()}

    return vocab.compiled("severity-scales", build)


def scale_of(label: str, vocab: Vocab) -> str | None:
    """The scale a label starts with ("Sev-1 (Critical)" → sev), or None."""
    norm = normalize(label)
    found = [(m.start(), scale) for scale, patterns in _scale_patterns(vocab).items()
             for p in patterns if (m := p.search(norm)) is not None and m.start() <= 2]
    return min(found)[1] if found else None


def _labels(norm: str, vocab: Vocab) -> Iterator[tuple[str, re.Match[str]]]:
    for scale, patterns in _scale_patterns(vocab).items():
        for pattern in patterns:
            for match in pattern.finditer(norm):
                yield scale, match


def _scales_named(norm: str, patterns: dict[str, list[re.Pattern[str]]]) -> list[str]:
    """The scales a text names: a table row or a sentence that maps scales needs no more
    than that, one search of each scale's patterns until one is found (no label listed)."""
    found = []
    for scale, compiled in patterns.items():
        for pattern in compiled:
            if pattern.search(norm) is not None:
                found.append(scale)
                break
    return found


# What joins two labels of one meaning: "S1 = Sev-1", "P1（Sev-1）", "P1 / Sev-1", "P1→Sev-1".
_JOINED = re.compile(r"\s*(?:[=＝:：→⇒/／(（]|->|=>)\s*")
# Sentence boundaries, for the context of a severity label.
_SENTENCE = re.compile(r"[。．;；|]|\.(?:\s|$)")


def _of_incident(norm: str, match: re.Match[str], scale: str, vocab: Vocab, strict: bool
                 ) -> bool:
    """A label of an ambiguous scale names an incident severity unless a ticket, action or
    case word is next to it in its clause ("P1 items are due…", "a case with priority P1");
    where ``strict``, its sentence must also speak of an incident. A label of a contextual
    scale (the alert levels) grades an incident only with an incident word beside it."""
    contextual = scale in vocab.term_list("incident", "severity_scales_contextual")
    if not contextual and scale not in vocab.term_list("incident", "severity_scales_ambiguous"):
        return True
    after = _CLAUSE.split(norm[match.end():match.end() + 24], maxsplit=1)[0]
    before = _CLAUSE.split(norm[max(0, match.start() - 24):match.start()])[-1]
    if contains_any(f"{before} | {after}",
                    vocab.term_list("incident", "severity_scale_not_incident")):
        return False
    incident = vocab.term_list("incident", "severity_scale_incident_words")
    if contextual:
        return contains_any(f"{before[-12:]} | {after[:12]}", incident)
    if not strict:
        return True
    starts = [m.end() for m in _SENTENCE.finditer(norm, 0, match.start())]
    end = _SENTENCE.search(norm, match.end())
    sentence = norm[starts[-1] if starts else 0:end.start() if end else len(norm)]
    return contains_any(sentence, incident)


def _sections(doc: Document, vocab: Vocab, key: str) -> list[Section]:
    keys: Sequence[str] = vocab.term_list("incident", key)
    return [s for k in keys if k in vocab.sections for s in sections_for(doc, vocab, k)]


def _inside(line: int, sections: Sequence[Section]) -> bool:
    return any(s.line <= line <= s.end_line for s in sections)


def _as_written(text: str, label: str) -> str:
    """The label as the document spells it ("Sev-1", not the normalised "sev-1")."""
    found = re.search(re.escape(label), text, re.IGNORECASE)
    return found.group(0) if found else label.upper()


def severity_scales(doc: Document, vocab: Vocab) -> SeverityScales:
    """The severity labels the incident chapters use, and the mappings the document states."""
    mapped: set[frozenset[str]] = set()
    patterns = _scale_patterns(vocab)
    mapping = vocab.term_list("incident", "severity_scale_mapping_words")
    for unit in units(doc):
        norm = unit.norm
        if unit.row is not None or contains_any(norm, mapping):
            scales = _scales_named(norm, patterns)
            if len(scales) > 1:
                mapped.update(frozenset((a, b)) for a in scales for b in scales if a < b)
            continue
        found = sorted(_labels(norm, vocab), key=lambda f: f[1].start())
        for (one, first), (other, second) in pairwise(found):
            if one != other and _JOINED.fullmatch(unit.norm[first.end():second.start()]):
                mapped.add(frozenset((one, other)))
    skip = [*monitor_sections(doc, vocab), *_sections(doc, vocab, "severity_scale_not_sections")]
    strict = _sections(doc, vocab, "severity_scale_strict_sections")
    scope = {s.line: s for s in _sections(doc, vocab, "severity_scale_sections")
             if not _inside(s.line, skip)}
    # A release procedure has no incident chapter: its rollback criteria and go/no-go gates
    # name incidents anywhere ("an S1 linked to the release"), always with an incident word.
    release = doc.kind is DocKind.RELEASE
    if release:
        scope = {doc.root.line: doc.root}
    used: dict[tuple[str, int, str], ScaleLabel] = {}
    for section in (scope[k] for k in sorted(scope)):
        for unit in units(section):
            if _inside(unit.line, skip):
                continue
            sure = release or _inside(unit.line, strict)
            for scale, match in _labels(unit.norm, vocab):
                if _of_incident(unit.norm, match, scale, vocab, sure):
                    label = _as_written(unit.text, match.group(0).strip())
                    used.setdefault((scale, unit.line, label), ScaleLabel(scale, label, unit.line))
    ordered = sorted(used.values(), key=lambda u: (u.line, u.scale))
    return SeverityScales(tuple(ordered), frozenset(mapped))
