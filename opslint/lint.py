"""The pipeline in one place: discover → load → parse → extract → check → suppress.

Reporting is the CLI's job. ``lint_paths`` builds one semantic model over every document of
the run: ``fix``, ``summary``, ``gates`` and the tests use it, and it is the reference that
``docsets.check_paths`` (the ``check`` command: document sets, the result cache, ``--jobs``)
must equal. Heavy modules (markdown-it-py, the facts, the checks, the pydantic rule models)
are imported only when a document is parsed or the rules are loaded.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from opslint.config import Config
from opslint.discover import expand_paths, path_key, sibling_candidates
from opslint.document.load import LoadError, SourceText, decode, load_file
from opslint.document.model import DocKind, Document
from opslint.engine.findings import Finding, Hit

if TYPE_CHECKING:
    from opslint.cache import Cache
    from opslint.engine.outlines import Outline
    from opslint.engine.registry import Rule
    from opslint.engine.vocab import Vocab
    from opslint.facts.semantic import DocSet, SemanticModel

__all__ = [
    "Bundle",
    "Documents",
    "LintResult",
    "document_from_text",
    "extract_model",
    "lint_documents",
    "lint_paths",
    "read_documents",
]

# Kinds whose documents pull in their siblings: the design docs they are checked against.
_NEEDS_CONTEXT = {DocKind.RELEASE, DocKind.OPERATION}
# The engine's own rules by role; the last three are ReadProblem kinds (document/model.py).
_META = {"unreadable": "META001", "unused": "META002", "invalid": "META003",
         "unread": "META004", "front_matter": "META005", "unclosed": "META006"}


_Parts = tuple[tuple["Rule", ...], "Vocab", Mapping[DocKind, "Outline"]]


class Bundle:
    """Everything loaded from rules/: rules, vocabularies and outlines.

    ``Bundle.load`` loads at once (a bad rule file raises ``DataError`` there);
    ``Bundle.lazy`` on first use, so a ``check`` whose results all come from the cache
    never loads it. Given a cache, both take the validated bundle from it when the rules
    folders and opslint's code are unchanged (opslint/cache.py).
    """

    def __init__(self, folders: Sequence[Path], cache: Cache | None = None,
                 parts: _Parts | None = None) -> None:
        self.folders = tuple(folders)  # the bundled rules folder first, then rule-paths
        self._cache = cache
        if parts is not None:
            self.__dict__["_parts"] = parts

    @classmethod
    def load(cls, extra_rule_paths: Iterable[Path] = (), *, cache: Cache | None = None
             ) -> Bundle:
        bundle = cls.lazy(extra_rule_paths, cache=cache)
        bundle._parts  # noqa: B018 (load now: errors belong to the caller of load)
        return bundle

    @classmethod
    def lazy(cls, extra_rule_paths: Iterable[Path] = (), *, cache: Cache | None = None
             ) -> Bundle:
        from opslint.resources import rules_dir

        return cls([rules_dir(), *extra_rule_paths], cache)

    def __reduce__(self) -> tuple[Any, ...]:  # to worker processes: loaded, without cache
        return (Bundle, (self.folders, None, self._parts))

    @cached_property
    def key(self) -> str:
        """A hash of everything the bundle is made of: the rules folders' files and the code."""
        from opslint.cache import code_fingerprint, digest, folders_digest

        return digest(code_fingerprint(), folders_digest(self.folders))

    @cached_property
    def _parts(self) -> _Parts:
        if self._cache is not None:
            found = self._cache.get("rules", self.key)
            if _valid_parts(found):
                return found
        parts = _load_parts(self.folders)
        if self._cache is not None:
            self._cache.put("rules", self.key, parts)
        return parts

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self._parts[0]

    @property
    def vocab(self) -> Vocab:
        return self._parts[1]

    @property
    def outlines(self) -> Mapping[DocKind, Outline]:
        return self._parts[2]

    def meta(self) -> dict[str, Rule]:
        by_id = {r.id: r for r in self.rules}
        return {role: by_id[rule_id] for role, rule_id in _META.items() if rule_id in by_id}

    def rule(self, key: str) -> Rule | None:
        return next((r for r in self.rules if key in (r.id, r.spec.name)), None)


def _load_parts(folders: Sequence[Path]) -> _Parts:
    from opslint.checks.kinds import KINDS  # lazily: the table imports the engine
    from opslint.engine.outlines import load_outlines
    from opslint.engine.references import References
    from opslint.engine.registry import load_rules
    from opslint.engine.vocab import load_vocab

    root = folders[0]
    vocab = load_vocab(root)
    outlines = load_outlines(root, vocab)
    rules = load_rules(folders, KINDS, References(vocab, outlines))
    return tuple(rules), vocab, outlines


def _valid_parts(found: object) -> TypeGuard[_Parts]:
    from opslint.engine.registry import Rule
    from opslint.engine.vocab import Vocab

    return (isinstance(found, tuple) and len(found) == 3 and isinstance(found[0], tuple)
            and all(isinstance(r, Rule) for r in found[0]) and isinstance(found[1], Vocab)
            and isinstance(found[2], dict))


@dataclass(frozen=True)
class LintResult:
    """The findings of a run and the semantic model they were found in (for the reports)."""

    findings: list[Finding]
    targets: tuple[Document, ...]
    model: SemanticModel
    unreadable: tuple[str, ...] = field(default=())

    @property
    def docset(self) -> DocSet:
        return self.model.docs


def document_from_source(
    path: Path, source: SourceText, bundle: Bundle, config: Config, kind: DocKind | None = None
) -> Document:
    from dataclasses import replace

    from opslint.document.kinds import detect_kind
    from opslint.document.parse import parse_document

    doc = parse_document(path, source)
    detected = kind or detect_kind(
        path, doc.title, doc.front_matter, bundle.vocab.kinds, _globs(config)
    )
    return replace(doc, kind=detected)


def document_from_text(
    text: str, path: Path, bundle: Bundle, config: Config | None = None,
    kind: DocKind | None = None,
) -> Document:
    """A document from an in-memory string (tests, rule examples, stdin)."""
    config = config or Config.model_validate({})
    return document_from_source(path, decode(text.encode("utf-8")), bundle, config, kind)


def _globs(config: Config) -> dict[DocKind, list[str]]:
    return {kind: patterns for kind, patterns in config.documents.items()}


def _display(path: Path) -> Path:
    # abspath, not resolve: a symlink is shown by its own path, never by its target's.
    try:
        return Path(os.path.abspath(path)).relative_to(Path.cwd())
    except ValueError:
        return path


def lint_paths(
    paths: Sequence[Path], config: Config, bundle: Bundle, *, lang: str | None = None,
    force_exclude: bool = False,
) -> LintResult:
    """Lint files and folders; documents beside a release or operation doc are context."""
    documents = read_documents(paths, config, bundle, force_exclude=force_exclude)
    result = lint_documents(documents.targets, documents.context, config, bundle, lang=lang)
    unreadable = [_unreadable_finding(p, msg, bundle, lang or config.lang)
                  for p, msg in documents.problems]
    findings = sorted([*result.findings, *[f for f in unreadable if f]], key=Finding.sort_key)
    return LintResult(findings, result.targets, result.model,
                      tuple(str(p) for p, _ in documents.problems))


@dataclass(frozen=True)
class Documents:
    """What discover → load → parse produced: linted documents, context, unreadable files."""

    targets: list[Document]
    context: list[Document]
    problems: list[tuple[Path, str]]


def read_documents(
    paths: Sequence[Path], config: Config, bundle: Bundle, *, force_exclude: bool = False
) -> Documents:
    """Read the documents to lint and their sibling context, without running any rule."""
    found = expand_paths(paths, config.exclude, config.base, force_exclude)
    targets: list[Document] = []
    problems = [(_display(path), problem) for path, problem in found.problems]
    for path in found.files:
        try:
            source = load_file(path, config.max_file_size)
            targets.append(document_from_source(_display(path), source, bundle, config))
        except LoadError as error:
            problems.append((_display(path), str(error)))
    context, unlisted = _context_documents(targets, config, bundle)
    known = {p for p, _ in problems}
    problems.extend((p, m) for p, m in unlisted if p not in known)
    return Documents(targets, context, problems)


def _context_candidates(
    targets: Iterable[tuple[Path, DocKind]], config: Config
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files to read as context for targets given as (display path, kind), in order, and
    the folders that could not be listed (display path, problem)."""
    listed = list(targets)
    needing = [path for path, kind in listed if kind in _NEEDS_CONTEXT]
    if not needing:
        return [], []
    known = {path_key(path) for path, _ in listed}
    docs_root = (config.base / config.docs_root) if config.docs_root else None
    found = sibling_candidates(needing, docs_root)
    files: list[Path] = []
    for path in found.files:
        key = path_key(path)
        if key not in known:
            known.add(key)
            files.append(path)
    return files, [(_display(p), m) for p, m in found.problems]


def _context_documents(
    targets: list[Document], config: Config, bundle: Bundle
) -> tuple[list[Document], list[tuple[Path, str]]]:
    files, unlisted = _context_candidates(((d.path, d.kind) for d in targets), config)
    context: list[Document] = []
    for path in files:
        try:
            source = load_file(path, config.max_file_size)
            doc = document_from_source(_display(path), source, bundle, config)
        except LoadError:
            continue  # a broken sibling is reported when it is linted itself
        if doc.kind is not DocKind.UNKNOWN:
            context.append(doc)
    return context, unlisted


def _unreadable_finding(path: Path, problem: str, bundle: Bundle, lang: str) -> Finding | None:
    from opslint.document.parse import parse_document
    from opslint.engine.run import make_finding

    rule = bundle.meta().get("unreadable")
    if rule is None:
        return None
    placeholder = parse_document(path, decode(b""))
    return make_finding(rule, placeholder, Hit(1, args={"problem": problem}),
                        "en" if lang == "auto" else lang)


def lint_documents(
    targets: Sequence[Document], context: Sequence[Document], config: Config, bundle: Bundle,
    *, lang: str | None = None,
) -> LintResult:
    """Run the enabled rules over target documents, with context documents for cross-checks."""
    model = extract_model(targets, context, bundle)
    findings = _run(model, targets, config, bundle, lang or config.lang)
    return LintResult(findings, tuple(targets), model)


def _run(model: SemanticModel, targets: Sequence[Document], config: Config, bundle: Bundle,
         lang: str) -> list[Finding]:
    from opslint.engine.context import CheckContext
    from opslint.engine.run import Selection, run_rules

    selection = Selection(tuple(config.select), tuple(config.ignore))
    rules = [r for r in bundle.rules if selection.enabled(r)]
    ctx = CheckContext(targets[0] if targets else _empty_doc(), model, config.options)
    findings = run_rules(rules, targets, ctx, lang=lang, meta=bundle.meta(), known=bundle.rules)
    return _apply_per_file_ignores(_defer_open(findings, model, targets, rules), config)


def _defer_open(findings: list[Finding], model: SemanticModel, targets: Sequence[Document],
                rules: Sequence[Rule]) -> list[Finding]:
    """Findings about a part that is still a skeleton wait for its placeholder questions
    (opslint/facts/placeholders.py). The GATE rules are those questions, and the
    outline rules (a chapter missing, out of order) are about the document, not the part."""
    from opslint.facts.placeholders import OpenParts, open_parts

    questions = {r.id for r in rules if r.spec.gate_from_section or r.id.startswith("GATE")
                 or (r.check is not None and r.check.name.startswith("outline-"))}
    docs = {d.path.as_posix(): d for d in targets}
    parts: dict[str, OpenParts] = {}

    def deferred(finding: Finding) -> bool:
        doc = docs.get(finding.path)
        if finding.rule_id in questions or doc is None:
            return False
        if finding.path not in parts:  # read only for documents with other findings
            parts[finding.path] = open_parts(doc, model.outlines, model.vocab)
        return parts[finding.path].defers(finding.line, finding.gate, finding.severity.value)

    return [f for f in findings if not deferred(f)]


def extract_model(
    targets: Sequence[Document], context: Sequence[Document], bundle: Bundle
) -> SemanticModel:
    """The extract stage: the semantic model of the linted and context documents."""
    from opslint.facts.semantic import DocSet, SemanticModel

    docset = DocSet((*targets, *context), frozenset(d.path.as_posix() for d in context))
    return SemanticModel(docset, bundle.vocab, dict(bundle.outlines))


def _empty_doc() -> Document:
    from opslint.document.parse import parse_document

    return parse_document(Path("<none>"), decode(b""))


def _apply_per_file_ignores(findings: list[Finding], config: Config) -> list[Finding]:
    if not config.per_file_ignores:
        return findings
    import pathspec  # lazily: see discover.py

    specs = [
        (pathspec.GitIgnoreSpec.from_lines([pattern]), tuple(codes))
        for pattern, codes in config.per_file_ignores.items()
    ]

    def ignored(finding: Finding) -> bool:
        return any(
            spec.match_file(finding.path)
            and any(c in (finding.rule_id, finding.name) or (c.isalpha() and
                    finding.rule_id.startswith(c)) for c in codes)
            for spec, codes in specs
        )

    return [f for f in findings if not ignored(f)]
