"""Compare two sides: renamed documents, commitments, findings and questions.

Documents are paired by name, then by git's rename detection, then (for folders and
files git did not pair) by kind: one document of a kind gone and one of that kind new is
the same document renamed. Findings are matched by the fingerprint of ``opslint
baseline`` (rule, document, chapter path, normalised line text, occurrence), with base
paths renamed to head paths first, so text that moved is not reported as new.
"""

from __future__ import annotations

import inspect
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from opslint.baseline import content_anchor
from opslint.bundle import Bundle
from opslint.config import Config
from opslint.diff.changes import CommitmentChange, Place
from opslint.diff.commitments import compare_commitments
from opslint.diff.model import (
    DiffCommitment,
    DiffDocument,
    DiffFinding,
    DiffPlace,
    DiffQuestion,
    DiffReport,
    DiffTotals,
)
from opslint.diff.sources import Side
from opslint.diff.words import direction_label, field_label, kind_label
from opslint.document.model import Document
from opslint.engine.findings import Finding

__all__ = ["diff_sides", "pair_documents"]

_ORDER = {"weakened": 0, "neutral": 1, "strengthened": 2}


@dataclass(frozen=True)
class _Pairing:
    renamed: dict[str, str]  # base path → head path
    added: list[str]
    removed: list[str]


def pair_documents(base: Mapping[str, Document], head: Mapping[str, Document],
                   git_renames: Mapping[str, str]) -> _Pairing:
    """Which base document each head document is: same path, git's rename, or same kind."""
    renamed = {old: new for old, new in git_renames.items()
               if old in base and new in head and old not in head and new not in base}
    gone = [p for p in base if p not in head and p not in renamed]
    new = [p for p in head if p not in base and p not in renamed.values()]
    by_kind: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for path in gone:
        by_kind[base[path].kind.value][0].append(path)
    for path in new:
        by_kind[head[path].kind.value][1].append(path)
    for kind, (olds, news) in by_kind.items():
        if kind != "unknown" and len(olds) == 1 and len(news) == 1:
            renamed[olds[0]] = news[0]
    return _Pairing(dict(sorted(renamed.items())),
                    sorted(p for p in new if p not in renamed.values()),
                    sorted(p for p in gone if p not in renamed))


def _fingerprints(findings: Sequence[Finding], docs: Mapping[str, Document],
                  rename: Mapping[str, str]) -> list[tuple[str, str, tuple[str, ...], str, int]]:
    seen: Counter[tuple[str, str, tuple[str, ...], str]] = Counter()
    out = []
    for finding in findings:
        chapter, text = content_anchor(docs.get(finding.path), finding.line)
        anchor = (finding.rule_id, rename.get(finding.path, finding.path), chapter, text)
        out.append((*anchor, seen[anchor]))
        seen[anchor] += 1
    return out


def _unmatched(ours: Sequence[Finding], ours_docs: Mapping[str, Document],
               ours_rename: Mapping[str, str], theirs: Sequence[Finding],
               theirs_docs: Mapping[str, Document], theirs_rename: Mapping[str, str]
               ) -> list[DiffFinding]:
    ordered = sorted(ours, key=Finding.sort_key)
    other = Counter(_fingerprints(sorted(theirs, key=Finding.sort_key), theirs_docs,
                                  theirs_rename))
    out: list[DiffFinding] = []
    for finding, print_ in zip(ordered, _fingerprints(ordered, ours_docs, ours_rename),
                               strict=True):
        if other[print_] > 0:
            other[print_] -= 1
            continue
        out.append(DiffFinding(rule=finding.rule_id, severity=finding.severity.value,
                               path=finding.path, line=finding.line, chapter=list(print_[2]),
                               message=finding.message))
    return out


def _questions(findings: Sequence[Finding], config: Config, lang: str,
               rename: Mapping[str, str]) -> dict[tuple[int, str], DiffQuestion]:
    from opslint.gates import build_gates, load_gates
    from opslint.resources import rules_dir

    found: dict[tuple[int, str], DiffQuestion] = {}
    for status in build_gates(findings, load_gates(rules_dir()), lang,
                               {str(k): str(v) for k, v in config.question_severity.items()}):
        for question in status.questions:
            # an unmapped rule's question is named by its finding's key; keep it by rule
            found[(status.gate, question.id)] = DiffQuestion(
                gate=status.gate, gate_title=status.title, id=question.id,
                priority=question.priority, text=question.text,  # type: ignore[arg-type]
                places=[DiffPlace(path=rename.get(loc.path, loc.path), line=loc.line)
                        for loc in question.locations])
    return found


def _commitments(base: Side, head: Side, base_model: object, head_model: object,
                 renamed: Mapping[str, str], lang: str) -> list[DiffCommitment]:
    accepts = "renamed" in inspect.signature(compare_commitments).parameters
    extra = {"renamed": dict(renamed)} if accepts else {}
    changes: list[CommitmentChange] = compare_commitments(base_model, head_model,  # type: ignore[arg-type]
                                                          **extra)
    changes.sort(key=lambda c: _ORDER.get(c.direction, 1))  # stable: weakened first

    def place(where: Place | None) -> DiffPlace | None:
        return None if where is None else DiffPlace(path=where.path, line=where.line)

    return [DiffCommitment(
        kind=c.kind, kind_label=kind_label(c.kind, lang), key=c.key, field=c.field,
        field_label=field_label(c.field, lang),
        change="added" if c.added else "removed" if c.removed else "changed",
        old=c.old, new=c.new, direction=c.direction,
        direction_label=direction_label(c.direction, lang),
        base=place(c.base), head=place(c.head)) for c in changes]


def diff_sides(base: Side, head: Side, git_renames: Mapping[str, str], config: Config,
               bundle: Bundle, lang: str) -> DiffReport:
    """The report: what changed from ``base`` to ``head``."""
    from opslint.lint import lint_documents

    base_docs, head_docs = base.texts(), head.texts()
    pairing = pair_documents(base_docs, head_docs, git_renames)
    base_run = lint_documents(base.targets, base.context, config, bundle, lang=lang)
    head_run = lint_documents(head.targets, head.context, config, bundle, lang=lang)
    rename = pairing.renamed
    introduced = _unmatched(head_run.findings, head_docs, {}, base_run.findings, base_docs,
                            rename)
    resolved = _unmatched(base_run.findings, base_docs, rename, head_run.findings, head_docs,
                          {})
    old_questions = _questions(base_run.findings, config, lang, rename)
    new_questions = _questions(head_run.findings, config, lang, {})
    commitments = _commitments(base, head, base_run.model, head_run.model, rename, lang)
    documents = [
        *(DiffDocument(change="renamed", path=new, old_path=old, kind=head_docs[new].kind.value)
          for old, new in rename.items()),
        *(DiffDocument(change="added", path=p, old_path=None, kind=head_docs[p].kind.value)
          for p in pairing.added),
        *(DiffDocument(change="removed", path=p, old_path=None, kind=base_docs[p].kind.value)
          for p in pairing.removed),
    ]
    added = [q for k, q in sorted(new_questions.items()) if k not in old_questions]
    answered = [q for k, q in sorted(old_questions.items()) if k not in new_questions]
    directions = Counter(c.direction for c in commitments)
    totals = DiffTotals(
        weakened=directions["weakened"], strengthened=directions["strengthened"],
        neutral=directions["neutral"], findings_introduced=len(introduced),
        findings_resolved=len(resolved), questions_added=len(added),
        questions_answered=len(answered))
    return DiffReport(
        schema_version=1, tool="opslint", lang="ja" if lang == "ja" else "en",
        base=base.label, head=head.label,
        files=sorted(d.path.as_posix() for d in head.targets), totals=totals,
        documents=documents, commitments=commitments, findings_introduced=introduced,
        findings_resolved=resolved, questions_added=added, questions_answered=answered)
