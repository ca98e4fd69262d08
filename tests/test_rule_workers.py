"""A large document's rules in worker processes (opslint/workers.py ``run_rules_in_workers``):
when a run's sets are linted in this process, a document of ``AUTO_MIN_BYTES`` or more has
its rules spread over forked workers, with exactly the findings one process gives."""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import opslint.workers
from opslint.cli import cli
from opslint.config import Config
from opslint.docsets import check_paths
from opslint.document.model import DocKind
from opslint.engine.run import CheckCrash
from opslint.lint import Bundle
from opslint.workers import AUTO_MIN_BYTES, rule_processes

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def defects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Japanese defects example (one set of five documents), every document "large"."""
    shutil.copytree(ROOT / "examples" / "ja" / "defects", tmp_path / "d")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(opslint.workers, "AUTO_MIN_BYTES", 1)
    monkeypatch.setattr(opslint.workers, "cpus", lambda: 2)
    return tmp_path / "d"


@pytest.fixture
def split_docs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents whose rules were run in workers."""
    seen: list[str] = []
    real = opslint.workers.run_rules_in_workers

    def spy(rules: Any, doc: Any, *args: Any) -> Any:
        seen.append(doc.path.as_posix())
        return real(rules, doc, *args)

    monkeypatch.setattr(opslint.workers, "run_rules_in_workers", spy)
    return seen


def test_how_many_processes_for_one_documents_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(opslint.workers, "cpus", lambda: 4)
    assert rule_processes("auto", AUTO_MIN_BYTES - 1) == 1  # small: not worth a worker
    assert rule_processes(8, AUTO_MIN_BYTES - 1) == 1  # even when asked for
    assert rule_processes("auto", AUTO_MIN_BYTES) == 4
    assert rule_processes(2, AUTO_MIN_BYTES) == 2
    assert rule_processes(1, 100 * AUTO_MIN_BYTES) == 1
    monkeypatch.setattr("opslint.engine.isolated.can_fork", lambda: False)
    assert rule_processes("auto", AUTO_MIN_BYTES) == 1  # threads running: no fork


def test_rules_in_workers_give_the_findings_of_one_process(
        defects: Path, bundle: Bundle, split_docs: list[str]) -> None:
    config = Config.model_validate({})
    one = check_paths([Path(".")], config, bundle, jobs=1)
    assert split_docs == []
    two = check_paths([Path(".")], config, bundle, jobs=2)
    assert len(split_docs) == 5  # every linted document, each in workers
    assert one.findings and two.findings == one.findings


def test_cli_output_is_byte_identical(defects: Path, split_docs: list[str]) -> None:
    runner = CliRunner()
    args = ["check", ".", "--format", "json", "--no-cache"]
    one = runner.invoke(cli, [*args, "--jobs", "1"])
    auto = runner.invoke(cli, args)
    assert split_docs
    assert one.exit_code == auto.exit_code == 1 and auto.output == one.output


def test_a_document_with_a_directive_runs_its_rules_here(
        defects: Path, bundle: Bundle, split_docs: list[str]) -> None:
    """Whether a directive suppressed anything depends on every rule: its document is not
    split, and its unused directive is reported as one process reports it."""
    release = defects / "16_Release_Procedure.md"
    title, rest = release.read_text("utf-8").split("\n", 1)
    release.write_text(f"{title}\n<!-- opslint-disable-next-line SEC001 -- none here -->\n"
                       f"{rest}", "utf-8")
    config = Config.model_validate({})
    one = check_paths([Path(".")], config, bundle, jobs=1)
    two = check_paths([Path(".")], config, bundle, jobs=2)
    assert "d/16_Release_Procedure.md" not in split_docs and len(split_docs) == 4
    assert any(f.path == "d/16_Release_Procedure.md" and f.name == "unused-suppression"
               for f in one.findings)
    assert two.findings == one.findings


def test_the_first_crash_in_rule_order_is_reported(
        defects: Path, bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two rules of different modules crash on the operation design; a worker may meet the
    later one first, but the run reports the one a single process stops at."""
    only_operation = [r for r in bundle.rules if r.check is not None and all(
        r.spec.applies_to(kind) == (kind is DocKind.OPERATION) for kind in DocKind)]
    first = only_operation[0]
    last = next(r for r in reversed(only_operation)
                if r.check is not None and first.check is not None
                and r.check.module != first.check.module)
    for rule in (first, last):
        assert rule.check is not None
        module = importlib.import_module(rule.check.module)
        real = getattr(module, rule.check.function_name)

        def broken(ctx: Any, params: Any, real: Any = real, rule: Any = rule) -> Any:
            if params is rule.params:  # this rule only, not others of its check kind
                raise ValueError(f"boom in {rule.id}")
            return real(ctx, params)

        monkeypatch.setattr(module, rule.check.function_name, broken)
    config = Config.model_validate({})
    messages = []
    for jobs in (1, 2):
        with pytest.raises(CheckCrash) as raised:
            check_paths([Path(".")], config, bundle, jobs=jobs)
        assert raised.value.rule_id == first.id
        messages.append(str(raised.value))
    assert messages[0] == messages[1]


def test_workers_that_cannot_start_leave_the_work_here(
        defects: Path, bundle: Bundle, split_docs: list[str],
        refuse_workers: Callable[[], None]) -> None:
    config = Config.model_validate({})
    one = check_paths([Path(".")], config, bundle, jobs=1)
    refuse_workers()
    two = check_paths([Path(".")], config, bundle, jobs=2)
    assert len(split_docs) == 5 and two.findings == one.findings
