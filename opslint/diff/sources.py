"""The two sides of `opslint diff`: which documents each revision holds, read into memory.

A side is a git revision (read from the object database), the work tree, or a folder. Each
gives the documents opslint would check (the paths asked for, config ``exclude``) and,
for a release or operation document, the design documents beside it (and under
``docs-root``) as context, as `opslint check` reads them (opslint/lint.py). Paths are
relative to the repository root (git) or to the folder (--base-dir / --head-dir), so the
same document has the same name on both sides.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from opslint.bundle import Bundle
from opslint.config import Config
from opslint.diff.git import Repo
from opslint.discover import expand_paths, is_markdown
from opslint.document.load import LoadError, decode
from opslint.document.model import DocKind, Document

__all__ = ["Side", "Source", "folder_source", "git_source", "read_side", "worktree_source"]

_NEEDS_CONTEXT = {DocKind.RELEASE, DocKind.OPERATION}
_SKIP_DIRS = {"node_modules", "__pycache__", "venv", "site-packages"}


@dataclass
class Source:
    """Where one side's files come from.

    ``targets``: the documents to check (relative posix paths); ``listing``: every
    Markdown file the side holds, for context; ``read``: their bytes.
    """

    label: str
    targets: list[str]
    listing: list[str]
    read: Callable[[Sequence[str]], dict[str, bytes]]
    docs_root: str | None = None


@dataclass
class Side:
    """One side read: its documents to check, their context, and the files not read."""

    label: str
    targets: list[Document] = field(default_factory=list)
    context: list[Document] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)

    def texts(self) -> dict[str, Document]:
        return {d.path.as_posix(): d for d in (*self.targets, *self.context)}


def _skipped(path: str) -> bool:
    parts = PurePosixPath(path).parts[:-1]
    return any(p in _SKIP_DIRS or p.startswith(".") for p in parts)


def _within(path: str, scopes: Sequence[str]) -> bool:
    return any(not s or path == s or path.startswith(s.rstrip("/") + "/") for s in scopes)


def _excluder(config: Config, root: Path) -> Callable[[str], bool]:
    if not config.exclude:
        return lambda _: False
    import pathspec  # lazily, as discover.py

    spec = pathspec.GitIgnoreSpec.from_lines(config.exclude)
    base = Path(os.path.abspath(config.base))

    def excluded(path: str) -> bool:
        try:
            relative = (root / path).relative_to(base).as_posix()
        except ValueError:
            relative = path
        return bool(spec.match_file(relative))

    return excluded


def _select(listing: Iterable[str], scopes: Sequence[str], config: Config, root: Path
            ) -> list[str]:
    excluded = _excluder(config, root)
    return sorted(p for p in listing if is_markdown(Path(p)) and _within(p, scopes)
                  and not _skipped(p) and not excluded(p))


def _docs_root(config: Config, root: Path) -> str | None:
    if not config.docs_root:
        return None
    folder = Path(os.path.abspath(config.base / config.docs_root))
    try:
        return folder.relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return None


def git_source(repo: Repo, commit: str, label: str, scopes: Sequence[str], config: Config
               ) -> Source:
    """The documents of a commit, read from git."""
    listing = [p for p in repo.files(commit) if is_markdown(Path(p))]
    return Source(label, _select(listing, scopes, config, repo.root), listing,
                  lambda paths: repo.read(commit, paths), _docs_root(config, repo.root))


def _read_files(root: Path, max_bytes: int) -> Callable[[Sequence[str]], dict[str, bytes]]:
    from opslint.document.load import read_regular

    def read(paths: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for path in paths:
            try:
                found[path] = read_regular(root / path, max_bytes)
            except (LoadError, OSError):
                continue
        return found

    return read


def _listing(root: Path, folders: Iterable[str]) -> list[str]:
    names: set[str] = set()
    for folder in folders:
        try:
            entries = list((root / folder).iterdir())
        except OSError:
            continue
        names.update(e.relative_to(root).as_posix() for e in entries
                     if e.is_file() and is_markdown(e))
    return sorted(names)


def _on_disk(root: Path, label: str, paths: Sequence[Path], config: Config) -> Source:
    found = expand_paths(paths, config.exclude, config.base, False, config.respect_gitignore)
    absolute = Path(os.path.abspath(root))
    targets = sorted({Path(os.path.abspath(p)).relative_to(absolute).as_posix()
                      for p in found.files if Path(os.path.abspath(p)).is_relative_to(absolute)})
    docs_root = _docs_root(config, root)
    folders = {PurePosixPath(t).parent.as_posix() for t in targets}
    listing = _listing(absolute, {"" if f == "." else f for f in folders})
    if docs_root is not None:
        listing += [Path(os.path.abspath(p)).relative_to(absolute).as_posix()
                    for p in expand_paths([absolute / docs_root]).files]
    return Source(label, targets, sorted(set(listing)),
                  _read_files(absolute, config.max_file_size), docs_root)


def worktree_source(repo: Repo, scopes: Sequence[str], config: Config, label: str) -> Source:
    """The documents in the work tree (as `opslint check` finds them)."""
    paths = [repo.root / s if s else repo.root for s in scopes]
    return _on_disk(repo.root, label, [p for p in paths if p.exists()], config)


def folder_source(folder: Path, config: Config) -> Source:
    """The documents in a folder (--base-dir / --head-dir), named relative to it."""
    return _on_disk(folder, folder.as_posix().rstrip("/") + "/", [folder], config)


def read_side(source: Source, config: Config, bundle: Bundle) -> Side:
    """Parse a side's documents, and the context a release or operation document needs."""
    from opslint.lint import document_from_source

    side = Side(source.label)
    for path, data in _read_all(source, source.targets, side).items():
        try:
            side.targets.append(document_from_source(Path(path), decode(data), bundle, config))
        except LoadError as error:
            side.problems.append((path, str(error)))
    needing = {d.path.parent.as_posix() for d in side.targets if d.kind in _NEEDS_CONTEXT}
    if not needing:
        return side
    known = set(source.targets)
    wanted = [p for p in source.listing if p not in known and (
        PurePosixPath(p).parent.as_posix() in needing
        or (source.docs_root is not None and _within(p, [source.docs_root])))]
    for path, data in source.read(wanted).items():
        try:
            doc = document_from_source(Path(path), decode(data), bundle, config)
        except LoadError:
            continue  # a broken sibling is reported when it is checked itself
        if doc.kind is not DocKind.UNKNOWN:
            side.context.append(doc)
    return side


def _read_all(source: Source, paths: Sequence[str], side: Side) -> dict[str, bytes]:
    found = source.read(paths)
    side.problems.extend((p, "cannot be read") for p in paths if p not in found)
    return {p: found[p] for p in paths if p in found}
