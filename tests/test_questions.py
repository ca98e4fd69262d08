"""`opslint questions` and `opslint gates` on document sets with open and answered gates."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from opslint.cli import cli
from opslint.engine.findings import Finding, Severity
from opslint.gates import build_gates, load_gates
from opslint.reporters.questions import QuestionsReport
from opslint.resources import rules_dir

FIXTURES = Path(__file__).parent / "fixtures" / "questions"
GOLDEN = Path(__file__).parent / "golden"


def run_in(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout


def test_questions_markdown_matches_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run_in(FIXTURES / "open", monkeypatch, "questions", ".")
    assert code == 0  # the report runs and succeeds whatever it finds
    golden = GOLDEN / "questions_open.ja.md"
    assert out == golden.read_text(encoding="utf-8")


def test_questions_english_override(monkeypatch: pytest.MonkeyPatch) -> None:
    _, out = run_in(FIXTURES / "open", monkeypatch, "questions", "--lang", "en", ".")
    assert out == (GOLDEN / "questions_open.en.md").read_text(encoding="utf-8")


def test_questions_json_validates_against_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    _, out = run_in(FIXTURES / "open", monkeypatch, "questions", "--format", "json", ".")
    report = QuestionsReport.model_validate_json(out)
    assert report.version == 1 and report.lang == "ja"
    gate1 = report.gates[1]
    assert gate1.status == "open"
    assert [q.priority for q in gate1.questions] == sorted(q.priority for q in gate1.questions)
    schema = json.loads((Path(__file__).parent.parent / "docs" / "schema" /
                         "questions-v1.json").read_text(encoding="utf-8"))
    assert schema == QuestionsReport.model_json_schema(), "regenerate docs/schema/questions-v1.json"


def test_gates_require(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run_in(FIXTURES / "open", monkeypatch, "gates", "--require", "0", ".")
    assert code == 0  # gate 0 has nothing open here
    code, out = run_in(FIXTURES / "open", monkeypatch, "gates", "--require", "1", ".")
    assert code == 1
    assert out.splitlines()[2].startswith("1     未回答")
    code, out = run_in(FIXTURES / "answered", monkeypatch, "gates", "--require", "6", ".")
    assert code == 0 and "未回答" not in out


def test_gates_json(monkeypatch: pytest.MonkeyPatch) -> None:
    _, out = run_in(FIXTURES / "open", monkeypatch, "gates", "--format", "json", ".")
    data = json.loads(out)
    assert [g["status"] for g in data["gates"]][:3] == ["answered", "open", "open"]
    assert data["gates"][1]["counts"] == {"P1": 2, "P2": 2, "P3": 0}


def _finding(rule: str, line: int, key: str, priority: str = "P1", gate: int = 1) -> Finding:
    return Finding(rule, rule.lower(), Severity.ERROR, "a.md", line, 1, line, f"m{line}",
                   f"q {key}", gate, priority, "release", "ja", key=key)


def test_same_fact_from_several_rules_is_one_question() -> None:
    gates = load_gates(rules_dir())
    findings = [_finding("REL001", 3, "section:rollback"), _finding("REL001", 9, "section:x"),
                _finding("REL777", 5, "k"), _finding("REL777", 7, "k")]
    statuses = build_gates(findings, gates, "ja")
    questions = statuses[1].questions
    # REL001 is mapped to the gate question "release-outline": both locations, one question.
    mapped = next(q for q in questions if q.id == "release-outline")
    assert [loc.line for loc in mapped.locations] == [3, 9]
    own = next(q for q in questions if q.id == "REL777:k")
    assert [loc.line for loc in own.locations] == [5, 7]
    assert len(questions) == 2


def test_priority_decides_severity_and_config_changes_it() -> None:
    gates = load_gates(rules_dir())
    findings = [_finding("REL777", 1, "a", "P2"), _finding("REL778", 2, "b", "P3")]
    default = build_gates(findings, gates, "en")[1].questions
    assert [q.severity.value for q in default] == ["warning", "info"]
    custom = build_gates(findings, gates, "en", {"P3": "warning"})[1].questions
    assert [q.severity.value for q in custom] == ["warning", "warning"]


def test_locations_of_one_question_are_in_a_stable_order() -> None:
    """Two findings on the same line and rule are ordered by message, whatever the hash seed."""
    gates = load_gates(rules_dir())
    a = _finding("REL001", 55, "section:history")
    b = replace(a, message="m-a", key="section:team")
    c = replace(a, message="m-b")
    for findings in ([b, c], [c, b]):
        question = build_gates(findings, gates, "ja")[1].questions[0]
        assert [loc.message for loc in question.locations] == ["m-a", "m-b"]
