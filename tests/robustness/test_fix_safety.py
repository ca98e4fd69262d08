"""`opslint fix` never overrides a read-only file, reports an unwritable folder as the user's
problem, and never offers fixes it cannot apply (issue 10)."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from opslint.cli import cli

MISSING_CONTACTS = (
    "# リリース手順書\n\n## 1. リリース概要\n概要。\n\n## 2. 事前確認・準備 (T-1 day)\n準備。\n\n"
    "## 3. リリース当日の手順 (T-0)\nデプロイ。\n\n## 4. 切り戻し手順 (Rollback)\n戻す。\n\n"
    "## 5. リリース後確認\n確認する。\n"
)


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, [*args])


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "16_Release_Procedure.md"
    path.write_text(MISSING_CONTACTS, encoding="utf-8")
    return path


def test_a_read_only_file_is_refused(target: Path) -> None:
    target.chmod(0o444)
    try:
        result = _run("fix", str(target))
        assert result.exit_code == 1, result.output
        assert "the file is read-only (mode 0444), so it was not changed" in result.stderr
        assert "bug in opslint" not in result.stderr
        # nothing counts as fixed, and nothing says there was nothing to fix (issue 11)
        assert "Fixed nothing: 1 file(s) could not be fixed." in result.stderr
        assert "No fixes to apply." not in result.stderr
        assert target.read_text(encoding="utf-8") == MISSING_CONTACTS
        assert stat.S_IMODE(target.stat().st_mode) == 0o444
        assert _run("fix", "--diff", str(target)).exit_code == 1  # a diff is still shown
    finally:
        target.chmod(0o644)


def test_a_folder_where_no_temporary_file_can_be_made_is_a_user_error(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object, **__: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = _run("fix", str(target))
    assert result.exit_code == 1, result.output
    assert "cannot create a temporary file in" in result.stderr
    assert "(Permission denied), so the file was not changed" in result.stderr
    assert "bug in opslint" not in result.stderr and "internal error" not in result.stderr
    assert target.read_text(encoding="utf-8") == MISSING_CONTACTS


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="needs POSIX permissions that apply (not root)")
def test_a_read_only_folder_on_disk_is_a_user_error(target: Path) -> None:
    target.parent.chmod(0o555)
    try:
        result = _run("fix", str(target))
    finally:
        target.parent.chmod(0o755)
    assert result.exit_code == 1 and "cannot create a temporary file" in result.stderr


@pytest.mark.parametrize("opening", ["<!-- 作成中のメモ", "```bash", "<pre>", "<?php"])
def test_no_fix_is_promised_after_a_block_that_is_never_closed(
    target: Path, opening: str
) -> None:
    target.write_text(MISSING_CONTACTS + f"\n{opening}\n\n残りのメモ\n", encoding="utf-8")
    before = target.read_bytes()
    check = _run("check", "--format", "concise", "--select", "REL001,META", str(target))
    assert "META006" in check.output and "REL001" in check.output, check.output
    assert "fixable" not in check.output  # check offers nothing that fix cannot apply
    fix = _run("fix", str(target))
    assert fix.exit_code == 0, fix.output
    assert "No fixes to apply." in fix.stderr
    assert target.read_bytes() == before


def test_a_fix_before_an_unclosed_block_is_still_applied(target: Path) -> None:
    # The chapter goes before the trailing comment, so it stays visible.
    text = MISSING_CONTACTS.replace("## 5. リリース後確認\n確認する。\n",
                                    "## 5. リリース後確認\n確認する。\n\n## 7. 付録\n\n<!-- メモ\n")
    target.write_text(text, encoding="utf-8")
    fix = _run("fix", "--select", "REL001", str(target))
    assert fix.exit_code == 0 and "Fixed 1 problem(s)" in fix.stderr, fix.output
    assert "## 6. 連絡網" in target.read_text(encoding="utf-8")
