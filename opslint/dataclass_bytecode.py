"""A bytecode cache for the methods that ``dataclasses`` writes, kept beside opslint's own.

Python keeps the bytecode of every module in ``__pycache__``, but not the bytecode of the
methods ``@dataclass`` generates: for each class it writes ``__init__``, ``__repr__``,
``__eq__``, ``__hash__`` and, when frozen, ``__setattr__`` and ``__delattr__`` as source text
and compiles it, on every start. A ``check`` of one changed file creates about 200 dataclasses,
so about 1,200 functions are compiled again in every run: over a quarter of the
instructions of a pre-commit run (docs/performance.md, "Eleventh round").

`install` (called by the ``opslint`` command before anything else is imported) gives the
``dataclasses`` module an ``exec`` of its own that looks each source text up in a table of
code objects (opslint/pycache_table.py: one file beside the package's bytecode, read an
entry at a time), compiles only a text it has not seen, and runs the code exactly as the
built-in ``exec`` would have run the text. At exit what was compiled is added to the file.
Holding the whole table as objects (3.6 MB) had been inherited by the process that loads
the rules on a first run, and raised the peak of a 1,000-document run by 4 MiB. Why the
result is the same:

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

The file (``__pycache__/dataclass-methods.cpython-311.marshal``) is trusted exactly as much
as the ``.pyc`` files beside it. It holds at most `LIMIT` texts: past that, only the texts
of the run writing it are kept.
"""

# No ``from __future__ import annotations`` here: ``exec`` of a text compiles it with the
# calling frame's future flags, and the one frame calling the built-in ``exec`` is this
# module's (`install`), so it must carry none, as ``dataclasses`` carries none.
import sys
from types import CodeType
from typing import Any

from opslint.pycache_table import Table, opened, table_path

__all__ = ["LIMIT", "compiled", "install"]

LIMIT = 4096  # source texts kept (about 1 KB each); opslint generates about 1,300 methods


def compiled(table: Table, text: str) -> CodeType:
    """The code of `text`, compiled as ``exec(text)`` in ``dataclasses`` compiles it: from
    the table, else compiled and added to it."""
    found = table.get(text)
    if type(found) is CodeType:
        return found
    if found is not None:  # a damaged entry: replaced by this compilation
        table.discard(text)
    code = compile(text, "<string>", "exec", dont_inherit=True)
    table.add(text, code)
    return code


_installed: Table | None = None


def install() -> Table | None:
    """Let ``dataclasses`` take its generated methods from the table from now on (once per
    process); the table, or None when it cannot be used here."""
    global _installed
    if _installed is not None:
        return _installed
    import dataclasses

    if "exec" in vars(dataclasses) or any(
            type(value).__name__ == "_Feature" for value in vars(dataclasses).values()):
        return None  # someone else's exec, or a __future__ import changing compile flags
    path = table_path("dataclass-methods")
    if path is None:
        return None
    table = Table(path, LIMIT)
    table.load()
    builtin_exec = exec

    def cached_exec(source: Any, globals: Any = None, locals: Any = None, /,
                    **keywords: Any) -> None:
        if globals is None:  # exec's own default: the caller's namespaces, not these
            caller = sys._getframe(1)
            globals = caller.f_globals
            if locals is None:
                locals = caller.f_locals
        if type(source) is str:
            source = compiled(table, source)
        builtin_exec(source, globals, locals, **keywords)

    dataclasses.exec = cached_exec  # type: ignore[attr-defined]
    _installed = opened(table)
    return table
