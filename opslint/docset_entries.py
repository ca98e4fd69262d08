"""What a ``check`` run keeps of each document and of each set it lints (opslint/docsets.py):
a document as the reports see it, a document read (its parse kept or packed), a set to lint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from opslint.document.load import LoadError, SourceText, load_file, split_lines
from opslint.document.model import DocKind, Document

__all__ = ["DocumentInfo", "Entry", "Work"]


@dataclass(frozen=True)
class DocumentInfo:
    """A document of a ``check`` run as the reports see it, without its parse."""

    path: Path  # for display, as in Document.path
    kind: DocKind
    lang: str
    file: Path = field(compare=False)  # as discovered, to read it again
    max_bytes: int = field(compare=False, default=0)  # the run's max-file-size

    @property
    def lines(self) -> tuple[str, ...]:
        """The source lines, as ``Document.lines`` (read again: only SARIF and GitLab need
        them)."""
        try:
            return tuple(split_lines(load_file(self.file, self.max_bytes).text))
        except LoadError:
            return ()



@dataclass
class Entry:
    """One document of a check run: read, hashed, its kind known; its text and parse are
    kept while the run's budget allows, else its parse is packed (opslint/packed.py) until
    its set is linted (a cached kind: read and parsed when its set is linted)."""

    info: DocumentInfo
    digest: str
    target: bool
    set_name: str  # opslint/pairing.py: kept in the cache with its kind
    source: SourceText | None = None
    parsed: Document | None = None
    packed: bytes | None = None  # from a parse not kept, until Run.add stores it


@dataclass(frozen=True)
class Work:
    """One document set to lint: its members (indices into the run's entries, in run order)
    and the members to lint (those without a cached result)."""

    members: tuple[int, ...]
    lint: tuple[int, ...]
