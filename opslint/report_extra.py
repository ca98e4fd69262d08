"""What some reports read beside the findings, computed only when a report asks for it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opslint.bundle import Bundle
    from opslint.docset_entries import DocumentInfo
    from opslint.document.model import Document

__all__ = ["ReportExtra"]


class ReportExtra(Mapping[str, Any]):
    """What some reports read beside the findings: ``rules`` (every loaded rule) and
    ``lines`` (path → source lines), computed on first read. Only SARIF and GitLab read
    them, and they cost loading the rules and reading the files again."""

    def __init__(self, bundle: Bundle, targets: Sequence[DocumentInfo | Document]) -> None:
        self._bundle = bundle
        self._targets = targets

    def __getitem__(self, key: str) -> Any:
        if key == "rules":
            return self._bundle.rules
        if key == "lines":
            return _Lines({d.path.as_posix(): d for d in self._targets})
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(("rules", "lines"))

    def __len__(self) -> int:
        return 2


class _Lines(Mapping[str, tuple[str, ...]]):
    """path → source lines, read when asked; keeps the last file's (findings come by path)."""

    def __init__(self, docs: Mapping[str, DocumentInfo | Document]) -> None:
        self._docs = docs
        self._last: tuple[str, tuple[str, ...]] | None = None

    def __getitem__(self, path: str) -> tuple[str, ...]:
        if self._last is None or self._last[0] != path:
            self._last = (path, self._docs[path].lines)
        return self._last[1]

    def __iter__(self) -> Iterator[str]:
        return iter(self._docs)

    def __len__(self) -> int:
        return len(self._docs)
