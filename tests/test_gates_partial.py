"""`gates` and `questions` on partial documents: a gate no checked document covers is not
"answered" (a DR plan alone says nothing about the release or the SLOs)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from opslint.cli import cli
from tests.partial_docs import alone

EXAMPLES = Path(__file__).parents[1] / "examples"



def _gates(*args: str) -> tuple[int, dict[int, str]]:
    result = CliRunner().invoke(cli, ["gates", "--format", "json", *args])
    report = json.loads(result.output)
    return result.exit_code, {g["gate"]: g["status"] for g in report["gates"]}


def test_a_dr_plan_covers_only_the_backup_and_dr_gate(tmp_path: Path) -> None:
    code, status = _gates(str(alone(tmp_path, "dr_plan_en.md")))
    assert status[6] == "answered"
    assert {status[g] for g in range(6)} == {"not-covered"}
    assert code == 0


def test_an_on_call_guide_covers_its_chapters_gates(tmp_path: Path) -> None:
    _, status = _gates(str(alone(tmp_path, "oncall_ja.md")))
    # incident (gate 5) and team (gate 0) chapters
    assert status[5] == "answered" and status[0] == "answered"
    assert status[1] == status[6] == "not-covered"


def test_require_fails_on_a_gate_no_document_covers(tmp_path: Path) -> None:
    path = str(alone(tmp_path, "dr_plan_ja.md"))
    result = CliRunner().invoke(cli, ["gates", "--require", "2", path])
    assert result.exit_code == 1
    assert "範囲外" in result.output
    result = CliRunner().invoke(cli, ["gates", "--require", "6", "--lang", "en", path])
    assert result.exit_code == 1 and "uncovered" in result.output


def test_whole_documents_cover_every_gate() -> None:
    _, status = _gates(str(EXAMPLES / "ja" / "clean"))
    assert len(status) == 7 and "not-covered" not in status.values()


def test_questions_say_why_a_gate_is_not_answered(tmp_path: Path) -> None:
    path = str(alone(tmp_path, "dr_plan_en.md"))
    result = CliRunner().invoke(cli, ["questions", "--lang", "en", path])
    assert "### Gate 1: Release procedure agreed — uncovered" in result.output
    assert "only partial documents" in result.output
    assert "operation design (partial: backup and DR)" in result.output
