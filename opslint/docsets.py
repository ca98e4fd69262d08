"""``check`` runs one document set at a time, through the result cache, in ``--jobs`` processes.

``lint.lint_paths`` builds one semantic model over every document of a run; ``check_paths``
gives the same findings but lints the run one **document set** at a time: the linted files
of one folder (of one system, when a folder holds several: opslint/pairing.py), with exactly
the documents they can see (below). That bounds memory, lets ``--jobs`` spread the sets (or
a large document's rules) over processes (opslint/workers.py), and lets the result cache
(opslint/cache.py) skip files whose set did not change. A run of many folders that most
likely share nothing lints each folder's sets as soon as the folder is read, and keeps
their findings only if the run's sets turn out the same (opslint/early_sets.py).

**What a linted file can see.** A check reaches other documents only through
``CheckContext.siblings`` and same-folder ``DocSet.of_kind`` (engine/context.py,
checks/shared/numeric.py; ``tests/test_check_sets.py`` keeps it that way). Those return
documents of the same folder; else every document read only as context; else the one
document of a kind when the run has exactly one. So the documents that can change a file's
findings are its folder's documents, every context-only document, and every document alone
of its kind in the run: a set's model holds those, in the run's order, with the run's
context-only flags, and its findings equal the whole-run model's.

A ``check`` whose files all come from the result cache imports no parser, fact reader,
check or rule model: it reads, hashes and looks up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from opslint.config import Config
from opslint.discover import display_path, expand_paths
from opslint.docset_entries import DocumentInfo, Entry, Work
from opslint.document.load import LoadError, SourceText, decode, load_file
from opslint.document.model import DocKind, Document
from opslint.early_sets import EarlySets, lint_folder
from opslint.engine.findings import Finding
from opslint.lint import (
    Bundle,
    _context_candidates,
    _run,
    _unreadable_finding,
    document_from_source,
)
from opslint.packed import PackedDocuments, pack
from opslint.pairing import set_name
from opslint.workers import Jobs, file_bytes, read_targets, rule_processes

if TYPE_CHECKING:
    from opslint.cache import Cache

__all__ = ["CheckResult", "DocumentInfo", "FileListener", "check_paths"]

# check_paths keeps documents parsed while reading the run (to learn their kinds) for the
# set that lints them, up to this much source text; the rest are packed (opslint/packed.py)
# and unpacked when their set is linted. Runs of one folder keep everything (one set).
_KEEP_PARSED_CHARS = 1_000_000


@dataclass(frozen=True)
class CheckResult:
    """The findings of a ``check`` run, the documents linted and read, unreadable files."""

    findings: list[Finding]
    targets: tuple[DocumentInfo, ...]
    docset: tuple[DocumentInfo, ...]  # every document read: targets first, then context
    unreadable: tuple[str, ...] = ()


class FileListener(Protocol):
    """Told the run's files (linted and unreadable, by display path) once they are known,
    then each file's findings as soon as it is done (from the cache or linted), in the
    order they are done: ``check`` streams its output with it."""

    def planned(self, paths: Sequence[str]) -> None: ...

    def done(self, path: str, findings: Sequence[Finding]) -> None: ...

    def progressed(self, paths: Sequence[str], total: int) -> None:
        """Told, while the run is still read (before ``planned``), of files linted among
        ``total``, whose findings ``done`` tells later (opslint/early_sets.py)."""


def _text_digest(source: SourceText) -> str:
    from opslint.cache import digest

    return digest(source.text, source.encoding, str(source.bom), source.newline)


class Run:
    """Everything a run (or a worker process) needs to read documents and lint their sets."""

    def __init__(self, config: Config, bundle: Bundle, lang: str, cache: Cache | None) -> None:
        self.config, self.bundle, self.lang, self.cache = config, bundle, lang, cache
        self.entries: list[Entry] = []
        self.pinned: set[int] = set()  # documents every set holds: parsed once, kept
        self.packed = PackedDocuments()
        # Told each linted entry's findings at once (in this process only: not pickled).
        self.each: Callable[[int, list[Finding]], None] | None = None
        self.rule_jobs: Jobs = 1  # a large document's rules in workers (sets linted here)

    @cached_property
    def common_key(self) -> str:
        """What every entry of this run depends on: code, rules and the effective config."""
        from opslint.cache import digest

        settings = self.config.model_dump(mode="json", exclude={"cache_dir", "jobs"})
        return digest(self.bundle.key, repr(sorted(settings.items())),
                      str(self.config.base.resolve()))

    def _key(self, *parts: str) -> str:
        from opslint.cache import digest

        return digest(self.common_key, *parts)

    def add(self, entry: Entry) -> None:
        """Append an entry to the run (its packed parse to the store)."""
        self.store(entry)
        self.entries.append(entry)

    def store(self, entry: Entry) -> None:
        if entry.packed is not None:
            self.packed.put(entry.info.path.as_posix(), entry.packed)
            entry.packed = None

    def read(self, file: Path, target: bool, keep: bool) -> Entry:
        """Read one file and learn its kind and language (from the cache, else by parsing)."""
        source = load_file(file, self.config.max_file_size)
        return self.known(file, target, source) or self.parse(file, target, source, keep)

    def known(self, file: Path, target: bool, source: SourceText) -> Entry | None:
        """The entry of a file whose kind, language and set the cache knows, else None."""
        if self.cache is None:
            return None
        path = display_path(file)
        text_digest = _text_digest(source)
        known = self.cache.get("docs", self._key("doc", path.as_posix(), text_digest))
        try:
            kind, lang = DocKind(known[0]), str(known[1])  # type: ignore[index]
            name = str(known[2])  # type: ignore[index]
        except (TypeError, ValueError, IndexError, KeyError):
            return None
        info = DocumentInfo(path, kind, lang, file, self.config.max_file_size)
        return Entry(info, text_digest, target, name)

    def parse(self, file: Path, target: bool, source: SourceText, keep: bool,
              parsed: Document | None = None) -> Entry:
        """The entry of a file learnt by parsing it (or from ``parsed``, its parse made before
        the rules were loaded), stored in the cache; its text and parse are kept with
        ``keep``, else the parse is packed for its set."""
        path = display_path(file)
        text_digest = _text_digest(source)
        parsed = document_from_source(path, source, self.bundle, self.config, parsed=parsed)
        name = set_name(path, self.bundle.vocab)
        if self.cache:
            self.cache.put("docs", self._key("doc", path.as_posix(), text_digest),
                           (parsed.kind.value, parsed.lang, name))
        info = DocumentInfo(path, parsed.kind, parsed.lang, file, self.config.max_file_size)
        if keep:
            return Entry(info, text_digest, target, name, source, parsed)
        return Entry(info, text_digest, target, name, packed=pack(parsed))

    def document(self, index: int) -> tuple[Document, bool]:
        """An entry's document, and whether its file changed since the run first read it."""
        entry = self.entries[index]
        if entry.parsed is not None:
            return entry.parsed, False
        unpacked = self.packed.get(entry.info.path.as_posix())
        if unpacked is not None:
            if index in self.pinned:
                entry.parsed = unpacked
            return unpacked, False
        source = entry.source
        changed = False
        if source is None:
            try:
                source = load_file(entry.info.file, self.config.max_file_size)
            except LoadError:
                source = decode(b"")
            changed = _text_digest(source) != entry.digest
        doc = document_from_source(entry.info.path, source, self.bundle, self.config,
                                   entry.info.kind)
        if index in self.pinned:
            entry.source, entry.parsed = source, doc
        return doc, changed

    def emptied(self) -> Run:
        """A run with this one's config, rules, language and cache, and no entries (a
        worker's folder, opslint/early_sets.py)."""
        return Run(self.config, self.bundle, self.lang, self.cache)

    def text_reader(self, index: int) -> Callable[[], str]:
        """An entry's text, read when called (opslint/pairing.py reads few)."""
        def read() -> str:
            entry = self.entries[index]
            if entry.source is not None:
                return entry.source.text
            try:
                return load_file(entry.info.file, self.config.max_file_size).text
            except LoadError:
                return ""
        return read

    def result_key(self, target: int, members: Sequence[int]) -> str:
        """The key of one linted file's findings: its set's documents, in order, by path,
        text and role, plus the run's common key and language."""
        signature = "\n".join(
            f"{self.entries[i].info.path.as_posix()}\0{self.entries[i].digest}\0"
            f"{int(not self.entries[i].target)}" for i in members)
        return self._key("result", self.lang, self.entries[target].info.path.as_posix(),
                         signature)

    def lint(self, work: Work) -> tuple[list[tuple[int, list[Finding]]], bool]:
        """Findings per linted entry of one set, and whether a file changed meanwhile (the
        findings are then not cached: they belong to no key); ``self.each`` is told each
        entry's findings as soon as they are found (``check`` streams them)."""
        from opslint.facts.semantic import DocSet, SemanticModel

        loaded = [self.document(i) for i in work.members]
        docs = [doc for doc, _ in loaded]
        context_only = frozenset(doc.path.as_posix() for i, doc in zip(work.members, docs,
                                                                      strict=True)
                                 if not self.entries[i].target)
        model = SemanticModel(DocSet(tuple(docs), context_only), self.bundle.vocab,
                              dict(self.bundle.outlines))
        position = {index: n for n, index in enumerate(work.members)}
        found = []
        for index in work.lint:  # one document at a time: the rules run per document anyway
            split = rule_processes(self.rule_jobs, file_bytes(self.entries[index].info.file))
            findings = _run(model, [docs[position[index]]], self.config, self.bundle,
                            self.lang, split)
            found.append((index, findings))
            if self.each is not None:
                self.each(index, findings)
        return found, any(changed for _, changed in loaded)


def check_paths(
    paths: Sequence[Path], config: Config, bundle: Bundle, *, lang: str | None = None,
    force_exclude: bool = False, jobs: Jobs = 1, cache: Cache | None = None,
    listener: FileListener | None = None, keep: bool = True,
) -> CheckResult:
    """The findings ``lint_paths`` gives, one document set at a time (see the module doc).

    ``cache``: take unchanged files' findings (and documents' kinds) from it and store the
    rest; ``jobs``: lint the sets in that many worker processes (0: one per CPU; "auto":
    one per CPU when the run is large enough to gain, see opslint/workers.py);
    ``listener``: told each file's findings as soon as they are known; ``keep=False`` (with
    a listener): the findings go to the listener only and the result holds none, so memory
    does not grow with the run's findings.
    """
    keep = keep or listener is None
    run = Run(config, bundle, lang or config.lang, cache)
    found_files = expand_paths(paths, config.exclude, config.base, force_exclude,
                               config.respect_gitignore)
    files = found_files.files
    if files:
        bundle.prefetch()  # rules not cached: they load while the files are read
    shown = [display_path(f) for f in files]
    folders = Counter(path.parent for path in shown)  # files left to read, by folder
    one_folder = len(folders) <= 1
    told = None if listener is None else (
        lambda paths: listener.progressed(paths, len(files)))
    early = None if one_folder else EarlySets(shown, told)
    kept = 0
    problems = [(display_path(path), problem) for path, problem in found_files.problems]

    def read(file: Path, target: bool) -> Entry:
        nonlocal kept
        keep = (one_folder or kept < _KEEP_PARSED_CHARS
                or (early is not None and early.wanted(run)))
        entry = run.read(file, target, keep=keep)
        if entry.source is not None:
            kept += len(entry.source.text)
        return entry

    in_folder: dict[Path, list[int]] = {}
    read_all = read_targets(run, files, 1 if one_folder else jobs, read, early)
    for path, (_, entry) in zip(shown, read_all, strict=True):
        folder = path.parent
        if isinstance(entry, str):
            problems.append((path, entry))
        else:
            in_folder.setdefault(folder, []).append(len(run.entries))
            run.add(entry)
        folders[folder] -= 1
        if early is not None and not folders[folder]:  # the folder's last file: lint early?
            indices = in_folder.pop(folder, [])
            if any(run.entries[i].parsed is not None for i in indices) and early.wanted(run):
                run.rule_jobs = jobs
                early.add(lint_folder(run, indices))
    context, unlisted = _context_candidates(((e.info.path, e.info.kind) for e in run.entries),
                                            config)
    for file in context:
        try:
            entry = read(file, False)
        except LoadError:
            continue  # as in lint._context_documents
        if entry.info.kind is not DocKind.UNKNOWN:
            run.add(entry)
    known = {p for p, _ in problems}
    problems.extend((p, m) for p, m in unlisted if p not in known)

    run_lang = lang or config.lang
    unreadable = [_unreadable_finding(p, msg, bundle, run_lang) for p, msg in problems]
    if listener:
        listener.planned([*(e.info.path.as_posix() for e in run.entries if e.target),
                          *(p.as_posix() for p, _ in problems)])
        for (path, _), finding in zip(problems, unreadable, strict=True):
            listener.done(path.as_posix(), [finding] if finding else [])

    def done(index: int, findings: list[Finding]) -> None:
        if keep:
            found[index] = findings
        if listener:
            listener.done(run.entries[index].info.path.as_posix(), findings)

    sets = _document_sets(run)
    found: dict[int, list[Finding]] = {}
    work: list[Work] = []
    keys: dict[int, str] = {}
    for targets_of_set, members in sets:
        linted = early.take(run, targets_of_set, members) if early is not None else None
        if linted is not None:  # linted early, with exactly these documents
            for index, findings in zip(targets_of_set, linted[0], strict=True):
                done(index, findings)
                if cache and not linted[1]:
                    cache.put("results", run.result_key(index, members), findings)
            continue
        missing = []
        for index in targets_of_set:
            if cache:
                keys[index] = run.result_key(index, members)
                cached = cache.get("results", keys[index])
                if isinstance(cached, list) and all(isinstance(f, Finding) for f in cached):
                    done(index, cached)
                    continue
            missing.append(index)
        if missing:
            work.append(Work(members, tuple(missing)))
    streamed: set[int] = set()

    def each(index: int, findings: list[Finding]) -> None:
        streamed.add(index)
        done(index, findings)

    for results, changed in _lint_sets(run, work, jobs, each if listener else None):
        for index, findings in results:
            if index not in streamed:
                done(index, findings)
            if cache and not changed:
                cache.put("results", keys[index], findings)

    run.packed.close()
    if early is not None:
        early.close()
    everything = [f for index in sorted(found) for f in found[index]]
    findings = sorted([*everything, *[f for f in unreadable if f and keep]],
                      key=Finding.sort_key)
    return CheckResult(findings, tuple(e.info for e in run.entries if e.target),
                       tuple(e.info for e in run.entries), tuple(str(p) for p, _ in problems))


def _document_sets(run: Run) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """(targets, members) per document set, in run order (see the module doc and
    opslint/pairing.py: a folder holding several systems is split)."""
    from opslint.pairing import Member, document_sets  # light: no vocabulary unless split

    members = [Member(e.info.path, e.info.kind, e.target, run.text_reader(i), e.set_name)
               for i, e in enumerate(run.entries)]
    found = document_sets(members, lambda: run.bundle.vocab)
    if len(found.sets) > 1:
        run.pinned = found.shared  # every set needs them: parse once, keep
    return found.sets


def _lint_sets(run: Run, work: list[Work], jobs: Jobs,
               each: Callable[[int, list[Finding]], None] | None = None,
               ) -> Iterator[tuple[list[tuple[int, list[Finding]]], bool]]:
    """Lint each document set here (a large document's rules in workers), or in workers."""
    from opslint.workers import lint_in_workers, processes  # looked up now: tests spy on them
    size = sum(file_bytes(run.entries[i].info.file) for item in work for i in item.members)
    count = processes(jobs, size, len(work))
    if count <= 1:
        run.each, run.rule_jobs = each, jobs
        last_use = {i: n for n, w in enumerate(work) for i in w.members}
        for number, item in enumerate(work):
            yield run.lint(item)
            for index in item.members:  # free what no later set needs
                if last_use[index] == number and index not in run.pinned:
                    run.entries[index].source = run.entries[index].parsed = None
                    run.packed.drop(run.entries[index].info.path.as_posix())
        return
    run.each, run.rule_jobs = None, 1
    yield from lint_in_workers(run, work, count)
