"""The pipeline in one place: discover → load → parse → extract → check → suppress.

Reporting is the CLI's job.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from opslint.config import Config
from opslint.discover import expand_paths, path_key, sibling_candidates
from opslint.document.kinds import detect_kind
from opslint.document.load import LoadError, SourceText, decode, load_file
from opslint.document.model import DocKind, Document
from opslint.document.parse import parse_document
from opslint.engine.context import CheckContext
from opslint.engine.findings import Finding, Hit
from opslint.engine.outlines import Outline, load_outlines
from opslint.engine.references import References
from opslint.engine.registry import Rule, load_rules
from opslint.engine.run import Selection, make_finding, run_rules
from opslint.engine.vocab import Vocab, load_vocab
from opslint.facts.semantic import DocSet, SemanticModel
from opslint.resources import rules_dir

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


@dataclass(frozen=True)
class Bundle:
    """Everything loaded from rules/: rules, vocabularies and outlines."""

    rules: tuple[Rule, ...]
    vocab: Vocab
    outlines: Mapping[DocKind, Outline]

    @classmethod
    def load(cls, extra_rule_paths: Iterable[Path] = ()) -> Bundle:
        from opslint.checks.kinds import KINDS  # lazily: the table imports the engine

        root = rules_dir()
        vocab = load_vocab(root)
        outlines = load_outlines(root, vocab)
        rules = load_rules([root, *extra_rule_paths], KINDS, References(vocab, outlines))
        return cls(tuple(rules), vocab, outlines)

    def meta(self) -> dict[str, Rule]:
        by_id = {r.id: r for r in self.rules}
        return {role: by_id[rule_id] for role, rule_id in _META.items() if rule_id in by_id}

    def rule(self, key: str) -> Rule | None:
        return next((r for r in self.rules if key in (r.id, r.spec.name)), None)


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


def _context_documents(
    targets: list[Document], config: Config, bundle: Bundle
) -> tuple[list[Document], list[tuple[Path, str]]]:
    needing = [d.path for d in targets if d.kind in _NEEDS_CONTEXT]
    if not needing:
        return [], []
    known = {path_key(d.path) for d in targets}
    docs_root = (config.base / config.docs_root) if config.docs_root else None
    found = sibling_candidates(needing, docs_root)
    context: list[Document] = []
    for path in found.files:
        key = path_key(path)
        if key in known:
            continue
        known.add(key)
        try:
            source = load_file(path, config.max_file_size)
            doc = document_from_source(_display(path), source, bundle, config)
        except LoadError:
            continue  # a broken sibling is reported when it is linted itself
        if doc.kind is not DocKind.UNKNOWN:
            context.append(doc)
    return context, [(_display(p), m) for p, m in found.problems]


def _unreadable_finding(path: Path, problem: str, bundle: Bundle, lang: str) -> Finding | None:
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
    selection = Selection(tuple(config.select), tuple(config.ignore))
    rules = [r for r in bundle.rules if selection.enabled(r)]
    ctx = CheckContext(targets[0] if targets else _empty_doc(), model, config.options)
    findings = run_rules(rules, targets, ctx, lang=lang or config.lang, meta=bundle.meta(),
                         known=bundle.rules)
    findings = _apply_per_file_ignores(findings, config)
    return LintResult(findings, tuple(targets), model)


def extract_model(
    targets: Sequence[Document], context: Sequence[Document], bundle: Bundle
) -> SemanticModel:
    """The extract stage: the semantic model of the linted and context documents."""
    docset = DocSet((*targets, *context), frozenset(d.path.as_posix() for d in context))
    return SemanticModel(docset, bundle.vocab, dict(bundle.outlines))


def _empty_doc() -> Document:
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
