"""The CLI as a user runs it: exit codes, formats, languages, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from opslint.cli import cli

RELEASE_MISSING_ROLLBACK = """# リリース手順書

## 1. リリース概要
v1.0.0

## 2. 事前確認・準備 (T-1 day)
確認

## 3. リリース当日の手順 (T-0)
デプロイ

## 5. リリース後確認
30分

## 6. 連絡網
山田
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def release(tmp_path: Path) -> Path:
    path = tmp_path / "16_Release_Procedure.md"
    path.write_text(RELEASE_MISSING_ROLLBACK, encoding="utf-8")
    return path


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and "opslint" in out


def test_findings_exit_1_with_plain_lines(release: Path) -> None:
    code, out, _ = run("check", "--select", "REL001", str(release))
    assert code == 1
    line = next(text for text in out.splitlines() if "REL001" in text)
    assert line.startswith(f"{release.as_posix()}:12:1: REL001 [error] ")
    assert "切り戻し手順" in line


def test_lang_en(release: Path) -> None:
    _, out, _ = run("check", "--select", "REL001", "--lang", "en", str(release))
    assert 'The release procedure has no "4. Rollback" section.' in out


def test_json_format(release: Path) -> None:
    code, out, _ = run("check", "--select", "REL001", "--format", "json", str(release))
    data = json.loads(out)
    assert code == 1
    assert data["version"] == 1
    assert data["summary"]["findings"] == 1
    finding = data["findings"][0]
    assert finding["rule"] == "REL001" and finding["line"] == 12 and finding["gate"] == 1
    assert finding["doc_kind"] == "release" and finding["lang"] == "ja"


def test_fail_on_and_exit_zero(release: Path) -> None:
    assert run("check", "--select", "REL003", str(release))[0] == 0
    assert run("check", "--exit-zero", str(release))[0] == 0
    assert run("check", "--select", "REL001", "--fail-on", "warning", str(release))[0] == 1


def test_clean_file_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# メモ\n\n本文\n", encoding="utf-8")
    code, out, _ = run("check", str(tmp_path))
    assert code == 0
    assert "No problems found in 1 file(s)." in out


def test_unreadable_file_is_reported_and_run_continues(tmp_path: Path, release: Path) -> None:
    (tmp_path / "broken.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    code, out, err = run("check", "--select", "REL001", str(tmp_path))
    assert code == 1
    assert "broken.md:1:1: META001 [error]" in out
    assert "REL001" in out  # the other file was still checked
    assert "Traceback" not in out + err


def test_bad_config_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / ".opslint.toml").write_text('fail-on = "sometimes"\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("# a\n", encoding="utf-8")
    code, _, err = run("check", str(tmp_path))
    assert code == 2
    assert "fail-on" in err and "sometimes" in err


def test_config_ignore_and_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / "16_Release_Procedure.md").write_text(RELEASE_MISSING_ROLLBACK, "utf-8")
    (tmp_path / ".opslint.toml").write_text('ignore = ["REL001"]\n', encoding="utf-8")
    _, out, _ = run("check", str(tmp_path))
    assert "REL001" not in out
    (tmp_path / ".opslint.toml").write_text(
        '[per-file-ignores]\n"16_*.md" = ["REL"]\n', encoding="utf-8"
    )
    _, out, _ = run("check", str(tmp_path))
    assert " REL0" not in out


def test_unknown_path_is_usage_error() -> None:
    assert run("check", "/definitely/not/here.md")[0] == 2


def test_explain_and_rules() -> None:
    code, out, _ = run("explain", "REL001", "--lang", "en")
    assert code == 0
    for heading in ("What it checks", "Why it matters", "Failing example", "Passing example",
                    "How to fix"):
        assert heading in out
    code, out, _ = run("explain", "release-section-missing", "--lang", "ja")
    assert code == 0 and "検査内容" in out
    assert run("explain", "NOPE999")[0] == 2
    code, out, _ = run("rules", "--format", "json")
    assert code == 0 and any(r["id"] == "REL001" for r in json.loads(out))


def test_suppression_comments(tmp_path: Path) -> None:
    text = RELEASE_MISSING_ROLLBACK.replace(
        "## 5. リリース後確認",
        "<!-- opslint-disable-next-line REL001 -- 別紙で管理 -->\n## 5. リリース後確認",
    )
    path = tmp_path / "16_Release_Procedure.md"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run("check", "--select", "REL001", "--select", "META", str(path))
    assert "REL001" not in out and "META002" not in out
    assert code == 0


def test_show_files_lists_kind_and_context(tmp_path: Path, release: Path) -> None:
    (tmp_path / "03_Architecture.md").write_text("# アーキテクチャ設計書\n", encoding="utf-8")
    code, out, _ = run("check", "--show-files", str(release))
    assert code == 0
    assert f"{release.as_posix()}\trelease\tja" in out
    assert "03_Architecture.md\tarchitecture\tja  (context)" in out


def test_python_m_opslint() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "opslint", "--version"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "opslint" in result.stdout


def test_summary_line_counts_fixable_findings(release: Path) -> None:
    _, out, _ = run("check", "--select", "REL001", str(release))
    assert out.splitlines()[-1].endswith("1 fixable with `opslint fix`.")
    _, out, _ = run("check", "--select", "REL003", "--fail-on", "info", str(release))
    assert "fixable" not in out


def test_each_command_is_added_by_the_module_the_group_imports_for_it() -> None:
    """The group imports a command's module only when the command is asked for
    (``app.COMMAND_MODULES``): the table names every command of every module in
    opslint/cli, each with the module that adds it, and a `check` imports no other."""
    import importlib
    import pkgutil
    import subprocess
    import sys

    import opslint.cli as package
    from opslint.cli.app import COMMAND_MODULES

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"opslint.cli.{module.name}")
    assert set(cli.commands) == set(COMMAND_MODULES)
    for name, command in cli.commands.items():
        assert command.callback is not None
        assert command.callback.__module__ == f"opslint.cli.{COMMAND_MODULES[name]}", name
    script = ("import sys; from opslint.cli import cli; cli.get_command(None, 'check'); "
              "print(sorted(m for m in sys.modules if m.startswith('opslint.cli.')))")
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True).stdout
    assert "lint_commands" in loaded
    uses = {"lint_commands", "adoption_commands"}  # check --baseline: its helpers
    assert not any(m in loaded for m in set(COMMAND_MODULES.values()) - uses)
