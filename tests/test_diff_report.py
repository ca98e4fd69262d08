"""The `opslint diff` reports: Markdown puts the weakened table first and folds long lists;
JSON validates against docs/schema/diff-v1.json; every heading exists in ja and en."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opslint.diff.model import (
    DiffCommitment,
    DiffFinding,
    DiffPlace,
    DiffReport,
    DiffTotals,
)
from opslint.diff.report_json import render_json
from opslint.diff.report_markdown import render_markdown
from opslint.diff.report_text import render_text

SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "schema" / "diff-v1.json"


def _change(key: str, direction: str, old: str | None, new: str | None) -> DiffCommitment:
    return DiffCommitment(
        kind="slo", kind_label="SLO", key=key, field="target" if old and new else "",
        field_label="target" if old and new else "",
        change="changed" if old and new else "added" if new else "removed",
        old=old, new=new, direction=direction,  # type: ignore[arg-type]
        direction_label=direction, base=DiffPlace(path="a.md", line=3) if old else None,
        head=DiffPlace(path="a.md", line=4) if new else None)


def _finding(line: int) -> DiffFinding:
    return DiffFinding(rule="REL012", severity="error", path="16.md", line=line,
                       chapter=["2. Preparation"], message=f"an image | not pinned {line}")


def _report(lang: str = "en", findings: int = 2) -> DiffReport:
    commitments = [_change("Availability", "weakened", "99.9%", "99.5%"),
                   _change("Checkout", "strengthened", None, "99%"),
                   _change("Search", "weakened", "99%", None)]
    commitments.sort(key=lambda c: c.direction != "weakened")
    introduced = [_finding(n) for n in range(findings)]
    return DiffReport(
        schema_version=1, tool="opslint", lang=lang, base="origin/main",  # type: ignore[arg-type]
        head="(work tree)", files=["16.md"], totals=DiffTotals(
            weakened=2, strengthened=1, neutral=0, findings_introduced=len(introduced),
            findings_resolved=0, questions_added=0, questions_answered=0),
        documents=[], commitments=commitments, findings_introduced=introduced,
        findings_resolved=[], questions_added=[], questions_answered=[])


def test_markdown_puts_the_weakened_table_first() -> None:
    text = render_markdown(_report())
    sections = [line for line in text.splitlines() if line.startswith("### ")]
    assert sections[0] == "### Weakened commitments (2)"
    assert text.index("| SLO Availability") < text.index("### Other commitment changes")
    assert "| SLO Availability (target) | 99.9% → 99.5% | `a.md:4` |" in text
    assert "| SLO Search | removed: 99% | `a.md:3` |" in text
    assert "\\|" in text  # a | in a message does not break the table or the list


def test_markdown_folds_long_lists() -> None:
    short, long = render_markdown(_report(findings=3)), render_markdown(_report(findings=40))
    assert "<details>" not in short
    assert "<details><summary>40 items (click to show)</summary>" in long
    assert long.count("\n") < 70
    longest = render_markdown(_report(findings=200))
    assert "- … and 150 more (all of them: `--format json`)" in longest
    assert longest.count("\n") < 90


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_heading_is_in_the_report_language(lang: str) -> None:
    text = render_text(_report(lang)) + render_markdown(_report(lang))
    if lang == "ja":
        assert "弱化したコミットメント" in text and "新たな指摘" in text
        assert "Weakened" not in text and "Findings" not in text
    else:
        assert "Weakened commitments" in text and "Findings introduced" in text


def test_json_validates_against_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    data = json.loads(render_json(_report()))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["schema_version"] == 1
    assert DiffReport.model_validate(data) == _report()
