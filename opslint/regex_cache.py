"""Compiled regular expressions kept across processes, and what opslint derives from them.

A check of one changed file compiles about a thousand patterns (module patterns, the
vocabularies' term patterns), and every worker process of a large run as many, in ``re``'s
pure-Python parser and compiler; a pickled ``re.Pattern`` is compiled again when loaded.
What is kept instead is what that compiler hands to ``_sre.compile`` (the pattern, its
flags, the opcode list and the group tables), recorded on a miss and passed straight to
``_sre.compile`` on a hit. Like bytecode, that depends only on the pattern and the
interpreter, so it is kept as bytecode is: in a table beside the package's ``.pyc`` files
(opslint/pycache_table.py, ``regex-opcodes-MAGIC``, MAGIC being ``re``'s), installed by the
``opslint`` command before anything is imported, for every run, with or without
``--no-cache``. ``_sre`` validates every opcode list it is given ("invalid SRE code"), so a
corrupt entry is a miss (compiled as usual), never a crash or a wrong pattern: an entry is
used only for the very pattern text and flags it was recorded for.

Beside them, ``remembered`` keeps what opslint's own code derives from a pattern alone and
works out again in every process (the literals a prefilter searches for,
opslint/facts/prefilter.py), in the project's cache folder (``regex/``): keyed on the
pattern, its flags and opslint's code (``cache.code_fingerprint``), so an edited or
upgraded opslint never reads another code's answer.
"""

from __future__ import annotations

import atexit
import importlib
import re
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from opslint.pycache_table import Table, opened, table_path

if TYPE_CHECKING:
    from opslint.cache import Cache

__all__ = ["install", "remembered"]

_T = TypeVar("_T")

# re's compiler and the C engine it feeds (imported by name: neither has type stubs).
_compiler: Any = importlib.import_module("re._compiler")
_sre: Any = importlib.import_module("_sre")

_ORIGINAL = _compiler.compile
_LIMIT = 20_000  # entries; a table grown past it (edited vocabularies) starts again
# Fewer new patterns than this are not added: a few in each process are built from sets
# (their text changes with the process's string hashing), and would rewrite the table
# (about 2 MB) at every exit for nothing.
_FEW = 8
_DerivedKey = tuple[str, str, int]  # (what, pattern, flags)


class _RegexCache:
    def __init__(self, table: Table) -> None:
        self._table = table
        self._pending = threading.local()
        self._cache: Cache | None = None  # the project's, for the derived values
        self._derived: dict[_DerivedKey, Any] | None = None
        self._derived_new: dict[_DerivedKey, Any] = {}

    def use_cache(self, cache: Cache) -> None:
        if self._cache is None:
            self._cache = cache
            atexit.register(self._save_derived)

    def _derived_key(self) -> str:
        from opslint.cache import code_fingerprint, digest

        return digest("regex-derived", sys.version, str(getattr(_compiler, "MAGIC", "")),
                      code_fingerprint())

    def remembered(self, key: _DerivedKey, compute: Callable[[], _T]) -> _T:
        if self._cache is None:
            return compute()
        if self._derived is None:
            found = self._cache.get("regex", self._derived_key())
            self._derived = found if isinstance(found, dict) else {}
        if key in self._derived:
            value: _T = self._derived[key]
            return value
        value = compute()
        self._derived[key] = self._derived_new[key] = value
        return value

    def compile(self, pattern: Any, flags: int = 0) -> Any:
        """``re._compiler.compile``: from the table when the pattern is in it."""
        if not isinstance(pattern, str) or flags & re.DEBUG:
            return _ORIGINAL(pattern, flags)
        text = f"{int(flags)}:{pattern}"  # flags hold no colon: the text names one key
        args = self._table.get(text)
        if type(args) is tuple and len(args) == 6 and args[0] == pattern:
            try:
                return _sre.compile(*args)
            except Exception:  # corrupt: compile it as usual, and replace it
                self._table.discard(text)
        self._pending.text = text
        try:
            return _ORIGINAL(pattern, flags)
        finally:
            self._pending.text = None

    def record(self, *args: Any) -> Any:
        """``_sre.compile`` as re's compiler calls it: remember what it was given."""
        text = getattr(self._pending, "text", None)
        if text is not None and len(args) == 6 and text.endswith(f":{args[0]}"):
            # Plain ints: the opcodes are re._constants' named int subclass.
            pattern, flags, code, groups, groupindex, indexgroup = args
            self._table.add(text, (pattern, int(flags), [int(op) for op in code], groups,
                                   dict(groupindex), tuple(indexgroup)))
        return _sre.compile(*args)

    def _save_derived(self) -> None:
        if not self._derived_new or self._derived is None or self._cache is None:
            return
        table = self._derived if len(self._derived) <= _LIMIT else self._derived_new
        self._cache.put("regex", self._derived_key(), table)
        self._derived_new = {}


class _Recorder:
    """Stands for the ``_sre`` module inside ``re._compiler``: its ``compile`` records."""

    def __init__(self, owner: _RegexCache) -> None:
        self.compile = owner.record

    def __getattr__(self, name: str) -> Any:
        return getattr(_sre, name)


_OWNER: _RegexCache | None = None


def remembered(what: str, pattern: re.Pattern[str], compute: Callable[[], _T]) -> _T:
    """``compute()``: a value opslint's code derives from the pattern alone (``what`` names
    which), from the project's cache when the run has one and it holds the value, else
    computed (and kept, written at exit). The value must pickle and come back equal."""
    owner = _OWNER
    if owner is None or not isinstance(pattern.pattern, str):
        return compute()
    return owner.remembered((what, pattern.pattern, int(pattern.flags)), compute)


def install(cache: Cache | None = None) -> None:
    """Compile regular expressions through the table from now on (once per process; the
    new entries are added when the process exits), and keep derived values in ``cache``
    when one is given."""
    global _OWNER
    if _OWNER is None and _compiler.compile is _ORIGINAL:
        path = table_path(f"regex-opcodes-{getattr(_compiler, 'MAGIC', 0)}")
        if path is None:
            return
        table = Table(path, _LIMIT, _FEW)
        table.load()
        owner = _OWNER = _RegexCache(opened(table))
        _compiler.compile = owner.compile
        _compiler._sre = _Recorder(owner)
    if cache is not None and _OWNER is not None:
        _OWNER.use_cache(cache)
