"""The reading layer's one unit type, one label reader and the context-answer mechanism."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.document.model import DocKind
from opslint.facts.labels import read_label
from opslint.facts.units import front_matter_units, section_units
from opslint.lint import Bundle, document_from_text
from tests.conftest import lint_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**Owner:** 佐藤", ("Owner", "佐藤")),
        ("**Owner**: 佐藤", ("Owner", "佐藤")),
        ("・担当：田中", ("担当", "田中")),
        ("保存期間：90日", ("保存期間", "90日")),
        ("- Window: Sat 01:00-03:00", ("Window", "Sat 01:00-03:00")),
        ("1. 手順書: runbook/rollback.md", ("手順書", "runbook/rollback.md")),
        ("Approver\n: Head of platform", ("Approver", "Head of platform")),
        ("09:30 開始", None),
        ("See https://status.example.org", None),
        ("ただの説明文です。", None),
    ],
)
def test_one_label_reader(text: str, expected: tuple[str, str] | None) -> None:
    found = read_label(text)
    assert (None if found is None else (found.label, found.value)) == expected


def test_front_matter_keys_are_labels(bundle: Bundle) -> None:
    text = "---\nowner: platform team\nversion: 3\ntags: [a]\ndraft: true\n---\n# Doc\n"
    doc = document_from_text(text, Path("16_Release_Procedure.md"), bundle, None,
                             DocKind.RELEASE)
    found = [(u.line, u.label()) for u in front_matter_units(doc)]
    assert [(line, x.label, x.value) for line, x in found if x is not None] == [
        (2, "owner", "platform team"), (3, "version", "3")]


def test_a_definition_list_paragraph_is_a_label(bundle: Bundle) -> None:
    doc = document_from_text("# Doc\n\nApprover\n: Head of platform\n", Path("a.md"), bundle,
                             None, DocKind.RELEASE)
    unit = next(u for u in section_units(doc) if u.kind == "paragraph")
    found = unit.label()
    assert found is not None and (found.label, found.value) == ("Approver", "Head of platform")


DOC = """# 運用設計書

## 1. 体制

**責任者:** 山本
担当: 当番表に従う

- 連絡先：#ops-room

| 役割 | 氏名 |
|---|---|
| 一次当番 | 小林 |

```sh
# 毎朝のヘルスチェック
./check.sh
```
"""


def test_one_unit_type_cut_two_ways(bundle: Bundle) -> None:
    doc = document_from_text(DOC, Path("17_Operation_Design.md"), bundle, None,
                             DocKind.OPERATION)
    whole = list(section_units(doc, code="comments"))
    assert [u.kind for u in whole] == ["title", "title", "paragraph", "item", "header", "row",
                                       "code"]
    lines = list(section_units(doc, titles=False, headers=False, prose="lines", code="all"))
    assert [u.kind for u in lines] == ["line", "line", "item", "row", "code", "code"]
    assert [u.line for u in lines if u.kind == "code"] == [15, 16]
    row = next(u for u in lines if u.kind == "row")
    assert row.cells == ("一次当番", "小林") and row.header == ("役割", "氏名")
    assert row.section.title == "1. 体制"
    labels = [u.label() for u in lines]
    assert [(x.label, x.value) for x in labels if x is not None] == [
        ("責任者", "山本"), ("担当", "当番表に従う"), ("連絡先", "#ops-room"), ("一次当番", "小林")]


# Context documents answer too: a rule declaring ``answered_by_context`` is silent when a
# design document of the set tells what the rule asks of the operation design.
OPERATION = "# Operation design\n\n## 4. Incident management\n\nDetect, triage, fix, review.\n"


def test_a_design_document_answers_the_incident_history_question(bundle: Bundle) -> None:
    silent = lint_text(bundle, OPERATION, DocKind.OPERATION, select=("INC012",))
    assert [f.rule_id for f in silent] == ["INC012"]
    told = {DocKind.SECURITY: "# Security design\n\n## Threats\n\nThe 2024 credential-stuffing "
                              "incident is recorded in the incident history and drives MFA.\n"}
    answered = lint_text(bundle, OPERATION, DocKind.OPERATION, select=("INC012",), context=told)
    assert answered == []


def test_a_misspelt_context_part_is_a_user_error(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from opslint.cli import cli
    from opslint.resources import rules_dir

    text = (rules_dir() / "INC" / "INC012.yaml").read_text(encoding="utf-8")
    text = text.replace("id: INC012", "id: CUS012").replace(
        "name: past-incidents-unreviewed", "name: custom-history").replace(
        "incident:parts:past_incidents", "incident:parts:past_incidentz")
    (tmp_path / "myrules" / "CUS").mkdir(parents=True)
    (tmp_path / "myrules" / "CUS" / "CUS012.yaml").write_text(text, encoding="utf-8")
    (tmp_path / ".opslint.toml").write_text('rule-paths = ["myrules"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("# a\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "answered_by_context.part" in result.stderr and "past_incidentz" in result.stderr
