"""Partial kinds: a DR plan, an SLO document, an on-call guide, a deployment runbook are
checked only by the rules of the chapters they hold (rules/partial_kinds.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.config import Config
from opslint.document.model import DocKind
from opslint.engine.partial import describe_kind, partial_rules, runs_on
from opslint.fix import fix_paths, write_fixes
from opslint.lint import Bundle, document_from_text, lint_paths
from tests.partial_docs import FIXTURES, alone, parsed

KINDS = {
    "dr_plan": (DocKind.OPERATION, "dr", {"backup_dr"}),
    "slo": (DocKind.OPERATION, "slo", {"principles"}),
    "oncall": (DocKind.OPERATION, "oncall", {"incident", "team"}),
    "runbook": (DocKind.RELEASE, "release_runbook", {"preparation", "release_day", "rollback"}),
}
# What each failing fixture must be told: rules of the chapters it holds.
EXPECTED = {
    "dr_plan_bad": {"BDR001", "BDR003", "BDR004", "BDR006"},
    "slo_bad": {"SLO006"},
    "oncall_bad": {"INC004", "INC007", "INC010"},
    "runbook_bad": {"REL016", "REL020", "REL021", "REL025"},
}


def _family(stem: str) -> str:
    return next(k for k in KINDS if stem.startswith(k))




@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*_??.md")))
def test_recognised(bundle: Bundle, name: str) -> None:
    if name.startswith("readme"):
        assert parsed(bundle, name).kind is DocKind.UNKNOWN
        return
    kind, partial, holds = KINDS[_family(name)]
    doc = parsed(bundle, name)
    assert (doc.kind, doc.partial, set(doc.holds)) == (kind, partial, holds)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("README.md", (FIXTURES / "README.md").read_text(encoding="utf-8")),
        # A title alone is not enough: the body must speak of the chapter's subject.
        ("notes.md", "# Disaster Recovery Plan\n\nTo be written.\n"),
        ("notes.md", "# SLO\n\nSee the wiki.\n"),
        ("notes.md", "# オンコール\n\n別ページ参照。\n"),
        # A security incident response plan is another discipline's document.
        ("notes.md", "# Security Incident Response\n\nSeverity, escalation, on-call, contacts.\n"),
        ("RELEASE.md", "# Releases\n\nHow we publish the library: tag, changelog, deploy docs.\n"),
    ],
)
def test_stays_unknown(bundle: Bundle, name: str, text: str) -> None:
    doc = document_from_text(text, Path(name), bundle)
    assert doc.kind is DocKind.UNKNOWN and not doc.holds


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*_??.md")
                                        if "_bad_" not in p.name))
def test_pass(bundle: Bundle, tmp_path: Path, name: str) -> None:
    result = lint_paths([alone(tmp_path, name)], Config(), bundle)
    assert [f"{f.rule_id}:{f.line}" for f in result.findings] == []


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*_bad_??.md")))
def test_fail(bundle: Bundle, tmp_path: Path, name: str) -> None:
    result = lint_paths([alone(tmp_path, name)], Config(), bundle)
    found = {f.rule_id for f in result.findings}
    assert EXPECTED[name[: -len("_xx.md")]] <= found
    # Never the outline of the whole kind: no missing chapter, no revision history.
    assert not found & {"OPS001", "OPS002", "OPS003", "OPS026", "REL001", "REL002", "REL003"}
    doc = result.targets[0]
    rules = {r.id: r for r in bundle.rules}
    data = partial_rules()
    for rule_id in found:
        chapters = data.chapters(rules[rule_id])
        assert chapters & doc.holds or rule_id.startswith(("GATE", "SEC")), rule_id


def test_dr_plan_is_not_asked_for_other_chapters(bundle: Bundle, tmp_path: Path) -> None:
    result = lint_paths([alone(tmp_path, "dr_plan_bad_en.md")], Config(), bundle)
    families = {f.rule_id[:3] for f in result.findings}
    assert families <= {"BDR", "GAT"}, families


def test_declared_in_front_matter(bundle: Bundle) -> None:
    body = (FIXTURES / "dr_plan_bad_en.md").read_text(encoding="utf-8").replace(
        "# Disaster Recovery Plan", "# Data protection")
    declared = document_from_text(
        "---\nopslint:\n  kind: operation\n  holds: [backup_dr]\n---\n" + body,
        Path("notes.md"), bundle)
    assert (declared.kind, set(declared.holds)) == (DocKind.OPERATION, {"backup_dr"})
    by_name = document_from_text("---\nopslint:\n  partial: slo\n---\n# Targets\n",
                                 Path("notes.md"), bundle)
    assert (by_name.kind, set(by_name.holds)) == (DocKind.OPERATION, {"principles"})
    whole = document_from_text("---\nopslint:\n  kind: operation\n---\n" + body,
                               Path("notes.md"), bundle)
    assert (whole.kind, whole.holds) == (DocKind.OPERATION, frozenset())
    # A chapter the kind does not have is dropped; nothing left means no partial kind.
    unknown = document_from_text("---\nopslint:\n  kind: operation\n  holds: [timeline]\n---\n"
                                 + body, Path("notes.md"), bundle)
    assert not unknown.holds


def test_known_kind_from_the_cache_stays_partial(bundle: Bundle) -> None:
    text = (FIXTURES / "slo_ja.md").read_text(encoding="utf-8")
    doc = document_from_text(text, Path("slo.md"), bundle, kind=DocKind.OPERATION)
    assert doc.partial == "slo"
    forced = document_from_text(text, Path("slo.md"), bundle, kind=DocKind.RELEASE)
    assert (forced.kind, forced.holds) == (DocKind.RELEASE, frozenset())


@pytest.mark.parametrize("name", ["dr_plan_bad_ja.md", "runbook_bad_en.md", "oncall_bad_ja.md"])
def test_fix_inserts_no_foreign_chapter(bundle: Bundle, tmp_path: Path, name: str) -> None:
    path = alone(tmp_path, name)
    before = path.read_bytes()
    write_fixes(fix_paths([path], Config(), bundle))
    assert path.read_bytes() == before


def test_fix_still_completes_a_whole_document(bundle: Bundle, tmp_path: Path) -> None:
    path = alone(tmp_path, "dr_plan_bad_ja.md")
    path.write_text("---\nopslint:\n  kind: operation\n---\n" + path.read_text(encoding="utf-8"),
                    encoding="utf-8")
    write_fixes(fix_paths([path], Config(select=["OPS001"]), bundle))
    assert "運用体制" in path.read_text(encoding="utf-8")


def test_describe_kind(bundle: Bundle) -> None:
    doc = parsed(bundle, "dr_plan_en.md")
    assert describe_kind(doc) == "operation (partial: backup and DR)"
    assert describe_kind(doc, "ja") == "operation (一部: バックアップ・DR)"
    assert describe_kind(parsed(bundle, "README.md")) == "unknown"


def test_data_names_real_rules_and_chapters(bundle: Bundle) -> None:
    data = partial_rules()
    ids = {r.id for r in bundle.rules}
    chapters = {k: {s.key for s in o.sections} for k, o in bundle.outlines.items()}
    every = set().union(*chapters.values())
    for rule_id in [*data.rules, *data.never]:
        assert rule_id in ids, rule_id
    for rule_id, keys in data.rules.items():
        assert keys <= every, rule_id
    for kind in data.kinds:
        assert kind.holds <= chapters[kind.kind], kind.name
        assert kind.skip <= ids, kind.name


def test_every_chapter_rule_runs_on_a_holding_document(bundle: Bundle) -> None:
    """Each operation/release rule either needs a chapter, or the table says why not."""
    data = partial_rules()
    for rule in bundle.rules:
        if rule.check is None or not (rule.spec.applies_to(DocKind.OPERATION)
                                      or rule.spec.applies_to(DocKind.RELEASE)):
            continue
        named = rule.id in data.never or any(
            rule.id == a or (a.isalpha() and rule.id.startswith(a)) for a in data.always)
        assert named or data.chapters(rule), rule.id


def test_whole_documents_run_every_rule(bundle: Bundle) -> None:
    doc = parsed(bundle, "README.md")
    assert all(runs_on(rule, doc) for rule in bundle.rules)


def test_release_standard_is_a_release_strategy(bundle: Bundle, tmp_path: Path) -> None:
    """A company-wide release standard gives rollback criteria as example code, not for one
    release: checked as a whole release procedure it got a false 'no rollback criteria'
    error. It is a release strategy now (tests/test_partial_release_strategy.py): only the
    policy rules run, and criteria written as code answer REL023."""
    text = (
        "# リリース運用標準 / Release Standards\n\n## ロールバック方針\n\n"
        "```python\nif error_rate > 0.02:\n    rollback(previous_revision)\n```\n\n"
        "カナリアでデプロイし、問題があればロールバックする。Blue/Green も可。\n"
    )
    doc = document_from_text(text, Path("release-standards.md"), bundle)
    assert (doc.kind, doc.partial) == (DocKind.RELEASE, "release_strategy")
    folder = tmp_path / "std"
    folder.mkdir()
    (folder / "release-standards.md").write_text(text, encoding="utf-8")
    found = {f.rule_id for f in lint_paths([folder], Config(), bundle).findings}
    assert "REL023" not in found and not found & {"REL001", "REL004", "REL005", "REL015"}


def test_latency_per_aggregation_unit(bundle: Bundle, tmp_path: Path) -> None:
    """'99th percentile per cluster-day <= 1s' is a latency target (an SLO document said no
    numeric target at all: a false SLO005 error)."""
    from opslint.facts.quantities import find_latencies

    for text in ("p99 per node-hour² <= 2s", "99th percentile per node-hour1 <= 2s"):
        found = find_latencies(text)  # a footnote mark (NFKC: "²" is "2") may follow the unit
        assert [(f.percentile, f.ms, f.comparator) for f in found] == [(99.0, 2000.0, "<=")]
    assert not find_latencies("p95 per request")  # an aggregation unit alone is no target
    folder = tmp_path / "slo"
    folder.mkdir()
    (folder / "slo.md").write_text(
        "# Queue service SLOs\n\n## SLIs and SLOs\n\n| SLI | SLO |\n| -- | -- |\n"
        "| Enqueue latency, measured per request | 99th percentile per node-hour <= 2s |\n"
        "| Dequeue availability | 99.9 % of polls succeed over 30 days |\n\n"
        "Error budget: 0.1 % of polls over 30 days; burn above 50 % freezes releases, "
        "except security fixes; the platform lead decides.\n", encoding="utf-8")
    result = lint_paths([folder], Config(), bundle)
    assert result.targets[0].partial == "slo"
    assert "SLO005" not in {f.rule_id for f in result.findings}


def test_chapters_come_from_the_rules_own_parameters(bundle: Bundle) -> None:
    """A rule naming its chapter in a parameter (``section``, ``scope``…) is mapped by it,
    whatever type the parameters are (they are dataclasses since the start-up work); the
    family default would run SLO011 on an SLO document that states no budget chapter."""
    import dataclasses

    data = partial_rules()
    checked = 0
    for rule in bundle.rules:
        if rule.id in data.rules or not dataclasses.is_dataclass(rule.params):
            continue
        named: set[str] = set()
        for field in data.derive_from:
            value = getattr(rule.params, field, None)
            named.update([value] if isinstance(value, str) else
                         [v for v in value if isinstance(v, str)]
                         if isinstance(value, (list, tuple)) else [])
        if named:
            checked += 1
            assert data.chapters(rule) == frozenset(named), rule.id
    assert checked > 10
