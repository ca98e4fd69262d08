"""Expand paths to Markdown files and find the sibling documents a check needs as context."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# pathspec (31 modules, about 11 ms) is imported only when patterns exist: most runs have none.
if TYPE_CHECKING:
    import pathspec

__all__ = ["MARKDOWN_SUFFIXES", "expand_paths", "is_markdown", "sibling_candidates"]

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".md.erb")
_SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox",
              ".opslint_cache", "site-packages"}


def is_markdown(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(MARKDOWN_SUFFIXES)


def _excluded(spec: pathspec.GitIgnoreSpec | None, path: Path, base: Path) -> bool:
    if spec is None:
        return False
    try:
        relative = path.resolve().relative_to(base.resolve())
    except ValueError:
        relative = path
    return bool(spec.match_file(relative.as_posix()))


def expand_paths(
    paths: Sequence[Path], exclude: Iterable[str] = (), base: Path = Path("."),
    force_exclude: bool = False,
) -> Iterator[Path]:
    """Files named on the command line, and Markdown files found under folders.

    Config ``exclude`` patterns (gitignore syntax) prune folder walks; a file named
    explicitly is linted anyway unless ``force_exclude`` (pre-commit passes names).
    """
    patterns = list(exclude)
    spec = None
    if patterns:
        import pathspec

        spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            candidates: Iterable[Path] = _walk(path, spec, base)
        else:
            if force_exclude and _excluded(spec, path, base):
                continue
            candidates = [path]
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                yield candidate


def _walk(folder: Path, spec: pathspec.GitIgnoreSpec | None, base: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(
            d for d in dirs
            if d not in _SKIP_DIRS and not d.startswith(".")
            and not _excluded(spec, Path(root) / d, base)
        )
        for name in sorted(files):
            path = Path(root) / name
            if is_markdown(path) and not _excluded(spec, path, base):
                yield path


def sibling_candidates(files: Iterable[Path], docs_root: Path | None) -> list[Path]:
    """Markdown files next to the given files (and under docs_root), for cross-doc context."""
    folders = {f.parent for f in files}
    found: list[Path] = []
    for folder in sorted(folders):
        found.extend(sorted(p for p in folder.iterdir() if p.is_file() and is_markdown(p)))
    if docs_root is not None and docs_root.is_dir():
        found.extend(_walk(docs_root, None, docs_root))
    return found
