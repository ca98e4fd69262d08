"""Findings printed file by file while ``check`` runs, and a progress indicator on stderr.

The formats a person or a log reads line by line (text, concise, github) are printed per
file as soon as that file and every file sorting before it are done, so the streamed
output is byte for byte what the whole run would print at its end. The formats that need
the whole run (json, sarif, junit, gitlab) are printed at the end.

The progress indicator appears on stderr only when stderr is a terminal and the run has
taken more than a second; it is transient (erased when the run ends).
"""

from __future__ import annotations

import importlib
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING, Any, NamedTuple

from opslint.engine.findings import Finding, Severity

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

__all__ = ["STREAMING", "Seen", "SeenFindings", "Streamer"]

# format → module under opslint.reporters that defines body(report) and tail(report)
STREAMING = {"text": "text", "concise": "text", "github": "github"}
_DELAY = 1.0  # seconds before the progress indicator shows


class Seen(NamedTuple):
    """What the summary line and the exit code need of a printed finding (``check`` keeps
    these, not the findings, when nothing else reads them)."""

    path: str
    severity: Severity
    fixable: bool


class SeenFindings:
    """Every finding told, as ``Seen``: what the summary line and the exit code read of
    them (their number, severities and fixability). Counted by value, so a run keeps an
    entry per file, severity and fixability, not one per finding (40,000 findings on
    1,000 documents were 3 MB of tuples at the end of the run)."""

    def __init__(self) -> None:
        self._counts: Counter[Seen] = Counter()
        self._total = 0

    def add(self, findings: Iterable[Finding]) -> None:
        counts = self._counts
        for f in findings:
            counts[Seen(f.path, f.severity, f.fixable)] += 1
            self._total += 1

    def __len__(self) -> int:
        return self._total

    def __iter__(self) -> Iterator[Seen]:
        for seen, count in self._counts.items():  # in the order first told
            yield from repeat(seen, count)

    def __contains__(self, item: object) -> bool:
        return item in self._counts


@dataclass
class _Part:
    findings: Sequence[Any]  # Finding, or Seen once every file was printed
    files: Sequence[str]
    color: bool
    format: str
    extra: Mapping[str, Any] = field(default_factory=dict)


class Streamer:
    """Receives each file's findings as it is done (``planned``, then ``done`` per file) and
    writes them in path order; ``finish`` writes what is left and the summary line."""

    def __init__(self, fmt: str, color: bool, write: Callable[[str], None], *,
                 progress: bool = False) -> None:
        self.fmt, self.color, self._write = fmt, color, write
        self._module = (importlib.import_module(f"opslint.reporters.{STREAMING[fmt]}")
                        if fmt in STREAMING else None)
        self._extra: Mapping[str, Any] = {}
        self._pending: list[str] = []
        self._done: dict[str, Sequence[Finding]] = {}
        self._printed: set[str] = set()
        self._counted: set[str] = set()  # files the indicator counted before they were done
        self._indicator = _Indicator() if progress else None
        self.seen = SeenFindings()  # every finding told, as path, severity and fixable

    @property
    def streams(self) -> bool:
        return self._module is not None

    def planned(self, paths: Sequence[str]) -> None:
        self._pending = sorted(set(paths))
        if self._indicator:
            self._indicator.total(len(self._pending))

    def progressed(self, paths: Sequence[str], total: int) -> None:
        if self._indicator:
            self._indicator.total(total)  # until planned() tells the exact count
            for path in paths:
                if path not in self._counted:
                    self._counted.add(path)
                    self._indicator.advance()

    def done(self, path: str, findings: Sequence[Finding]) -> None:
        self._done[path] = findings
        self.seen.add(findings)
        if self._indicator and path not in self._counted:
            self._indicator.advance()
        while self._pending and self._pending[0] in self._done:
            first = self._pending.pop(0)
            self._emit(first, self._done.pop(first))

    def _emit(self, path: str, findings: Sequence[Finding]) -> None:
        self._printed.add(path)
        if self._module is None or not findings:
            return
        text = self._module.body(_Part(sorted(findings, key=Finding.sort_key), [path],
                                       self.color, self.fmt, self._extra))
        if self._indicator:
            self._indicator.pause()
        self._write(text)
        if self._indicator:
            self._indicator.resume()

    def finish(self, findings: Collection[Finding | Seen], files: Sequence[str],
               extra: Mapping[str, Any] | None = None) -> str:
        """Stop the indicator; the rest of the output (everything, for a format that does
        not stream). ``findings``: the run's, or ``seen`` when every file was told."""
        if self._indicator:
            self._indicator.stop()
        if extra is not None:
            self._extra = extra
        for path in sorted(self._done):  # told, but behind a file that never was
            self._emit(path, self._done.pop(path))
        told = findings if isinstance(findings, Sequence) else list(findings)  # shared Seens
        report = _Part(told, files, self.color, self.fmt, self._extra)
        if self._module is None:
            from opslint.reporters import render

            return render(report)
        rest = [f for f in told if f.path not in self._printed]
        body = self._module.body(_Part(rest, files, self.color, self.fmt, self._extra))
        return str(body + self._module.tail(report))


class _Indicator:
    """A rich progress bar on stderr, started by a timer after ``_DELAY`` seconds."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._total: int | None = None
        self._count = 0
        self._stopped = False
        self._started_at = time.monotonic()
        self._timer = threading.Timer(_DELAY, self._show)
        self._timer.daemon = True
        self._timer.start()

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        with self._lock:
            if self._stopped:
                return
            self._progress = Progress(
                SpinnerColumn(), TextColumn("opslint: checking"), BarColumn(),
                MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(stderr=True), transient=True,
                redirect_stdout=False, redirect_stderr=False)
            self._task = self._progress.add_task("check", total=self._total,
                                                 completed=self._count)
            self._progress.start()

    def total(self, count: int) -> None:
        with self._lock:
            self._total = count
            if self._progress is not None and self._task is not None:
                self._progress.update(self._task, total=count)

    def advance(self) -> None:
        with self._lock:
            self._count += 1
            if self._progress is not None and self._task is not None:
                self._progress.update(self._task, completed=self._count)

    def pause(self) -> None:
        self._lock.acquire()
        if self._progress is not None:
            self._progress.stop()  # erase the bar before findings go to the same terminal

    def resume(self) -> None:
        try:
            if self._progress is not None:
                self._progress.start()
        finally:
            self._lock.release()

    def stop(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._stopped = True
            if self._progress is not None:
                self._progress.stop()
                self._progress = None
