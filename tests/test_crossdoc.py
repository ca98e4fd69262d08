"""Cross-document rules (XDOC) on whole document sets: which document reports, what the
finding points at, and the matching through the technology vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.checks.xdoc.common import TechSets, name_matches
from opslint.config import Config
from opslint.document.model import DocKind
from opslint.engine.findings import Finding
from opslint.facts.technology import TechIndex
from opslint.lint import Bundle, lint_paths
from tests.conftest import ROOT, lint_text

EXAMPLES = ROOT / "examples"
_MINE = ["XDOC", "MON060", "MON061", "MON062"]


def _lint(bundle: Bundle, *paths: Path) -> list[Finding]:
    return lint_paths(list(paths), Config(select=_MINE), bundle).findings


def _where(findings: list[Finding]) -> set[tuple[str, int, str]]:
    return {(Path(f.path).name, f.line, f.rule_id) for f in findings}


@pytest.mark.parametrize("folder", ["ja/clean", "en/clean"])
def test_clean_examples_have_no_cross_document_findings(bundle: Bundle, folder: str) -> None:
    findings = _lint(bundle, EXAMPLES / folder)
    assert [f for f in findings if f.severity.value in ("error", "warning")] == []


def test_defect_set_reports_each_planted_inconsistency_once(bundle: Bundle) -> None:
    found = _where(_lint(bundle, EXAMPLES / "ja" / "defects"))
    assert found == {
        ("16_Release_Procedure.md", 28, "XDOC010"),  # deploy-strategy-mismatch
        ("16_Release_Procedure.md", 108, "XDOC012"),  # DROP COLUMN under rolling update
        ("17_Operation_Design.md", 85, "XDOC030"),  # audit-log-retention-mismatch
        ("04_Basic_Design.md", 63, "XDOC050"),  # rto-mismatch: the odd document reports
    }


def test_pre_commit_reports_a_context_documents_mismatch_in_the_linted_one(
    bundle: Bundle,
) -> None:
    findings = _lint(bundle, EXAMPLES / "ja" / "defects" / "17_Operation_Design.md")
    rto = [f for f in findings if f.rule_id == "XDOC050"]
    assert [(Path(f.path).name, f.line) for f in rto] == [("17_Operation_Design.md", 14)]
    related = rto[0].related[0]
    assert (Path(related.path).name, related.line) == ("04_Basic_Design.md", 63)
    assert "1時間" in rto[0].message and "4時間" in rto[0].message


def test_deploy_mismatch_points_at_the_architecture(bundle: Bundle) -> None:
    findings = _lint(bundle, EXAMPLES / "ja" / "defects" / "16_Release_Procedure.md")
    [mismatch] = [f for f in findings if f.rule_id == "XDOC010"]
    assert mismatch.line == 28
    assert [(Path(r.path).name, r.line) for r in mismatch.related] == [("03_Architecture.md", 53)]
    assert "ブルーグリーン" in mismatch.message and "ローリングアップデート" in mismatch.message


def test_english_messages_follow_the_document(bundle: Bundle) -> None:
    arch = "# Architecture Design\n\n## 4. Deployment strategy\n\n- Blue/green.\n"
    release = "# Release Procedure\n\n## 1.3 Deployment strategy\n\n- Rolling update.\n"
    findings = lint_text(bundle, release, DocKind.RELEASE, select=("XDOC010",),
                         context={DocKind.ARCHITECTURE: arch})
    assert [f.message for f in findings] == [
        "The release procedure's deploy strategy (rolling update) differs from the design's "
        "(blue/green)."]


def test_slo_window_is_not_a_rolling_deployment(bundle: Bundle) -> None:
    arch = "# アーキテクチャ設計書\n\n## 5. デプロイ方式\n\n- ブルーグリーンデプロイ。\n"
    release = ("# リリース手順書\n\n## 1. リリース概要\n\n"
               "- 可用性 SLO は 30日間ローリングで評価する。\n- 30-day rolling window.\n")
    assert lint_text(bundle, release, DocKind.RELEASE, select=("XDOC010", "XDOC012"),
                     context={DocKind.ARCHITECTURE: arch}) == []


@pytest.fixture(scope="module")
def sets(bundle: Bundle) -> TechSets:
    return TechSets(TechIndex.from_vocab(bundle.vocab))


@pytest.mark.parametrize(("design", "ops", "same"), [
    ("Amazon Aurora PostgreSQL", "Aurora", True),
    ("Aurora PostgreSQL", "PostgreSQL", True),
    ("ElastiCache for Redis", "Redis", True),
    ("Memorystore for Redis Cluster", "Memorystore", True),
    ("Amazon RDS for PostgreSQL", "Aurora PostgreSQL", False),
    ("Amazon RDS for PostgreSQL", "RDS", True),
    ("Aurora PostgreSQL", "ElastiCache", False),
])
def test_products_match_through_the_vocabulary(sets: TechSets, design: str, ops: str,
                                               same: bool) -> None:
    assert sets.match(sets.names(design), sets.names(ops)) is same


@pytest.mark.parametrize(("name", "text", "same"), [
    ("PayNova 決済API", "PayNova エラー率 > 5%", True),  # a CamelCase brand is enough
    ("疾風ロジ配送API", "疾風ロジ 配送 API のエラー率", True),
    ("早馬便株式会社 システム窓口", "早馬便 | 電話", True),  # 株式会社 is not identifying
    ("Locker firmware gateway", "`locker-api` ready instances", False),
    ("社内 SSO", "社内 SSO の SAML 認証エラー率", True),
])
def test_integration_names_match_by_identifying_words(bundle: Bundle, name: str, text: str,
                                                      same: bool) -> None:
    generic = bundle.vocab.term_list("crossdoc", "generic_name_words")
    assert name_matches(name, text, generic) is same


def test_every_cross_document_finding_names_the_other_document(bundle: Bundle) -> None:
    findings = _lint(bundle, EXAMPLES / "ja" / "defects")
    for finding in findings:
        if finding.rule_id.startswith("XDOC") and finding.rule_id != "XDOC012":
            assert finding.related, finding
            assert all(Path(r.path).name != Path(finding.path).name for r in finding.related)
