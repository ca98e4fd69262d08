"""`opslint init`: a new project's documents, config and hook; a fresh scaffold reports its
open questions (placeholders) and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from opslint.cli import cli
from opslint.lint import Bundle

OUTLINE_DOCS = {"16_Release_Procedure.md", "17_Operation_Design.md"}
DESIGN_DOCS = {"03_Architecture.md", "04_Basic_Design.md", "10_Security_Design.md"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def question_rules() -> set[str]:
    """The placeholder rules: their findings are the open questions of a chapter."""
    return {r.id for r in Bundle.load().rules if r.spec.gate_from_section}


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("with_design", [False, True], ids=["outlines", "with-design"])
def test_fresh_scaffold_reports_only_its_open_questions(
        tmp_path: Path, lang: str, with_design: bool) -> None:
    folder = tmp_path / "docs"
    code, _, err = run("init", str(folder), "--lang", lang,
                       *(["--with-design"] if with_design else []))
    assert code == 0, err
    written = {p.name for p in folder.iterdir()}
    expected = OUTLINE_DOCS | (DESIGN_DOCS if with_design else set())
    assert written == expected | {".opslint.toml", ".pre-commit-config.yaml"}

    code, out, _ = run("check", "--no-cache", "--format", "json", "--fail-on", "info",
                       str(folder))
    findings = json.loads(out)["findings"]
    assert findings and code == 1
    others = [f"{f['rule']} {f['path']}:{f['line']} {f['message']}" for f in findings
              if f["rule"] not in question_rules()]
    assert not others, "\n".join(others)
    assert {Path(f["path"]).name for f in findings} == OUTLINE_DOCS | (
        DESIGN_DOCS & {Path(f["path"]).name for f in findings})
    assert all(f["lang"] == lang for f in findings)

    code, out, _ = run("questions", "--format", "json", str(folder))
    report = json.loads(out)
    asked = {loc["path"] + f":{loc['line']}" for gate in report["gates"]
             for q in gate["questions"] for loc in q["locations"]}
    assert asked == {f"{f['path']}:{f['line']}" for f in findings}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_scaffold_is_what_fix_writes(tmp_path: Path, lang: str) -> None:
    """init and fix share the outlines' skeletons: fix has nothing to add to a scaffold."""
    folder = tmp_path / "docs"
    run("init", str(folder), "--lang", lang)
    code, out, err = run("fix", "--diff", str(folder))
    assert code == 0 and out == "", out + err


def test_refuses_to_overwrite_and_names_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    mine = folder / "16_Release_Procedure.md"
    mine.write_text("# リリース手順書\n\n書きかけ\n", encoding="utf-8")
    code, _, err = run("init", str(folder), "--lang", "ja")
    assert code == 2
    assert "16_Release_Procedure.md" in err and "--force" in err
    assert "17_Operation_Design.md" not in err
    assert [p.name for p in folder.iterdir()] == [mine.name]  # nothing written
    assert mine.read_text(encoding="utf-8") == "# リリース手順書\n\n書きかけ\n"

    code, _, err = run("init", str(folder), "--lang", "ja", "--force")
    assert code == 0, err
    written = mine.read_text(encoding="utf-8")
    assert written.startswith("# リリース手順書\n\n**リリース対象バージョン**")


def test_existing_pre_commit_config_is_printed_not_touched(tmp_path: Path) -> None:
    folder = tmp_path / "repo"
    folder.mkdir()
    hooks = folder / ".pre-commit-config.yaml"
    hooks.write_text("repos: []\n", encoding="utf-8")
    for force in ([], ["--force"]):
        code, out, err = run("init", str(folder), "--lang", "en", *force)
        assert code == 0, err
        assert hooks.read_text(encoding="utf-8") == "repos: []\n"
        assert "- id: opslint" in out and "entry: opslint check --force-exclude" in out


def test_config_and_hook_are_valid(tmp_path: Path) -> None:
    import tomllib

    import yaml

    from opslint.config import load_config

    run("init", str(tmp_path), "--lang", "ja")
    config = load_config(tmp_path / ".opslint.toml")
    assert config.lang == "ja" and config.fail_on == "error"
    assert tomllib.loads((tmp_path / ".opslint.toml").read_text(encoding="utf-8"))
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = hooks["repos"][0]["hooks"][0]
    assert hook["id"] == "opslint" and hook["types"] == ["markdown"]


def test_lang_is_required(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path))
    assert code == 2 and "--lang" in err
