"""What a check receives: the document, the whole document set, vocabularies, options."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from opslint.document.model import DocKind, Document
from opslint.engine.outlines import Outline
from opslint.engine.vocab import Vocab

__all__ = ["CheckContext", "DocSet"]


@dataclass(frozen=True)
class DocSet:
    """Every document loaded for a run: the linted ones and their sibling context."""

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


@dataclass(frozen=True)
class CheckContext:
    doc: Document
    docs: DocSet
    vocab: Vocab
    outlines: Mapping[DocKind, Outline]
    options: Mapping[str, Any] = field(default_factory=dict)
    cache: dict[tuple[str, str], Any] = field(default_factory=dict)  # memo for derived facts

    def siblings(self, kind: DocKind) -> Sequence[Document]:
        """Documents of a kind for cross-document checks: those in the same folder; else
        the ones read only as context (docs-root), or the only one of its kind in the run.

        A folder without that kind must not borrow another project's document just
        because both were linted in one run (two example sets, a corpus folder).
        """
        candidates = self.docs.of_kind(kind)
        same_folder = [d for d in candidates if d.path.parent == self.doc.path.parent]
        if same_folder:
            return same_folder
        context = [d for d in candidates if not self.docs.linted(d)]
        if context:
            return context
        return candidates if len(candidates) == 1 else []
