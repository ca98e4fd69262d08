"""Sets linted as soon as their folder is read (opslint/early_sets.py): in every layout the
findings are those of one model over the whole run, whether the guess that the folders
share nothing held or not; where it held, no set is linted twice."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import opslint.workers
from opslint.cache import Cache
from opslint.cli import cli
from opslint.config import Config
from opslint.docsets import Run, check_paths
from opslint.early_sets import EarlySets, worth_it
from opslint.engine.findings import Finding
from opslint.engine.run import CheckCrash
from opslint.lint import Bundle, lint_paths
from tests.conftest import CountCalls

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {"a": ROOT / "examples" / "ja" / "defects", "b": ROOT / "examples" / "en" / "clean",
           "c": ROOT / "examples" / "ja" / "clean"}
SECURITY_FRONT_MATTER = "---\ndoc_kind: security\n---\n"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three folders of the five documents: every kind in several folders."""
    for folder, source in SOURCES.items():
        (tmp_path / folder).mkdir()
        for file in sorted(source.glob("*.md")):
            shutil.copyfile(file, tmp_path / folder / file.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many sets' findings came from their early lint, and how many did not."""
    seen: Counter[str] = Counter()
    real = EarlySets.take

    def take(self: EarlySets, *args: Any) -> Any:
        found = real(self, *args)
        seen["early" if found is not None else "again"] += 1
        return found

    monkeypatch.setattr(EarlySets, "take", take)
    return seen


@pytest.fixture
def no_stage_workers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Which of the two-stage worker paths (read, then lint the sets) a run took."""
    called: list[str] = []
    for name in ("read_in_workers", "lint_in_workers"):
        real = getattr(opslint.workers, name)

        def spy(*args: Any, _real: Any = real, _name: str = name) -> Any:
            called.append(_name)
            return _real(*args)

        monkeypatch.setattr(opslint.workers, name, spy)
    yield called


def _same(paths: list[Path], bundle: Bundle, jobs: int, config: Config | None = None,
          cache: Cache | None = None) -> None:
    config = config or Config.model_validate({})
    whole = lint_paths(paths, config, bundle)
    sets = check_paths(paths, config, bundle, jobs=jobs, cache=cache)
    assert sets.findings == whole.findings
    assert [f.fix for f in sets.findings] == [f.fix for f in whole.findings]
    assert [(d.path, d.kind, d.lang) for d in sets.docset] == [
        (d.path, d.kind, d.lang) for d in whole.docset]


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_folder_is_linted_as_it_is_read_and_only_once(
        tree: Path, bundle: Bundle, taken: Counter[str], count_calls: CountCalls,
        no_stage_workers: list[str], jobs: int) -> None:
    lints = count_calls(Run, "lint")
    _same([Path(".")], bundle, jobs)
    assert taken == {"early": 3}
    assert no_stage_workers == []  # with workers: one stage, read and lint together
    assert lints["lint"] == (3 if jobs == 1 else 0)  # with workers, none here


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_guess_that_fails_lints_the_set_again(
        tree: Path, bundle: Bundle, taken: Counter[str], jobs: int) -> None:
    # The names say three basic designs, but a's and c's declare themselves security
    # designs: b's is then the run's only basic design, which every other set sees.
    for folder in ("a", "c"):
        design = tree / folder / "04_Basic_Design.md"
        design.write_text(SECURITY_FRONT_MATTER + design.read_text(encoding="utf-8"),
                          encoding="utf-8")
    _same([Path(".")], bundle, jobs)
    assert taken == {"early": 1, "again": 2}  # b's own set stood; a's and c's see b's design


@pytest.mark.parametrize("jobs", [1, 2])
def test_unreadable_files_and_folders_read_out_of_order(
        tree: Path, bundle: Bundle, taken: Counter[str], jobs: int) -> None:
    (tree / "b" / "99_Notes.md").write_bytes(b"\x00\x01binary\x00" * 40)
    (tree / "c" / "99_Notes.md").write_bytes(b"\x00\x01binary\x00" * 40)
    files = sorted(tree.glob("*/*.md"), key=lambda p: (p.name, p.parent.name))  # a, b, c, a…
    paths = [p.relative_to(tree) for p in files]
    _same(paths, bundle, jobs)
    sets = check_paths(paths, Config.model_validate({}), bundle, jobs=jobs)
    assert sets.unreadable == ("b/99_Notes.md", "c/99_Notes.md")
    assert taken["early"] == 6 and not taken["again"]  # the two runs, three sets each


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_folder_of_two_systems_is_split_as_the_run_splits_it(
        tree: Path, bundle: Bundle, taken: Counter[str], jobs: int) -> None:
    for folder in SOURCES:
        for name in ("16_Release_Procedure.md", "04_Basic_Design.md"):
            shutil.copyfile(tree / folder / name, tree / folder / f"search-{name}")
            (tree / folder / name).rename(tree / folder / f"payments-{name}")
    _same([Path(".")], bundle, jobs)
    assert taken["early"] >= 6 and not taken["again"]  # payments and search, and the rest


@pytest.mark.parametrize("jobs", [1, 2])
def test_with_the_cache_only_the_changed_folder_is_linted(
        tree: Path, bundle: Bundle, taken: Counter[str], jobs: int) -> None:
    cache = Cache(tree / ".opslint_cache")
    _same([Path(".")], bundle, jobs, cache=cache)
    release = tree / "b" / "16_Release_Procedure.md"
    release.write_text(release.read_text(encoding="utf-8") + "\nA new line.\n",
                       encoding="utf-8")
    taken.clear()
    _same([Path(".")], bundle, jobs, cache=cache)
    assert taken["early"] == 1  # b, read again; a's and c's findings came from the cache


def test_the_guess(tree: Path, bundle: Bundle) -> None:
    config = Config.model_validate({})
    files = sorted(Path(".").glob("*/*.md"))
    assert worth_it(Run(config, bundle, "ja", None), files)
    # alone of its kind by name
    assert not worth_it(Run(config, bundle, "ja", None), [*files, Path("d/README.md")])
    # a Markdown file the run does not lint would be read as context
    assert not worth_it(Run(config, bundle, "ja", None),
                        [f for f in files if f.name != "03_Architecture.md" or
                         f.parent.name != "a"])
    docs_root = Config.model_validate({"docs-root": "c"})
    assert not worth_it(Run(docs_root, bundle, "ja", None), files)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_check_crash_in_an_early_set_is_reported_as_one_process_would(
        tree: Path, bundle: Bundle, broken_release_check: str, jobs: int) -> None:
    config = Config.model_validate({})
    with pytest.raises(CheckCrash) as one_model:
        lint_paths([Path(".")], config, bundle)
    with pytest.raises(CheckCrash) as raised:
        check_paths([Path(".")], config, bundle, jobs=jobs)
    assert raised.value.rule_id == broken_release_check
    assert raised.value.path == one_model.value.path
    assert raised.value.path.startswith("a/")  # the first set in run order


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_listener_hears_of_early_sets_then_of_every_file_once(
        tree: Path, bundle: Bundle, jobs: int) -> None:
    events: list[tuple[str, Any]] = []

    class Listener:
        def planned(self, paths: Sequence[str]) -> None:
            events.append(("planned", len(paths)))

        def done(self, path: str, findings: Sequence[Finding]) -> None:
            events.append(("done", path))

        def progressed(self, paths: Sequence[str], total: int) -> None:
            events.append(("progressed", (len(paths), total)))

    check_paths([Path(".")], Config.model_validate({}), bundle, jobs=jobs,
                listener=Listener(), keep=False)
    assert [e for e in events if e[0] == "progressed"] == [("progressed", (5, 15))] * 3
    planned = events.index(("planned", 15))
    assert all(kind == "progressed" for kind, _ in events[:planned])
    assert sorted(path for _, path in events[planned + 1:]) == sorted(
        p.as_posix() for p in Path(".").glob("*/*.md"))


@pytest.mark.parametrize("fmt", ["concise", "json"])
def test_cli_output_is_byte_identical_with_jobs(tree: Path, fmt: str) -> None:
    runner = CliRunner()
    args = ["check", ".", "--format", fmt, "--no-cache"]
    one = runner.invoke(cli, [*args, "--jobs", "1"])
    two = runner.invoke(cli, [*args, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 1, one.output
    assert two.output == one.output
