"""A bytecode cache for the methods that ``dataclasses`` writes, kept beside opslint's own.

Python keeps the bytecode of every module in ``__pycache__``, but not the bytecode of the
methods ``@dataclass`` generates: for each class it writes ``__init__``, ``__repr__``,
``__eq__``, ``__hash__`` and, when frozen, ``__setattr__`` and ``__delattr__`` as source text
and compiles it, on every start. A ``check`` of one changed file creates about 200 dataclasses,
so about 1,200 functions are compiled again in every run: over a quarter of the
instructions of a pre-commit run (docs/performance.md, "Eleventh round").

`install` (called by the ``opslint`` command before anything else is imported) gives the
``dataclasses`` module an ``exec`` of its own that looks each source text up in one file of
code objects, compiles only a text it has not seen, and runs the code exactly as the
built-in ``exec`` would have run the text. At exit what was compiled is added to the file.
Only the file's index (a checksum of each text and where its entry lies) is held in memory,
and each entry is read when its text is asked for: the whole table as objects (3.6 MB) was
inherited by the process that loads the rules on a first run, and raised the peak of a
1,000-document run by 4 MiB. Why the result is the same:

- the key is the whole source text, so a cached code object is always the compilation of
  that very text: nothing can be stale (another Python, another dataclasses, another class
  all give other texts or another file);
- ``exec(text)`` compiles with the flags of the calling module, and ``dataclasses`` has no
  ``__future__`` import (checked at install; if it ever has one the cache stays off), so
  ``compile(text, "<string>", "exec", dont_inherit=True)`` is the compilation ``exec`` makes,
  file name included; the optimisation level (``-O``) is part of the file's name, as for
  ``.pyc`` files, and the interpreter's magic number heads the file;
- anything unusual (no file, a damaged or foreign file, a read-only folder,
  ``PYTHONDONTWRITEBYTECODE``) means compiling as before, never an error.

The file sits where Python puts the package's bytecode (``opslint/__pycache__``, or under
``PYTHONPYCACHEPREFIX``), so it is trusted exactly as much as the ``.pyc`` files beside it
(marshal, like ``.pyc``, is not meant for untrusted data). It holds at most `LIMIT` texts: past
that, only the texts of the run writing it are kept.
"""

# No ``from __future__ import annotations`` here: ``exec`` of a text compiles it with the
# calling frame's future flags, and the one frame calling the built-in ``exec`` is this
# module's (`install`), so it must carry none, as ``dataclasses`` carries none.
import marshal
import os
import struct
import sys
import zlib
from collections.abc import Iterator
from types import CodeType
from typing import Any

__all__ = ["LIMIT", "Store", "install", "pairs", "store_path"]

LIMIT = 4096  # source texts kept (about 1 KB each); opslint generates about 1,300 methods


_HEAD = struct.Struct("<Q")  # the length of the index, after the magic number


class Store:
    """The code objects of the source texts ``dataclasses`` compiles, by text: read from the
    file one at a time (its entry holds the text, compared in full), and those this
    process compiled (``new``, kept as their entries: marshalled, a third of the objects'
    memory), added to the file by `save`."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.index: dict[int, tuple[int, ...]] = {}  # crc32 of a text: offset, length, ...
        self.new: dict[str, bytes] = {}  # text: its entry, until `save` writes it
        self.used: set[int] = set()  # the checksums of the texts read from the file
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

    def _read(self, text: str, checksum: int) -> CodeType | None:
        """The code of `text` in the file, or None (not there, or its entry is damaged)."""
        places = self.index.get(checksum)
        if not places or self._file is None:
            return None
        try:
            for offset, length in pairs(places):
                entry = marshal.loads(self._at(offset, length))
                if type(entry) is tuple and len(entry) == 2 and entry[0] == text \
                        and type(entry[1]) is CodeType:
                    return entry[1]
        except (OSError, EOFError, ValueError, TypeError):
            pass
        return None

    def _at(self, offset: int, length: int) -> bytes:
        """An entry's bytes: by ``os.pread`` where there is one (no shared file position
        between threads or forked processes), else by seek and read."""
        if hasattr(os, "pread"):
            return os.pread(self._file.fileno(), length, self._base + offset)
        self._file.seek(self._base + offset)
        data: bytes = self._file.read(length)
        return data

    def compiled(self, text: str) -> CodeType:
        """The code of `text`, compiled as ``exec(text)`` in ``dataclasses`` compiles it."""
        entry = self.new.get(text)
        if entry is not None:
            code: CodeType = marshal.loads(entry)[1]
            return code
        checksum = zlib.crc32(text.encode("utf-8", "surrogatepass"))
        found = self._read(text, checksum)
        if found is not None:
            self.used.add(checksum)
            return found
        code = compile(text, "<string>", "exec", dont_inherit=True)
        self.new[text] = marshal.dumps((text, code))
        return code

    def save(self) -> None:
        """Add what this process compiled to the file: written entry by entry to a new file
        (the old entries copied as they are), then put in its place (errors are ignored).
        Nothing is gathered in memory: this runs at exit, when the run's memory is still
        held, and a joined copy of the table would have raised the run's peak."""
        if not self.new or sys.dont_write_bytecode:
            return
        from importlib.util import MAGIC_NUMBER

        old = [(checksum, offset, length) for checksum, places in self.index.items()
               for offset, length in pairs(places)]
        if len(old) + len(self.new) > LIMIT:  # only the texts of this run
            old = [place for place in old if place[0] in self.used]
        if self._file is None:
            old = []
        new = [(zlib.crc32(text.encode("utf-8", "surrogatepass")), entry)
               for text, entry in self.new.items()]
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
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(temporary, "wb") as stream:
                stream.write(MAGIC_NUMBER + _HEAD.pack(len(index)) + index)
                for _, at, length in old:
                    data = self._at(at, length)
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


def pairs(places: tuple[int, ...]) -> Iterator[tuple[int, int]]:
    """The (offset, length) of each entry an index lists for one checksum."""
    return zip(places[::2], places[1::2], strict=True)


def store_path() -> str | None:
    """Where the table of this interpreter and optimisation level lives, or None."""
    from importlib.util import cache_from_source

    try:  # the name of a .pyc for a source that can never be a module (the hyphen)
        pyc = cache_from_source(os.path.join(os.path.dirname(__file__), "dataclass-methods.py"))
    except NotImplementedError:  # no cache tag: this Python keeps no bytecode
        return None
    return pyc.removesuffix(".pyc") + ".marshal"


_installed: Store | None = None


def install() -> Store | None:
    """Let ``dataclasses`` take its generated methods from the cache from now on (once per
    process); the store, or None when the cache cannot be used here."""
    global _installed
    if _installed is not None:
        return _installed
    import dataclasses

    if "exec" in vars(dataclasses) or any(
            type(value).__name__ == "_Feature" for value in vars(dataclasses).values()):
        return None  # someone else's exec, or a __future__ import changing compile flags
    path = store_path()
    if path is None:
        return None
    store = Store(path)
    store.load()
    builtin_exec = exec

    def cached_exec(source: Any, globals: Any = None, locals: Any = None, /,
                    **keywords: Any) -> None:
        if globals is None:  # exec's own default: the caller's namespaces, not these
            caller = sys._getframe(1)
            globals = caller.f_globals
            if locals is None:
                locals = caller.f_locals
        if type(source) is str:
            source = store.compiled(source)
        builtin_exec(source, globals, locals, **keywords)

    import atexit

    dataclasses.exec = cached_exec  # type: ignore[attr-defined]
    atexit.register(store.save)
    _installed = store
    return store
