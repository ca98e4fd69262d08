"""The small readers behind the routine, incident and backup rules (OPS02x, INC0xx, BDR0xx)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.checks.bdr.backup import BackupVocab
from opslint.checks.bdr.objectives import unit_statements
from opslint.checks.ops.routine import RoutineVocab, cadences_of
from opslint.checks.shared.severity import IncidentVocab, level_label, severity_levels
from opslint.checks.shared.units import Unit
from opslint.document.model import DocKind, Section
from opslint.document.normalize import normalize
from opslint.lint import Bundle, document_from_text


@pytest.fixture(scope="module")
def loaded() -> Bundle:
    return Bundle.load()


def _incident(bundle: Bundle) -> IncidentVocab:
    return IncidentVocab.model_validate(bundle.vocab.terms["incident"])


@pytest.mark.parametrize(
    ("text", "rank"),
    [
        ("Sev-1 (Critical)", 1),
        ("**SEV2（高）**", 2),
        ("障害レベル3", 3),
        ("1 - High Severity", 1),
        ("🔴 SEV-4", 4),
    ],
)
def test_strong_labels(loaded: Bundle, text: str, rank: int) -> None:
    found = level_label(text, _incident(loaded).severity, weak=False, whole=True)
    assert found is not None and found[0] == rank


@pytest.mark.parametrize(
    "text", ["Sev-1 の宣言", "SEV-1の状態にあった時間", "Sev-1 または Sev-2 のインシデント", "P1"]
)
def test_mentions_are_not_labels(loaded: Bundle, text: str) -> None:
    assert level_label(text, _incident(loaded).severity, weak=False, whole=True) is None


def test_alert_levels_are_not_severities(loaded: Bundle) -> None:
    markdown = (
        "# 運用設計書\n\n## 2. 監視設計\n\n| 監視ID | 通知レベル |\n| -- | -- |\n"
        "| M-001 | Critical |\n\n## 4. 障害対応\n\n### 障害レベル\n\n| レベル | 定義 |\n"
        "| -- | -- |\n| 高 | 主要機能停止 |\n| 低 | 軽微 |\n"
    )
    doc = document_from_text(markdown, Path("doc.md"), loaded, kind=DocKind.OPERATION)
    levels = severity_levels(doc, loaded.vocab, _incident(loaded).severity)
    assert [(lv.rank, lv.name) for lv in levels] == [(2, "高"), (4, "低")]


def _statements(loaded: Bundle, text: str) -> list[tuple[str, bool]]:
    vocab = BackupVocab.model_validate(loaded.vocab.terms["backup"])
    section = Section(0, "", "", None, 1, 1)
    unit = Unit(1, text, normalize(text), section, kind="paragraph")
    return [(s.key, s.numeric) for s in unit_statements(unit, vocab)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RTO <= 4h / RPO <= 15m", [("rto", True), ("rpo", True)]),
        ("RPO/RTO 24h", [("rpo", True), ("rto", True)]),
        ("RTO（目標復旧時間）: 4時間", [("rto", True), ("rto", True)]),
        ("RTO: 4時間 / RPO: 検討中", [("rto", True), ("rpo", False)]),
        ("RPO: 0（同期レプリケーション）", [("rpo", True)]),
        ("4時間以内に復旧する（RTO）", [("rto", True)]),
    ],
)
def test_objective_statements(loaded: Bundle, text: str, expected: list[tuple[str, bool]]) -> None:
    assert _statements(loaded, text) == expected


@pytest.mark.parametrize(
    ("text", "cadence"),
    [
        ("日次作業", "daily"),
        ("毎週月曜", "weekly"),
        ("Every 6 months", "half_yearly"),
        ("年2回", "half_yearly"),
        ("4時間毎チェック", "daily"),
        ("Quarterly", "quarterly"),
    ],
)
def test_cadences(loaded: Bundle, text: str, cadence: str) -> None:
    vocab = RoutineVocab.model_validate(loaded.vocab.terms["routine"])
    assert cadence in cadences_of(text, vocab)
