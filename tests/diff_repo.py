"""Temporary git repositories and folders holding an example set, for the `opslint diff`
tests (tests/test_diff_*.py)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from opslint.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
HAS_GIT = shutil.which("git") is not None


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.email=diff-test@example.com", "-c", "user.name=diff test",
         "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout


def make_repo(tmp_path: Path, lang: str = "ja", folder: str = "docs") -> Path:
    """A repository with one commit: the clean example set of ``lang`` in ``folder``."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / lang / "clean", repo / folder)
    (repo / "README.md").write_text("# a project\n", encoding="utf-8")
    git(repo, "init", "-q")
    commit(repo, "base")
    return repo


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


def edit(path: Path, old: str, new: str, *, regex: bool = False) -> None:
    """Replace ``old`` (once; it must be there) with ``new`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    if regex:
        changed, count = re.subn(old, new, text, count=1, flags=re.M)
    else:
        changed, count = text.replace(old, new, 1), text.count(old)
    assert count, f"{old!r} not in {path}"
    path.write_text(changed, encoding="utf-8")


def swap_blocks(path: Path, first: str, second: str) -> None:
    """Exchange the chapter starting at heading line ``first`` with the one right after it
    starting at ``second`` (both are whole heading lines, e.g. ``### 3.1 …``)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    a, b = lines.index(first), lines.index(second)
    level = first.split(" ")[0]
    end = next(i for i in range(b + 1, len(lines))
               if lines[i].startswith("#") and len(lines[i].split(" ")[0]) <= len(level))
    path.write_text("\n".join(lines[:a] + lines[b:end] + lines[a:b] + lines[end:]),
                    encoding="utf-8")


def run_diff(*args: str) -> Result:
    return CliRunner().invoke(cli, ["diff", *args])


def diff_json(*args: str) -> dict[str, Any]:
    result = run_diff(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data
