"""Partial documents: a DR plan, an SLO document, an on-call guide, a deployment runbook.

Such a document is part of an operation design or a release procedure under another name.
It gets that kind plus the outline chapters it holds (``Document.holds``), and only the
rules of those chapters run on it (rules/partial_kinds.yaml, docs/partial_kinds.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opslint.document.model import CodeBlock, DocKind, Document
from opslint.document.normalize import normalize

if TYPE_CHECKING:
    from opslint.engine.registry import Rule

__all__ = [
    "PartialKind", "PartialRules", "describe_kind", "partial_document", "partial_label",
    "runs_on",
]

_FILE = "partial_kinds.yaml"
_EXTENSIONS = re.compile(r"(\.html)?\.(md|markdown|mdown|erb)(\.erb)?$", re.IGNORECASE)


def _patterns(values: Sequence[str] | None) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(v) for v in values or ())


@dataclass(frozen=True)
class PartialKind:
    """One partial kind: what it is part of, the chapters it holds, how it is recognised."""

    name: str
    kind: DocKind
    holds: frozenset[str]
    label: Mapping[str, str]
    title: tuple[re.Pattern[str], ...]
    not_title: tuple[re.Pattern[str], ...]
    terms: tuple[re.Pattern[str], ...]
    min_terms: int
    skip: frozenset[str]  # rules of a held chapter that are not this kind's business
    # A runbook collection holds only the chapters of ``holds`` it has a heading for.
    by_heading: bool = False
    # Kinds named by file name or title (``運用手順書`` is an operation design) that this
    # partial kind may refine, when the document has no heading for a chapter of ``lacks``.
    refines: frozenset[DocKind] = frozenset()
    lacks: frozenset[str] = frozenset()
    # ...and only when a link of it names one of these subjects (its SLOs are held in a
    # linked document): a design that merely lost its principles chapter stays a design.
    refines_linked: frozenset[str] = frozenset()
    # Rules of a held chapter that ask for what a linked document holds: off when a link of
    # the document names that chapter's subject (``rules/partial_kinds.yaml`` ``links``).
    delegable: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Signs of one concrete release (a release version, a dated window, a T-0 timeline): a
    # document titled like a policy that shows ``min_concrete`` of them is a whole document.
    concrete: tuple[re.Pattern[str], ...] = ()
    min_concrete: int = 0
    # Rules outside the held chapters that this kind still answers for (a release policy
    # defines who approves releases).
    also: frozenset[str] = frozenset()
    # Rules off when a code block of the document matches one of the patterns: the subject
    # is given as code or configuration (an automated rollback with its threshold).
    in_code: Mapping[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)

    def is_concrete(self, body: str) -> bool:
        return bool(self.concrete) and sum(
            1 for p in self.concrete if p.search(body)) >= self.min_concrete

    def recognises(self, title: str, body: str) -> bool:
        if not any(p.search(title) for p in self.title):
            return False
        if any(p.search(title) for p in self.not_title):
            return False
        return sum(1 for p in self.terms if p.search(body)) >= self.min_terms


@dataclass(frozen=True)
class PartialRules:
    """rules/partial_kinds.yaml: the partial kinds and which chapters each rule needs."""

    kinds: tuple[PartialKind, ...]
    word: Mapping[str, str]
    always: tuple[str, ...]
    never: frozenset[str]
    derive_from: tuple[str, ...]
    rules: Mapping[str, frozenset[str]]
    families: Mapping[str, frozenset[str]]
    # Per outline chapter, the patterns a link's text or target matches when it leads to a
    # document on that chapter's subject (a DR plan, an SLA): the subject is held there.
    links: Mapping[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> PartialRules:
        kinds = tuple(
            PartialKind(
                name=name, kind=DocKind(spec["kind"]), holds=frozenset(spec["holds"]),
                label=dict(spec.get("label") or {"ja": name, "en": name}),
                title=_patterns(spec.get("title")), not_title=_patterns(spec.get("not_title")),
                terms=_patterns(spec.get("terms")), min_terms=int(spec.get("min_terms", 1)),
                skip=frozenset(spec.get("except") or ()),
                by_heading=bool(spec.get("by_heading")),
                refines=frozenset(DocKind(k) for k in spec.get("refines") or ()),
                lacks=frozenset(spec.get("lacks") or ()),
                refines_linked=frozenset(spec.get("refines_linked") or ()),
                delegable={k: frozenset(v) for k, v in (spec.get("delegable") or {}).items()},
                concrete=_patterns(spec.get("concrete")),
                min_concrete=int(spec.get("min_concrete", 1)),
                also=frozenset(spec.get("also") or ()),
                in_code={k: _patterns(v) for k, v in (spec.get("in_code") or {}).items()},
            )
            for name, spec in (data.get("kinds") or {}).items()
        )
        return cls(
            kinds=kinds,
            word=dict(data.get("word") or {"en": "partial"}),
            always=tuple(data.get("always") or ()),
            never=frozenset(data.get("never") or ()),
            derive_from=tuple(data.get("derive_from") or ()),
            rules={k: frozenset(v) for k, v in (data.get("rules") or {}).items()},
            families={k: frozenset(v) for k, v in (data.get("families") or {}).items()},
            links={k: _patterns(v) for k, v in (data.get("links") or {}).items()},
        )

    def named(self, name: str | None) -> PartialKind | None:
        return next((k for k in self.kinds if k.name == name), None)

    def chapters(self, rule: Rule) -> frozenset[str]:
        """The outline chapters a rule checks: by id, from its parameters, by family."""
        if rule.id in self.rules:
            return self.rules[rule.id]
        derived: set[str] = set()
        for name in self.derive_from:
            value = getattr(rule.params, name, None)  # a frozen dataclass (paramspec)
            if isinstance(value, str):
                derived.add(value)
            elif isinstance(value, (list, tuple)):
                derived.update(v for v in value if isinstance(v, str))
        if derived:
            return frozenset(derived)
        family = re.match(r"[A-Z]+", rule.id)
        return self.families.get(family.group(0) if family else "", frozenset())


@lru_cache(maxsize=1)
def _load(path: Path) -> PartialRules:
    from opslint.engine.yamlio import load_yaml

    return PartialRules.from_data(load_yaml(path.read_text(encoding="utf-8")) or {})


def partial_rules() -> PartialRules:
    """The bundled partial kinds (loaded once per process: read-only data)."""
    from opslint.resources import rules_dir

    return _load(rules_dir() / _FILE)


def _declared(front_matter: Mapping[str, Any]) -> tuple[str | None, frozenset[str]] | None:
    """``opslint: {holds: [backup_dr]}`` or ``{partial: dr}`` in front matter, if any."""
    value = front_matter.get("opslint")
    if not isinstance(value, Mapping):
        return None
    holds = value.get("holds")
    partial = value.get("partial")
    if isinstance(holds, str):
        holds = [holds]
    if not isinstance(holds, list) and not isinstance(partial, str):
        return None
    keys = frozenset(str(h).strip() for h in holds or () if str(h).strip())
    return (partial.strip() if isinstance(partial, str) else None), keys


# The outline chapters a document has a heading for, in the outline of a kind.
Present = Callable[[Document, DocKind], Collection[str]]


def _declares_kind(front_matter: Mapping[str, Any]) -> bool:
    value = front_matter.get("opslint")
    return bool((isinstance(value, Mapping) and value.get("kind")) or front_matter.get("doc_kind"))


def _held(candidate: PartialKind, doc: Document, present: Present | None) -> frozenset[str]:
    """The chapters the candidate holds in the document: all of its ``holds``, or (by
    heading) those the document has a heading for; empty when it cannot be this kind."""
    if not candidate.by_heading:
        return candidate.holds
    if present is None:
        return frozenset()
    found = frozenset(present(doc, candidate.kind))
    if found & candidate.lacks:
        return frozenset()
    held = found & candidate.holds
    # One chapter is a single-subject document (a DR plan, an on-call guide): its own kind.
    return held if len(held) >= 2 else frozenset()


def partial_document(doc: Document, chapters: Mapping[DocKind, Collection[str]],
                     data: PartialRules | None = None, present: Present | None = None
                     ) -> Document:
    """The document as a partial kind when it declares or is recognised as one.

    ``chapters`` are each kind's outline keys; a declared chapter that is none of them is
    dropped (``opslint check`` then treats a document holding nothing as whole).
    ``present`` tells which of a kind's chapters the document has a heading for (needed by
    the kinds that hold only those: a runbook collection).
    """
    data = data or partial_rules()
    declared = _declared(doc.front_matter)
    if declared is not None:
        name, holds = declared
        known = data.named(name)
        kind = known.kind if known is not None and doc.kind is DocKind.UNKNOWN else doc.kind
        holds = holds or (known.holds if known is not None else frozenset())
        valid = frozenset(h for h in holds if h in chapters.get(kind, ()))
        if not valid or kind is DocKind.UNKNOWN:
            return doc
        return replace(doc, kind=kind, partial=name or "declared", holds=valid)
    refining = doc.kind is not DocKind.UNKNOWN
    if refining and _declares_kind(doc.front_matter):
        return doc
    stem = normalize(_EXTENSIONS.sub("", doc.path.name))
    titles = [normalize(doc.title)] if doc.title else []
    titles.append(stem)
    body: str | None = None  # normalised once, and only for a candidate whose title matches
    for candidate in data.kinds:
        # A kind named by the title is refined only by a partial kind of that kind that
        # says so (a runbook collection titled 運用手順書 without a principles chapter).
        if refining and (doc.kind not in candidate.refines or candidate.kind is not doc.kind):
            continue
        # A title that rules the kind out does so whichever name matched (an exporter's
        # README kept in `alerting.md`; a security plan in `oncall.md`).
        if any(p.search(title) for title in titles for p in candidate.not_title):
            continue
        # Cheapest first: the title, then (refining) the links, then the body's terms.
        if not any(p.search(title) for title in titles for p in candidate.title):
            continue
        if refining and candidate.refines_linked and not (
                _linked(doc, data) & candidate.refines_linked):
            continue
        body = normalize(doc.text) if body is None else body
        if any(candidate.recognises(title, body) for title in titles):
            if candidate.is_concrete(body):  # one concrete release titled like a policy
                return replace(doc, kind=candidate.kind)
            held = _held(candidate, doc, present)
            if held:
                return replace(doc, kind=candidate.kind, partial=candidate.name, holds=held)
    return doc


def _linked(doc: Document, data: PartialRules) -> frozenset[str]:
    """The chapters whose subject a link of the document names (held in that document)."""
    from opslint.facts.links import linked_subjects

    return linked_subjects(doc, data.links)


def _delegated(rule_id: str, known: PartialKind, doc: Document, data: PartialRules) -> bool:
    """Whether the rule asks for what a document linked from this one holds."""
    chapters = [c for c, rules in known.delegable.items() if rule_id in rules and c in doc.holds]
    return bool(chapters) and any(c in _linked(doc, data) for c in chapters)


def _in_code(rule_id: str, known: PartialKind, doc: Document) -> bool:
    """Whether the document gives the rule's subject in a code block (``in_code``)."""
    patterns = known.in_code.get(rule_id)
    if not patterns:
        return False
    code = "\n".join(b.text for b in doc.root.all_blocks()
                     if isinstance(b, CodeBlock)).casefold()
    return any(p.search(code) for p in patterns)


def runs_on(rule: Rule, doc: Document, data: PartialRules | None = None) -> bool:
    """Whether a rule runs on a document: always on a whole one; on a partial one only the
    rules of the chapters it holds, plus the ones that look at any text (placeholders)."""
    if not doc.holds:
        return True
    data = data or partial_rules()
    rule_id = rule.id
    if rule_id in data.never:
        return False
    known = data.named(doc.partial)
    if known is not None and (rule_id in known.skip or _delegated(rule_id, known, doc, data)
                              or _in_code(rule_id, known, doc)):
        return False
    if known is not None and rule_id in known.also:
        return True
    if any(rule_id == a or (a.isalpha() and rule_id.startswith(a)) for a in data.always):
        return True
    return bool(data.chapters(rule) & doc.holds)


def partial_label(name: str | None, holds: Collection[str], lang: str = "en") -> str:
    """``partial: backup and DR`` (the kind's label, else the chapters it holds)."""
    data = partial_rules()
    known = data.named(name)
    label = known.label.get(lang, known.name) if known is not None else ", ".join(sorted(holds))
    word = data.word.get(lang, data.word.get("en", "partial"))
    return f"{word}: {label}"


def describe_kind(doc: Document, lang: str = "en") -> str:
    """``operation`` or ``operation (partial: backup and DR)``."""
    if not doc.holds:
        return doc.kind.value
    return f"{doc.kind.value} ({partial_label(doc.partial, doc.holds, lang)})"
