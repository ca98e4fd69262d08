"""Work done in a forked child, of which only the result comes back (pickled): what the work
imported and built on the way dies with the child instead of staying resident for the rest
of the run.

Loading the rules from YAML validates 148 rule files and the vocabulary models with
pydantic; the loaded rules are plain frozen dataclasses, but pydantic, its core schemas and
one validator per parameter class would stay in memory for the whole run (about 7 MiB of a
first run's peak, docs/performance.md). Where a child cannot be forked safely (no
``os.fork``, other threads running) the work is done in process, as it always was.

``start_isolated`` starts the child without waiting for it: a run whose rules are not in
the cache parses its first documents while they load (opslint/bundle.py ``prefetch``).
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["Isolated", "call_isolated", "can_fork", "start_isolated"]

T = TypeVar("T")


def can_fork() -> bool:
    """Whether a child may be forked here: ``os.fork`` exists and no other thread runs (a
    thread holding a lock at the fork would leave it held for ever in the child)."""
    if not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def call_isolated(function: Callable[..., T], *args: Any,
                  passes: tuple[type[Exception], ...] = ()) -> T:
    """``function(*args)`` run in a forked child; its value (or one of the ``passes``
    exceptions it raised) is pickled back and returned (raised) here.

    When the child cannot be forked, or fails in any other way (another exception, a value
    that does not pickle, a signal), the call is made again in process: the same value, or
    the real error with its traceback.
    """
    return start_isolated(function, *args, passes=passes).result()


class Isolated(Generic[T]):
    """A call started in a forked child (``start_isolated``): this process goes on with
    other work, and ``result`` waits for the value."""

    def __init__(self, function: Callable[..., T], args: tuple[Any, ...],
                 passes: tuple[type[Exception], ...]) -> None:
        self._call = (function, args)
        self._passes = passes
        self._child: tuple[int, int] | None = None  # pid, reading end of the pipe
        if can_fork():
            self._child = _fork(function, args, passes)

    def done(self) -> bool:
        """Whether ``result`` would return without waiting for the child (it has written its
        value, or died, or there is no child)."""
        if self._child is None:
            return True
        import select

        readable, _, _ = select.select([self._child[1]], [], [], 0)
        return bool(readable)

    def result(self) -> T:
        """The call's value (or raised ``passes`` exception), made here when the child could
        not be forked or failed; only the first call waits for the child."""
        function, args = self._call
        if self._child is None:
            return function(*args)
        pid, reader = self._child
        self._child = None
        try:
            with os.fdopen(reader, "rb") as stream:
                data = stream.read()
        finally:
            _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not data:
            return function(*args)
        kind, value = pickle.loads(data)  # written by our own child just now
        if kind == "raised":
            raise value
        result: T = value
        return result


def start_isolated(function: Callable[..., T], *args: Any,
                   passes: tuple[type[Exception], ...] = ()) -> Isolated[T]:
    """``function(*args)`` started in a forked child (``call_isolated``, without waiting): a
    child that is never waited for dies when this process does (its pipe breaks)."""
    return Isolated(function, args, passes)


def _fork(function: Callable[..., Any], args: tuple[Any, ...],
          passes: tuple[type[Exception], ...]) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers
        status = 1
        try:
            os.close(reader)
            try:
                outcome: tuple[str, Any] = ("value", function(*args))
            except passes as error:
                outcome = ("raised", error)
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as stream:
                stream.write(data)
            status = 0
            from opslint.pycache_table import save_opened

            save_opened()  # what the child compiled (os._exit runs no exit handler)
        finally:
            os._exit(status)
    os.close(writer)
    return pid, reader
