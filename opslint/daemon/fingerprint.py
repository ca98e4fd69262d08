"""The daemon's own code and data, as they were when it started: a daemon whose files
changed (an upgrade, an edited checkout, edited bundled rules) serves no more requests.

Taken on every request, so a plain ``os.stat`` of each file and folder listed when the
daemon started (2 ms for the 460-odd), not the hashing walk of
``opslint.cache.code_fingerprint``. It covers the same files (opslint's modules and the
parser libraries' entry modules) plus every file of the bundled rules folder; a file added
or removed changes its folder's mtime.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence

__all__ = ["Fingerprint"]

_DEPENDENCIES = ("markdown_it", "mdit_py_plugins", "pydantic", "pydantic_core", "yaml",
                 "click")
_Entry = tuple[str, int, int]


class Fingerprint:
    def __init__(self) -> None:
        from opslint import __version__
        from opslint.resources import rules_dir

        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        self.roots = ((package, (".py",)), (str(rules_dir()), ()))
        found: list[_Entry] = []
        for root, suffixes in self.roots:
            _walk(root, suffixes, found)
        for module in _DEPENDENCIES:
            spec = importlib.util.find_spec(module)
            if spec is not None and spec.origin:
                found.append(_stat(spec.origin))
        self.version = __version__
        self.paths = [path for path, _, _ in found]
        self.taken = tuple(found)

    def take(self) -> tuple[_Entry, ...]:
        return tuple(map(_stat, self.paths))

    def changed(self) -> bool:
        return self.take() != self.taken


def _stat(path: str) -> _Entry:
    try:
        info = os.stat(path)
    except OSError:
        return path, -1, -1
    return path, info.st_size, info.st_mtime_ns


def _walk(folder: str, suffixes: Sequence[str], found: list[_Entry]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        found.append((folder, -1, -1))
        return
    found.append(_stat(folder))
    for entry in entries:
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if entry.is_dir():
            _walk(entry.path, suffixes, found)
        elif not suffixes or entry.name.endswith(tuple(suffixes)):
            found.append(_stat(entry.path))
