"""`opslint summary`: the model, its text and JSON renderings, the CLI command."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from opslint.cli import cli
from opslint.document.load import decode
from opslint.document.model import DocKind, Document
from opslint.document.parse import parse_document
from opslint.engine.findings import Finding, Severity
from opslint.engine.vocab import load_vocab
from opslint.facts.semantic import SemanticModel
from opslint.reporters.summary_text import render_json, render_text, summary_lines
from opslint.resources import rules_dir
from opslint.summary import Summary, build_summary, summary_lang

ROOT = Path(__file__).resolve().parent.parent
VOCAB = load_vocab(rules_dir())

RELEASE = """\
# リリース手順書

**リリース対象バージョン**: v2.4.0
**リリース予定日時**: 2026/12/10 01:00 - 05:00

## 1. リリース概要

- デプロイ方式: ブルーグリーン（GitHub Actions + AWS CodeDeploy）
- 停止時間: 01:15 - 02:20（65分）

## 4. 切り戻し手順 (Rollback)

| 手順 | 作業 | 担当 | 所要 |
| -- | -- | -- | -- |
| 1 | トラフィックを戻す | 山本 | 10分 |
"""

OPERATION = """\
# 運用設計書

## 1. 運用方針

### 1.2 SLO

| SLI | 目標 | 評価期間 |
| -- | -- | -- |
| 可用性 | 99.9% | 30日間 |
| レイテンシ | p95 < 400ms、p99 < 900ms | 30日間 |

## 2. 監視設計

### 2.2 監視項目一覧

| 監視ID | 対象 | 項目 | 閾値 | 通知レベル | アクション |
| -- | -- | -- | -- | -- | -- |
| M-002 | ECS | CPU 使用率 | > 80% が 10分継続 | Warning | 確認 |
| M-001 | ALB | 5xx率 | > 1% が 5分継続 | Critical | PagerDuty で呼出し |

## 5. バックアップ・DR

- RTO: 1時間、RPO: 5分
- DR 方式: ウォームスタンバイ（大阪リージョン）
- Aurora PostgreSQL と ElastiCache for Redis を Datadog で監視する。
"""


def _doc(text: str, kind: DocKind, name: str) -> Document:
    return parse_document(Path(name), decode(text.encode("utf-8")), kind)


def _finding(priority: str) -> Finding:
    return Finding("X001", "x", Severity.WARNING, "a.md", 1, 1, 1, "m", "q", 1, priority,
                   "release", "ja")


def _summary(lang: str = "auto") -> Summary:
    docs = [_doc(RELEASE, DocKind.RELEASE, "16_Release_Procedure.md"),
            _doc(OPERATION, DocKind.OPERATION, "17_Operation_Design.md")]
    findings = [_finding("P1"), _finding("P2"), _finding("P2"), _finding("P3")]
    return build_summary(SemanticModel.of(docs, VOCAB), findings, lang)


def test_summary_facts() -> None:
    summary = _summary()
    assert summary.lang == "ja"
    assert [n.label for n in summary.deploy["deploy_strategy"]] == ["ブルーグリーン"]
    assert [n.name for n in summary.deploy["ci_cd"]] == ["GitHub Actions", "AWS CodeDeploy"]
    # Aurora PostgreSQL implies Amazon Aurora and PostgreSQL; they are not listed again.
    assert [n.name for n in summary.infrastructure["datastore"]] == ["Aurora PostgreSQL",
                                                                    "ElastiCache"]
    assert summary.release is not None
    assert (summary.release.version, summary.release.downtime_minutes,
            summary.release.rollback_minutes) == ("v2.4.0", 65, 10)
    assert [m.id for m in summary.key_monitors] == ["M-001", "M-002"]  # critical first
    availability = summary.slos[0]
    assert (availability.target, availability.error_budget_minutes) == ("99.9%", 43.2)
    assert sorted((o.kind, o.minutes) for o in summary.objectives) == [("RPO", 5), ("RTO", 60)]
    assert [n.name for n in summary.dr_strategies] == ["warm_standby"]
    assert (summary.open_questions.total, summary.open_questions.p1) == (3, 1)


def test_text_is_in_the_documents_language() -> None:
    ja = render_text(_summary(), color=False)
    assert "インフラ構成" in ja and "ブルーグリーン" in ja
    assert "可用性: 99.9%（30日間） → エラーバジェット 43.2分" in ja
    assert "レイテンシ: p95 < 400ms、p99 < 900ms" in ja
    assert "未解決の質問\n  - 3 件（P1: 1、P2: 2）" in ja
    en = render_text(_summary("en"), color=False)
    assert "Deploy method" in en and "blue/green" in en and "error budget 43.2 min" in en


def test_rich_text_on_a_terminal() -> None:
    text = render_text(_summary(), color=True)
    assert "\x1b[" in text and "インフラ構成" in text


def test_json_round_trips_and_matches_the_schema_file() -> None:
    data = json.loads(render_json(_summary()))
    assert data["schema_version"] == 1 and data["release"]["version"] == "v2.4.0"
    assert Summary.model_validate(data) == _summary()
    committed = json.loads((ROOT / "docs" / "schema" / "summary-v1.json").read_text("utf-8"))
    assert committed == Summary.model_json_schema(), "regenerate docs/schema/summary-v1.json"


def test_language_choice() -> None:
    en_doc = _doc("# Release Procedure\n\nText.\n", DocKind.RELEASE, "a.md")
    design = _doc("# 基本設計書\n\n本文。\n", DocKind.BASIC_DESIGN, "b.md")
    assert summary_lang([en_doc, design], "auto") == en_doc.lang
    assert summary_lang([design], "en") == "en"


def test_summary_lines_for_reports() -> None:
    docs = [_doc(OPERATION, DocKind.OPERATION, "17_Operation_Design.md")]
    lines = summary_lines(SemanticModel.of(docs, VOCAB), "ja")
    assert any(line.startswith("SLO とエラーバジェット：可用性: 99.9%") for line in lines)
    assert any(line.startswith("RTO / RPO：RTO 1時間") for line in lines)


def test_summary_reads_the_facts_of_the_model() -> None:
    """The summary reads the model's facts: what the checks read is what it shows."""
    doc = _doc(OPERATION, DocKind.OPERATION, "17_Operation_Design.md")
    model = SemanticModel.of([doc], VOCAB)
    first = model.facts(doc)
    assert build_summary(model, [], "ja").slos != []
    assert model.facts(doc) is first  # extracted once per run, whoever asks first


def test_cli_summary_text_and_json(tmp_path: Path) -> None:
    (tmp_path / "16_Release_Procedure.md").write_text(RELEASE, encoding="utf-8")
    (tmp_path / "17_Operation_Design.md").write_text(OPERATION, encoding="utf-8")
    runner = CliRunner()
    text = runner.invoke(cli, ["summary", str(tmp_path)])
    assert text.exit_code == 0, text.output
    assert "opslint summary — 理解した内容の要約" in text.output
    data = runner.invoke(cli, ["summary", "--format", "json", "--lang", "en", str(tmp_path)])
    assert data.exit_code == 0, data.output
    assert json.loads(data.output)["lang"] == "en"
