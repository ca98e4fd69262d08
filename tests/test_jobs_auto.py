"""``jobs``: how many processes each stage of ``check`` runs in (opslint/workers.py), and
the reading stage in worker processes: the same entries, problems and findings as one
process, with the files the cache knows never parsed again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import opslint.workers
from opslint.cache import Cache
from opslint.cli import cli
from opslint.config import Config
from opslint.docsets import check_paths
from opslint.lint import Bundle
from opslint.workers import AUTO_MIN_BYTES, processes
from tests.test_check_sets import SPLIT, _layout


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """test_check_sets' layout (folders that see each other's documents), plus one file
    that cannot be read."""
    _layout(tmp_path, SPLIT)
    (tmp_path / "s" / "17_Operation_Design.md").write_bytes(b"\x00\x01binary\x00" * 40)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """What each stage sent to worker processes: the files read, the sets linted."""
    seen: dict[str, list[Any]] = {"read": [], "lint": []}
    real_read, real_lint = opslint.workers.read_in_workers, opslint.workers.lint_in_workers

    def read(run: Any, files: list[Path], jobs: int) -> Any:
        seen["read"].append(([f.as_posix() for f in files], jobs))
        return real_read(run, files, jobs)

    def lint(run: Any, work: list[Any], jobs: int) -> Any:
        seen["lint"].append((len(work), jobs))
        return real_lint(run, work, jobs)

    monkeypatch.setattr(opslint.workers, "read_in_workers", read)
    monkeypatch.setattr(opslint.workers, "lint_in_workers", lint)
    return seen


def test_how_many_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(opslint.workers, "cpus", lambda: 4)
    assert processes("auto", AUTO_MIN_BYTES - 1, 10) == 1  # small: not worth starting
    assert processes("auto", AUTO_MIN_BYTES, 10) == 4
    assert processes("auto", 10 * AUTO_MIN_BYTES, 3) == 3  # never more than the items
    assert processes("auto", 10 * AUTO_MIN_BYTES, 0) == 1
    assert processes(0, 0, 10) == 4  # 0: one per CPU, as asked
    assert processes(2, 0, 10) == 2
    assert processes(5, 0, 1) == 1


def test_auto_is_the_default(tmp_path: Path) -> None:
    assert Config.model_validate({}).jobs == "auto"
    assert Config.model_validate({"jobs": 3}).jobs == 3


def test_reading_in_workers_gives_what_one_process_gives(
        tree: Path, bundle: Bundle, calls: dict[str, list[Any]]) -> None:
    config = Config.model_validate({})
    one = check_paths([Path(".")], config, bundle, jobs=1)
    assert calls == {"read": [], "lint": []}
    two = check_paths([Path(".")], config, bundle, jobs=2)
    read_files, read_jobs = calls["read"][0]
    assert read_jobs == 2 and len(read_files) == len(SPLIT) + 1  # the unreadable one too
    assert calls["lint"]
    assert two.unreadable == one.unreadable == ("s/17_Operation_Design.md",)
    assert [(d.path, d.kind, d.lang) for d in two.docset] == [
        (d.path, d.kind, d.lang) for d in one.docset]
    assert two.findings == one.findings


def test_files_read_here_while_the_rules_load_give_what_workers_give(
        tree: Path, bundle: Bundle, calls: dict[str, list[Any]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A first run parses files here until the rules are loaded (the workers start after
    them): those files' entries, and the findings, are the ones the workers give."""
    config = Config.model_validate({})
    apart = check_paths([Path(".")], config, bundle, jobs=2)
    # Asked once before reading ahead, then before each file: the rules arrive after three.
    loading = iter([True, True, True, True])
    monkeypatch.setattr(Bundle, "loading", lambda self: next(loading, False))
    ahead = check_paths([Path(".")], config, bundle, jobs=2)
    read_there = calls["read"][1][0]
    assert len(read_there) == len(calls["read"][0][0]) - 3  # three parsed here
    assert ahead.unreadable == apart.unreadable
    assert [(d.path, d.kind, d.lang) for d in ahead.docset] == [
        (d.path, d.kind, d.lang) for d in apart.docset]
    assert ahead.findings == apart.findings


def test_files_the_cache_knows_are_not_read_in_workers(
        tree: Path, bundle: Bundle, calls: dict[str, list[Any]]) -> None:
    config = Config.model_validate({})
    cache = Cache.at(tree / "c", ".opslint_cache")
    first = check_paths([Path(".")], config, bundle, jobs=2, cache=cache)
    assert len(calls["read"][0][0]) == len(SPLIT)  # the unreadable one fails here, hashed
    for name in ("p/16_Release_Procedure.md", "r/16_Release_Procedure.md"):
        (tree / name).write_text((tree / name).read_text("utf-8") + "\n追記。\n", "utf-8")
    again = check_paths([Path(".")], config, bundle, jobs=2, cache=cache)
    assert calls["read"][1] == (["p/16_Release_Procedure.md", "r/16_Release_Procedure.md"], 2)
    assert [(d.path, d.kind) for d in again.docset] == [(d.path, d.kind) for d in first.docset]
    assert again.unreadable == first.unreadable


def test_auto_uses_workers_only_for_enough_text(
        tree: Path, bundle: Bundle, calls: dict[str, list[Any]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config.model_validate({})
    monkeypatch.setattr(opslint.workers, "cpus", lambda: 2)
    small = check_paths([Path(".")], config, bundle, jobs="auto")
    assert calls == {"read": [], "lint": []}  # the examples are well under AUTO_MIN_BYTES
    monkeypatch.setattr(opslint.workers, "AUTO_MIN_BYTES", 1)
    large = check_paths([Path(".")], config, bundle, jobs="auto")
    assert calls["read"][0][1] == 2 and calls["lint"][0][1] == 2
    assert large.findings == small.findings


def test_jobs_on_the_command_line(tree: Path) -> None:
    runner = CliRunner()
    args = ["check", ".", "--no-cache", "--format", "concise"]
    auto = runner.invoke(cli, [*args, "--jobs", "auto"])
    one = runner.invoke(cli, [*args, "-j", "1"])
    assert auto.exit_code == one.exit_code == 1 and auto.output == one.output
    bad = runner.invoke(cli, [*args, "--jobs", "many"])
    assert bad.exit_code == 2
    assert "neither a number of processes" in bad.output and "auto" in bad.output
    assert runner.invoke(cli, [*args, "--jobs", "-1"]).exit_code == 2


def test_workers_that_cannot_start_leave_the_work_here(
        tree: Path, bundle: Bundle, calls: dict[str, list[Any]],
        refuse_workers: Callable[[], None]) -> None:
    """A refused fork (EAGAIN, ENOMEM) is no failure: the stage is done in this process."""
    config = Config.model_validate({})
    one = check_paths([Path(".")], config, bundle, jobs=1)
    refuse_workers()
    two = check_paths([Path(".")], config, bundle, jobs=2)
    assert calls["read"] and calls["lint"]  # both stages asked for workers
    assert two.unreadable == one.unreadable and two.findings == one.findings
