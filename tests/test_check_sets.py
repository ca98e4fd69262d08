"""``check`` lints a run one document set at a time (``docsets.check_paths``), in worker
processes with ``--jobs``: the findings must be exactly those of one model over the whole
run (``lint.lint_paths``), including where a document of one folder is seen from another
(a design doc alone of its kind, context-only siblings, ``docs-root``)."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from opslint.cli import cli
from opslint.config import Config
from opslint.docsets import check_paths
from opslint.engine.findings import Finding
from opslint.engine.run import CheckCrash
from opslint.lint import Bundle, lint_paths

ROOT = Path(__file__).resolve().parent.parent
JA = ROOT / "examples" / "ja" / "defects"
EN = ROOT / "examples" / "en" / "clean"

# (folder/name in the layout, source file)
SPLIT = [
    ("p/16_Release_Procedure.md", JA / "16_Release_Procedure.md"),
    ("p/17_Operation_Design.md", JA / "17_Operation_Design.md"),
    ("q/10_Security_Design.md", JA / "10_Security_Design.md"),  # the run's only one
    ("q/03_Architecture.md", JA / "03_Architecture.md"),
    ("r/03_Architecture.md", EN / "03_Architecture.md"),  # two of a kind: neither shared
    ("r/16_Release_Procedure.md", EN / "16_Release_Procedure.md"),
    ("s/04_Basic_Design.md", JA / "04_Basic_Design.md"),  # the run's only one
]


def _layout(root: Path, files: list[tuple[str, Path]]) -> None:
    for name, source in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / name)


def _both(paths: list[Path], config: Config, bundle: Bundle, jobs: int = 1
          ) -> tuple[list[Finding], list[Finding]]:
    whole = lint_paths(paths, config, bundle)
    sets = check_paths(paths, config, bundle, jobs=jobs)
    assert [d.path for d in sets.targets] == [d.path for d in whole.targets]
    assert [(d.path, d.kind, d.lang) for d in sets.docset] == [
        (d.path, d.kind, d.lang) for d in whole.docset]
    return whole.findings, sets.findings


@pytest.fixture
def split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _layout(tmp_path, SPLIT)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_folder_sees_the_documents_of_other_folders_it_would_see_in_one_model(
        split: Path, bundle: Bundle) -> None:
    config = Config.model_validate({})
    whole, sets = _both([Path(".")], config, bundle)
    assert sets == whole
    # The layout is a real test: the release of p reads q's security design (the only one)
    # and s's basic design, so p linted alone gives other findings.
    alone = lint_paths([Path("p")], config, bundle).findings
    mine = [f for f in whole if f.path.startswith("p/")]
    assert mine != alone


def test_explicit_files_see_context_only_siblings_of_other_folders(
        split: Path, bundle: Bundle) -> None:
    # pre-commit names changed files: their siblings are read as context, and a context
    # document of one folder stands in for a kind another folder lacks.
    paths = [Path("p/16_Release_Procedure.md"), Path("r/16_Release_Procedure.md")]
    whole, sets = _both(paths, Config.model_validate({}), bundle)
    assert sets == whole
    assert whole


def test_docs_root_documents_are_seen_by_every_set(split: Path, bundle: Bundle) -> None:
    config = Config.model_validate({"docs-root": "q"})
    whole, sets = _both([Path("p"), Path("r"), Path("s")], config, bundle)
    assert sets == whole


@pytest.mark.parametrize("paths", [["."], ["p/16_Release_Procedure.md",
                                           "r/16_Release_Procedure.md"]])
def test_jobs_give_the_same_findings(split: Path, bundle: Bundle, paths: list[str]) -> None:
    config = Config.model_validate({})
    targets = [Path(p) for p in paths]
    one = check_paths(targets, config, bundle, jobs=1)
    two = check_paths(targets, config, bundle, jobs=3)
    assert two.findings == one.findings
    assert [f.fix for f in two.findings] == [f.fix for f in one.findings]
    assert two.docset == one.docset


@pytest.mark.parametrize("fmt", ["concise", "json", "sarif"])
def test_cli_output_is_byte_identical_with_jobs(fmt: str) -> None:
    runner = CliRunner()
    args = ["check", str(ROOT / "examples"), str(ROOT / "tests" / "fixtures" / "sets"),
            "--format", fmt, "--no-cache"]
    one = runner.invoke(cli, [*args, "--jobs", "1"])
    two = runner.invoke(cli, [*args, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 1, one.output
    assert two.output == one.output


def test_a_check_crash_in_a_worker_names_rule_and_file(
        split: Path, bundle: Bundle, broken_release_check: str) -> None:
    config = Config.model_validate({})
    messages = []
    for jobs in (1, 2):
        with pytest.raises(CheckCrash) as raised:
            check_paths([Path(".")], config, bundle, jobs=jobs)
        assert raised.value.rule_id == broken_release_check
        messages.append(str(raised.value))
    assert messages[0] == messages[1]
    assert "ValueError: boom" in messages[0]


def test_report_lines_are_the_parsed_documents_lines(split: Path, bundle: Bundle) -> None:
    config = Config.model_validate({})
    whole = lint_paths([Path(".")], config, bundle)
    sets = check_paths([Path(".")], config, bundle)
    assert [d.lines for d in sets.targets] == [d.lines for d in whole.targets]


# --- the contract that makes sets exact ---------------------------------------------------

# Where a check may ask the document set for documents other than the one it checks:
# CheckContext.siblings (same folder, else context-only, else the only one of a kind) and
# these same-folder lookups. A new way of reaching other documents must keep
# docsets.check_paths exact: extend docsets._document_sets first, then this list.
ALLOWED_OF_KIND = {"opslint/checks/shared/numeric.py",  # same folder, else siblings()
                   "opslint/checks/ops/obligations.py"}  # same-folder peers only
ALLOWED_DOCSET_CALLS = {"of_kind", "linted"}


def _docset_uses(path: Path) -> list[tuple[int, str]]:
    """(line, attribute) of every ``<x>.docs.<attr>`` and bare ``<x>.docs`` use."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    uses = []
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "docs":
            parent = parents.get(node)
            attr = parent.attr if isinstance(parent, ast.Attribute) else "<whole set>"
            uses.append((node.lineno, attr))
    return uses


def test_checks_reach_other_documents_only_through_known_lookups() -> None:
    problems = []
    for folder in ("checks", "facts"):
        for path in sorted((ROOT / "opslint" / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative == "opslint/facts/semantic.py":  # the model itself
                continue
            for line, attr in _docset_uses(path):
                allowed = attr in ALLOWED_DOCSET_CALLS and (
                    attr != "of_kind" or relative in ALLOWED_OF_KIND)
                if not allowed:
                    problems.append(f"{relative}:{line}: .docs.{attr}")
    assert not problems, (
        "checks must reach other documents through CheckContext.siblings (see docsets.py, "
        "'What a linted file can see'): " + "; ".join(problems))


@pytest.mark.parametrize(("config", "args", "expected"), [
    ("", [], None), ("jobs = 2\n", [], 2), ("jobs = 2\n", ["--jobs", "1"], None),
    ("", ["-j", "3"], 3)])
def test_jobs_from_the_config_or_the_command_line(
        split: Path, monkeypatch: pytest.MonkeyPatch, config: str, args: list[str],
        expected: int | None) -> None:
    import opslint.workers

    used: list[int] = []
    real = opslint.workers.lint_in_workers

    def spy(run: object, work: list[object], jobs: int) -> object:
        used.append(jobs)
        return real(run, work, jobs)  # type: ignore[arg-type]

    monkeypatch.setattr(opslint.workers, "lint_in_workers", spy)
    (split / ".opslint.toml").write_text(config, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", ".", "--no-cache", "--format", "concise", *args])
    assert result.exit_code == 1, result.output
    assert used == ([] if expected is None else [min(expected, 4)])


def test_spawned_workers_give_the_same_findings(
        split: Path, bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    # macOS and Windows start workers fresh: the run travels to them pickled.
    import opslint.workers

    config = Config.model_validate({})
    one = check_paths([Path(".")], config, bundle, jobs=1)
    monkeypatch.setattr(opslint.workers, "_start_method", lambda: "spawn")
    two = check_paths([Path(".")], config, Bundle.load(), jobs=2)
    assert two.findings == one.findings
