"""`[rules.X]` (severity and parameters), `config show`, `config schema`, and the note
when two config files configure one folder — all through the command line."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from opslint.config import Config
from opslint.configdoc import DESCRIPTIONS, config_schema
from tests.test_config import RELEASE, check, rule_ids, run, write

ROOT = Path(__file__).resolve().parent.parent

# An operation design whose monitor ids mostly follow one scheme: MON007 reports the odd one
# unless a configured pattern accepts it.
OPERATION = """# 運用設計書

## 2. 監視設計 (Observability)

### 2.2 監視項目一覧
| ID | 監視項目 | 閾値 | レベル | 通知先 | アクション |
| -- | -- | -- | -- | -- | -- |
| WATCH-01 | API 5xx率 | 1% 超過 5分継続 | Critical | PagerDuty | 手順書 RB-1 |
| WATCH-02 | p99 応答時間 | 800ms 超過 10分継続 | Warning | Slack | 手順書 RB-2 |
| WATCH-03 | DB接続数 | 90% 超過 | Warning | Slack | 手順書 RB-3 |
| watch_4 | ディスク使用率 | 85% 超過 | Warning | Slack | 手順書 RB-4 |
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the search for a config stops here
    (tmp_path / "16_Release_Procedure.md").write_text(RELEASE, encoding="utf-8")
    return tmp_path


def severities(out: str) -> dict[str, str]:
    return {line.split(": ")[1].split(" ")[0]: line.split("[")[1].split("]")[0]
            for line in out.splitlines() if ".md:" in line}


# ---- [rules.X] ---------------------------------------------------------------------------

def test_rule_severity_most_specific_wins(project: Path) -> None:
    write(project / ".opslint.toml",
          '[rules.REL]\nseverity = "info"\n[rules.release-section-missing]\n'
          'severity = "warning"\n')
    code, out, _ = check(project)
    found = severities(out)
    assert found["REL001"] == "warning"
    assert all(sev == "info" for rid, sev in found.items() if rid.startswith("REL")
               and rid != "REL001")
    assert code == 0  # nothing left at error (fail-on = error)


def test_rule_parameters_are_validated_against_the_rules_kind(project: Path) -> None:
    write(project / ".opslint.toml", '[rules.MON007]\npatern = "W-\\\\d+"\n')
    code, _, err = check(project)
    assert code == 2
    assert ".opslint.toml: unknown key 'rules.MON007.patern' for MON007; " \
           "did you mean 'pattern'?" in err
    write(project / ".opslint.toml", '[rules.MON007]\npattern = "W-(\\\\d+"\n')
    code, _, err = check(project)
    assert code == 2 and "key 'rules.MON007.pattern'" in err
    assert "regular expression" in err
    write(project / ".opslint.toml", '[rules.REL005]\nfields = ["versoin"]\n')
    code, _, err = check(project)
    assert code == 2 and "key 'rules.REL005.fields" in err and "versoin" in err


def test_parameters_need_one_rule(project: Path) -> None:
    write(project / ".opslint.toml", '[rules.MON]\npattern = "W-\\\\d+"\n')
    code, _, err = check(project)
    assert code == 2 and "key 'rules.MON' names several rules" in err


def test_engine_rules_take_no_parameters(project: Path) -> None:
    write(project / ".opslint.toml", '[rules.META001]\nlimit = 3\n')
    code, _, err = check(project)
    assert code == 2 and "META001" in err and "no parameters" in err


def test_rule_parameters_change_what_the_rule_reports(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "17_Operation_Design.md", OPERATION)
    _, out, _ = check(tmp_path, "--select", "MON007")
    assert "watch_4" in out
    write(tmp_path / ".opslint.toml",
          '[rules.MON007]\npattern = "(WATCH-\\\\d+|watch_\\\\d+)"\n')
    code, out, err = check(tmp_path, "--select", "MON007")
    assert code == 0, out + err
    assert "watch_4" not in out


# ---- two config files in one folder --------------------------------------------------------

def test_both_config_files_in_one_folder_say_which_is_used_once(project: Path) -> None:
    write(project / ".opslint.toml", 'select = ["REL001"]\n')
    write(project / "pyproject.toml", '[tool.opslint]\nselect = ["GATE"]\n')
    (project / "17_Operation_Design.md").write_text("# 運用設計書\n", encoding="utf-8")
    import opslint.config

    opslint.config._NOTED.clear()
    _, out, err = check(project)
    assert rule_ids(out) == {"REL001"}
    notes = [line for line in err.splitlines() if "note:" in line]
    assert len(notes) == 1, err
    assert "using .opslint.toml" in notes[0] and "pyproject.toml [tool.opslint]" in notes[0]


def test_a_pyproject_without_opslint_is_no_config_file(project: Path) -> None:
    write(project / ".opslint.toml", 'select = ["REL001"]\n')
    write(project / "pyproject.toml", '[tool.other]\nx = 1\n')
    import opslint.config

    opslint.config._NOTED.clear()
    _, _, err = check(project)
    assert "note:" not in err


# ---- config show ---------------------------------------------------------------------------

def test_config_show_text_is_toml_with_sources(project: Path) -> None:
    write(project / "base.toml", 'ignore = ["REL003"]\n[rules.REL001]\nseverity = "info"\n')
    write(project / ".opslint.toml", 'extend = "base.toml"\nfail-on = "warning"\n')
    code, out, err = run("config", "show", str(project), "--select", "REL")
    assert code == 0, err
    assert out.startswith("# config file: ")
    lines = out.splitlines()
    assert any(line.startswith('fail-on = "warning"  # ') and line.endswith(
        ".opslint.toml: fail-on") for line in lines)
    assert any(line.startswith('ignore = ["REL003"]  # ') and "base.toml: ignore" in line
               for line in lines)
    assert 'select = ["REL"]  # command line --select' in lines
    assert 'lang = "auto"  # default' in lines
    assert any(line.startswith('REL001 = { severity = "info" }  # ') for line in lines)
    body = "\n".join(line for line in lines if not line.startswith("#"))
    parsed = tomllib.loads(body)  # the output is a valid config itself
    assert parsed["fail-on"] == "warning" and parsed["rules"]["REL001"]["severity"] == "info"


def test_config_show_json(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.opslint]\njobs = 2\n')
    code, out, _ = run("config", "show", str(project), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["config_file"].endswith("pyproject.toml")
    assert data["settings"]["jobs"] == {
        "value": 2, "sources": [{"file": data["config_file"], "key": "tool.opslint.jobs"}]}
    assert data["settings"]["fail-on"] == {"value": "error", "sources": []}
    assert "origins" not in data["settings"] and "base" not in data["settings"]


def test_config_show_without_a_config_file(project: Path) -> None:
    code, out, _ = run("config", "show", str(project), "--format", "json")
    assert code == 0 and json.loads(out)["config_file"] is None


def test_config_show_reports_errors_as_check_does(project: Path) -> None:
    write(project / ".opslint.toml", 'selcet = ["REL"]\n')
    code, _, err = run("config", "show", str(project))
    assert code == 2 and "did you mean 'select'?" in err


# ---- config schema -------------------------------------------------------------------------

def test_config_schema_is_the_committed_one() -> None:
    code, out, _ = run("config", "schema")
    assert code == 0
    committed = json.loads((ROOT / "docs" / "schema" / "config-v1.json").read_text("utf-8"))
    assert json.loads(out) == committed == config_schema(), (
        "docs/schema/config-v1.json is stale; regenerate it with `python tools/gen_schemas.py`")


def test_config_schema_output_option(tmp_path: Path) -> None:
    target = tmp_path / "opslint.schema.json"
    assert run("config", "schema", "--output", str(target))[0] == 0
    assert json.loads(target.read_text("utf-8")) == config_schema()


def test_every_key_has_a_description() -> None:
    properties = config_schema()["properties"]
    keys = {f.alias or n for n, f in Config.model_fields.items()} - {"base", "source",
                                                                      "origins"}
    assert set(properties) == keys
    missing = [k for k, v in properties.items() if not v.get("description")]
    assert not missing, f"describe these keys in opslint/configdoc.py DESCRIPTIONS: {missing}"
    assert not set(DESCRIPTIONS) - keys, "DESCRIPTIONS names keys the config does not have"


@pytest.mark.parametrize("toml", [
    'select = ["REL"]\nmax-file-size = "10MiB"\n[rules.REL001]\nseverity = "warning"\n',
    'extend = "base.toml"\n"$schema" = "./opslint.schema.json"\njobs = 0\n',
    '[documents]\nrelease = ["deploy-*.md"]\n[question-severity]\nP3 = "info"\n',
])
def test_valid_configs_pass_the_schema(toml: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator(config_schema()).validate(tomllib.loads(toml))


@pytest.mark.parametrize("toml", [
    'fail-onn = "error"\n', 'select = "REL"\n', '[rules.REL001]\nseverity = "fatal"\n',
    'max-file-size = "huge"\n',
])
def test_invalid_configs_fail_the_schema(toml: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(config_schema())
    assert list(validator.iter_errors(tomllib.loads(toml)))


def test_the_examples_config_files_are_valid() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(config_schema())
    for path in [*ROOT.glob("examples/**/.opslint.toml"), *ROOT.glob("examples/**/opslint.toml")]:
        validator.validate(tomllib.loads(path.read_text("utf-8")))
