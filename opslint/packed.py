"""Parsed documents kept packed while ``check`` reads a run, so no file is parsed twice.

``check`` must parse every file to learn its kind before it can make the document sets
(opslint/docsets.py), and it lints the sets afterwards. Keeping every parse as objects
would make memory grow with the run, so the first megabyte of text stays parsed and the
rest used to be parsed again when its set was linted: on a 1,000-document run, nine in ten
documents twice. A parse packed (pickled, then compressed with zlib at level 1) costs about
a tenth of parsing and takes about 0.6 bytes per byte of source; unpacked, it is the same
document (``tests/test_packed.py``). Packs stay compressed in the file too: writing them as
pickled (about five bytes per byte of source) saved about 1 % of CPU in the ninth round, but
where the temporary folder is a RAM disk the file is memory, and the run peaked higher.

The packs go to an anonymous temporary file (its pages are the operating system's cache,
not this process's memory), read back with ``os.pread`` so that forked worker processes
share the file without sharing an offset, up to ``FILE_BUDGET`` bytes. Where no temporary
file can be made (or it is full), up to ``MEMORY_BUDGET`` bytes of packs stay in memory
and the rest are parsed again, as before.
A store pickled to a spawned worker (macOS, Windows) travels empty: that worker parses.
A run whose folders are linted as soon as they are read (opslint/early_sets.py) packs no
parse; ``PackedStore`` keeps the findings of those sets instead, until they are checked.
"""

from __future__ import annotations

import os
import pickle
import zlib
from typing import IO, TYPE_CHECKING, Any

from opslint.document.gc_pause import collector_paused

if TYPE_CHECKING:
    from opslint.document.model import Document

__all__ = ["FILE_BUDGET", "MEMORY_BUDGET", "PackedDocuments", "PackedStore", "pack", "unpack"]

MEMORY_BUDGET = 16 * 1024 * 1024
FILE_BUDGET = 1024 * 1024 * 1024  # about 1.7 GB of Markdown; past it, parsed again


def pack(doc: Document) -> bytes:
    return zlib.compress(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(packed: bytes) -> Document:
    # The collector paused: a document's objects are made in one go, none of them garbage.
    with collector_paused():
        doc: Document = pickle.loads(zlib.decompress(packed))  # our own bytes, this run's
    return doc


class PackedStore:
    """Packed bytes by key: kept in the run's temporary file, else in memory, else dropped
    (the caller then makes them again: parses a document, lints a set)."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._no_file = False
        self._end = 0
        self._in_file: dict[str, tuple[int, int]] = {}  # key: (offset, length)
        self._in_memory: dict[str, bytes] = {}
        self._memory = 0

    def put(self, key: str, packed: bytes) -> None:
        self.drop(key)
        target = self._spill()
        if target is not None and self._end + len(packed) <= FILE_BUDGET:
            try:
                _write_at(target, packed, self._end)
            except OSError:  # a full disk: the rest go to memory, then are parsed again
                self._no_file = True
            else:
                self._in_file[key] = (self._end, len(packed))
                self._end += len(packed)
                return
        if self._memory + len(packed) <= MEMORY_BUDGET:
            self._in_memory[key] = packed
            self._memory += len(packed)

    def get_bytes(self, key: str) -> bytes | None:
        """The bytes put under ``key``, or None."""
        packed = self._in_memory.get(key)
        if packed is None:
            place = self._in_file.get(key)
            if place is None or self._file is None:
                return None
            try:
                packed = _read_at(self._file, *place)
            except OSError:  # the file went bad: made again
                return None
        return packed

    def drop(self, key: str) -> None:
        """Forget what no later set needs (its bytes in the file stay: the file goes with
        the run)."""
        packed = self._in_memory.pop(key, None)
        if packed is not None:
            self._memory -= len(packed)
        self._in_file.pop(key, None)

    def __contains__(self, key: str) -> bool:
        return key in self._in_memory or key in self._in_file

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._file, self._in_file = None, {}
        self._in_memory, self._memory = {}, 0

    def _spill(self) -> IO[bytes] | None:
        if self._no_file:
            return None
        if self._file is None:
            import tempfile  # lazily: only a run that packs needs it

            try:
                # closed by close(), at the end of the run
                self._file = tempfile.TemporaryFile(prefix="opslint-", buffering=0)  # noqa: SIM115
            except OSError:
                self._no_file = True
        return self._file

    def __getstate__(self) -> dict[str, Any]:  # to a spawned worker: the memory part only
        return {**self.__dict__, "_file": None, "_no_file": True, "_in_file": {}}


class PackedDocuments(PackedStore):
    """Packed parses by key (a document's path in the run)."""

    def get(self, key: str) -> Document | None:
        """The document packed under ``key``, or None."""
        packed = self.get_bytes(key)
        return None if packed is None else unpack(packed)


# Unbuffered, at explicit offsets: forked workers share the file (and its offset) with this
# process, and must neither see a half-written buffer nor move the offset under it.
def _write_at(stream: IO[bytes], data: bytes, offset: int) -> None:
    if hasattr(os, "pwrite"):
        view = memoryview(data)
        while view:
            written = os.pwrite(stream.fileno(), view, offset)
            view, offset = view[written:], offset + written
        return
    stream.seek(offset)
    stream.write(data)


def _read_at(stream: IO[bytes], offset: int, length: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(stream.fileno(), length, offset)
    stream.seek(offset)
    return stream.read(length)
