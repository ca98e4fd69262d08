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
    "GitIgnore",
    "display_path",
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


class GitIgnore:
    """The ``.gitignore`` files that apply to a folder walk, as git reads them.

    Each file's patterns are relative to its folder; a deeper file's match (or negation,
    ``!keep.md``) overrides a shallower one's, and an ignored folder is not entered, so
    nothing under it can be re-included (as in git). Files are read wherever they are
    found: from the walked folder down, and from its parent folders up to the root of the
    git work tree it is in (the folder holding ``.git``); outside a work tree only the
    walked folder's own and nested files count. ``.git/info/exclude`` and the global
    excludes file are not read.
    """

    def __init__(self) -> None:
        self._specs: dict[Path, pathspec.GitIgnoreSpec | None] = {}

    def _spec(self, folder: Path) -> pathspec.GitIgnoreSpec | None:
        key = path_key(folder)
        if key not in self._specs:
            spec = None
            try:
                lines = (folder / ".gitignore").read_text(encoding="utf-8",
                                                          errors="replace").splitlines()
            except OSError:
                lines = []
            if any(line.strip() and not line.startswith("#") for line in lines):
                import pathspec

                spec = pathspec.GitIgnoreSpec.from_lines(lines)
            self._specs[key] = spec
        return self._specs[key]

    @staticmethod
    def _top(folder: Path) -> Path:
        """The highest folder whose .gitignore applies to ``folder``: the work tree's root,
        else the folder itself."""
        start = path_key(folder)
        for candidate in (start, *start.parents):
            if (candidate / ".git").exists():
                return candidate
        return start

    def ignored(self, path: Path, is_dir: bool, top: Path | None = None) -> bool:
        """Whether ``path`` is ignored by the .gitignore files from ``top`` down to its
        folder (``top``: by default the work tree's root, else the path's own folder)."""
        target = path_key(path)
        parent = target.parent
        top = path_key(top) if top is not None else self._top(parent)
        try:
            chain = parent.relative_to(top).parts
        except ValueError:
            return False
        folders = [top]
        for part in chain:
            folders.append(folders[-1] / part)
        verdict = False
        for folder in folders:
            spec = self._spec(folder)
            if spec is None:
                continue
            relative = target.relative_to(folder).as_posix() + ("/" if is_dir else "")
            include = spec.check_file(relative).include
            if include is not None:
                verdict = include
        return verdict


def expand_paths(
    paths: Sequence[Path], exclude: Iterable[str] = (), base: Path = Path("."),
    force_exclude: bool = False, respect_gitignore: bool = False,
) -> Discovery:
    """Files named on the command line, and Markdown files found under folders.

    Config ``exclude`` patterns (gitignore syntax) and, with ``respect_gitignore``, the
    ``.gitignore`` files (see ``GitIgnore``) prune folder walks; a file named explicitly
    is linted anyway unless ``force_exclude`` (pre-commit passes names). A file named
    explicitly is returned whatever it is (a FIFO, a broken link): loading reports it.
    """
    patterns = list(exclude)
    spec = None
    if patterns:
        import pathspec

        spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    gitignore = GitIgnore() if respect_gitignore else None
    found = Discovery()
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            candidates: Iterable[Path] = _walk(path, spec, base, found.problems, gitignore)
        else:
            if force_exclude and (_excluded(spec, path, base) or (
                    gitignore is not None and gitignore.ignored(path, is_dir=False))):
                continue
            candidates = [path]
        for candidate in candidates:
            key = path_key(candidate)
            if key not in seen:
                seen.add(key)
                found.files.append(candidate)
    return found


def _walk(folder: Path, spec: pathspec.GitIgnoreSpec | None, base: Path,
          problems: list[tuple[Path, str]], gitignore: GitIgnore | None = None
          ) -> Iterator[Path]:
    def unlisted(error: OSError) -> None:
        # os.walk skips a folder it cannot list unless told; an unchecked folder must show.
        where = Path(error.filename) if error.filename else folder
        problems.append((where, f"folder cannot be listed ({error.strerror or error}); "
                                "the Markdown files in it were not checked"))

    top = None
    if gitignore is not None:  # a folder named explicitly is walked even if it is ignored
        top = path_key(folder) if gitignore.ignored(folder, True) else GitIgnore._top(folder)

    def ignored(path: Path, is_dir: bool) -> bool:
        return gitignore is not None and gitignore.ignored(path, is_dir, top)

    for root, dirs, files in os.walk(folder, onerror=unlisted):
        dirs[:] = sorted(
            d for d in dirs
            if d not in _SKIP_DIRS and not d.startswith(".")
            and not _excluded(spec, Path(root) / d, base)
            and not ignored(Path(root) / d, True)
        )
        for name in sorted(files):
            path = Path(root) / name
            if is_markdown(path) and not _excluded(spec, path, base) and not ignored(path, False):
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


def display_path(path: Path) -> Path:
    """How a file is named in findings: relative to the current folder when under it.
    ``abspath``, not ``resolve``: a symlink is shown by its own path, never its target's."""
    try:
        return Path(os.path.abspath(path)).relative_to(Path.cwd())
    except ValueError:
        return path
