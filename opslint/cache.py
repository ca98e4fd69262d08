"""The on-disk cache in ``.opslint_cache/``: loaded rules, document kinds, per-file findings.

Every entry is named by a hash of everything its value depends on, never by a timestamp
of the data it describes, so an entry is either exactly right or never found:

- ``rules/``: the loaded rules, vocabularies and outlines (``lint.Bundle``), keyed on
  :func:`code_fingerprint`, the size and mtime of every file of the bundled rules folder
  (part of the installation, as the code is) and the bytes of every file of each
  ``rule-paths`` entry. A warm start skips reading 170 YAML files and
  validating every rule and vocabulary model with pydantic (it imports no pydantic).
- ``docs/``: a document's kind and language, keyed on its path and text (and the rules and
  config, which decide kinds).
- ``results/``: the findings of one linted file, keyed on its text, the text of every
  document it is checked with, the rules, the config and the code (see ``docsets.py``).

The cache only saves time; it never changes a result or stops a run. A missing, unreadable
or corrupt entry is a miss; a folder that cannot be created or written (read-only checkout,
full disk) is skipped silently. Entries are pickles read back by an unpickler that builds
only opslint's own classes (plus paths and compiled patterns), so a cache file planted in
a repository cannot run code. Deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import pickle
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from opslint import __version__

__all__ = ["CACHE_DIR_ENV", "Cache", "code_fingerprint", "digest", "folders_digest"]

CACHE_DIR_ENV = "OPSLINT_CACHE_DIR"  # overrides the config's cache-dir (CI caches, tests)
_FORMAT = 1  # bump when the layout or the meaning of an entry changes
_VERSION_FOLDER = re.compile(r"v\d+(\.\d+)*([a-z]+\d*)?(\.(post|dev)\d+)?")
_README = b"""Signature: 8a477f597d28d172789f06886806bc55
# This folder is opslint's cache (https://bford.info/cachedir/); it is safe to delete.
"""


def digest(*parts: str | bytes) -> str:
    """A hex key for a sequence of parts (each part is length-prefixed: no ambiguity)."""
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """opslint's version, Python's, and the size and mtime of every module of opslint and of
    the libraries it parses with (``resources.code_files``): a changed check, parameter
    model or parser (an editable install being worked on, an upgrade) makes every entry a
    miss."""
    from opslint.resources import code_files, package_dir

    package = str(package_dir()) + os.sep
    parts = [f"opslint {__version__} format {_FORMAT} python {sys.version_info[:3]}\n"]
    for path, size, mtime in code_files():
        name = path.removeprefix(package).replace(os.sep, "/")  # the package's: relative
        parts.append(f"{name} {size} {mtime}\n")
    return digest(*parts)


def folders_digest(folders: Iterable[Path], *, installed: Path | None = None) -> str:
    """A hash of the relative path and bytes of every file under the folders, in order.
    The ``installed`` folder (the rules bundled with opslint) is part of the installation,
    as the code is, and counts by each file's size and modification time as the code does
    (``code_fingerprint``): reading its 190 files' bytes took 15 ms of every run."""
    parts: list[str | bytes] = []
    for folder in folders:
        parts.append(str(folder))
        if not folder.is_dir():
            parts.append("missing")
            continue
        if folder == installed:
            from opslint.resources import walk

            found: list[tuple[str, int, int]] = []
            walk(str(folder), (), found)
            base = str(folder) + os.sep
            parts.extend(f"{path.removeprefix(base)} {size} {mtime}\n"
                         for path, size, mtime in found)
            continue
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            base_path = Path(root)
            for name in sorted(files):
                if name.startswith("."):
                    continue
                path = base_path / name
                parts.append(path.relative_to(folder).as_posix())
                try:
                    parts.append(path.read_bytes())
                except OSError:
                    parts.append("unreadable")  # loading the rules will say why
    return digest(*parts)


# Outside opslint's own classes, only these may be named by a cache entry.
_ALLOWED = {
    ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "PurePosixPath"),
    ("pathlib", "PureWindowsPath"), ("pathlib._local", "PosixPath"),
    ("pathlib._local", "WindowsPath"), ("pathlib._local", "PurePosixPath"),
    ("pathlib._local", "PureWindowsPath"), ("re", "_compile"), ("builtins", "frozenset"),
    ("builtins", "set"), ("builtins", "range"), ("builtins", "slice"),
}


class _Unpickler(pickle.Unpickler):
    """Builds opslint's data classes and the few types above, and nothing else: no function
    of any module can be called by a crafted entry."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module == "opslint" or module.startswith("opslint."):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} may not appear in a cache entry")


class Cache:
    """One cache folder; ``get`` and ``put`` never raise for reasons of the file system."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folder = root / f"v{__version__}"
        self._writable = True

    @classmethod
    def at(cls, base: Path, cache_dir: str) -> Cache:
        """The cache of a project: ``OPSLINT_CACHE_DIR``, else ``cache_dir`` relative to the
        config file's folder (the current folder without a config file)."""
        override = os.environ.get(CACHE_DIR_ENV)
        return cls(Path(override) if override else base / cache_dir)

    def _path(self, section: str, key: str) -> Path:
        if section == "rules":
            return self._folder / section / f"{key}.pickle"
        return self._folder / section / key[:2] / f"{key}.pickle"

    def holds(self, section: str, key: str) -> bool:
        """Whether an entry is stored under a key (it may still be unreadable: ``get``)."""
        return self._path(section, key).is_file()

    def get(self, section: str, key: str) -> Any | None:
        """The value stored under a key, or None (absent, unreadable, corrupt, refused)."""
        try:
            data = self._path(section, key).read_bytes()
            format_, value = _Unpickler(io.BytesIO(data)).load()
        except Exception:  # any broken entry is a miss, never a failed run
            return None
        return value if format_ == _FORMAT else None

    def put(self, section: str, key: str, value: Any) -> None:
        """Store a value atomically; silently skipped when the folder is not writable."""
        if not self._writable:
            return
        try:
            data = pickle.dumps((_FORMAT, value), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an unpicklable value is not worth failing a run for
            return
        path = self._path(section, key)
        try:
            self._prepare(path.parent)
            # A name no other writer uses (tempfile.mkstemp's way without its import of
            # random, 2 ms of a changed-file run): created only if absent, private.
            temporary = str(path.parent / f".tmp-{os.getpid()}-{os.urandom(8).hex()}")
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                             | getattr(os, "O_BINARY", 0), 0o600)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            self._writable = False

    def _prepare(self, folder: Path) -> None:
        if folder.is_dir():
            return
        fresh, new_version = not self.root.exists(), not self._folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        if fresh:  # keep the cache out of version control and of backups
            (self.root / ".gitignore").write_text("# Created by opslint\n*\n", encoding="utf-8")
            (self.root / "CACHEDIR.TAG").write_bytes(_README)
        if new_version and self._ours():  # another opslint's entries are never read again
            for old in self.root.iterdir():
                if old != self._folder and old.is_dir() and _VERSION_FOLDER.fullmatch(old.name):
                    import shutil

                    shutil.rmtree(old, ignore_errors=True)

    def _ours(self) -> bool:
        """Whether the root is a folder opslint made (a cache-dir may name any folder)."""
        try:
            return (self.root / "CACHEDIR.TAG").read_bytes() == _README
        except OSError:
            return False
