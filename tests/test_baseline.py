"""`opslint baseline` and `check --baseline`: content-anchored fingerprints, through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from opslint.baseline import BaselineFile
from opslint.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DEFECTS = ROOT / "examples" / "ja" / "defects"
RELEASE = "docs/16_Release_Procedure.md"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the Japanese defects set (it has findings) under docs/, as the cwd."""
    shutil.copytree(DEFECTS, tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(path: str, old: str, new: str, *, first: bool = False) -> None:
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1 or (first and old in text), old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(*extra: str) -> tuple[int, str, str]:
    return run("check", "--no-cache", "--format", "concise", "--baseline",
               ".opslint-baseline.json", *extra, "docs")


def test_baseline_then_check_is_clean(project: Path) -> None:
    assert run("check", "--no-cache", "--format", "concise", "docs")[0] == 1
    code, _, err = run("baseline", "docs")
    assert code == 0 and "to .opslint-baseline.json" in err
    code, out, err = check()
    assert code == 0, out
    assert "No problems" in out and "no longer match" not in err


def test_file_is_versioned_relative_and_has_no_line_numbers(project: Path) -> None:
    run("baseline", "docs", "--output", "ci/accepted.json")
    data = json.loads(Path("ci/accepted.json").read_text(encoding="utf-8"))
    baseline = BaselineFile.model_validate(data)
    assert data["version"] == 1 and baseline.entries
    assert {e.path for e in baseline.entries} <= {f"../docs/{p.name}" for p in DEFECTS.iterdir()}
    assert all("line" not in entry for entry in data["entries"])
    keys = [e.sort_key() for e in baseline.entries]
    assert keys == sorted(keys)
    # The same run writes the same bytes: no timestamps, no absolute paths.
    first = Path("ci/accepted.json").read_bytes()
    run("baseline", "docs", "--output", "ci/accepted.json")
    assert Path("ci/accepted.json").read_bytes() == first


def test_text_inserted_above_findings_keeps_them_baselined(project: Path) -> None:
    run("baseline", "docs")
    edit(RELEASE, "## 1. リリース概要\n", "## 1. リリース概要\n\n本書は手順の正本です。\n\n"
         "手順の改訂は変更管理の承認を経て行います。\n")
    edit("docs/17_Operation_Design.md", "\n## ", "\n前書きを一段落追加しました。\n\n## ",
         first=True)
    code, out, err = check()
    assert code == 0, out
    assert "no longer match" not in err


def test_a_new_defect_is_the_only_finding(project: Path) -> None:
    run("baseline", "docs")
    edit(RELEASE, "## 1. リリース概要\n",
         "## 1. リリース概要\n\n- 影響を受ける利用者への告知: 要確認\n")
    code, out, _ = check("--fail-on", "info")
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("docs/")]
    assert len(lines) == 1 and "GATE002" in lines[0] and "要確認" in lines[0], out


def test_fixed_defect_leaves_a_stale_entry(project: Path) -> None:
    run("baseline", "docs")
    edit(RELEASE, "**作業責任者**: 未定", "**作業責任者**: 渡辺 大輔")
    code, out, err = check()
    assert "1 baseline entry in .opslint-baseline.json no longer match" in err
    assert err.count("\n") == 1  # one line on stderr
    code, out, err = run("baseline", "--stale", "docs")
    assert code == 1
    assert "16_Release_Procedure.md: GATE002" in out and "未定" in out
    # Writing the baseline again drops the stale entry.
    run("baseline", "docs")
    assert "no longer match" not in check()[2]


def test_stale_entries_only_for_the_files_checked(project: Path) -> None:
    """pre-commit passes the changed files alone: the others' entries are not stale."""
    run("baseline", "docs")
    code, out, err = run("check", "--no-cache", "--format", "concise", "--baseline",
                         ".opslint-baseline.json", RELEASE)
    assert code == 0, out
    assert "no longer match" not in err


def test_config_key_baseline(project: Path) -> None:
    run("baseline", "docs", "--output", "accepted.json")
    Path(".opslint.toml").write_text('baseline = "accepted.json"\n', encoding="utf-8")
    code, out, _ = run("check", "--no-cache", "--format", "concise", "docs")
    assert code == 0, out
    # `opslint baseline` writes to the configured file by default.
    assert run("baseline", "docs")[2].endswith(" to accepted.json.\n")


@pytest.mark.parametrize("content", ["{", '{"version": 9, "entries": []}',
                                     '{"version": 1, "entries": [{"rule": 1}]}'])
def test_bad_baseline_file_is_a_usage_error(project: Path, content: str) -> None:
    Path(".opslint-baseline.json").write_text(content, encoding="utf-8")
    code, _, err = check()
    assert code == 2
    assert err.startswith("opslint: error: .opslint-baseline.json:")


def test_missing_baseline_file_is_a_usage_error(project: Path) -> None:
    code, _, err = check()
    assert code == 2 and "baseline file not found" in err
