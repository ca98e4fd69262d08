"""Config files through the command line: errors in plain words (exit 2), unknown rule
selectors, `extend` chains, `[rules.X]` severity and parameters, and the note when two
config files sit in one folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from opslint.cli import cli

# A release procedure without its rollback chapter (REL001) and with an empty owner field.
RELEASE = """# リリース手順書

- バージョン: v3.2.0
- 作業責任者:

## 1. リリース概要
受注APIの新版を出す。

## 2. 事前確認・準備 (T-1 day)
- [x] 退避の確認

## 3. リリース当日の手順 (T-0)
ローリングで入れ替える。

## 5. リリース後確認
エラー率を20分見る。

## 6. 連絡網
責任者: 佐藤
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the search for a config stops here
    (tmp_path / "16_Release_Procedure.md").write_text(RELEASE, encoding="utf-8")
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(project: Path, *args: str) -> tuple[int, str, str]:
    return run("check", "--format", "concise", *args, str(project))


def rule_ids(out: str) -> set[str]:
    return {line.split(": ")[1].split(" ")[0] for line in out.splitlines() if ".md:" in line}


# ---- errors in plain words ---------------------------------------------------------------

@pytest.mark.parametrize(("toml", "expected"), [
    ('fail-onn = "warning"\n', ["unknown key 'fail-onn'", "did you mean 'fail-on'?"]),
    ('per_file_ignore = {}\n', ["unknown key 'per_file_ignore'", "'per-file-ignores'"]),
    ('colour = "always"\n', ["unknown key 'colour'", "known keys:", "select"]),
    ('fail-on = "sometimes"\n',
     ["key 'fail-on' must be one of 'error', 'warning' or 'info'", "'sometimes'"]),
    ('select = "REL"\n', ["key 'select' must be a list of rule ids", "(got 'REL')"]),
    ('exclude = ["a/", 3]\n', ["key 'exclude' must be a list", "item 2 is 3"]),
    ('jobs = -2\n', ["key 'jobs': expected a number of worker processes", '"auto"', "(got -2)"]),
    ('jobs = "many"\n', ["key 'jobs': expected a number of worker processes", "'many'"]),
    ('jobs = true\n', ["key 'jobs': expected a number of worker processes", "True"]),
    ('max-file-size = "lots"\n', ["key 'max-file-size'", "512KiB", "'lots'"]),
    ('[question-severity]\nP4 = "info"\n',
     ["key 'question-severity.P4' is not accepted", "'P1', 'P2' or 'P3'"]),
    ('[documents]\nrelease_doc = ["*.md"]\n', ["key 'documents.release_doc'", "'release'"]),
    ('[rules.REL001]\nseverity = "fatal"\n',
     ["key 'rules.REL001.severity' must be one of 'error', 'warning' or 'info'"]),
    ('extend = 3\n', ["key 'extend' must be the path of another config file"]),
    ('select = [\n', ["invalid TOML"]),
])
def test_config_errors_name_file_key_and_what_is_accepted(
        project: Path, toml: str, expected: list[str]) -> None:
    write(project / ".opslint.toml", toml)
    code, out, err = check(project)
    assert code == 2, out + err
    assert err.startswith("opslint: error: ") and ".opslint.toml: " in err
    for text in expected:
        assert text in err, err
    for pydantic_words in ("Extra inputs", "Input should", "validation error", "pydantic",
                           "Traceback"):
        assert pydantic_words not in err


def test_every_problem_is_reported_on_its_own_line(project: Path) -> None:
    write(project / ".opslint.toml", 'fail-onn = "x"\nlang = "fr"\n')
    code, _, err = check(project)
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 2 and all(line.startswith("opslint: error: ") for line in lines)


def test_pyproject_keys_are_named_under_tool_opslint(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.opslint]\nselct = ["REL"]\n')
    code, _, err = check(project)
    assert code == 2
    assert "pyproject.toml: unknown key 'tool.opslint.selct'; did you mean " \
           "'tool.opslint.select'?" in err


# ---- unknown rules -------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "expected"), [
    (("--select", "RELX"), "--select: unknown rule 'RELX'; did you mean 'REL'?"),
    (("--select", "REL001,REL999"), "--select: unknown rule 'REL999'"),
    (("--ignore", "MONN"), "--ignore: unknown rule 'MONN'; did you mean 'MON'?"),
    (("--select", "release-section-mising"),
     "unknown rule 'release-section-mising'; did you mean 'release-section-missing'?"),
    (("--select", "rel"), "unknown rule 'rel'; did you mean 'REL'?"),
])
def test_unknown_rules_on_the_command_line_are_exit_2(
        project: Path, args: tuple[str, ...], expected: str) -> None:
    code, out, err = check(project, *args)
    assert code == 2 and not out
    assert expected in err


@pytest.mark.parametrize(("toml", "expected"), [
    ('select = ["REL", "RELX"]\n', "key 'select': unknown rule 'RELX'"),
    ('ignore = ["SLO9"]\n', "key 'ignore': unknown rule 'SLO9'"),
    ('extend-select = ["MONX"]\n', "key 'extend-select': unknown rule 'MONX'"),
    ('extend-ignore = ["XX"]\n', "key 'extend-ignore': unknown rule 'XX'"),
    ('[per-file-ignores]\n"old/*.md" = ["REL01X"]\n',
     "key 'per-file-ignores.\"old/*.md\"': unknown rule 'REL01X'"),
    ('[rules.REL0001]\nseverity = "info"\n', "key 'rules.REL0001': unknown rule 'REL0001'"),
])
def test_unknown_rules_in_the_config_are_exit_2(project: Path, toml: str, expected: str
                                                ) -> None:
    write(project / ".opslint.toml", toml)
    code, _, err = check(project)
    assert code == 2
    assert ".opslint.toml: " + expected in err, err


def test_unknown_rules_in_the_config_stop_the_reviewer_commands_too(project: Path) -> None:
    write(project / ".opslint.toml", 'ignore = ["GATEE"]\n')
    code, _, err = run("questions", str(project))
    assert code == 2 and "unknown rule 'GATEE'; did you mean 'GATE'?" in err


@pytest.mark.parametrize("selector", ["REL001", "REL", "REL0", "REL00",
                                      "release-section-missing", "ALL"])
def test_valid_selectors(project: Path, selector: str) -> None:
    code, out, _ = check(project, "--select", selector)
    assert code == 1 and "REL001" in rule_ids(out)


def test_a_digit_prefix_selects_only_its_rules(project: Path) -> None:
    _, out, _ = check(project, "--select", "REL00")
    found = rule_ids(out)
    assert found and all(r.startswith("REL00") for r in found)


def test_a_more_specific_select_beats_a_broader_ignore(project: Path) -> None:
    _, out, _ = check(project, "--select", "REL001", "--ignore", "REL")
    assert rule_ids(out) == {"REL001"}
    _, out, _ = check(project, "--select", "REL", "--ignore", "REL001")
    assert "REL001" not in rule_ids(out) and rule_ids(out)


def test_per_file_ignores_take_digit_prefixes(project: Path) -> None:
    write(project / ".opslint.toml", '[per-file-ignores]\n"16_*.md" = ["REL00"]\n')
    _, out, _ = check(project)
    assert not any(r.startswith("REL00") for r in rule_ids(out))


# ---- extend ------------------------------------------------------------------------------

def test_extend_chain_values_win_lists_replace_extend_lists_add(project: Path) -> None:
    write(project / "base.toml",
          'select = ["GATE"]\nextend-select = ["REL001"]\nfail-on = "warning"\n'
          '[question-severity]\nP3 = "warning"\n')
    write(project / "team" / "mid.toml",
          'extend = "../base.toml"\nextend-select = ["REL005"]\n'
          '[question-severity]\nP2 = "info"\n')
    write(project / "team" / "docs" / ".opslint.toml",
          'extend = "../mid.toml"\nfail-on = "error"\n')
    config = project / "team" / "docs" / ".opslint.toml"
    code, out, err = run("config", "show", "--config", str(config), "--format", "json")
    assert code == 0, err
    import json

    settings = json.loads(out)["settings"]
    assert settings["select"]["value"] == ["GATE"]
    assert settings["extend-select"]["value"] == ["REL001", "REL005"]
    assert settings["fail-on"]["value"] == "error"
    assert [s["file"] for s in settings["fail-on"]["sources"]] == [str(config)] or \
        settings["fail-on"]["sources"][0]["file"].endswith("team/docs/.opslint.toml")
    assert settings["question-severity"]["value"] == {"P3": "warning", "P2": "info"}
    items = settings["question-severity"]["items"]
    assert items["P3"]["sources"][0]["file"].endswith("base.toml")
    assert items["P2"]["sources"][0]["file"].endswith("mid.toml")
    code, out, _ = run("check", "--format", "concise", "--config", str(config), str(project))
    assert rule_ids(out) >= {"REL001", "REL005"}
    assert all(r.startswith(("GATE", "REL001", "REL005")) for r in rule_ids(out))


def test_a_select_drops_the_extend_select_of_the_files_it_extends(project: Path) -> None:
    write(project / "base.toml", 'select = ["GATE"]\nextend-select = ["REL005"]\n')
    write(project / ".opslint.toml", 'extend = "base.toml"\nselect = ["REL001"]\n')
    _, out, _ = check(project)
    assert rule_ids(out) == {"REL001"}


def test_command_line_select_replaces_select_and_extend_select(project: Path) -> None:
    write(project / ".opslint.toml", 'select = ["GATE"]\nextend-select = ["REL005"]\n')
    _, out, _ = check(project, "--select", "REL001")
    assert rule_ids(out) == {"REL001"}


def test_extend_paths_stay_relative_to_the_file_that_wrote_them(project: Path) -> None:
    write(project / "shared" / "base.toml", 'docs-root = "design"\nrule-paths = ["myrules"]\n')
    write(project / "docs" / ".opslint.toml", 'extend = "../shared/base.toml"\n')
    code, out, err = run("config", "show", str(project / "docs"), "--format", "json")
    assert code == 0, err
    import json

    settings = json.loads(out)["settings"]
    assert settings["docs-root"]["value"] == "../shared/design"
    assert settings["rule-paths"]["value"] == ["../shared/myrules"]
    # the rules folder is looked for where the base file says, and reported by that path
    (project / "docs" / "16_Release_Procedure.md").write_text(RELEASE, encoding="utf-8")
    code, _, err = check(project / "docs")
    assert code == 2 and "shared/myrules" in err


def test_extend_cycle_is_exit_2_naming_the_files(project: Path) -> None:
    write(project / "a.toml", 'extend = "b.toml"\n')
    write(project / "b.toml", 'extend = "a.toml"\n')
    code, _, err = run("check", "--config", str(project / "a.toml"), str(project))
    assert code == 2
    assert "cycle" in err and "a.toml -> " in err and "b.toml -> " in err


def test_extend_of_a_missing_file_is_exit_2(project: Path) -> None:
    write(project / ".opslint.toml", 'extend = "../nowhere/base.toml"\n')
    code, _, err = check(project)
    assert code == 2
    assert ".opslint.toml: key 'extend': file not found: " in err and "nowhere" in err


def test_errors_in_an_extended_file_name_that_file(project: Path) -> None:
    write(project / "base.toml", 'fail_onn = "info"\n')
    write(project / ".opslint.toml", 'extend = "base.toml"\n')
    code, _, err = check(project)
    assert code == 2 and "base.toml: unknown key 'fail_onn'" in err


def test_extend_a_pyproject(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.opslint]\nselect = ["REL001"]\n')
    write(project / "sub" / ".opslint.toml", 'extend = "../pyproject.toml"\n')
    (project / "sub" / "16_Release_Procedure.md").write_text(RELEASE, encoding="utf-8")
    _, out, _ = check(project / "sub")
    assert rule_ids(out) == {"REL001"}


def test_fix_checks_its_selectors_too(project: Path) -> None:
    code, _, err = run("fix", "--diff", "--select", "REL00X", str(project))
    assert code == 2 and "--select: unknown rule 'REL00X'; did you mean 'REL00" in err
    before = (project / "16_Release_Procedure.md").read_text("utf-8")
    assert before == RELEASE  # nothing was written
