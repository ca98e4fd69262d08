"""Git for `opslint diff`, through the ``git`` executable (never a checkout).

Base documents are read from the object database into memory (``git cat-file --batch``),
so the user's work tree is never touched. Every problem (no git, not a repository, an
unknown revision) is a ``GitError``: a usage error, one line, exit 2.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from opslint.config import ConfigError

__all__ = ["GitError", "Repo"]


class GitError(ConfigError):
    """git is missing, the folder is not in a repository, or a revision is unknown."""


def _git_executable() -> str:
    found = shutil.which("git")
    if found is None:
        raise GitError("`opslint diff REV` needs git on PATH (or compare two folders with "
                       "--base-dir and --head-dir)")
    return found


def _run(args: Sequence[str], cwd: Path, stdin: bytes | None = None
         ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([_git_executable(), *args], cwd=cwd, input=stdin,
                          capture_output=True, check=False)


class Repo:
    """The git repository holding ``start`` (a folder)."""

    def __init__(self, start: Path) -> None:
        done = _run(["rev-parse", "--show-toplevel"], start)
        if done.returncode != 0:
            raise GitError(f"{start.resolve().as_posix()} is not inside a git repository "
                           "(compare two folders with --base-dir and --head-dir)")
        self.root = Path(done.stdout.decode("utf-8", "replace").strip())

    def git(self, *args: str, stdin: bytes | None = None) -> bytes:
        done = _run(args, self.root, stdin)
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(f"git {args[0]} failed: {message[0] if message else done.returncode}")
        return done.stdout

    def commit(self, rev: str) -> str:
        """The commit ``rev`` names; an unknown revision is a GitError."""
        if rev.startswith("-"):
            raise GitError(f"unknown revision {rev!r}")
        done = _run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
                    self.root)
        if done.returncode != 0:
            raise GitError(f"unknown revision {rev!r} (not a commit in "
                           f"{self.root.as_posix()}; fetch it first?)")
        return done.stdout.decode().strip()

    def files(self, commit: str) -> list[str]:
        """Every file of ``commit`` (repository-relative, posix)."""
        out = self.git("ls-tree", "-r", "-z", "--name-only", "--full-tree", commit)
        return [name for name in out.decode("utf-8", "surrogateescape").split("\0") if name]

    def read(self, commit: str, paths: Sequence[str]) -> dict[str, bytes]:
        """The content of ``paths`` at ``commit`` (paths that are not blobs are left out)."""
        if not paths:
            return {}
        request = "".join(f"{commit}:{p}\n" for p in paths).encode("utf-8", "surrogateescape")
        out = self.git("cat-file", "--batch", stdin=request)
        found: dict[str, bytes] = {}
        at = 0
        for path in paths:
            end = out.index(b"\n", at)
            line = out[at:end]
            at = end + 1
            if line.endswith((b" missing", b" ambiguous")):  # the name may hold spaces
                continue
            header = line.split()
            size = int(header[2])
            if header[1] == b"blob":
                found[path] = out[at:at + size]
            at += size + 1
        return found

    def renames(self, base: str, head: str | None, paths: Sequence[str] = ()) -> dict[str, str]:
        """Files git sees renamed (``-M``) from ``base`` to ``head`` (None: the work tree),
        base path → head path."""
        revs = [base] if head is None else [base, head]
        out = self.git("diff", "--name-status", "-z", "-M", *revs, "--", *paths)
        fields = out.decode("utf-8", "surrogateescape").split("\0")
        moved: dict[str, str] = {}
        at = 0
        while at < len(fields) and fields[at]:
            status = fields[at]
            if status.startswith(("R", "C")):
                if status.startswith("R"):
                    moved[fields[at + 1]] = fields[at + 2]
                at += 3
            else:
                at += 2
        return moved

    def relative(self, path: Path) -> str:
        """``path`` (relative to the current folder or absolute) relative to the root."""
        absolute = Path(os.path.normpath(Path.cwd().resolve() / path))
        try:
            rel = absolute.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            raise GitError(f"{Path(path).as_posix()} is outside the repository "
                           f"{self.root.as_posix()}") from None
        return "" if rel == "." else rel
