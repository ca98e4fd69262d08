"""The semantic model of a document set: the extract stage's output (DESIGN.md §4).

One model per run, built before any check runs, over every document (the linted ones and
the design documents read as context). Checks, ``summary``, ``trace``, ``questions`` and
``gates`` all read it; none of them extracts facts or keeps a memo of its own.

Facts and readings are computed on first use and then kept for the run: a run that selects
only the secret rules does not pay for timeline extraction. That laziness is invisible to
readers — every value is a pure function of the document and the loaded rules data, so the
model behaves as if it had been built whole, and never changes once a value is read.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from opslint.document.model import DocKind, Document
from opslint.engine.outlines import Outline
from opslint.engine.vocab import Vocab
from opslint.facts.extract import extract_facts
from opslint.facts.model import DocumentFacts
from opslint.facts.reading import Reading
from opslint.facts.technology import TechIndex

__all__ = ["DocSet", "Reading", "SemanticModel"]

T = TypeVar("T")


@dataclass(frozen=True)
class DocSet:
    """Every document of a run: the linted ones and their sibling context."""

    docs: tuple[Document, ...]
    # Documents read only as context (siblings of a linted doc): their findings are not
    # reported, so a cross-document check reports a disagreement in a linted document.
    context_only: frozenset[str] = frozenset()

    def linted(self, doc: Document) -> bool:
        return doc.path.as_posix() not in self.context_only

    def of_kind(self, kind: DocKind) -> list[Document]:
        return [d for d in self.docs if d.kind == kind]

    def first(self, kind: DocKind) -> Document | None:
        found = self.of_kind(kind)
        return found[0] if found else None

    def __iter__(self) -> Iterator[Document]:
        return iter(self.docs)

    def __len__(self) -> int:
        return len(self.docs)


_UNREAD = object()  # a reading not read yet (a reading may be None)


class SemanticModel:
    """The documents of a run with their facts and shared readings, read-only to its users."""

    def __init__(self, docs: DocSet, vocab: Vocab,
                 outlines: dict[DocKind, Outline] | None = None) -> None:
        self.docs = docs
        self.vocab = vocab
        self.outlines: dict[DocKind, Outline] = dict(outlines or {})
        self._facts: dict[int, DocumentFacts] = {}
        self._readings: dict[tuple[str, int, tuple[Hashable, ...]], object] = {}

    @classmethod
    def of(cls, documents: Sequence[Document], vocab: Vocab,
           outlines: dict[DocKind, Outline] | None = None) -> SemanticModel:
        """A model of documents that are all linted (tests, one-off readers)."""
        return cls(DocSet(tuple(documents)), vocab, outlines)

    @cached_property
    def tech_index(self) -> TechIndex:
        """The technology vocabulary's matcher (one pattern over every alias), built once
        per loaded vocabulary (a daemon or language server builds it once for every run)."""
        return self.vocab.compiled("tech-index", lambda: TechIndex.from_vocab(self.vocab))

    def facts(self, doc: Document) -> DocumentFacts:
        """The typed facts of one document of the set."""
        # Keyed by identity: a check may look at a document that is not in the set (a rule
        # example, a fixture), and two documents may share a path in tests.
        found = self._facts.get(id(doc))
        if found is None or found.kind != doc.kind.value:
            found = self._facts[id(doc)] = extract_facts(doc, self.vocab, self.tech_index)
            self._keep(doc)
        return found

    def read(self, reading: Reading[T], doc: Document, *args: Hashable) -> T:
        """A shared reading of one document (with its arguments, e.g. a chapter key)."""
        key = (reading.name, id(doc), args)
        found = self._readings.get(key, _UNREAD)  # one look-up of the key, not two
        if found is _UNREAD:
            found = self._readings[key] = reading.function(doc, self, *args)
            self._keep(doc)
        return found  # type: ignore[return-value]

    def _keep(self, doc: Document) -> None:
        # Identity keys are only sound while the document lives: hold a reference to it.
        self._alive.setdefault(id(doc), doc)

    @cached_property
    def _alive(self) -> dict[int, Document]:
        return {id(d): d for d in self.docs}

    def all_facts(self) -> list[DocumentFacts]:
        """The facts of every document, in the set's order (summary, trace)."""
        return [self.facts(doc) for doc in self.docs]
