"""A huge table gives a bounded number of findings (issue 10: a 50,000-row table gave 149,119
findings): beyond COLLAPSE_AFTER findings of one rule in one table, they collapse into the
first with a count and the next locations, and every output format shows it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from opslint.cli import cli
from opslint.engine.findings import COLLAPSE_AFTER, SHOWN, Finding, Severity, collapse_in_spans
from opslint.engine.fixes import Fix

EXAMPLE = Path(__file__).parents[2] / "examples" / "en" / "clean" / "17_Operation_Design.md"
HEADER = "| Monitor ID | Target | Item | Threshold | Level | Action | SLI |"


def _finding(line: int, *, fix: Fix | None = None) -> Finding:
    return Finding("X001", "x", Severity.WARNING, "d.md", line, 1, line, f"row {line}", "?",
                   0, "P3", "operation", "en", fix=fix)


def test_findings_of_one_rule_in_one_table_collapse_past_the_limit() -> None:
    rows = [_finding(line) for line in range(10, 10 + COLLAPSE_AFTER + 50)]
    outside = [_finding(5), _finding(1000)]
    out = collapse_in_spans([outside[0], *rows, outside[1]], [(9, 500)])
    assert [f.line for f in out] == [5, 10, 1000]
    collapsed = out[1]
    assert collapsed.count == len(rows)
    assert [r.line for r in collapsed.related] == list(range(11, 11 + SHOWN))
    assert f"{len(rows)} findings of this rule in this table" in collapsed.message
    assert collapsed.message.startswith("row 10")


def test_few_findings_or_findings_with_fixes_stay_as_they_are() -> None:
    few = [_finding(line) for line in range(10, 10 + COLLAPSE_AFTER)]
    assert collapse_in_spans(few, [(9, 500)]) == few
    fix = Fix.insert(0, "x")
    fixed = [_finding(line, fix=fix) for line in range(10, 10 + COLLAPSE_AFTER + 5)]
    assert collapse_in_spans(fixed, [(9, 500)]) == fixed
    two_tables = [_finding(line) for line in range(10, 10 + COLLAPSE_AFTER + 5)]
    # Split between two tables, neither over the limit: nothing collapses.
    assert collapse_in_spans(two_tables, [(9, 60), (61, 500)]) == two_tables


def _big_table(tmp_path: Path, rows: int) -> Path:
    """The clean English operation design with a long monitor table of open thresholds."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert HEADER in text
    extra = "".join(f"| Q-{n:05d} | queue worker {n} | backlog | TBD | Warning | page the queue "
                    f"owner | none |\n" for n in range(rows))
    table = f"\n### Queue monitors\n\n{HEADER}\n| -- | -- | -- | -- | -- | -- | -- |\n{extra}\n"
    marker = "\n## 3."
    assert marker in text
    folder = tmp_path / "docs"
    folder.mkdir()
    path = folder / "17_Operation_Design.md"
    path.write_text(text.replace(marker, table + marker, 1), encoding="utf-8")
    return path


def _check(path: Path, fmt: str) -> str:
    result = CliRunner().invoke(cli, ["check", str(path), "--format", fmt, "--no-cache"])
    assert result.exit_code in (0, 1), result.output
    return result.output


def test_a_long_table_gives_one_finding_per_rule_in_every_format(tmp_path: Path) -> None:
    rows = 600
    path = _big_table(tmp_path, rows)
    report = json.loads(_check(path, "json"))
    findings = report["findings"]
    counted = [f for f in findings if "count" in f]
    assert counted, "no rule fired on every row of the table"
    assert len(findings) < 100  # hundreds of rows, a handful of findings
    for finding in counted:
        assert finding["count"] > COLLAPSE_AFTER
        assert 1 <= len(finding["related"]) <= SHOWN
        assert f"{finding['count']} findings of this rule in this table" in finding["message"]
    first = counted[0]
    sarif = json.loads(_check(path, "sarif"))
    results = sarif["runs"][0]["results"]
    assert any(r.get("occurrenceCount") == first["count"] and r.get("relatedLocations")
               for r in results)
    words = f"{first['count']} findings of this rule"
    for fmt in ("concise", "text", "github", "junit"):
        assert words in _check(path, fmt), fmt
