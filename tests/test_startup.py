"""Start-up cost, guarded by structure rather than by time (timings live in bench/).

Every pre-commit run pays for what ``opslint check`` imports. rich (``from rich.console
import Console`` costs about 4.5x a bare ``python -c pass``, see docs/performance.md)
belongs only to the pretty terminal reporter and ``explain``; mistune is not our parser
at all. These tests fail when an import path starts pulling either in, and name the
chain of modules that did it.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

# pathspec serves only config patterns (exclude, per-file-ignores, kind globs); a check
# without a config must not pay its 31 modules.
# pygls and lsprotocol serve `opslint server` alone (the lsp extra).
FORBIDDEN = {"rich", "mistune", "pathspec", "pygls", "lsprotocol"}

SMALL_RELEASE = """# リリース手順書

## 1. リリース概要
v1.0.0 をリリースする。

## 2. 事前確認・準備 (T-1 day)
- [x] バックアップ確認

## 3. リリース当日の手順 (T-0)
| 時刻 | 作業項目 | 担当 | 確認項目 |
| -- | -- | -- | -- |
| 01:00 | デプロイ | 山田 | `/healthz` が 200 |

## 4. 切り戻し手順 (Rollback)
前バージョンを再デプロイする。

## 5. リリース後確認
ダッシュボードで 5xx 率を 30分確認する。

## 6. 連絡網
リリース責任者: 山田
"""

_IMPORT_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|( *)(\S+)\s*$")


ROOT = Path(__file__).resolve().parent.parent


def _python(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    # The checkout first on the path, so this also works without an (editable) install.
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=cwd, timeout=120,
        env={**os.environ, "PYTHONPATH": path},
    )


def _import_chains(importtime_stderr: str) -> dict[str, list[str]]:
    """Forbidden top-level package → the chain of modules that imported it (innermost first).

    ``-X importtime`` prints a module after everything it imported, indented two spaces
    per level, so a module's importer is the next line with less indentation.
    """
    entries = [
        (len(m.group(1)), m.group(2))
        for m in map(_IMPORT_LINE.match, importtime_stderr.splitlines())
        if m
    ]
    chains: dict[str, list[str]] = {}
    for index, (depth, name) in enumerate(entries):
        package = name.split(".")[0]
        if package not in FORBIDDEN or package in chains:
            continue
        chain, level = [name], depth
        for later_depth, later_name in entries[index + 1 :]:
            if later_depth < level:
                chain.append(later_name)
                level = later_depth
        chains[package] = chain
    return chains


def test_importing_the_cli_loads_neither_rich_nor_mistune() -> None:
    code = (
        "import opslint.cli, sys; "
        "print(sorted(m for m in sys.modules"
        " if m.split('.')[0] in {'rich','mistune','pygls','lsprotocol'}))"
    )
    result = _python("-c", code)
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.strip()
    if loaded != "[]":
        chains = _import_chains(_python("-X", "importtime", "-c", "import opslint.cli").stderr)
        detail = "; ".join(f"{pkg} via {' <- '.join(chain)}" for pkg, chain in chains.items())
        raise AssertionError(f"`import opslint.cli` loaded {detail or loaded}")


def test_concise_check_of_one_file_does_not_import_rich(tmp_path: Path) -> None:
    doc = tmp_path / "16_Release_Procedure.md"
    doc.write_text(SMALL_RELEASE, encoding="utf-8")
    result = _python(
        "-X", "importtime", "-m", "opslint", "check", doc.name, "--format", "concise",
        cwd=tmp_path,
    )
    assert result.returncode in (0, 1), result.stderr[-3000:]
    assert doc.name in result.stdout or "No problems" in result.stdout, result.stdout
    assert "import time:" in result.stderr, "-X importtime produced no report"
    chains = _import_chains(result.stderr)
    assert not chains, "a concise check imported " + "; ".join(
        f"{pkg} via {' <- '.join(chain)}" for pkg, chain in chains.items()
    )


def _check_modules_after(code: str) -> list[str]:
    """The check modules (not packages, tables, parameter or vocabulary models) some code
    imported."""
    probe = (
        f"{code}\nimport sys\n"
        "print(sorted(m for m in sys.modules if m.startswith('opslint.checks.')"
        " and not m.endswith(('.kinds', '.params', '.vocab_models')) and m.count('.') > 2))"
    )
    result = _python("-c", probe)
    assert result.returncode == 0, result.stderr[-3000:]
    return list(ast.literal_eval(result.stdout.strip().splitlines()[-1]))


def test_loading_the_rules_imports_no_check_code() -> None:
    # Every rule's parameters are validated at load with the parameter models alone.
    assert _check_modules_after("from opslint.lint import Bundle; Bundle.load()") == []


def test_a_release_check_imports_only_the_checks_its_rules_use(tmp_path: Path) -> None:
    doc = tmp_path / "16_Release_Procedure.md"
    doc.write_text(SMALL_RELEASE, encoding="utf-8")
    loaded = _check_modules_after(
        "from opslint.cli import main\n"
        f"try:\n    main(['check', '--format', 'concise', {str(doc)!r}])\n"
        "except SystemExit:\n    pass"
    )
    assert "opslint.checks.rel.timeline" in loaded
    operation_only = [m for m in loaded if m.split(".")[2] in ("mon", "slo", "bdr")]
    assert not operation_only, f"a release check imported {operation_only}"


def test_import_chains_names_the_importer() -> None:
    stderr = "\n".join(
        [
            "import time: self [us] | cumulative | imported package",
            "import time:       100 |        100 |       rich.style",
            "import time:       200 |        300 |     rich.console",
            "import time:        50 |        350 |   opslint.reporters.text",
            "import time:        10 |        360 | opslint.cli",
            "import time:         5 |          5 | markdown_it",
        ]
    )
    assert _import_chains(stderr) == {
        "rich": ["rich.style", "rich.console", "opslint.reporters.text", "opslint.cli"]
    }


def _modules_after_check(doc: Path, cache: Path, runs: int) -> set[str]:
    """Top-level packages imported by the last of ``runs`` checks of one file (a cache folder
    shared between them)."""
    code = (
        "import sys\nfrom opslint.cli import main\n"
        f"try:\n    main(['check', '--format', 'concise', {str(doc)!r}])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}))"
    )
    out: list[str] = []
    for _ in range(runs):
        result = _python("-c", code, cwd=doc.parent)
        assert result.returncode == 0, result.stderr[-3000:]
        out = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    return set(out)


def test_a_check_whose_findings_are_cached_imports_nothing_heavy(tmp_path: Path) -> None:
    # A re-run on an unchanged file: the findings come from .opslint_cache/, so neither the
    # rules (PyYAML, the vocabularies, pydantic models) nor the parser are needed; nor is
    # pydantic for the config, which is a plain dataclass unless a config file is validated.
    doc = tmp_path / "16_Release_Procedure.md"
    doc.write_text(SMALL_RELEASE, encoding="utf-8")
    (tmp_path / ".git").mkdir()  # the config search stops here
    loaded = _modules_after_check(doc, tmp_path, runs=2)
    heavy = {"pydantic", "pydantic_core", "yaml", "markdown_it", "tomllib", "rich", "mistune",
             "pathspec"}
    assert not loaded & heavy, sorted(loaded & heavy)
    assert (tmp_path / ".opslint_cache").is_dir()


def test_importing_the_config_does_not_import_pydantic() -> None:
    code = ("import sys\nfrom opslint.config import Config, load_config\n"
            "config = load_config(None)\nassert config == Config()\n"
            "print('pydantic' in sys.modules)")
    result = _python("-c", code)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "False"


# The vocabulary models validated when the vocabularies load and unpickled with the cached
# rules (opslint/checks/vocabs.py, Localized, outlines), and the readers that read them:
# frozen dataclasses (engine/paramspec.py ``VocabBase``), pydantic imported only to validate.
_VOCAB_MODEL_MODULES = ("opslint/facts/table_roles.py", "opslint/facts/polarity_cues.py",
                        "opslint/facts/parts.py", "opslint/checks/shared/severity.py",
                        "opslint/checks/rel/vocab.py", "opslint/checks/shared/common.py",
                        "opslint/engine/paramspec.py", "opslint/engine/localized.py",
                        "opslint/engine/outlines.py", "opslint/engine/registry.py",
                        "opslint/engine/vocab.py", "opslint/checks/vocabs.py",
                        *(p.relative_to(ROOT).as_posix()
                          for p in sorted((ROOT / "opslint").rglob("vocab_models.py"))),
                        "opslint/checks/ops/effort.py", "opslint/checks/ops/routine_read.py",
                        "opslint/checks/ops/obligations.py", "opslint/checks/bdr/backup.py",
                        "opslint/checks/gate/ticked.py", "opslint/checks/sec/secrets.py")


def _module_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:  # module level only: an import inside a function is lazy
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_the_vocabulary_models_import_pydantic_only_to_validate() -> None:
    eager = [m for m in _VOCAB_MODEL_MODULES if "pydantic" in _module_level_imports(ROOT / m)]
    assert not eager, f"pydantic imported at module level by {eager}"


def test_a_vocabulary_model_is_a_frozen_dataclass_validated_in_the_model_words() -> None:
    import dataclasses

    from pydantic import ValidationError

    from opslint.facts.parts import Part

    part = Part.model_validate({"label": {"ja": "手順", "en": "steps"}, "terms": ["a"]})
    assert dataclasses.is_dataclass(part) and part.terms == ["a"]
    assert part.model_copy(update={"terms": ["b"]}).terms == ["b"]
    try:
        Part.model_validate({"label": {"ja": "手順", "en": "steps"}, "stray": 1})
    except ValidationError as error:
        assert "Extra inputs are not permitted" in str(error)
        assert "1 validation error for Part" in str(error)
    else:
        raise AssertionError("an unknown key was accepted")


def _modules_after_changed_check(tmp_path: Path) -> set[str]:
    doc = tmp_path / "16_Release_Procedure.md"
    doc.write_text(SMALL_RELEASE, encoding="utf-8")
    (tmp_path / ".git").mkdir()  # the config search stops here
    _modules_after_check(doc, tmp_path, runs=1)  # fills the rules cache
    versions = [p for p in (tmp_path / ".opslint_cache").iterdir() if p.is_dir()]
    assert any((v / "rules").is_dir() for v in versions), "the rules were not cached"
    for version in versions:  # an edited file: its results are not cached
        for section in ("results", "docs"):
            target = version / section
            if target.is_dir():
                for entry in sorted(target.rglob("*"), reverse=True):
                    entry.rmdir() if entry.is_dir() else entry.unlink()
    return _modules_after_check(doc, tmp_path, runs=1)


def test_a_changed_file_check_with_cached_rules_imports_no_pydantic(tmp_path: Path) -> None:
    loaded = _modules_after_changed_check(tmp_path)
    assert "markdown_it" in loaded  # the file was parsed: its results were not cached
    assert not loaded & {"pydantic", "pydantic_core"}, "pydantic imported"
