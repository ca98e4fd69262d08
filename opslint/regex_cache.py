"""Compiled regular expressions kept across runs in the cache folder (``regex/``).

A check of one changed file compiles about a thousand patterns (module patterns, the
vocabularies' term patterns), a fifth of its CPU time, in ``re``'s pure-Python parser and
compiler; a pickled ``re.Pattern`` is compiled again when loaded. What is kept instead is
what that compiler hands to ``_sre.compile`` (the pattern, its flags, the opcode list and
the group tables), recorded on a miss and passed straight to ``_sre.compile`` on a hit. The
entries are keyed on the exact Python version and ``re``'s magic number; ``_sre`` validates
every opcode list it is given ("invalid SRE code"), so a corrupt or planted entry is a miss
(compiled as usual), never a crash or a wrong pattern: an entry is used only for the very
pattern text and flags it was recorded for.

Beside them, ``remembered`` keeps what opslint's own code derives from a pattern alone and
works out again in every process (the literals a prefilter searches for,
opslint/facts/prefilter.py): keyed on the pattern, its flags and opslint's code
(``cache.code_fingerprint``), so an edited or upgraded opslint never reads another code's
answer.
"""

from __future__ import annotations

import atexit
import importlib
import re
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from opslint.cache import Cache

__all__ = ["install", "remembered"]

_T = TypeVar("_T")

# re's compiler and the C engine it feeds (imported by name: neither has type stubs).
_compiler: Any = importlib.import_module("re._compiler")
_sre: Any = importlib.import_module("_sre")

_ORIGINAL = _compiler.compile
_WARM = 16  # compiles before the table is read
_FEW = 8  # fewer new entries than this (or 2% of the table) are not written
_LIMIT = 20_000  # entries; a table grown past it (edited vocabularies) starts again
_Key = tuple[str | bytes, int]
_DerivedKey = tuple[str, str, int]  # (what, pattern, flags)


class _RegexCache:
    def __init__(self, cache: Cache) -> None:
        from opslint.cache import digest

        self._cache = cache
        self._key = digest("regex", sys.version, str(getattr(_compiler, "MAGIC", "")))
        self._table: dict[_Key, tuple[Any, ...]] | None = None
        self._new: dict[_Key, tuple[Any, ...]] = {}
        self._pending = threading.local()
        self._calls = 0
        self._derived: dict[_DerivedKey, Any] | None = None
        self._derived_new: dict[_DerivedKey, Any] = {}

    def _derived_key(self) -> str:
        from opslint.cache import code_fingerprint, digest

        return digest("regex-derived", self._key, code_fingerprint())

    def remembered(self, key: _DerivedKey, compute: Callable[[], _T]) -> _T:
        if self._derived is None:
            found = self._cache.get("regex", self._derived_key())
            self._derived = found if isinstance(found, dict) else {}
        if key in self._derived:
            value: _T = self._derived[key]
            return value
        value = compute()
        self._derived[key] = self._derived_new[key] = value
        return value

    def _loaded(self) -> dict[_Key, tuple[Any, ...]]:
        if self._table is None:
            found = self._cache.get("regex", self._key)
            self._table = found if isinstance(found, dict) else {}
        return self._table

    def compile(self, pattern: Any, flags: int = 0) -> Any:
        """``re._compiler.compile``: from the table when the pattern is in it."""
        if not isinstance(pattern, str | bytes) or flags & re.DEBUG:
            return _ORIGINAL(pattern, flags)
        key = (pattern, int(flags))
        self._calls += 1
        # The table is read once a run compiles more than a handful of patterns: a run whose
        # findings all come from the cache compiles a few and should not pay for reading it.
        table = self._loaded() if self._calls > _WARM or self._table is not None else {}
        args = table.get(key)
        if isinstance(args, tuple) and args and args[0] == pattern:
            try:
                return _sre.compile(*args)
            except Exception:  # corrupt or planted: compile it as usual, and replace it
                table.pop(key, None)
        self._pending.key = key
        try:
            return _ORIGINAL(pattern, flags)
        finally:
            self._pending.key = None

    def record(self, *args: Any) -> Any:
        """``_sre.compile`` as re's compiler calls it: remember what it was given."""
        key = getattr(self._pending, "key", None)
        if key is not None and args and args[0] == key[0]:
            # Plain ints: the opcodes are re._constants' named int subclass.
            pattern, flags, code, *rest = args
            self._new[key] = (pattern, int(flags), [int(op) for op in code], *rest)
        return _sre.compile(*args)

    def save(self) -> None:
        self._save_derived()
        # A few new patterns each run are the ones built from sets (their text changes with
        # the process's string hashing): not worth rewriting the table for.
        if self._table is None and len(self._new) < _FEW:
            return  # and not worth reading it for either
        known = self._loaded()
        fresh = {key: args for key, args in self._new.items() if key not in known}
        if len(fresh) < max(_FEW, len(known) // 50):
            return
        table = {**known, **fresh}
        self._cache.put("regex", self._key, table if len(table) <= _LIMIT else fresh)
        self._new = {}


    def _save_derived(self) -> None:
        if not self._derived_new or self._derived is None:
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
    which), from the cache when the regex cache is installed and has it, else computed (and
    kept, written at exit). The value must pickle and come back equal."""
    owner = _OWNER
    if owner is None or not isinstance(pattern.pattern, str):
        return compute()
    return owner.remembered((what, pattern.pattern, int(pattern.flags)), compute)


def install(cache: Cache) -> None:
    """Compile regular expressions through the cache from now on (once per process); the
    new entries are written when the process exits."""
    global _OWNER
    if _compiler.compile is not _ORIGINAL:
        return
    owner = _OWNER = _RegexCache(cache)
    _compiler.compile = owner.compile
    _compiler._sre = _Recorder(owner)
    atexit.register(owner.save)
