"""What the command line reads (issue 11): .gitignore in folder walks, a document from stdin."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from opslint.cli import cli
from opslint.discover import GitIgnore, expand_paths
from tests.sample_docs import RELEASE_WITHOUT_ROLLBACK

RELEASE = RELEASE_WITHOUT_ROLLBACK


def invoke(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def shown(*args: str) -> list[str]:
    result = invoke("check", "--show-files", *args)
    assert result.exit_code == 0, result.output
    return sorted(line.split("\t")[0] for line in result.stdout.splitlines())


def _write(path: Path, text: str = "# note\n\nplain text\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git work tree: ignored folders and files, a nested .gitignore with a negation."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    _write(tmp_path / ".gitignore", "# generated\nbuild/\n*.draft.md\n")
    for name in ("docs/a.md", "docs/b.draft.md", "build/out.md", "docs/keep/c.draft.md",
                 "docs/keep/d.md", "docs/local/e.md"):
        _write(tmp_path / name)
    _write(tmp_path / "docs" / "keep" / ".gitignore", "!c.draft.md\n")
    _write(tmp_path / "docs" / ".gitignore", "local/\n")
    return tmp_path


def test_folder_walks_skip_what_gitignore_ignores(repo: Path) -> None:
    assert shown(".") == ["docs/a.md", "docs/keep/c.draft.md", "docs/keep/d.md"]
    # the root's patterns apply below it, also when a subfolder is walked
    assert shown("docs") == ["docs/a.md", "docs/keep/c.draft.md", "docs/keep/d.md"]


def test_gitignore_can_be_turned_off(repo: Path) -> None:
    everything = ["build/out.md", "docs/a.md", "docs/b.draft.md", "docs/keep/c.draft.md",
                  "docs/keep/d.md", "docs/local/e.md"]
    assert shown(".", "--no-respect-gitignore") == everything
    _write(repo / ".opslint.toml", "respect-gitignore = false\n")
    assert shown(".") == everything
    assert shown(".", "--respect-gitignore") == ["docs/a.md", "docs/keep/c.draft.md",
                                                 "docs/keep/d.md"]


def test_files_named_explicitly_are_checked_unless_force_exclude(repo: Path) -> None:
    assert shown("docs/b.draft.md") == ["docs/b.draft.md"]
    assert shown("docs/b.draft.md", "--force-exclude") == []
    assert shown("docs/keep/c.draft.md", "--force-exclude") == ["docs/keep/c.draft.md"]
    # a folder named explicitly is walked even when it is ignored itself
    assert shown("build") == ["build/out.md"]


def test_outside_a_work_tree_the_walked_folders_gitignore_files_count(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / ".gitignore", "skipped.md\n")  # above the walk, no .git: not read
    _write(tmp_path / "docs" / ".gitignore", "old/\n")
    for name in ("docs/skipped.md", "docs/old/x.md", "docs/y.md"):
        _write(tmp_path / name)
    assert shown("docs") == ["docs/skipped.md", "docs/y.md"]


def test_gitignore_matching_follows_git(repo: Path) -> None:
    ignore = GitIgnore()
    assert ignore.ignored(repo / "build", is_dir=True)
    assert ignore.ignored(repo / "docs" / "b.draft.md", is_dir=False)
    assert not ignore.ignored(repo / "docs" / "keep" / "c.draft.md", is_dir=False)
    assert not ignore.ignored(repo / "docs" / "a.md", is_dir=False)
    found = expand_paths([Path(".")], respect_gitignore=False).files
    assert len(found) == 6  # the library default stays off; the config turns it on


# --- stdin ------------------------------------------------------------------------------


def test_stdin_is_checked_as_the_named_document_with_its_folder_as_context(docs: Path) -> None:
    name = "docs/17_Operation_Design.md"
    text = (docs / "17_Operation_Design.md").read_bytes()
    on_disk = invoke("check", "--format", "concise", "--no-cache", name)
    piped = invoke("check", "--format", "concise", "-", "--stdin-filename", name, input=text)
    assert piped.exit_code == on_disk.exit_code == 1
    assert piped.stdout == on_disk.stdout
    assert "XDOC" in piped.stdout  # cross-document findings: the folder's documents are read
    # the text from stdin is what is checked, not the file of that name
    edited = invoke("check", "--format", "concise", "-", "--stdin-filename", name,
                    input=text.replace(b"M-023", b"M-024", 1))
    assert "MON006" in on_disk.stdout and "MON006" not in edited.stdout


def test_stdin_without_a_name_is_called_dash(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "--format", "concise", "-", input=bytes(range(256)) * 4)
    assert result.stdout.startswith("-:1:1: META001")
    clean = invoke("check", "--format", "concise", "-", input=b"# Notes\n\nNothing here.\n")
    assert clean.exit_code == 0 and "1 file(s)" in clean.stdout


def test_fix_from_stdin_writes_the_fixed_text_to_stdout(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "docs" / "16_Release_Procedure.md"
    _write(path, RELEASE)
    piped = invoke("fix", "-", "--stdin-filename", "docs/16_Release_Procedure.md",
                   input=RELEASE.encode())
    assert piped.exit_code == 0, piped.output
    assert path.read_text(encoding="utf-8") == RELEASE  # the file is not touched
    assert invoke("fix", "docs/16_Release_Procedure.md").exit_code == 0
    fixed = path.read_bytes()
    assert fixed != RELEASE.encode()
    assert piped.stdout_bytes == fixed
    assert "Fixed" in piped.stderr
    again = invoke("fix", "-", "--stdin-filename", "docs/16_Release_Procedure.md",
                   input=fixed)
    assert again.stdout_bytes == fixed and again.stderr == ""


@pytest.mark.parametrize("args", [
    ["check", "-", "docs"],
    ["check", "--fix", "-"],
    ["fix", "--diff", "-"],
])
def test_stdin_misuse_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    assert invoke(*args, input=b"# x\n").exit_code == 2
