"""Tables of values compiled from texts, kept beside opslint's bytecode in ``__pycache__``.

Python keeps the bytecode of every module, but two other things are compiled again in every
process: the methods ``dataclasses`` writes as source text (opslint/dataclass_bytecode.py)
and the opcodes ``re`` compiles each pattern to (opslint/regex_cache.py). Both depend only
on their text and on the interpreter, like a ``.pyc``, so both are kept the same way: one
file each, named as a ``.pyc`` would be (``__pycache__/NAME.cpython-311.marshal``, or under
``PYTHONPYCACHEPREFIX``), headed by the interpreter's magic number, written only where
Python writes bytecode, and trusted as much as the ``.pyc`` files beside it (marshal, like
a ``.pyc``, is not meant for untrusted data).

A file holds an index (a CRC-32 of each text and where its entries lie) and the entries,
each ``marshal((text, value))``. Only the index is held in memory; an entry is read with
``os.pread`` when its text is asked for and its text compared in full, so a value always
belongs to the very text asked for. What a process compiled is kept marshalled and added
at exit (`Table.save`), merged with the file as it is then: another process (a worker of
the same run, another run) may have added entries since this one read it, and they are
kept. A missing, damaged or foreign file, a read-only folder or ``PYTHONDONTWRITEBYTECODE``
mean compiling as before, never an error.

Worker processes exit without ``atexit``; ``save_in_workers`` makes a forked worker add
what it compiled when it exits normally (opslint/workers.py ends its pools that way).
"""

from __future__ import annotations

import marshal
import os
import struct
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["Table", "opened", "pairs", "save_in_workers", "save_opened", "table_path"]

_HEAD = struct.Struct("<Q")  # the length of the index, after the magic number
_PREAD = getattr(os, "pread", None)  # not on Windows


class Table:
    """The values of texts: read from the file one at a time (``get``), and those this
    process compiled (``add``; kept as their entries, a third of the objects' memory),
    added to the file by `save` when there are at least ``few`` of them. Past ``limit``
    texts, a save keeps only the texts this process asked for or added."""

    def __init__(self, path: str, limit: int, few: int = 1) -> None:
        self.path = path
        self.limit = limit
        self.few = few
        self.index: dict[int, tuple[int, ...]] = {}  # crc32 of a text: offset, length, ...
        self.new: dict[str, bytes] = {}  # text: its entry, until `save` writes it
        self.used: set[int] = set()  # the checksums of the texts read from the file
        self.bad: set[int] = set()  # the checksums of entries found unusable (`discard`)
        self._file: Any = None
        self._base = 0  # where the entries start in the file

    def load(self) -> None:
        """Read the file's index; a missing, damaged or foreign file leaves it empty."""
        from importlib.util import MAGIC_NUMBER

        try:
            stream = open(self.path, "rb")  # noqa: SIM115 (kept open: entries read later)
        except OSError:
            return
        try:
            head = stream.read(len(MAGIC_NUMBER) + _HEAD.size)
            if len(head) == len(MAGIC_NUMBER) + _HEAD.size and head.startswith(MAGIC_NUMBER):
                (size,) = _HEAD.unpack_from(head, len(MAGIC_NUMBER))
                if size > os.fstat(stream.fileno()).st_size - len(head):
                    raise ValueError("the index runs past the end of the file")
                index = marshal.loads(stream.read(size))
                if isinstance(index, dict):
                    self.index, self._file = index, stream
                    self._base = len(head) + size
                    return
        except (OSError, EOFError, ValueError, TypeError, struct.error):
            pass
        stream.close()

    @property
    def added(self) -> int:
        """How many texts this process compiled that the file does not hold yet."""
        return len(self.new)

    def get(self, text: str) -> Any:
        """The value kept for `text` (added here, or read from the file), or None. The
        caller checks its type: a damaged entry may hold anything marshal can."""
        entry = self.new.get(text)
        if entry is not None:
            return marshal.loads(entry)[1]
        checksum = _checksum(text)
        found = self._read(text, checksum)
        if found is not None:
            self.used.add(checksum)
        return found

    def add(self, text: str, value: Any) -> None:
        """Keep `value` (anything marshal writes) for `text`, to be added to the file."""
        self.new[text] = marshal.dumps((text, value))

    def discard(self, text: str) -> None:
        """The file's entry for `text` is of no use (the caller could not use its value):
        the next save leaves it out (with any entry sharing its checksum)."""
        self.bad.add(_checksum(text))

    def _read(self, text: str, checksum: int) -> Any:
        places = self.index.get(checksum)
        if not places or self._file is None:
            return None
        try:
            for at in range(0, len(places) - 1, 2):  # pairs(places), without a zip per text
                entry = marshal.loads(self._at(places[at], places[at + 1]))
                if type(entry) is tuple and len(entry) == 2 and entry[0] == text:
                    return entry[1]
        except (OSError, EOFError, ValueError, TypeError):
            pass
        return None

    def _at(self, offset: int, length: int) -> bytes:
        """An entry's bytes: by ``os.pread`` where there is one (no shared file position
        between threads or forked processes), else by seek and read."""
        data: bytes
        if _PREAD is not None:
            data = _PREAD(self._file.fileno(), length, self._base + offset)
        else:
            self._file.seek(self._base + offset)
            data = self._file.read(length)
        return data

    def _holds(self, text: str) -> bool:
        return self._read(text, _checksum(text)) is not None

    def save(self) -> None:
        """Add what this process compiled to the file as it is now (read again: another
        process may have written it since; processes saving at once take turns where
        files can be locked), written entry by entry to a new file (the file's entries
        copied as they are), then put in its place; errors are ignored. Nothing is
        gathered in memory: this runs at exit, when the run's memory is still held, and a
        joined copy of the table would have raised the run's peak."""
        if not self.new or len(self.new) < self.few or sys.dont_write_bytecode:
            return
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with _locked(f"{self.path}.lock"):
                self._merge()
        except OSError:
            pass

    def _merge(self) -> None:
        from importlib.util import MAGIC_NUMBER

        current = Table(self.path, self.limit)
        current.load()
        try:
            new = [(checksum, entry) for text, entry in self.new.items()
                   if (checksum := _checksum(text)) in self.bad or not current._holds(text)]
            if not new:
                self.new = {}
                return
            old = [(checksum, offset, length) for checksum, places in current.index.items()
                   if checksum not in self.bad for offset, length in pairs(places)]
            if len(old) + len(new) > self.limit:  # only the texts of this process
                old = [place for place in old if place[0] in self.used]
            places: dict[int, list[int]] = {}
            offset = 0
            for checksum, _, length in old:
                places.setdefault(checksum, []).extend((offset, length))
                offset += length
            for checksum, entry in new:
                places.setdefault(checksum, []).extend((offset, len(entry)))
                offset += len(entry)
            index = marshal.dumps({key: tuple(value) for key, value in places.items()})
            temporary = f"{self.path}.{os.getpid()}.tmp"
            try:
                with open(temporary, "wb") as stream:
                    stream.write(MAGIC_NUMBER + _HEAD.pack(len(index)) + index)
                    for _, at, length in old:
                        data = current._at(at, length)
                        if len(data) != length:
                            raise ValueError("the file changed while it was read")
                        stream.write(data)
                    for _, entry in new:
                        stream.write(entry)
                os.replace(temporary, self.path)
            except (OSError, ValueError):
                from contextlib import suppress

                with suppress(OSError):
                    os.unlink(temporary)
            else:
                self.new = {}
        finally:
            if current._file is not None:
                current._file.close()


@contextmanager
def _locked(path: str) -> Iterator[None]:
    """An exclusive lock on ``path`` (made if need be) while the block runs, where files
    can be locked (``fcntl``); elsewhere none: two processes saving at the same instant may
    then lose one's new entries, compiled again by a later run."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with open(path, "ab") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _checksum(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def pairs(places: tuple[int, ...]) -> Iterator[tuple[int, int]]:
    """The (offset, length) of each entry an index lists for one checksum."""
    return zip(places[::2], places[1::2], strict=True)


def table_path(name: str) -> str | None:
    """Where the table ``name`` of this interpreter and optimisation level lives (the name
    of a ``.pyc`` for a source that can never be a module), or None: this Python keeps no
    bytecode."""
    from importlib.util import cache_from_source

    try:
        pyc = cache_from_source(os.path.join(os.path.dirname(__file__), f"{name}.py"))
    except NotImplementedError:
        return None
    return pyc.removesuffix(".pyc") + ".marshal"


_OPEN: list[Table] = []  # the tables this process compiles through (installed by their users)


def opened(table: Table) -> Table:
    """Register a table: `save`d at exit, here and in `save_in_workers`' workers."""
    import atexit

    _OPEN.append(table)
    atexit.register(table.save)
    return table


def save_opened() -> None:
    """Save the tables now: for a forked child about to leave by ``os._exit``."""
    for table in _OPEN:
        table.save()


def save_in_workers() -> None:
    """In a worker process (multiprocessing): save the tables when the worker exits
    normally (its pool closed and joined; a terminated worker saves nothing). What the
    worker inherited unsaved from its parent is written by whichever saves first: a save
    adds only the texts the file does not hold yet."""
    if not _OPEN:
        return
    from multiprocessing.util import Finalize

    for table in _OPEN:
        Finalize(None, table.save, exitpriority=0)
