"""Document sets linted as soon as their folder is read, checked once the run's sets are known.

``check`` reads every file to learn its kind before it can make the document sets
(opslint/docsets.py): a set holds its folder's documents and the documents every set
shares (read only as context, or alone of their kind in the whole run), so no set is
certain until the last file is read. Until then the parses were held, packed
(opslint/packed.py): packing and unpacking them was about 6 % of a 1,000-document run's
CPU, and with workers every parse crossed from one process to another twice.

Most runs of many folders share nothing: each kind is in several folders, and no folder
holds a Markdown file the run does not lint. For those, a folder's sets are linted as soon
as its last file is read (``lint_folder``), with its own documents only: the sets
opslint/pairing.py makes of that folder (``partition`` reads one folder at a time). Its
parses are dropped at once. Once the run's sets are known, each early set is compared with
the true one (``EarlySets.take``): the same documents, in the same order, every one linted.
Equal, its findings are those of the same model and stand; not equal (a shared document
turned up after all), the set is linted again as if nothing had been done early, so the
findings never depend on the guess, only the time does.

Whether to lint early (``worth_it``) is guessed from the file names before anything is
read: the kind each name says (a file the names do not place counts as one more kind), the
config's globs, and the folders' other Markdown files (which would be read as context).
A run of one folder is never linted early: its parses are all kept anyway.
"""

from __future__ import annotations

import pickle
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from opslint.docset_entries import Entry
    from opslint.docsets import Run
    from opslint.document.load import SourceText
    from opslint.document.model import Document
    from opslint.engine.findings import Finding

__all__ = ["Early", "EarlySets", "lint_folder", "pack_findings", "worth_it"]


@dataclass(frozen=True)
class Early:
    """One set linted early: its documents and linted documents (display paths, in run
    order), every linted document's findings (pickled and compressed: a large run holds
    many until its sets are known), whether a file changed meanwhile, and whether linting
    failed (the set is then linted again, to fail as one process would)."""

    members: tuple[str, ...]
    targets: tuple[str, ...]
    findings: bytes
    changed: bool
    failed: bool = False


def pack_findings(findings: list[list[Finding]]) -> bytes:
    """The findings of a set's linted documents, as ``Early.findings`` holds them."""
    return zlib.compress(pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL), 1)


def lint_folder(run: Run, indices: Sequence[int]) -> list[Early]:
    """Lint the sets of one folder's entries (indices, in run order) with those documents
    only, and drop their parses."""
    from opslint.docset_entries import Work
    from opslint.pairing import Member, partition

    entries = run.entries
    members = [Member(entries[i].info.path, entries[i].info.kind, entries[i].target,
                      run.text_reader(i), entries[i].set_name) for i in indices]
    done: list[Early] = []
    told, run.each = run.each, None  # told once the set is known to stand
    try:
        for local in partition(members, lambda: run.bundle.vocab):
            chosen = tuple(indices[n] for n in local)
            targets = tuple(i for i in chosen if entries[i].target)
            if not targets:
                continue
            paths = tuple(entries[i].info.path.as_posix() for i in chosen)
            linted = tuple(entries[i].info.path.as_posix() for i in targets)
            try:
                found, changed = run.lint(Work(chosen, targets))
            except Exception:  # linted again later, to fail as one process would
                done.append(Early(paths, linted, b"", True, failed=True))
                continue
            done.append(Early(paths, linted, pack_findings([f for _, f in found]),
                              changed))
    finally:
        run.each = told
        for i in indices:
            entries[i].source = entries[i].parsed = None
    return done


class EarlySets:
    """The sets of a run linted early, by their documents' display paths (``shown``: the
    run's files as displayed, in order); their findings wait packed in the run's temporary
    file (opslint/packed.py), not in memory, under the set's number."""

    def __init__(self, shown: Sequence[Path],
                 progressed: Callable[[Sequence[str]], None] | None = None) -> None:
        from opslint.packed import PackedStore

        self.shown = shown
        self._progressed = progressed  # told the files of each set linted early
        self._sets: dict[tuple[str, ...], tuple[str, Early]] = {}  # (store key, set)
        self._findings = PackedStore()
        self._wanted: bool | None = None

    def wanted(self, run: Run) -> bool:
        """Whether to lint early (``worth_it``), asked once the rules are needed anyway."""
        if self._wanted is None:
            self._wanted = worth_it(run, self.shown)
        return self._wanted

    def add(self, early: Sequence[Early]) -> None:
        for one in early:
            key = str(len(self._sets))
            self._findings.put(key, one.findings)
            self._sets[one.members] = (key, replace(one, findings=b""))
            if self._progressed is not None:
                self._progressed(one.targets)

    def close(self) -> None:
        self._findings.close()

    def read_in_workers(self, run: Run, files: Sequence[Path], unknown: Sequence[int],
                        ahead: Sequence[tuple[int, SourceText, Document]],
                        found: list[Entry | str | None], count: int) -> None:
        """Read each folder holding a file to parse (``unknown``, or parsed ``ahead`` here)
        in one of ``count`` workers, and lint its sets there: the entries (or why a file
        cannot be read) go to ``found`` by number, the findings here."""
        from opslint.docset_entries import Entry
        from opslint.workers import _finish, _pool, file_bytes

        global _AHEAD
        parsed_ahead = {number: run.parse(files[number], True, source, keep=True,
                                          parsed=parsed) for number, source, parsed in ahead}
        to_parse = {*unknown, *parsed_ahead}
        by_folder: dict[Path, list[int]] = {}
        for number, path in enumerate(self.shown):
            by_folder.setdefault(path.parent, []).append(number)
        tasks: list[FolderTask] = [
            tuple((n, files[n], known if isinstance(known := found[n], Entry) else None)
                  for n in numbers if not isinstance(found[n], str))
            for numbers in by_folder.values() if not to_parse.isdisjoint(numbers)]
        # The folders read ahead first (a worker then knows that the rest of ``_AHEAD`` went
        # to others), then the largest first.
        tasks.sort(key=lambda task: (not any(n in parsed_ahead for n, _, _ in task),
                                     -sum(file_bytes(file) for _, file, _ in task)))
        run.bundle.rules  # noqa: B018 (load once, before the workers start)
        _AHEAD = parsed_ahead  # inherited by the workers forked now
        pool = _pool(run, count)
        _AHEAD = {}
        try:
            if pool is None:
                results: Iterator[Any] = (_read_and_lint_folder(run, task, parsed_ahead)
                                          for task in tasks)
            else:
                del parsed_ahead
                results = pool.imap_unordered(_read_and_lint_in_worker, tasks)
            for entries, linted in results:
                for number, entry in entries:
                    found[number] = entry
                self.add(linted)
            if pool is not None:
                _finish(pool)
        finally:
            if pool is not None:
                pool.terminate()

    def take(self, run: Run, targets: Sequence[int], members: Sequence[int]
             ) -> tuple[list[list[Finding]], bool] | None:
        """The findings of each of ``targets`` and whether a file changed, when the set of
        ``members`` (run entries) was linted early exactly as it is; else None."""
        if not self._sets:  # none linted early (the cache knew every kind, or no guess)
            return None
        paths = tuple(run.entries[i].info.path.as_posix() for i in members)
        key, early = self._sets.pop(paths, ("", None))
        if early is None or early.failed:
            return None
        if early.targets != tuple(run.entries[i].info.path.as_posix() for i in targets):
            return None  # the same documents, but not all of them linted here
        packed = self._findings.get_bytes(key)
        if packed is None:  # no room was left to keep them
            return None
        self._findings.drop(key)
        findings: list[list[Finding]] = pickle.loads(zlib.decompress(packed))
        return findings, early.changed


# A folder's files as a task: (number in the run, file, its entry when the cache knows it).
FolderTask: TypeAlias = tuple[tuple[int, Path, "Entry | None"], ...]
# The files the run parsed while its rules loaded, as entries by number: set before the
# workers are forked, which inherit them.
_AHEAD: dict[int, Entry] = {}


def _read_and_lint_in_worker(task: FolderTask) -> tuple[list[tuple[int, Entry | str]],
                                                        list[Early]]:
    from opslint.workers import _WORKER

    assert _WORKER is not None
    if _AHEAD and not any(number in _AHEAD for number, _, _ in task):
        _AHEAD.clear()  # tasks go out in order, those read ahead first: the rest went to others
    return _read_and_lint_folder(_WORKER, task, _AHEAD)


def _read_and_lint_folder(run: Run, task: FolderTask, ahead: dict[int, Entry]
                          ) -> tuple[list[tuple[int, Entry | str]], list[Early]]:
    """A folder's entries (or why a file cannot be read), read here, and its sets linted
    with those documents alone (its entries come back without their parses)."""
    from opslint.workers import _read

    local = run.emptied()
    entries: list[tuple[int, Entry | str]] = []
    for number, file, known in task:
        entry = known or ahead.pop(number, None) or _read(run, file, keep=True)
        entries.append((number, entry))
        if not isinstance(entry, str):
            local.entries.append(entry)
    linted = []
    if any(entry.parsed is not None for entry in local.entries):
        linted = lint_folder(local, range(len(local.entries)))
    return entries, linted


def worth_it(run: Run, shown: Sequence[Path]) -> bool:
    """Whether the sets of a run of files ``shown`` (display paths; many folders) will most
    likely be each folder's documents alone, guessed from the names (see the module doc)."""
    from opslint.document.kinds import detect_kind
    from opslint.document.model import DocKind
    from opslint.lint import _context_candidates, _globs

    if run.config.docs_root:
        return False  # every set sees the documents under it
    vocab = run.bundle.vocab
    globs = _globs(run.config)
    kinds = Counter(detect_kind(path, None, {}, vocab.kinds, globs) for path in shown)
    if 1 in kinds.values():
        return False  # alone of its kind (or the one file the names do not place)
    # Were each a release procedure, would a file beside it be read as context?
    context, unlisted = _context_candidates(((p, DocKind.RELEASE) for p in shown), run.config)
    return not context and not unlisted
