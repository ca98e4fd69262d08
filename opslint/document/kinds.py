"""Decide a document's kind: config globs, front matter, file name, then title."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opslint.document.model import DocKind
from opslint.document.normalize import normalize

__all__ = ["KindRules", "detect_kind"]

_LEADING_NUMBER = re.compile(r"^\d+(?:[._-]\d+)*[\s._-]*")
_EXTENSIONS = re.compile(r"(\.html)?\.(md|markdown|mdown|erb)(\.erb)?$", re.IGNORECASE)


@dataclass(frozen=True)
class KindRules:
    """Compiled kind-recognition patterns (from rules/vocab/kinds.yaml)."""

    file: Mapping[DocKind, tuple[re.Pattern[str], ...]]
    title: Mapping[DocKind, tuple[re.Pattern[str], ...]]

    @classmethod
    def from_data(cls, data: Mapping[str, Mapping[str, Sequence[str]]]) -> KindRules:
        file: dict[DocKind, tuple[re.Pattern[str], ...]] = {}
        title: dict[DocKind, tuple[re.Pattern[str], ...]] = {}
        for name, patterns in data.items():
            kind = DocKind(name)
            file[kind] = tuple(re.compile(p) for p in patterns.get("file", ()))
            title[kind] = tuple(re.compile(p) for p in patterns.get("title", ()))
        return cls(file, title)


def _stem(path: Path) -> str:
    name = _EXTENSIONS.sub("", path.name)
    return _LEADING_NUMBER.sub("", normalize(name)).strip()


def _match(patterns: Mapping[DocKind, tuple[re.Pattern[str], ...]], text: str) -> DocKind | None:
    for kind, compiled in patterns.items():
        if any(p.search(text) for p in compiled):
            return kind
    return None


def _from_front_matter(front_matter: Mapping[str, Any]) -> DocKind | None:
    value: Any = front_matter.get("opslint")
    if isinstance(value, Mapping):
        value = value.get("kind")
    value = value or front_matter.get("doc_kind")
    if isinstance(value, str):
        try:
            return DocKind(value.strip().lower())
        except ValueError:
            return None
    return None


def detect_kind(
    path: Path,
    title: str | None,
    front_matter: Mapping[str, Any],
    rules: KindRules,
    globs: Mapping[DocKind, Sequence[str]] | None = None,
) -> DocKind:
    """The kind of one document; UNKNOWN when nothing recognises it."""
    posix = path.as_posix()
    for kind, patterns in (globs or {}).items():
        import pathspec  # lazily, only with config globs: see discover.py

        if pathspec.GitIgnoreSpec.from_lines(patterns).match_file(posix):
            return kind
    return (
        _from_front_matter(front_matter)
        or _match(rules.file, _stem(path))
        or (_match(rules.title, normalize(title)) if title else None)
        or DocKind.UNKNOWN
    )
