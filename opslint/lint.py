"""The pipeline in one place: discover → load → parse → extract → check → suppress.

Reporting is the CLI's job. ``lint_paths`` builds one semantic model over every document of
the run: ``fix``, ``summary``, ``gates`` and the tests use it, and it is the reference that
``docsets.check_paths`` (the ``check`` command: document sets, the result cache, ``--jobs``)
must equal. Heavy modules (markdown-it-py, the facts, the checks, the pydantic rule models)
are imported only when a document is parsed or the rules are loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from opslint.bundle import Bundle
from opslint.config import Config
from opslint.discover import (
    display_path,
    expand_paths,
    is_markdown,
    path_key,
    sibling_candidates,
)
from opslint.document.load import LoadError, SourceText, decode, load_file
from opslint.document.model import DocKind, Document
from opslint.engine.findings import Finding, Hit
from opslint.engine.memo import LastKept

if TYPE_CHECKING:
    from opslint.engine.registry import Rule
    from opslint.facts.semantic import DocSet, SemanticModel

__all__ = [
    "Bundle",
    "Documents",
    "LintResult",
    "document_from_text",
    "extract_model",
    "lint_buffer",
    "lint_documents",
    "lint_paths",
    "read_documents",
]

# Kinds whose documents pull in their siblings: the design docs they are checked against.
_NEEDS_CONTEXT = {DocKind.RELEASE, DocKind.OPERATION}


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
    path: Path, source: SourceText, bundle: Bundle, config: Config, kind: DocKind | None = None,
    parsed: Document | None = None,
) -> Document:
    """The document of a file, with its kind (detected, or ``kind``) and, for a partial
    document, what it holds. ``parsed``: its ``parse_document``, when it was parsed before
    the rules were loaded (the kind needs their vocabularies and outlines; the parse not)."""
    from dataclasses import replace

    from opslint.document.kinds import detect_kind
    from opslint.document.parse import parse_document
    from opslint.engine.partial import partial_document

    doc = parsed or parse_document(path, source)
    detected = detect_kind(path, doc.title, doc.front_matter, bundle.vocab.kinds, _globs(config))
    # A DR plan, an SLO document…: part of an operation design or release (issue 9 §6).
    # Recognised again when the kind is known (from the cache): it is the partial's kind.
    chapters = {k: [s.key for s in o.sections] for k, o in bundle.outlines.items()}
    doc = partial_document(replace(doc, kind=detected), chapters, present=_present(bundle))
    if kind is None or kind is doc.kind:
        return doc
    return replace(doc, kind=kind, partial=None, holds=frozenset())


def document_from_text(
    text: str, path: Path, bundle: Bundle, config: Config | None = None,
    kind: DocKind | None = None,
) -> Document:
    """A document from an in-memory string (tests, rule examples, stdin)."""
    config = config or Config.model_validate({})
    return document_from_source(path, decode(text.encode("utf-8")), bundle, config, kind)


def _present(bundle: Bundle) -> Callable[[Document, DocKind], Collection[str]]:
    """Which of a kind's outline chapters a document has a heading for."""
    from opslint.engine.outlines import match_outline

    def present(doc: Document, kind: DocKind) -> Collection[str]:
        outline = bundle.outlines.get(kind)
        return match_outline(doc, outline, bundle.vocab).keys() if outline else ()

    return present


def _globs(config: Config) -> dict[DocKind, list[str]]:
    return {kind: patterns for kind, patterns in config.documents.items()}


def lint_paths(
    paths: Sequence[Path], config: Config, bundle: Bundle, *, lang: str | None = None,
    force_exclude: bool = False,
) -> LintResult:
    """Lint files and folders; documents beside a release or operation doc are context."""
    documents = read_documents(paths, config, bundle, force_exclude=force_exclude)
    result = _lint_sets(documents, config, bundle, lang)
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
    found = expand_paths(paths, config.exclude, config.base, force_exclude,
                               config.respect_gitignore)
    targets: list[Document] = []
    problems = [(display_path(path), problem) for path, problem in found.problems]
    for path in found.files:
        try:
            source = load_file(path, config.max_file_size)
            targets.append(document_from_source(display_path(path), source, bundle, config))
        except LoadError as error:
            problems.append((display_path(path), str(error)))
    context, unlisted = _context_documents(targets, config, bundle)
    known = {p for p, _ in problems}
    problems.extend((p, m) for p, m in unlisted if p not in known)
    return Documents(targets, context, problems)


def _lint_sets(documents: Documents, config: Config, bundle: Bundle, lang: str | None
               ) -> LintResult:
    """One model over the run, or, when a folder holds several systems (opslint/pairing.py),
    one per document set, as ``docsets.check_paths`` lints them."""
    from opslint.pairing import Member, document_sets

    docs = [*documents.targets, *documents.context]
    members = [Member(d.path, d.kind, n < len(documents.targets), _text_of(d))
               for n, d in enumerate(docs)]
    found = document_sets(members, lambda: bundle.vocab)
    if not found.split:  # every folder is one set: one model over the run
        return lint_documents(documents.targets, documents.context, config, bundle, lang=lang)
    from opslint.facts.semantic import DocSet, SemanticModel

    context_only = frozenset(d.path.as_posix() for d in documents.context)
    findings: list[Finding] = []
    for targets, indices in found.sets:
        model = SemanticModel(DocSet(tuple(docs[i] for i in indices), context_only),
                              bundle.vocab, dict(bundle.outlines))
        for index in targets:
            findings += _run(model, [docs[index]], config, bundle, lang or config.lang)
    whole = extract_model(documents.targets, documents.context, bundle)
    return LintResult(sorted(findings, key=Finding.sort_key), tuple(documents.targets), whole)


def _text_of(doc: Document) -> Callable[[], str]:
    return lambda: doc.text


def _context_candidates(
    targets: Iterable[tuple[Path, DocKind]], config: Config
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files to read as context for targets given as (display path, kind), in order, and
    the folders that could not be listed (display path, problem)."""
    listed = list(targets)
    needing = [path for path, kind in listed if kind in _NEEDS_CONTEXT]
    if not needing:
        return [], []
    spelled = {path for path, _ in listed}  # a sibling spelled as a target is that target
    known: set[Path] | None = None  # resolved only for a file listed under another name
    docs_root = (config.base / config.docs_root) if config.docs_root else None
    found = sibling_candidates(needing, docs_root)
    files: list[Path] = []
    for path in found.files:
        if path in spelled:
            continue
        known = known if known is not None else {path_key(p) for p in spelled}
        key = path_key(path)
        if key not in known:
            known.add(key)
            files.append(path)
    return files, [(display_path(p), m) for p, m in found.problems]


def _context_documents(
    targets: list[Document], config: Config, bundle: Bundle
) -> tuple[list[Document], list[tuple[Path, str]]]:
    files, unlisted = _context_candidates(((d.path, d.kind) for d in targets), config)
    context: list[Document] = []
    for path in files:
        try:
            source = load_file(path, config.max_file_size)
            doc = document_from_source(display_path(path), source, bundle, config)
        except LoadError:
            continue  # a broken sibling is reported when it is linted itself
        if doc.kind is not DocKind.UNKNOWN:
            context.append(doc)
    return context, unlisted


def lint_buffer(
    path: Path, text: str, config: Config, bundle: Bundle, *,
    buffers: Mapping[Path, str] | None = None, root: Path | None = None,
    lang: str | None = None,
) -> LintResult:
    """Lint one document given as text (an editor's unsaved buffer) as ``lint_paths`` lints
    that file alone: a release or operation document reads the documents beside it as
    context, and ``buffers`` (other open buffers, by path) replace their text on disk.

    ``path`` is absolute; every document is shown relative to ``root`` (the editor's
    workspace folder) when it lies below it, as a run from that folder would show it.
    """
    def shown(file: Path) -> Path:
        with_root = root is not None and file.is_relative_to(root)
        return file.relative_to(root) if with_root and root is not None else file

    open_texts = {path_key(p): t for p, t in (buffers or {}).items()}
    try:
        target = document_from_source(shown(path), decode(text.encode("utf-8")), bundle, config)
    except LoadError as error:
        finding = _unreadable_finding(shown(path), str(error), bundle, lang or config.lang)
        return LintResult([finding] if finding else [], (), extract_model([], [], bundle),
                          (shown(path).as_posix(),))
    files, _ = _context_candidates([(path, target.kind)], config)
    if files or target.kind in _NEEDS_CONTEXT:  # open buffers beside it not yet saved
        known = {path_key(f) for f in files} | {path_key(path)}
        folder = path_key(path).parent
        files += [p for p in open_texts if p not in known and p.parent == folder
                  and is_markdown(p)]
    context: list[Document] = []
    for file in files:
        try:
            buffer = open_texts.get(path_key(file))
            source = (load_file(file, config.max_file_size) if buffer is None
                      else decode(buffer.encode("utf-8")))
            doc = document_from_source(shown(file), source, bundle, config)
        except LoadError:
            continue  # a broken sibling is reported when it is linted itself
        if doc.kind is not DocKind.UNKNOWN:
            context.append(doc)
    return lint_documents([target], _own_set(target, context, bundle), config, bundle,
                          lang=lang)


def _own_set(target: Document, context: list[Document], bundle: Bundle) -> list[Document]:
    """The context documents of the target's own set, when its folder holds several systems
    (opslint/pairing.py), as ``lint_paths`` pairs them."""
    from opslint.pairing import Member, document_sets

    docs = [target, *context]
    found = document_sets([Member(d.path, d.kind, n == 0, _text_of(d))
                           for n, d in enumerate(docs)], lambda: bundle.vocab)
    if not found.split or not found.sets:
        return context
    return [docs[i] for i in found.sets[0][1] if i != 0]


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
         lang: str, processes: int = 1) -> list[Finding]:
    """The findings of the configured rules on the targets; with ``processes`` over 1, one
    target's rules spread over that many worker processes where they can be
    (opslint/workers.py), with the same findings."""
    from opslint.engine.context import CheckContext
    from opslint.engine.run import run_rules
    from opslint.selection import configured_rules

    rules, meta = configured_rules(bundle, config)  # selected, with [rules.X] applied
    ctx = CheckContext(targets[0] if targets else _empty_doc(), model, config.options)
    findings: list[Finding] | None = None
    if processes > 1 and len(targets) == 1:
        from opslint.workers import run_rules_in_workers, splittable

        if splittable(targets[0]):
            model.all_facts()  # the set's facts read here, once: every worker shares them
            findings = run_rules_in_workers(rules, targets[0], ctx, lang, bundle.rules,
                                            processes)
    if findings is None:
        findings = run_rules(rules, targets, ctx, lang=lang, meta=meta, known=bundle.rules)
    return _apply_per_file_ignores(_defer_open(findings, model, targets, rules), config)


# The question rules of the last rule list (configured_rules gives one list per config and
# bundle, and the sets of a run are linted one document at a time).
_QUESTIONS: LastKept[frozenset[str]] = LastKept()


def _defer_open(findings: list[Finding], model: SemanticModel, targets: Sequence[Document],
                rules: Sequence[Rule]) -> list[Finding]:
    """Findings about a part that is still a skeleton wait for its placeholder questions
    (opslint/facts/placeholders.py). The GATE rules are those questions, and the
    outline rules (a chapter missing, out of order) are about the document, not the part."""
    from opslint.facts.placeholders import OpenParts, open_parts

    if not findings:
        return findings
    questions = _QUESTIONS.get((rules,), lambda: frozenset(
        r.id for r in rules if r.spec.gate_from_section or r.id.startswith("GATE")
        or (r.check is not None and r.check.name.startswith("outline-"))))
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

    from opslint.engine.selectors import matches

    specs = [
        (pathspec.GitIgnoreSpec.from_lines([pattern]), tuple(codes))
        for pattern, codes in config.per_file_ignores.items()
    ]

    def ignored(finding: Finding) -> bool:
        return any(
            spec.match_file(finding.path)
            and any(matches(c, finding.rule_id, finding.name) for c in codes)
            for spec, codes in specs
        )

    return [f for f in findings if not ignored(f)]
