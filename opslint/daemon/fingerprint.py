"""The daemon's own code and data, as they were when it started: a daemon whose files
changed (an upgrade, an edited checkout, edited bundled rules) serves no more requests.

Taken on every request, so a plain ``os.stat`` of each file and folder listed when the
daemon started (2 ms for the 460-odd), not the hashing walk of
``opslint.cache.code_fingerprint``. Both list the same files (``resources.code_files``:
opslint's modules and the libraries' entry modules); the daemon adds every file of the
bundled rules folder and the folders themselves (a file added or removed changes its
folder's mtime).
"""

from __future__ import annotations

from opslint.resources import Stat, code_files, rules_dir, stat, walk

__all__ = ["Fingerprint"]


class Fingerprint:
    def __init__(self) -> None:
        from opslint import __version__

        found = code_files(folders=True)
        walk(str(rules_dir()), (), found, folders=True)
        self.version = __version__
        self.paths = [path for path, _, _ in found]
        self.taken = tuple(found)

    def take(self) -> tuple[Stat, ...]:
        return tuple(map(stat, self.paths))

    def changed(self) -> bool:
        return self.take() != self.taken
