"""`opslint diff --base-dir OLD --head-dir NEW`: two folders, no git; and the usage errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.diff_repo import EXAMPLES, diff_json, edit, run_diff

OPS = "17_Operation_Design.md"


def _folders(tmp_path: Path, lang: str) -> tuple[Path, Path]:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(EXAMPLES / lang / "clean", old)
    shutil.copytree(EXAMPLES / lang / "clean", new)
    return old, new


@pytest.mark.parametrize(("lang", "row"), [("ja", "| 注文確定成功率 | 99.5% |"),
                                           ("en", "| Availability | 99.5% |")])
def test_two_folders_are_compared_without_git(tmp_path: Path, lang: str, row: str) -> None:
    old, new = _folders(tmp_path, lang)
    edit(new / OPS, row, row.replace("99.5%", "99.0%"))
    data = diff_json("--base-dir", str(old), "--head-dir", str(new))
    [change] = data["commitments"]
    assert change["direction"] == "weakened" and change["head"]["path"] == OPS
    assert data["base"].endswith("old/") and data["head"].endswith("new/")
    result = run_diff("--base-dir", str(old), "--head-dir", str(new), "--fail-on", "weakened",
                      "--lang", "en")
    assert result.exit_code == 1 and "Weakened commitments (1)" in result.stdout


def test_same_folders_report_nothing(tmp_path: Path) -> None:
    old, new = _folders(tmp_path, "en")
    result = run_diff("--base-dir", str(old), "--head-dir", str(new))
    assert result.exit_code == 0
    assert "No commitment, finding or question changed." in result.stdout


def test_a_file_renamed_between_folders_is_paired_by_its_kind(tmp_path: Path) -> None:
    old, new = _folders(tmp_path, "en")
    (new / OPS).rename(new / "ops-design.md")
    data = diff_json("--base-dir", str(old), "--head-dir", str(new))
    assert data["documents"] == [{"change": "renamed", "path": "ops-design.md",
                                  "old_path": OPS, "kind": "operation"}]
    assert data["findings_introduced"] == [] and data["findings_resolved"] == []


def test_a_removed_document_is_reported_as_removed(tmp_path: Path) -> None:
    old, new = _folders(tmp_path, "ja")
    (new / "10_Security_Design.md").unlink()
    data = diff_json("--base-dir", str(old), "--head-dir", str(new))
    assert {"change": "removed", "path": "10_Security_Design.md", "old_path": None,
            "kind": "security"} in data["documents"]


@pytest.mark.parametrize("args", [
    ["--base-dir", "."],
    ["HEAD", "--base-dir", ".", "--head-dir", "."],
    [],
])
def test_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_diff(*args)
    assert result.exit_code == 2
    assert "Error:" in result.stderr
