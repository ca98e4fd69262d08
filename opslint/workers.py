"""``check --jobs``: lint document sets in worker processes, merged as one process would.

Each worker lints whole document sets (opslint/docsets.py) with the run's rules and
documents; findings come back per linted file, and a failure is reported as the first set
in run order would have failed in one process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from opslint.engine.findings import Finding

if TYPE_CHECKING:
    from opslint.docsets import Run, Work

__all__ = ["cpus", "lint_in_workers"]


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _start_method() -> str:
    # Forking shares the loaded rules and the documents read so far without copying them;
    # where fork is not the safe default (macOS, Windows) each worker gets a pickled copy.
    return "fork" if sys.platform.startswith("linux") else "spawn"


# A worker process's run: set by the pool initializer (inherited as is when forked).
_WORKER: Run | None = None


def _init_worker(run: Run) -> None:
    global _WORKER
    _WORKER = run


def _work_in_worker(numbered: tuple[int, Work]) -> tuple[int, str, Any]:
    number, work = numbered
    assert _WORKER is not None
    try:
        return number, "ok", _WORKER.lint(work)
    except Exception as error:  # sent back as data: not every exception pickles
        from opslint.engine.run import CheckCrash

        if isinstance(error, CheckCrash):
            return number, "crash", (error.rule_id, error.path, type(error.error).__name__,
                                     str(error.error))
        import traceback

        return number, "error", "".join(traceback.format_exception(error))


def lint_in_workers(run: Run, work: list[Work], jobs: int
                    ) -> Iterator[tuple[list[tuple[int, list[Finding]]], bool]]:
    """Each set's (findings per linted entry, whether a file changed meanwhile)."""
    import multiprocessing

    method = _start_method()
    run.bundle.rules  # noqa: B018 (load once, before the workers start)
    largest_first = sorted(enumerate(work), key=lambda item: -len(item[1].members))
    failures: dict[int, tuple[str, Any]] = {}
    with multiprocessing.get_context(method).Pool(
            jobs, initializer=_init_worker, initargs=(run,)) as pool:
        for number, status, value in pool.imap_unordered(_work_in_worker, largest_first):
            if status == "ok":
                yield value
            else:
                failures[number] = (status, value)
    if failures:  # the failure of the first set in run order, as one process would report
        status, value = failures[min(failures)]
        if status == "crash":
            from opslint.engine.run import CheckCrash

            rule_id, path, name, message = value
            raise CheckCrash(rule_id, path, type(name, (Exception,), {})(message))
        raise RuntimeError(f"a worker process failed:\n{value}")
