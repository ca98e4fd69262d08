"""Loading the rules from YAML in a forked child (opslint/engine/isolated.py): the run keeps
the validated rules, not pydantic and the validators built for them; a broken rule file is
still an error naming its file and key; without fork, the rules load in process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from opslint.bundle import Bundle
from opslint.engine import isolated
from opslint.engine.isolated import call_isolated
from opslint.engine.vocab import DataError
from opslint.resources import rules_dir

ROOT = Path(__file__).resolve().parent.parent
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

# A first run: no cache, the rules loaded from YAML, then the clean release example linted.
_FIRST_RUN = """
import sys
from pathlib import Path
from opslint.bundle import Bundle
from opslint.config import Config
from opslint.lint import lint_paths
bundle = Bundle.load()
loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core'))
result = lint_paths([Path(sys.argv[1])], Config(), bundle)
ran = sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core'))
print(len(bundle.rules), len(result.findings), loaded, ran)
"""


def _first_run(*flags: str) -> list[str]:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    done = subprocess.run(
        [sys.executable, *flags, "-c", _FIRST_RUN, str(ROOT / "examples" / "ja" / "defects")],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": path})
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1].split(" ", 2)


@needs_fork
def test_a_first_run_loads_and_checks_without_pydantic() -> None:
    rules, findings, modules = _first_run()
    assert int(rules) == len(Bundle.load().rules)
    assert int(findings) > 0
    assert modules == "[] []"  # neither after loading nor after every check has run


def _broken_rules(tmp_path: Path) -> Path:
    good = (rules_dir() / "REL" / "REL002.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "myrules" / "CUS"
    folder.mkdir(parents=True)
    text = good.replace("id: REL002", "id: CUS001").replace(
        "name: release-section-empty", "name: custom-section-empty").replace(
        "gate: 1", "gate: 9")
    (folder / "CUS001.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "myrules"


def _error(folder: Path) -> str:
    with pytest.raises(DataError) as raised:
        Bundle.load([folder])
    return str(raised.value)


@needs_fork
def test_a_broken_rule_file_is_an_error_naming_file_and_key(
        tmp_path: Path, count_calls: object) -> None:
    forks = count_calls(os, "fork")  # type: ignore[operator]
    message = _error(_broken_rules(tmp_path))
    assert forks["fork"] == 1  # loaded in the child, the error raised here
    assert "CUS001.yaml" in message and "key 'gate'" in message and "9" in message


def test_without_fork_the_rules_load_in_process_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forked = Bundle.load()
    broken = _broken_rules(tmp_path)
    forked_error = _error(broken) if hasattr(os, "fork") else None
    monkeypatch.delattr(os, "fork", raising=False)
    assert not isolated.can_fork()
    here = Bundle.load()
    assert [(r.id, r.params, r.spec, r.source) for r in here.rules] == [
        (r.id, r.params, r.spec, r.source) for r in forked.rules]
    assert here.vocab.models == forked.vocab.models
    assert here.outlines == forked.outlines
    assert forked_error in (None, _error(broken))


# --- call_isolated itself -------------------------------------------------------------

_TOUCHED: list[str] = []


def _touch(word: str) -> str:
    _TOUCHED.append(word)
    return word.upper()


def _fail(kind: type[Exception]) -> None:
    raise kind("file.yaml: key 'gate': bad")


@needs_fork
def test_the_work_happens_in_the_child_and_its_value_comes_back() -> None:
    _TOUCHED.clear()
    assert call_isolated(_touch, "rules") == "RULES"
    assert _TOUCHED == []  # what the work left behind stayed in the child


@needs_fork
def test_a_passed_exception_is_raised_here_with_its_message() -> None:
    with pytest.raises(DataError, match=r"file\.yaml: key 'gate': bad"):
        call_isolated(_fail, DataError, passes=(DataError,))


def test_any_other_failure_is_made_again_in_process() -> None:
    # Another exception: the real one, raised by the call made again here.
    with pytest.raises(KeyError):
        call_isolated(_fail, KeyError, passes=(DataError,))
    # A value that does not pickle (a local function): made again here, and returned.
    _TOUCHED.clear()

    def local() -> object:
        _TOUCHED.append("here")
        return local

    assert call_isolated(local) is local
    assert _TOUCHED == ["here"]


def test_no_child_while_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert not isolated.can_fork()
    _TOUCHED.clear()
    assert call_isolated(_touch, "here") == "HERE"
    assert _TOUCHED == ["here"]
