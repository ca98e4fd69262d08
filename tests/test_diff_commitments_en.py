"""The commitment comparison of `opslint diff` on English documents, release-side
commitments (deploy strategy, window, rollback criteria, people), document pairing, and the
example sets (examples/ja/clean against examples/ja/defects)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.diff.changes import CommitmentChange
from opslint.diff.commitments import compare_commitments, pair_documents
from opslint.document.model import DocKind
from opslint.facts.semantic import SemanticModel
from opslint.lint import Bundle, document_from_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "diff_commitments"
OPS = (FIXTURES / "ops_en.md").read_text(encoding="utf-8")
REL = (FIXTURES / "release_en.md").read_text(encoding="utf-8")
OPS_NAME, REL_NAME = "17_Operation_Design.md", "16_Release_Procedure.md"


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return Bundle.load()


def model(bundle: Bundle, docs: dict[str, str]) -> SemanticModel:
    documents = [document_from_text(text, Path(name), bundle) for name, text in docs.items()]
    return SemanticModel.of(documents, bundle.vocab, dict(bundle.outlines))


def diff(bundle: Bundle, old: dict[str, str], new: dict[str, str]) -> list[CommitmentChange]:
    return compare_commitments(model(bundle, old), model(bundle, new))


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def summary(changes: list[CommitmentChange]) -> list[tuple[str, str, str]]:
    return [(c.kind, c.field, c.direction) for c in changes]


def test_unchanged_set(bundle: Bundle) -> None:
    docs = {OPS_NAME: OPS, REL_NAME: REL}
    assert diff(bundle, docs, docs) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("| Availability | 99.95% |", "| Availability | 99.9% |", ("slo", "target", "weakened")),
    ("| Latency | p99 < 800ms |", "| Latency | p99 < 600ms |",
     ("slo", "target", "strengthened")),
    ("> 1% for 5 minutes | Critical", "> 3% for 5 minutes | Critical",
     ("monitor", "threshold", "weakened")),
    ("| Critical | PagerDuty |", "| Warning | PagerDuty |", ("monitor", "level", "weakened")),
    ("| Critical | PagerDuty |", "| Critical | Email to the team |",
     ("monitor", "channel", "weakened")),
    ("| Warning | Slack #ledger-ops |", "| Warning | Slack #ledger-ops and PagerDuty |",
     ("monitor", "channel", "strengthened")),
    ("| Database failure | 30 minutes | 5 minutes |", "| Database failure | 2 hours | 5 minutes |",
     ("rto", "value", "weakened")),
    ("| Continuous | 30 days |", "| Continuous | 90 days |",
     ("backup", "retention", "strengthened")),
    ("| Ledger writes fail | 15 minutes |", "| Ledger writes fail | 30 minutes |",
     ("severity", "response", "weakened")),
])
def test_operation_direction(bundle: Bundle, old: str, new: str,
                             expected: tuple[str, str, str]) -> None:
    changes = diff(bundle, {OPS_NAME: OPS}, {OPS_NAME: edit(OPS, old, new)})
    assert summary(changes) == [expected]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("strategy: canary (5% of traffic for 20 minutes, then 100%)",
     "strategy: recreate deployment (all instances replaced at once)",
     [("deploy_strategy", "strategy", "weakened")]),
    ("22:00 - 23:30", "22:00 - 01:30", [("release_window", "window", "neutral")]),
    ("- Release owner: Mara Quinn", "- Release owner: TBD",
     [("release_owner", "members", "weakened")]),
    ("> 0.5% for 5 minutes", "> 2% for 5 minutes",
     [("rollback_criterion", "threshold", "weakened")]),
    ("> 1200ms for 10 minutes", "> 1200ms for 3 minutes",
     [("rollback_criterion", "threshold", "strengthened")]),
    ("| 2 | p99 latency | > 1200ms for 10 minutes | Grafana |\n", "",
     [("rollback_criterion", "", "weakened")]),
    ("| Release approver | Tomas Lindqvist | Slack @tomas, phone |\n", "",
     [("approver", "", "weakened")]),
    ("| Rollback decision owner | Ines Carvalho |", "| Rollback decision owner | TBD |",
     [("decider", "members", "weakened")]),
    ("| Primary on-call | Dev Patel |", "| Primary on-call | Noor Haddad |",
     [("on_call", "members", "neutral")]),
])
def test_release_direction(bundle: Bundle, old: str, new: str,
                           expected: list[tuple[str, str, str]]) -> None:
    changes = diff(bundle, {REL_NAME: REL}, {REL_NAME: edit(REL, old, new)})
    assert summary(changes) == expected


def test_contact_rows_reordered_no_change(bundle: Bundle) -> None:
    lines = REL.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("| Release approver"))
    last = next(i for i, line in enumerate(lines) if line.startswith("| Database engineer"))
    lines[first], lines[last] = lines[last], lines[first]
    assert diff(bundle, {REL_NAME: REL}, {REL_NAME: "\n".join(lines)}) == []


def test_documents_renamed_and_moved_are_paired_by_kind(bundle: Bundle) -> None:
    old = {OPS_NAME: OPS, REL_NAME: REL}
    new = {"docs/ops/operations.md": edit(OPS, "| Availability | 99.95% |",
                                          "| Availability | 99.5% |"),
           "docs/release/v3.2.md": REL}
    base = model(bundle, old)
    # The new paths say nothing of their kind: give it as a configuration would.
    head = SemanticModel.of([
        document_from_text(new["docs/ops/operations.md"], Path("docs/ops/operations.md"),
                           bundle, None, DocKind.OPERATION),
        document_from_text(REL, Path("docs/release/v3.2.md"), bundle, None, DocKind.RELEASE),
    ], bundle.vocab, dict(bundle.outlines))
    pairs = pair_documents(base, head)
    assert sorted((o.path.as_posix(), n.path.as_posix()) for o, n in pairs if o and n) == [
        (REL_NAME, "docs/release/v3.2.md"), (OPS_NAME, "docs/ops/operations.md")]
    changes = compare_commitments(base, head)
    assert summary(changes) == [("slo", "target", "weakened")]
    assert changes[0].head and changes[0].head.path == "docs/ops/operations.md"


def test_two_documents_of_a_kind_pair_by_renamed_path(bundle: Bundle) -> None:
    other = edit(OPS, "# Operation Design: Ledger API", "# Operation Design: Ledger batch")
    base = SemanticModel.of([
        document_from_text(OPS, Path("a/ops.md"), bundle, None, DocKind.OPERATION),
        document_from_text(other, Path("b/ops.md"), bundle, None, DocKind.OPERATION),
    ], bundle.vocab)
    head = SemanticModel.of([
        document_from_text(edit(other, "| Availability | 99.95% |", "| Availability | 99.9% |"),
                           Path("c/ops.md"), bundle, None, DocKind.OPERATION),
        document_from_text(OPS, Path("a/ops.md"), bundle, None, DocKind.OPERATION),
    ], bundle.vocab)
    changes = compare_commitments(base, head, renamed={"b/ops.md": "c/ops.md"})
    assert [(c.base.path if c.base else "", c.head.path if c.head else "", c.direction)
            for c in changes] == [("b/ops.md", "c/ops.md", "weakened")]


def _examples(bundle: Bundle, folder: str) -> SemanticModel:
    paths = sorted((ROOT / "examples" / "ja" / folder).glob("*.md"))
    docs = [document_from_text(p.read_text(encoding="utf-8"), Path(p.name), bundle)
            for p in paths]
    return SemanticModel.of(docs, bundle.vocab, dict(bundle.outlines))


def test_examples_clean_against_defects(bundle: Bundle) -> None:
    """The defect set weakens the set: RTO 1 h → 4 h, rolling update beside blue/green, the
    measurable rollback criteria and the contacts chapter gone, the latency percentiles
    gone, PITR replaced by daily snapshots, audit logs kept 90 days instead of a year."""
    assert compare_commitments(_examples(bundle, "clean"), _examples(bundle, "clean")) == []
    changes = compare_commitments(_examples(bundle, "clean"), _examples(bundle, "defects"))
    found = {(c.kind, c.key, c.field, c.old, c.new, c.direction) for c in changes}
    assert ("rto", "RTO（目標復旧時間）", "value", "1時間", "4時間", "weakened") in found
    assert ("backup", "Aurora PostgreSQL", "frequency", "5分", "1日", "weakened") in found
    assert ("audit_log", "Logs（監査）", "retention", "1年", "90日", "weakened") in found
    assert ("slo", "注文確定成功率", "target", "99.5%", "100%", "strengthened") in found
    assert ("monitor", "M-022", "threshold", "> 80% が 10分継続", "適宜", "weakened") in found
    weakened = {(c.kind, c.key) for c in changes if c.direction == "weakened"}
    assert ("deploy_strategy", "") in weakened
    assert ("slo", "レイテンシ p95") in weakened
    assert ("approver", "リリース承認者・切り戻し判断者") in weakened
    assert ("decider", "緊急時の最終判断者") in weakened
    assert sum(1 for kind, _ in weakened if kind == "rollback_criterion") == 6
    # Moved chapter (5. バックアップ・DR) and the renumbered monitor: no RTO/RPO, DR or
    # failover change, and M-024 followed as M-023 by what it watches.
    assert not [c for c in changes if c.kind in ("rpo", "dr_strategy", "recovery_time")]
    assert not [c for c in changes if c.kind == "rto" and "17_" in (c.base or c.head).path]
    assert ("monitor", "M-023", "id", "M-024", "M-023", "neutral") in found
    assert not [c for c in changes if c.kind == "monitor" and c.field == ""]
    assert all(c.direction != "strengthened" or c.kind in ("slo", "error_budget")
               for c in changes)
