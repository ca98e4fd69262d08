"""A bytecode cache for the methods that ``dataclasses`` writes, kept beside opslint's own.

Python keeps the bytecode of every module in ``__pycache__``, but not the bytecode of the
methods ``@dataclass`` generates: for each class it writes ``__init__``, ``__repr__``,
``__eq__``, ``__hash__`` and, when frozen, ``__setattr__`` and ``__delattr__`` as source text
and compiles it, on every start. A ``check`` of one changed file creates about 200 dataclasses,
so about 1,200 functions are compiled again in every run: a third of the instructions of a
pre-commit run (docs/performance.md, "Eleventh round").

`install` (called by the ``opslint`` command before anything else is imported) gives the
``dataclasses`` module an ``exec`` of its own that looks each source text up in a table of
code objects loaded from one file, compiles only a text it has not seen, and runs the code
exactly as the built-in ``exec`` would have run the text. At exit the table is written back
when it gained a text. Why the result is the same:

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
import sys
from types import CodeType
from typing import Any

__all__ = ["LIMIT", "Store", "install", "store_path"]

LIMIT = 4096  # source texts kept (about 1 KB each); opslint generates about 1,300 methods


class Store:
    """The code objects of the source texts ``dataclasses`` has compiled, by text."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.codes: dict[str, CodeType] = {}
        self.used: set[str] = set()
        self.added = 0

    def load(self) -> None:
        """Read the file; a missing, damaged or foreign one leaves the table empty."""
        from importlib.util import MAGIC_NUMBER

        try:
            with open(self.path, "rb") as stream:
                data = stream.read()
            if not data.startswith(MAGIC_NUMBER):
                return
            table = marshal.loads(data[len(MAGIC_NUMBER):])
        except (OSError, EOFError, ValueError, TypeError):
            return
        if isinstance(table, dict):
            self.codes = {text: code for text, code in table.items()
                          if type(text) is str and type(code) is CodeType}

    def compiled(self, text: str) -> CodeType:
        """The code of `text`, compiled as ``exec(text)`` in ``dataclasses`` compiles it."""
        code = self.codes.get(text)
        if code is None:
            code = compile(text, "<string>", "exec", dont_inherit=True)
            self.codes[text] = code
            self.added += 1
        self.used.add(text)
        return code

    def save(self) -> None:
        """Write the table back when it gained a text (atomically; errors are ignored)."""
        if not self.added or sys.dont_write_bytecode:
            return
        from importlib.util import MAGIC_NUMBER

        codes = self.codes
        if len(codes) > LIMIT:
            codes = {text: code for text, code in codes.items() if text in self.used}
        temporary = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(temporary, "wb") as stream:
                stream.write(MAGIC_NUMBER + marshal.dumps(codes))
            os.replace(temporary, self.path)
        except (OSError, ValueError):
            from contextlib import suppress

            with suppress(OSError):
                os.unlink(temporary)
        else:
            self.added = 0


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
