"""Bad paths are one finding each and the run goes on (issue 10: a symlink loop crashed the
run, /dev/zero behind a .md link grew without bound, a FIFO hung, an unreadable folder was
skipped silently)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from opslint.cli import cli
from opslint.config import Config
from opslint.lint import Bundle, lint_paths
from tests.robustness.test_nesting import RELEASE

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types")


def _check(*args: str) -> Result:
    return CliRunner().invoke(cli, ["check", "--format", "concise", *args])


def _meta(result: Result) -> list[str]:
    return sorted(line.split(": META001")[0] for line in result.output.splitlines()
                  if "META001" in line)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.md").write_text("# ok\n\nplain text\n", encoding="utf-8")
    return tmp_path


@posix_only
def test_a_symlink_loop_is_one_finding_per_link(folder: Path) -> None:
    (folder / "a.md").symlink_to("b.md")
    (folder / "b.md").symlink_to("a.md")
    result = _check(".")
    assert result.exit_code == 1, result.output
    assert _meta(result) == ["a.md:1:1", "b.md:1:1"]
    assert "symbolic link loop" in result.output
    assert "in 3 file(s)" in result.output  # ok.md was checked too


@posix_only
def test_special_files_are_refused_without_reading(folder: Path) -> None:
    (folder / "zero.md").symlink_to("/dev/zero")
    os.mkfifo(folder / "fifo.md")
    result = _check(".")  # a hang or an unbounded read fails by the timeout
    assert _meta(result) == ["fifo.md:1:1", "zero.md:1:1"], result.output
    assert "named pipe (FIFO), not a regular file" in result.output
    assert "character device, not a regular file" in result.output
    assert _meta(_check("fifo.md", "zero.md")) == ["fifo.md:1:1", "zero.md:1:1"]


@posix_only
def test_a_dangling_symlink_is_reported_by_its_own_path(folder: Path) -> None:
    (folder / "gone.md").symlink_to(folder / "missing" / "target.md")
    for args in (["."], ["gone.md"], ["gone.md", "ok.md"]):
        result = _check(*args)
        assert _meta(result) == ["gone.md:1:1"], result.output
        assert "broken symbolic link to" in result.output
    assert _check("absent.md").exit_code == 2  # a path that is not there at all is a usage error


def test_files_over_the_size_limit_are_reported(folder: Path, bundle: Bundle) -> None:
    (folder / "big.md").write_bytes(b"# big\n" + b"x" * 2_000)
    result = lint_paths([folder], Config.model_validate({"max-file-size": "1KiB"}), bundle)
    assert [(f.path, f.rule_id) for f in result.findings] == [("big.md", "META001")]
    assert "over the limit of 1,024 bytes (max-file-size" in result.findings[0].message
    assert not lint_paths([folder], Config(), bundle).findings  # 10 MB by default


def test_the_size_limit_is_validated_in_the_config(folder: Path) -> None:
    (folder / ".opslint.toml").write_text('max-file-size = "huge"\n', encoding="utf-8")
    result = _check(".")
    assert result.exit_code == 2
    assert "max-file-size" in result.output and "'huge'" in result.output
    assert Config.model_validate({"max-file-size": "10 MB"}).max_file_size == 10_000_000
    assert Config.model_validate({"max-file-size": 512}).max_file_size == 512


def test_an_unlistable_folder_is_reported(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = folder / "locked"
    locked.mkdir()
    (locked / "hidden.md").write_text("# hidden\n", encoding="utf-8")
    real = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = _check(".")
    assert result.exit_code == 1, result.output
    assert _meta(result) == ["locked:1:1"]
    assert "folder cannot be listed (Permission denied)" in result.output


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="needs POSIX permissions that apply (not root)")
def test_an_unreadable_folder_on_disk_is_reported(folder: Path) -> None:
    locked = folder / "locked"
    locked.mkdir()
    (locked / "hidden.md").write_text("# hidden\n", encoding="utf-8")
    locked.chmod(0)
    try:
        result = _check(".")
    finally:
        locked.chmod(0o755)
    assert _meta(result) == ["locked:1:1"], result.output


@posix_only
def test_a_release_doc_beside_special_files_reads_its_context_safely(folder: Path) -> None:
    shutil.copy(RELEASE, folder / "16_Release_Procedure.md")
    (folder / "03_Architecture.md").symlink_to("/dev/zero")
    os.mkfifo(folder / "04_Basic_Design.md")
    result = _check("16_Release_Procedure.md")  # siblings are context: never opened
    assert result.exit_code in (0, 1) and "internal error" not in result.output
