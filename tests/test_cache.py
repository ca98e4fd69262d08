"""The cache (.opslint_cache/): right or absent, never wrong, never in the way.

Rules are taken from it only while the rules folders and the code are unchanged; a file's
findings only while the file, every document of its set, the rules, the config and the
code are unchanged. A broken, foreign, read-only or missing cache is a miss, not an error.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import opslint.bundle
import opslint.docsets
import opslint.lint
from opslint.cache import CACHE_DIR_ENV, Cache, digest, folders_digest
from opslint.cli import cli
from opslint.config import Config
from opslint.docsets import check_paths
from opslint.lint import Bundle, lint_paths
from opslint.resources import rules_dir

ROOT = Path(__file__).resolve().parent.parent
DEFECTS = ROOT / "examples" / "ja" / "defects"
CUSTOM = (rules_dir() / "REL" / "REL002.yaml").read_text(encoding="utf-8").replace(
    "id: REL002", "id: CUS001").replace("name: release-section-empty", "name: custom-empty")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the defects set in its own project folder (the cache goes beside it)."""
    shutil.copytree(DEFECTS, tmp_path / "docs", ignore=shutil.ignore_patterns("*.yaml"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    return tmp_path


class Counting:
    """Counts the document sets linted and the rule bundles loaded from YAML."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sets = self.loads = 0
        lint, load = opslint.docsets.Run.lint, opslint.bundle._load_parts

        def counted_lint(run: opslint.docsets.Run, work: opslint.docsets.Work) -> object:
            self.sets += 1
            return lint(run, work)

        def counted_load(folders: object) -> object:
            self.loads += 1
            return load(folders)  # type: ignore[arg-type]

        monkeypatch.setattr(opslint.docsets.Run, "lint", counted_lint)
        monkeypatch.setattr(opslint.bundle, "_load_parts", counted_load)


def _check(*args: str) -> Result:
    return CliRunner().invoke(cli, ["check", "--format", "json", *args])


# --- the rules --------------------------------------------------------------------------


def test_a_warm_start_takes_the_rules_from_the_cache(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    counting = Counting(monkeypatch)
    first = Bundle.load(cache=Cache(tmp_path))
    second = Bundle.load(cache=Cache(tmp_path))
    assert counting.loads == 1
    assert [(r.id, r.params, r.spec) for r in second.rules] == [
        (r.id, r.params, r.spec) for r in first.rules]
    assert second.vocab.sections == first.vocab.sections
    assert second.outlines.keys() == first.outlines.keys()


def test_a_changed_user_rule_is_loaded_again(project: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    counting = Counting(monkeypatch)
    (project / "myrules" / "CUS").mkdir(parents=True)
    rule = project / "myrules" / "CUS" / "CUS001.yaml"
    rule.write_text(CUSTOM, encoding="utf-8")
    (project / ".opslint.toml").write_text('rule-paths = ["myrules"]\n', encoding="utf-8")
    assert _check("docs").exit_code == 1
    assert _check("docs").exit_code == 1
    assert counting.loads == 1
    rule.write_text(CUSTOM.replace("severity: warning", "severity: error"), encoding="utf-8")
    assert _check("docs").exit_code == 1
    assert counting.loads == 2
    rule.write_text(CUSTOM.replace("gate: 1", "gate: 9"), encoding="utf-8")
    broken = _check("docs")
    assert broken.exit_code == 2 and "CUS001.yaml" in broken.output


def test_the_bundled_rules_count_by_size_and_time(tmp_path: Path) -> None:
    """The installed rules folder is keyed as the code is: any edit changes its size or
    modification time, and so the key; hidden files and __pycache__ do not count."""
    root = tmp_path / "rules"
    (root / "CUS").mkdir(parents=True)
    rule = root / "CUS" / "CUS001.yaml"
    rule.write_text("a: 1\n", encoding="utf-8")
    os.utime(rule, ns=(10**18, 10**18))
    before = folders_digest([root], installed=root)
    assert before != folders_digest([root])  # the bytes are not read
    (root / ".hidden").write_text("x", encoding="utf-8")
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "x.pyc").write_bytes(b"x")
    assert folders_digest([root], installed=root) == before
    os.utime(rule, ns=(10**18, 10**18 + 1))
    touched = folders_digest([root], installed=root)
    assert touched != before
    rule.write_text("a: 11\n", encoding="utf-8")
    os.utime(rule, ns=(10**18, 10**18 + 1))
    assert len({before, touched, folders_digest([root], installed=root)}) == 3
    (root / "CUS" / "CUS002.yaml").write_text("a: 2\n", encoding="utf-8")
    assert folders_digest([root], installed=root) not in {before, touched}


def test_the_rules_key_follows_every_file_and_the_code(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "rules" / "CUS"
    folder.mkdir(parents=True)
    (folder / "CUS001.yaml").write_text("a: 1\n", encoding="utf-8")
    before = folders_digest([tmp_path / "rules"])
    (folder / "CUS001.yaml").write_text("a: 2\n", encoding="utf-8")
    assert folders_digest([tmp_path / "rules"]) != before
    (folder / "CUS002.yaml").write_text("a: 2\n", encoding="utf-8")
    assert len({before, folders_digest([tmp_path / "rules"])}) == 2
    key = Bundle.lazy().key
    monkeypatch.setattr("opslint.cache.code_fingerprint", lambda: "another opslint")
    assert Bundle.lazy().key != key


def test_the_cache_key_and_the_daemon_list_the_same_code_files(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import opslint.cache
    from opslint.daemon.fingerprint import Fingerprint
    from opslint.resources import DEPENDENCIES, code_files, package_dir

    listed = [path for path, _, _ in code_files()]
    package = package_dir()
    modules = sorted(str(p) for p in package.rglob("*.py")
                     if not any(part.startswith(".") or part == "__pycache__"
                                for part in p.relative_to(package).parts))
    assert sorted(listed[:-len(DEPENDENCIES)]) == modules
    assert len(listed) == len(modules) + len(DEPENDENCIES)
    assert set(listed) <= set(Fingerprint().paths)  # the daemon's: these, folders, rules
    # The key hashes exactly that list: one module's new size or mtime is a new key.
    key = opslint.cache.code_fingerprint()
    path, size, mtime = code_files()[0]
    monkeypatch.setattr("opslint.resources.code_files",
                        lambda: [(path, size, mtime + 1), *code_files()[1:]])
    assert opslint.cache.code_fingerprint.__wrapped__() != key  # type: ignore[attr-defined]


# --- per-file results ---------------------------------------------------------------------


def test_an_unchanged_run_takes_every_finding_from_the_cache(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counting = Counting(monkeypatch)
    first = _check("docs")
    second = _check("docs")
    assert first.exit_code == second.exit_code == 1
    assert second.output == first.output
    assert counting.sets == 1 and counting.loads == 1
    text = _check("docs", "--format", "text")  # the format is not part of the key
    assert counting.sets == 1 and text.exit_code == 1
    assert (project / ".opslint_cache" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    assert (project / ".opslint_cache" / "CACHEDIR.TAG").exists()


def test_the_fixes_of_cached_findings_are_kept(project: Path) -> None:
    first = _check("docs", "--format", "concise")
    second = _check("docs", "--format", "concise")
    assert "fixable" in first.output
    assert second.output == first.output


@pytest.mark.parametrize("change", ["target", "sibling", "config", "option"])
def test_a_change_the_findings_depend_on_is_a_miss(
        project: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    counting = Counting(monkeypatch)
    target = "docs/16_Release_Procedure.md"
    baseline = _check(target)
    extra: list[str] = []
    if change == "target":
        path = project / target
        path.write_text(path.read_text(encoding="utf-8") + "\n追記した一文。\n", encoding="utf-8")
    elif change == "sibling":  # the design documents a release is checked against
        path = project / "docs" / "10_Security_Design.md"
        path.write_text(path.read_text(encoding="utf-8").replace("TLS", "mTLS"),
                        encoding="utf-8")
    elif change == "config":
        (project / ".opslint.toml").write_text('ignore = ["GATE"]\n', encoding="utf-8")
    else:
        extra = ["--lang", "en"]
    again = _check(target, *extra)
    assert counting.sets == 2, change
    fresh = _check(target, *extra, "--no-cache")
    assert again.output == fresh.output
    if change in ("config", "option"):
        assert again.output != baseline.output


def test_no_cache_neither_reads_nor_writes(project: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    counting = Counting(monkeypatch)
    _check("docs", "--no-cache")
    _check("docs", "--no-cache")
    assert counting.sets == 2 and counting.loads == 2
    assert not (project / ".opslint_cache").exists()


def test_cache_dir_from_config_and_environment(project: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (project / ".opslint.toml").write_text('cache-dir = "build/lint-cache"\n', encoding="utf-8")
    _check("docs")
    assert (project / "build" / "lint-cache" / "CACHEDIR.TAG").exists()
    monkeypatch.setenv(CACHE_DIR_ENV, str(project / "elsewhere"))
    _check("docs")
    assert (project / "elsewhere" / "CACHEDIR.TAG").exists()


# --- a cache that is broken, foreign or not writable ---------------------------------------


def _entries(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.pickle") if p.is_file())


def test_corrupt_entries_are_misses(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _check("docs")
    for entry in _entries(project / ".opslint_cache"):
        entry.write_bytes(b"not a pickle")
    counting = Counting(monkeypatch)
    again = _check("docs")
    assert again.output == good.output
    assert counting.sets == 1 and counting.loads == 1


def test_a_planted_entry_cannot_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    cache = Cache(tmp_path / "cache")
    cache.put("results", "ab" * 20, [])
    entry = _entries(tmp_path / "cache")[0]
    entry.write_bytes(pickle.dumps((1, Exploit())))
    assert cache.get("results", "ab" * 20) is None
    entry.write_bytes(pickle.dumps((1, [opslint.bundle._load_parts])))  # a function: refused
    assert cache.get("results", "ab" * 20) is None
    assert not marker.exists()


def test_a_cache_that_cannot_be_written_is_skipped(project: Path) -> None:
    (project / ".opslint_cache").write_text("a file where the folder should be", "utf-8")
    first = _check("docs")
    second = _check("docs")
    assert first.exit_code == second.exit_code == 1
    assert second.output == first.output


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="permissions do not stop root")
def test_a_read_only_cache_folder_is_used_but_not_written(project: Path) -> None:
    _check("docs")
    root = project / ".opslint_cache"
    modes = {p: p.stat().st_mode for p in [root, *root.rglob("*")] if p.is_dir()}
    for folder in modes:
        folder.chmod(0o555)
    try:
        (project / "docs" / "new.md").write_text("# メモ\n", encoding="utf-8")
        assert _check("docs").exit_code == 1
    finally:
        for folder, mode in modes.items():
            folder.chmod(mode)


def test_the_cache_gives_what_no_cache_gives(project: Path, bundle: Bundle) -> None:
    config = Config.model_validate({})
    cache = Cache(project / "c")
    reference = lint_paths([Path("docs")], config, bundle).findings
    for _ in range(2):
        result = check_paths([Path("docs")], config, bundle, cache=cache)
        assert result.findings == reference
        assert [f.fix for f in result.findings] == [f.fix for f in reference]


def test_digest_parts_are_unambiguous() -> None:
    assert digest("ab", "c") != digest("a", "bc")


def test_a_fully_cached_check_imports_no_parser_facts_or_checks(project: Path) -> None:
    # The whole point of the result cache for pre-commit: a re-run on unchanged files pays
    # for start-up and hashing only.
    probe = ("import sys\nfrom opslint.cli import main\n"
             "try:\n    main(['check', 'docs', '--format', 'concise'])\n"
             "except SystemExit:\n    pass\n"
             "heavy = sorted(m for m in sys.modules if m.split('.')[0] == 'markdown_it' or "
             "m.startswith(('opslint.facts', 'opslint.checks', 'opslint.document.parse')))\n"
             "print('HEAVY', heavy)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", probe], cwd=project, env=env, capture_output=True,
                   check=True, timeout=300)
    warm = subprocess.run([sys.executable, "-c", probe], cwd=project, env=env,
                          capture_output=True, text=True, check=True, timeout=300)
    assert warm.stdout.strip().splitlines()[-1] == "HEAVY []", warm.stdout[-2000:]


def test_another_versions_entries_are_removed(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("opslint.cache.__version__", "0.0.1")
    Cache(tmp_path / "cache").put("results", "ab" * 20, [])
    assert (tmp_path / "cache" / "v0.0.1").is_dir()
    monkeypatch.undo()
    Cache(tmp_path / "cache").put("results", "cd" * 20, [])
    assert not (tmp_path / "cache" / "v0.0.1").exists()
    assert Cache(tmp_path / "cache").get("results", "cd" * 20) == []


def test_a_cache_dir_that_opslint_did_not_make_is_never_pruned(tmp_path: Path) -> None:
    mine = tmp_path / "shared"
    (mine / "v2").mkdir(parents=True)
    (mine / "v2" / "keep.txt").write_text("not opslint's", encoding="utf-8")
    Cache(mine).put("results", "ef" * 20, [])
    assert (mine / "v2" / "keep.txt").exists()
