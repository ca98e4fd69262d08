"""``check --jobs``: read files, lint document sets, or run one large document's rules in
worker processes, merged as one process would.

Workers first parse the files the cache does not know (to learn their kinds: the sets are
made from them), then lint whole document sets (opslint/docsets.py) with the run's rules
and documents; findings come back per linted file, and a failure is reported as the first
set in run order would have failed in one process. When each folder's sets are linted as
soon as it is read (opslint/early_sets.py), there is one stage: a worker reads a folder and
lints it. When the sets are linted here (one set, or too little text for workers), a large
document's rules are spread over forked workers instead (``run_rules_in_workers``).

How many: ``jobs`` N (0: one per CPU) as asked, or ``"auto"`` (the default): one per CPU
when the stage has at least two items and ``AUTO_MIN_BYTES`` of text to read, else this
process alone, so a pre-commit run of a few files never pays for starting workers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from opslint.engine.findings import Finding

if TYPE_CHECKING:
    from opslint.docset_entries import Entry, Work
    from opslint.docsets import Run
    from opslint.document.load import SourceText
    from opslint.document.model import Document
    from opslint.early_sets import EarlySets
    from opslint.engine.context import CheckContext
    from opslint.engine.registry import Rule

__all__ = ["AUTO_MIN_BYTES", "Jobs", "cpus", "file_bytes", "lint_in_workers", "processes",
           "read_in_workers", "read_targets", "rule_processes", "run_rules_in_workers",
           "splittable"]

Jobs: TypeAlias = int | Literal["auto"]
# With "auto", a stage goes to workers from this much text on (the sum of its files' sizes):
# starting two forked workers costs about 30 ms here, a megabyte of ops docs about 3 s.
AUTO_MIN_BYTES = 256 * 1024


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def processes(jobs: Jobs, size: int, items: int) -> int:
    """How many processes a stage of ``items`` (files or sets) of ``size`` bytes runs in."""
    if jobs == "auto":
        return max(1, min(cpus(), items)) if size >= AUTO_MIN_BYTES else 1
    return max(1, min(jobs or cpus(), items))


def rule_processes(jobs: Jobs, size: int) -> int:
    """How many processes one document's rules run in: as many as a stage would get, but
    only from ``AUTO_MIN_BYTES`` of text on, whatever ``jobs`` says (a small document's rules
    take less time than starting a worker), and only where workers can be forked (they share
    the document and its facts instead of receiving a pickled copy)."""
    from opslint.engine.isolated import can_fork

    if size < AUTO_MIN_BYTES or _start_method() != "fork" or not can_fork():
        return 1
    return processes(jobs, size, cpus())


def file_bytes(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _start_method() -> str:
    # Forking shares the loaded rules and the documents read so far without copying them;
    # where fork is not the safe default (macOS, Windows) each worker gets a pickled copy.
    return "fork" if sys.platform.startswith("linux") else "spawn"


# A worker process's run: set by the pool initializer (inherited as is when forked).
_WORKER: Run | None = None


def _init_worker(run: Run | None) -> None:
    global _WORKER
    _WORKER = run
    from opslint.pycache_table import save_in_workers

    save_in_workers()  # what the worker compiles is kept, as this process's is at exit


def _work_in_worker(numbered: tuple[int, Work]) -> tuple[int, str, Any]:
    number, work = numbered
    assert _WORKER is not None
    try:
        return number, "ok", _WORKER.lint(work)
    except Exception as error:  # sent back as data: not every exception pickles
        return number, *_failure(error)


def _failure(error: Exception) -> tuple[str, Any]:
    """A worker's exception as data: a check's crash (rule, file, error), else the traceback."""
    from opslint.engine.run import CheckCrash

    if isinstance(error, CheckCrash):
        return "crash", (error.rule_id, error.path, type(error.error).__name__, str(error.error))
    import traceback

    return "error", "".join(traceback.format_exception(error))


def _raise(status: str, value: Any) -> None:
    """Raise a worker's failure (``_failure``) here, as one process would have raised it."""
    if status == "crash":
        from opslint.engine.run import CheckCrash

        rule_id, path, name, message = value
        raise CheckCrash(rule_id, path, type(name, (Exception,), {})(message))
    raise RuntimeError(f"a worker process failed:\n{value}")


def read_targets(run: Run, files: list[Path], jobs: Jobs, read: Callable[[Path, bool], Entry],
                 early: EarlySets | None = None) -> Iterator[tuple[Path, Entry | str]]:
    """Each linted file's entry (or why it cannot be read), in order: the files the cache
    does not know are parsed in worker processes when ``jobs`` says so, else here with
    ``read``. In workers, each folder is linted early there when ``early`` wants it
    (opslint/early_sets.py); else the parses are packed for the sets."""
    from opslint.document.load import LoadError, load_file

    found: list[Entry | str | None] = [None] * len(files)
    unknown = list(range(len(files)))
    # Workers are possible (the run may be large enough): look the cache up before parsing.
    if run.cache is not None and processes(jobs, AUTO_MIN_BYTES, len(files)) > 1:
        unknown = []
        for number, file in enumerate(files):
            try:
                found[number] = run.known(file, True, load_file(file, run.config.max_file_size))
            except LoadError as error:
                found[number] = str(error)
            if found[number] is None:
                unknown.append(number)
    count = processes(jobs, sum(file_bytes(files[n]) for n in unknown), len(unknown))
    if count > 1:
        ahead = _read_ahead(run, files, unknown, found, count)
        if early is not None and early.wanted(run):
            early.read_in_workers(run, files, unknown, ahead, found, count)
        else:
            read_there = read_in_workers(run, [files[n] for n in unknown], count)
            for number, there in zip(unknown, read_there, strict=True):
                if not isinstance(there, str):
                    run.store(there)  # its packed parse, as it comes: not all at once
                found[number] = there
            for number, source, parsed in ahead:  # as a worker reads them: packed for the set
                read_here = run.parse(files[number], True, source, keep=False, parsed=parsed)
                run.store(read_here)
                found[number] = read_here
    for file, entry in zip(files, found, strict=True):
        if entry is None:
            try:
                entry = read(file, True)
            except LoadError as error:
                entry = str(error)
        yield file, entry


def _read_ahead(run: Run, files: list[Path], unknown: list[int],
                found: list[Entry | str | None], count: int
                ) -> list[tuple[int, SourceText, Document]]:
    """The workers start once the rules are there (they share them), and a first run waits
    for them to load (about 0.5 s): meanwhile, this process parses the first files the
    workers would have read (taken off ``unknown``; a file that cannot be read is noted in
    ``found``), to be given their kinds when the rules are there (``Run.parse``)."""
    ahead: list[tuple[int, SourceText, Document]] = []
    if not run.bundle.loading():
        return ahead  # rules cached or loaded: no parser imported for nothing
    from opslint.discover import display_path
    from opslint.document.load import LoadError, load_file
    from opslint.document.parse import parse_document

    while len(unknown) > count and run.bundle.loading():
        number = unknown.pop(0)
        try:
            source = load_file(files[number], run.config.max_file_size)
        except LoadError as error:
            found[number] = str(error)
            continue
        ahead.append((number, source, parse_document(display_path(files[number]), source)))
    return ahead


def _read_in_worker(file: Path) -> Entry | str:
    assert _WORKER is not None
    return _read(_WORKER, file)


def _read(run: Run, file: Path, keep: bool = False) -> Entry | str:
    from opslint.document.load import LoadError

    try:
        return run.read(file, True, keep=keep)
    except LoadError as error:
        return str(error)


def _pool(run: Run | None, jobs: int) -> Any:
    """A pool of ``jobs`` workers (holding the run, when given: else forked, sharing what
    this process holds), or None when not one could be started (the system refused a
    fork: EAGAIN, ENOMEM): the caller then does the work here."""
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork" if run is None else _start_method())
        return context.Pool(jobs, initializer=_init_worker, initargs=(run,))
    except OSError:
        return None


def _finish(pool: Any) -> None:
    """Let the workers exit as processes do, after their last task (``Pool.__exit__``
    terminates them: SIGTERM, no exit handlers), so they add what they compiled to the
    tables beside the package's bytecode (opslint/pycache_table.py)."""
    pool.close()
    pool.join()


def read_in_workers(run: Run, files: list[Path], jobs: int) -> Iterator[Entry | str]:
    """Each file's entry (kind, language, set; its parse packed) or why it cannot be read,
    in the files' order."""
    run.bundle.rules  # noqa: B018 (load once, before the workers start)
    chunk = max(1, min(16, len(files) // (jobs * 4)))
    pool = _pool(run, jobs)
    if pool is None:
        yield from (_read(run, file) for file in files)
        return
    with pool:
        yield from pool.imap(_read_in_worker, files, chunksize=chunk)
        _finish(pool)


def lint_in_workers(run: Run, work: list[Work], jobs: int
                    ) -> Iterator[tuple[list[tuple[int, list[Finding]]], bool]]:
    """Each set's (findings per linted entry, whether a file changed meanwhile)."""
    run.bundle.rules  # noqa: B018 (load once, before the workers start)
    largest_first = sorted(enumerate(work), key=lambda item: -len(item[1].members))
    failures: dict[int, tuple[str, Any]] = {}
    pool = _pool(run, jobs)
    if pool is None:
        yield from (run.lint(item) for item in work)
        return
    with pool:
        for number, status, value in pool.imap_unordered(_work_in_worker, largest_first):
            if status == "ok":
                yield value
            else:
                failures[number] = (status, value)
        _finish(pool)
    if failures:  # the failure of the first set in run order, as one process would report
        _raise(*failures[min(failures)])


# The rules, document, context, language and known rules of run_rules_in_workers: set
# before its workers are forked, so they share them instead of receiving pickled copies.
_RULES: tuple[Sequence[Rule], Document, CheckContext, str, Sequence[Rule]] | None = None


def _rules_in_worker(indices: tuple[int, ...]) -> tuple[int, str, Any]:
    from opslint.engine.run import CheckCrash, run_rules

    assert _RULES is not None
    rules, doc, context, lang, known = _RULES
    chosen = [rules[i] for i in indices]
    try:
        return indices[0], "ok", run_rules(chosen, [doc], context, lang=lang, known=known)
    except Exception as error:  # sent back as data: not every exception pickles
        first = indices[0]
        if isinstance(error, CheckCrash):  # the rule that crashed, not the task's first
            first = next((i for i in indices if rules[i].id == error.rule_id), first)
        return first, *_failure(error)


def _tasks(rules: Sequence[Rule]) -> list[tuple[int, ...]]:
    """The rules' indices grouped by check module, in order of first appearance: the rules
    of one module mostly ask for the same readings (ctx.read), read once per worker."""
    groups: dict[str, list[int]] = {}
    for index, rule in enumerate(rules):
        module = rule.check.module if rule.check is not None else ""
        groups.setdefault(module, []).append(index)
    return [tuple(group) for group in groups.values()]


def run_rules_in_workers(rules: Sequence[Rule], doc: Document, context: CheckContext,
                         lang: str, known: Sequence[Rule], jobs: int) -> list[Finding]:
    """``run_rules(rules, [doc], context, …)`` over ``jobs`` forked workers, one check
    module's rules per task (``_tasks``), each handed to whichever worker is free.

    The findings are those one process gives, in its order: the sort key holds the rule,
    so findings of different rules never tie, and sorting them all again is the same sort.
    Only for a document without suppression directives or read problems (``splittable``):
    whether a directive was used, or a problem selected, depends on every rule at once.
    Facts and readings the workers read die with them: what several modules need should
    be read before (the caller reads the set's facts). Where no worker can be started,
    the rules run here.
    """
    from opslint.engine.run import run_rules

    global _RULES
    _RULES = (rules, doc, context, lang, known)
    found: list[Finding] = []
    failures: dict[int, tuple[str, Any]] = {}
    try:
        pool = _pool(None, jobs)
        if pool is None:
            return run_rules(rules, [doc], context, lang=lang, known=known)
        with pool:
            for index, status, value in pool.imap_unordered(_rules_in_worker, _tasks(rules)):
                if status == "ok":
                    found.extend(value)
                else:
                    failures[index] = (status, value)
            _finish(pool)
    finally:
        _RULES = None
    if failures:  # the first failing rule in order: the one a single process stops at
        _raise(*failures[min(failures)])
    return sorted(found, key=Finding.sort_key)


def splittable(doc: Document) -> bool:
    """Whether a document's rules may run apart: it holds no suppression directive (whether
    one was used depends on every rule) and no read problem (reported once per document)."""
    from opslint.engine.suppress import parse_directives

    return not doc.problems and not parse_directives(doc, ()).directives
