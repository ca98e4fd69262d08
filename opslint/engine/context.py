"""What a check receives: the document it checks and the run's semantic model, read-only."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from opslint.document.model import DocKind, Document
from opslint.engine.memo import LastKept
from opslint.engine.outlines import Outline
from opslint.engine.vocab import Vocab
from opslint.facts.model import DocumentFacts
from opslint.facts.semantic import DocSet, Reading, SemanticModel

__all__ = ["CheckContext", "DocSet"]

T = TypeVar("T")


@dataclass(frozen=True)
class CheckContext:
    """The document being checked, the model of the whole set, and the rule's options."""

    doc: Document
    model: SemanticModel
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def docs(self) -> DocSet:
        return self.model.docs

    @property
    def vocab(self) -> Vocab:
        return self.model.vocab

    @property
    def outlines(self) -> Mapping[DocKind, Outline]:
        return self.model.outlines

    def facts(self, doc: Document | None = None) -> DocumentFacts:
        """The facts of a document of the set (default: the one being checked)."""
        return self.model.facts(doc or self.doc)

    def read(self, reading: Reading[T], *args: Hashable, doc: Document | None = None) -> T:
        """A shared reading of a document (default: the one being checked)."""
        return self.model.read(reading, doc or self.doc, *args)

    def siblings(self, kind: DocKind) -> Sequence[Document]:
        """Documents of a kind for cross-document checks: those in the same folder; else
        the ones read only as context (docs-root), or the only one of its kind in the run.

        A folder without that kind must not borrow another project's document just
        because both were linted in one run (two example sets, a corpus folder).
        """
        by_kind = _SIBLINGS.get((self.doc, self.model.docs), dict)
        found = by_kind.get(kind)
        if found is None:
            found = by_kind[kind] = tuple(self._siblings(kind))
        return list(found)

    def _siblings(self, kind: DocKind) -> list[Document]:
        candidates = self.docs.of_kind(kind)
        same_folder = [d for d in candidates if d.path.parent == self.doc.path.parent]
        if same_folder:
            return same_folder
        context = [d for d in candidates if not self.docs.linted(d)]
        if context:
            return context
        return candidates if len(candidates) == 1 else []


# The siblings of the last document asked about, by kind: the cross-document rules ask for
# the same kinds again and again (about 30 times per document). A pure function of the
# document and the set, both kept alive by the key while kept.
_SIBLINGS: LastKept[dict[DocKind, tuple[Document, ...]]] = LastKept()
