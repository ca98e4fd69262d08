"""Recurring work the design documents set (OPS028) and routine tasks that do not apply
(OPS021 on serverless sets): how a design statement is read, clause by clause."""

from __future__ import annotations

import pytest

from opslint.document.model import DocKind
from opslint.lint import Bundle
from tests.conftest import lint_text

ROUTINE_JA = """# 運用設計書

## 3. 定常作業 (Routine Work)
### 3.1 日次
- エラーログ確認、バックアップ確認、ジョブ実行結果確認
### 3.3 月次
- パッチ適用、SLO レビュー、エラーバジェット確認
"""

ROUTINE_EN = """# Operation Design

## Routine work
### Daily
- Error log review, backup check, job results
### Monthly
- SLO review and error budget review
"""


def _obligations(bundle: Bundle, routine: str, security: str) -> list[str]:
    findings = lint_text(bundle, routine, DocKind.OPERATION, select=("OPS028",),
                         context={DocKind.SECURITY: security})
    return [f.message for f in findings]


@pytest.mark.parametrize("statement", [
    # The period follows another frequency word ("replicas") in the same clause.
    "- The passwords of the read replicas are changed every 60 days by the DBA.",
    # One clause automatic, the next one manual: the manual one still asks.
    "- Rotation: database credentials every 30 days (automatic), partner API keys every 180 days.",
    "- 外部 API のキーは 90日ごと、SFTP の鍵は年 1 回、先方と調整して入れ替える。",
])
def test_a_manual_periodic_rotation_asks_for_routine_work(bundle: Bundle, statement: str) -> None:
    messages = _obligations(bundle, ROUTINE_EN, f"# Security Design\n\n## Secrets\n{statement}\n")
    assert len(messages) == 1


@pytest.mark.parametrize("statement", [
    "- Session tokens are refreshed every 15 minutes.",  # the software's job, not people's
    "- Encryption keys live in Cloud KMS with a 90-day rotation period.",
    "- Keys are rotated automatically every 30 days.",
    "- Service account keys are not rotated: workloads hold no keys.",
    "- API keys are kept in the vault.",  # no action, no period
    "- 証明書は cert-manager が 60日ごとに自動で更新する。",
])
def test_automatic_short_or_absent_work_asks_nothing(bundle: Bundle, statement: str) -> None:
    assert _obligations(bundle, ROUTINE_EN, f"# Security Design\n\n## Secrets\n{statement}\n") == []


def test_the_routine_work_answers_with_the_thing_and_the_action(bundle: Bundle) -> None:
    security = ("# セキュリティ設計書\n\n## 秘密情報\n"
                "- 決済 API のキーは 180日 ごとにローテーションする。\n")
    assert len(_obligations(bundle, ROUTINE_JA, security)) == 1
    answered = ROUTINE_JA + ("### 3.4 半期\n"
                             "- 決済 API キーのローテーション（担当: セキュリティ担当）\n")
    assert _obligations(bundle, answered, security) == []


@pytest.mark.parametrize(("compute", "asked"), [
    ("| API | AWS Lambda | functions |\n| Jobs | AWS Fargate | tasks |", False),
    ("| API | Cloud Run | service |\n| Images | Docker | build only |", False),
    ("| API | Amazon EC2 | three instances |", True),
    ("| API | AWS Lambda | functions |\n| Batch | Amazon EC2 | one instance |", True),
])
def test_os_patching_is_asked_only_of_sets_that_run_hosts(
    bundle: Bundle, compute: str, asked: bool
) -> None:
    architecture = ("# Architecture\n\n## Components\n"
                    f"| Component | Technology | Notes |\n|--|--|--|\n{compute}\n")
    findings = lint_text(bundle, ROUTINE_EN, DocKind.OPERATION, select=("OPS021",),
                         context={DocKind.ARCHITECTURE: architecture})
    patching = [f for f in findings if "patching" in f.message]
    assert bool(patching) is asked
