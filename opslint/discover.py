"""Expand paths to Markdown files and find the sibling documents a check needs as context."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

# pathspec (31 modules, about 11 ms) is imported only when patterns exist: most runs have none.
if TYPE_CHECKING:
    import pathspec

__all__ = [
    "MARKDOWN_SUFFIXES",
    "Discovery",
    "expand_paths",
    "is_markdown",
    "path_key",
    "sibling_candidates",
]

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".md.erb")
_SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox",
              ".opslint_cache", "site-packages"}


@dataclass
class Discovery:
    """The Markdown files found, and the paths that could not be searched (with why)."""

    files: list[Path] = field(default_factory=list)
    problems: list[tuple[Path, str]] = field(default_factory=list)


def is_markdown(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(MARKDOWN_SUFFIXES)


def path_key(path: Path) -> Path:
    """The file a path names, for de-duplication; a symlink loop is its own key."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError on a symlink loop
        return Path(os.path.abspath(path))


def _excluded(spec: pathspec.GitIgnoreSpec | None, path: Path, base: Path) -> bool:
    if spec is None:
        return False
    try:
        relative = path_key(path).relative_to(path_key(base))
    except ValueError:
        relative = path
    return bool(spec.match_file(relative.as_posix()))


def expand_paths(
    paths: Sequence[Path], exclude: Iterable[str] = (), base: Path = Path("."),
    force_exclude: bool = False,
) -> Discovery:
    """Files named on the command line, and Markdown files found under folders.

    Config ``exclude`` patterns (gitignore syntax) prune folder walks; a file named
    explicitly is linted anyway unless ``force_exclude`` (pre-commit passes names). A file
    named explicitly is returned whatever it is (a FIFO, a broken link): loading reports it.
    """
    patterns = list(exclude)
    spec = None
    if patterns:
        import pathspec

        spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    found = Discovery()
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            candidates: Iterable[Path] = _walk(path, spec, base, found.problems)
        else:
            if force_exclude and _excluded(spec, path, base):
                continue
            candidates = [path]
        for candidate in candidates:
            key = path_key(candidate)
            if key not in seen:
                seen.add(key)
                found.files.append(candidate)
    return found


def _walk(folder: Path, spec: pathspec.GitIgnoreSpec | None, base: Path,
          problems: list[tuple[Path, str]]) -> Iterator[Path]:
    def unlisted(error: OSError) -> None:
        # os.walk skips a folder it cannot list unless told; an unchecked folder must show.
        where = Path(error.filename) if error.filename else folder
        problems.append((where, f"folder cannot be listed ({error.strerror or error}); "
                                "the Markdown files in it were not checked"))

    for root, dirs, files in os.walk(folder, onerror=unlisted):
        dirs[:] = sorted(
            d for d in dirs
            if d not in _SKIP_DIRS and not d.startswith(".")
            and not _excluded(spec, Path(root) / d, base)
        )
        for name in sorted(files):
            path = Path(root) / name
            if is_markdown(path) and not _excluded(spec, path, base):
                yield path


def sibling_candidates(files: Iterable[Path], docs_root: Path | None) -> Discovery:
    """Markdown files next to the given files (and under docs_root), for cross-doc context.

    Only regular files are context: a FIFO or a device beside a document is not read.
    """
    folders = {f.parent for f in files}
    found = Discovery()
    for folder in sorted(folders):
        try:
            entries = sorted(p for p in folder.iterdir() if p.is_file() and is_markdown(p))
        except OSError as error:
            found.problems.append((folder, f"folder cannot be listed ({error.strerror or error});"
                                           " documents beside the checked one were not read"))
            continue
        found.files.extend(entries)
    if docs_root is not None and docs_root.is_dir():
        found.files.extend(p for p in _walk(docs_root, None, docs_root, found.problems)
                           if p.is_file())
    return found
