"""The example GitHub Actions workflow (examples/github-actions/) runs as written: its
opslint command parses, writes the SARIF and the questions, and installs the version the
CHANGELOG and the package name."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from opslint import __version__
from opslint.cli import cli

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "examples" / "github-actions" / "opslint-docs.yml"
DIFF_WORKFLOW = ROOT / "examples" / "github-actions" / "opslint-diff.yml"


def _steps(workflow: Path = WORKFLOW) -> list[dict[str, object]]:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    return [s for job in data["jobs"].values() for s in job["steps"]]


def _lint_arguments(summary: Path) -> list[str]:
    [script] = [str(s["run"]) for s in _steps() if "opslint check" in str(s.get("run", ""))]
    command = script.replace("\\\n", " ").replace("$GITHUB_STEP_SUMMARY", str(summary))
    words = shlex.split(command.split("<")[0])
    return words[words.index("opslint") + 1:]


def test_the_lint_step_parses_and_writes_its_reports(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    summary = tmp_path / "summary.md"
    arguments = _lint_arguments(summary)
    defects = ROOT / "examples" / "ja" / "defects" / "16_Release_Procedure.md"
    result = CliRunner().invoke(cli, [*arguments, str(defects)])
    assert result.exit_code == 1, result.output  # findings: the gate fails the job
    assert (tmp_path / "opslint.sarif").read_text(encoding="utf-8").startswith("{")
    assert summary.read_text(encoding="utf-8").startswith("# opslint")  # the questions report


@pytest.mark.parametrize("workflow", [WORKFLOW, DIFF_WORKFLOW], ids=lambda p: p.name)
def test_the_install_step_names_the_released_tag(workflow: Path) -> None:
    text = workflow.read_text(encoding="utf-8")
    assert re.search(rf"@v{re.escape(__version__)}\b", text), "bump the workflow's tag"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(__version__)} ", changelog, re.M), "CHANGELOG entry"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_diff_step_parses_and_writes_the_summary(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.diff_repo import commit, edit, git, make_repo

    repo = make_repo(tmp_path, "en")
    git(repo, "branch", "base")
    ops = repo / "docs" / "17_Operation_Design.md"
    edit(ops, "| Availability | 99.5% |", "| Availability | 99.0% |")
    commit(repo, "lower the availability SLO")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("GITHUB_BASE_REF", "base")
    [script] = [str(s["run"]) for s in _steps(DIFF_WORKFLOW)
                if "opslint diff" in str(s.get("run", ""))]
    summary = tmp_path / "summary.md"
    command = script.replace("\\\n", " ").replace("origin/${GITHUB_BASE_REF}", "base")
    words = shlex.split(command.split(">>")[0])
    assert command.split(">>")[1].strip() == '"$GITHUB_STEP_SUMMARY"'
    result = CliRunner().invoke(cli, words[words.index("opslint") + 1:])
    summary.write_text(result.stdout, encoding="utf-8")
    assert result.exit_code == 1, result.output  # a weakened commitment fails the job
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## opslint diff")
    assert "### Weakened commitments (1)" in text
