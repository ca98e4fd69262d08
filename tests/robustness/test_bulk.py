"""Large runs (issue 10): work counted, not timed, and memory that does not grow with the
findings of the run.

- ``checks/mon/table.py:_off_shape`` looked every ID up in a list of the well-formed ones:
  quadratic in the monitor rows (33 s of a 5 MB document's profile). Counted here as the
  comparisons of ID strings, which a set lookup does not need.
- ``checks/shared/units.doc_units`` given a Document cut the whole document again on every
  call (12 times per document by the SLO rules): counted as the units built.
- ``check`` with a streaming format keeps, per finding, only what the summary line and the
  exit code read (``reporters/stream.Seen``), not the findings.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from opslint.checks.mon.table import _off_shape
from opslint.checks.shared import units as shared_units
from opslint.cli import cli
from opslint.document.model import DocKind
from opslint.engine.findings import Finding, Severity
from opslint.lint import Bundle, document_from_text
from opslint.reporters.stream import Seen, Streamer

EXAMPLES = Path(__file__).parents[2] / "examples"


class _CountingId(str):
    """A monitor ID that counts how often it is compared for equality."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        _CountingId.compared += 1
        return str.__eq__(self, other)

    def __hash__(self) -> int:
        return str.__hash__(self)


def _comparisons(rows: int) -> int:
    ids = [(_CountingId(f"MON-{n:04d}"), n + 10) for n in range(rows)]
    ids += [(_CountingId(f"mon_{n}"), rows + n + 10) for n in range(rows // 10)]  # off-shape
    _CountingId.compared = 0
    _off_shape(ids, re.compile(r"[A-Za-z]+-\d+"), "MON-0001")
    return _CountingId.compared


def test_off_shape_monitor_ids_are_found_without_comparing_every_pair() -> None:
    # A list lookup per ID compared about rows² / 2 pairs: 1.4 million for 1,600 rows.
    assert _comparisons(400) < 5 * 440
    assert _comparisons(1600) < 5 * 1760


def test_off_shape_still_reports_the_odd_ids() -> None:
    ids = [("MON-0001", 10), ("MON-0002", 11), ("mon_3", 12), ("MON-04", 13)]
    bad = _off_shape(ids, re.compile(r"[A-Za-z]+-\d+"), "MON-0001")
    assert [(v, ln) for v, ln, _ in bad] == [("mon_3", 12), ("MON-04", 13)]


def test_doc_units_of_one_document_are_cut_once(bundle: Bundle, monkeypatch) -> None:
    text = ("# 運用設計\n\n## 監視\n\n- 項目 A\n- 項目 B\n\n"
            "| 監視ID | 項目 |\n|---|---|\n| M-1 | CPU |\n")
    doc = document_from_text(text, Path("17_Operation_Design.md"), bundle, None,
                             DocKind.OPERATION)
    other = document_from_text(text + "\n段落。\n", Path("17_Operation_Design.md"), bundle,
                               None, DocKind.OPERATION)
    cuts = 0
    real = shared_units.read_units

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal cuts
        cuts += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(shared_units, "read_units", counting)
    first = shared_units.doc_units(doc)
    for _ in range(10):
        assert shared_units.doc_units(doc) == first
    assert cuts == 1
    assert len(shared_units.doc_units(other)) == len(first) + 1  # another document: cut anew
    assert cuts == 2
    first.clear()  # a caller's list is its own
    assert shared_units.doc_units(doc)


def _finding(path: str, line: int, severity: Severity, fixable: bool = False) -> Finding:
    return Finding("REL001", "name", severity, path, line, 1, line, "message", "question", 1,
                   "P1", "release", "en", fixable=fixable)


def test_streamer_keeps_what_the_summary_needs_and_prints_in_path_order() -> None:
    out: list[str] = []
    streamer = Streamer("concise", False, out.append)
    streamer.planned(["b.md", "a.md", "c.md"])
    streamer.done("b.md", [_finding("b.md", 3, Severity.ERROR, fixable=True)])
    streamer.done("c.md", [_finding("c.md", 1, Severity.INFO)])
    assert out == []  # a.md first
    streamer.done("a.md", [_finding("a.md", 2, Severity.WARNING)])
    assert [line.split(":")[0] for chunk in out for line in chunk.splitlines()] == [
        "a.md", "b.md", "c.md"]
    assert list(streamer.seen) == [Seen("b.md", Severity.ERROR, True),
                                   Seen("c.md", Severity.INFO, False),
                                   Seen("a.md", Severity.WARNING, False)]
    tail = streamer.finish(streamer.seen, ["a.md", "b.md", "c.md"])
    assert tail == ("Found 3 problem(s) in 3 file(s): 1 error, 1 warning, 1 info. "
                    "1 fixable with `opslint fix`.\n")


def test_what_the_summary_keeps_grows_with_the_files_not_the_findings() -> None:
    streamer = Streamer("concise", False, [].append)
    streamer.planned(["a.md", "b.md"])
    streamer.done("a.md", [_finding("a.md", n, Severity.WARNING) for n in range(1, 5001)])
    streamer.done("b.md", [_finding("b.md", 1, Severity.ERROR, fixable=True),
                           _finding("b.md", 2, Severity.WARNING)])
    assert len(streamer.seen) == 5002
    assert len(streamer.seen._counts) == 3  # a.md's warnings, b.md's error and warning
    assert Seen("b.md", Severity.ERROR, True) in streamer.seen
    assert streamer.finish(streamer.seen, ["a.md", "b.md"]) == (
        "Found 5002 problem(s) in 2 file(s): 1 error, 5001 warnings. "
        "1 fixable with `opslint fix`.\n")


def test_streamer_prints_files_left_behind_one_never_told() -> None:
    out: list[str] = []
    streamer = Streamer("concise", False, out.append)
    streamer.planned(["a.md", "b.md"])
    streamer.done("b.md", [_finding("b.md", 1, Severity.ERROR)])
    rest = streamer.finish(streamer.seen, ["a.md", "b.md"])
    assert "".join(out).startswith("b.md:1:1: ")
    assert rest.startswith("Found 1 problem(s)")


def test_streamed_check_prints_what_the_kept_findings_would() -> None:
    runner = CliRunner()
    target = str(EXAMPLES / "ja" / "defects")
    streamed = runner.invoke(cli, ["check", target, "--format", "concise", "--no-cache"])
    kept = runner.invoke(cli, ["check", target, "--format", "concise", "--no-cache",
                               "--report", "concise:/dev/null"])
    assert streamed.exit_code == kept.exit_code == 1
    assert streamed.output == kept.output
    assert streamed.output.count("\n") > 10
