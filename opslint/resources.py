"""Where opslint's own files are: the bundled data (rules/, outlines, vocabularies),
installed or not, and the code files whose change makes a kept result stale."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

__all__ = ["DEPENDENCIES", "Stat", "code_files", "package_dir", "rules_dir", "walk"]

# The libraries whose code decides what opslint reads, how cache entries unpickle, or how
# the command line runs: their entry modules count as opslint's code.
DEPENDENCIES = ("markdown_it", "mdit_py_plugins", "pydantic", "pydantic_core", "yaml", "click")

Stat = tuple[str, int, int]  # path, size, mtime in ns; -1, -1 when it cannot be read


def package_dir() -> Path:
    return Path(__file__).resolve().parent


def rules_dir() -> Path:
    """The bundled rules folder: ``opslint/_rules`` in a wheel, ``rules/`` in a checkout."""
    package = package_dir()
    installed = package / "_rules"
    if installed.is_dir():
        return installed
    return package.parent / "rules"


def code_files(*, folders: bool = False) -> list[Stat]:
    """opslint's modules, then the entry module of each of ``DEPENDENCIES``, in a stable
    order: the one list behind the rules cache's key (``cache.code_fingerprint``, hashed
    once per run) and the daemon's check before each request (``daemon.fingerprint``, which
    stats them again). ``folders``: the package's folders too (a module added or removed
    changes its folder's mtime)."""
    import importlib.util

    found: list[Stat] = []
    walk(str(package_dir()), (".py",), found, folders=folders)
    for module in DEPENDENCIES:
        spec = importlib.util.find_spec(module)  # finds without importing
        # An absent library is an empty path (never a file), in its place in the order.
        found.append(stat(spec.origin) if spec and spec.origin else ("", -1, -1))
    return found


def stat(path: str) -> Stat:
    try:
        info = os.stat(path)
    except OSError:
        return path, -1, -1
    return path, info.st_size, info.st_mtime_ns


def walk(folder: str, suffixes: Sequence[str], found: list[Stat], *,
         folders: bool = False) -> None:
    """Append the files under ``folder`` ending in one of ``suffixes`` (every file when
    empty), by name, skipping hidden entries and ``__pycache__``; ``folders``: each folder
    before its entries."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        found.append((folder, -1, -1))
        return
    if folders:
        found.append(stat(folder))
    ends = tuple(suffixes)
    for entry in entries:
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if entry.is_dir():
            walk(entry.path, suffixes, found, folders=folders)
        elif not ends or entry.name.endswith(ends):
            found.append(stat(entry.path))
