"""One definition of a line everywhere: the model, fix offsets, excerpts and diffs (issue 10:
source excerpts after U+2028, NEL, form feed or vertical tab showed the wrong line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.cli import Report
from opslint.config import Config
from opslint.document.load import decode, split_lines
from opslint.document.parse import parse_document
from opslint.engine.fixes import line_starts
from opslint.fix import fix_paths
from opslint.lint import Bundle, lint_paths
from opslint.reporters import render
from tests.robustness.test_nesting import RELEASE

# Characters str.splitlines() breaks at but Markdown (and opslint) does not.
NOT_BREAKS = ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1c", "\x1d", "\x1e"]


@pytest.mark.parametrize("char", NOT_BREAKS, ids=[hex(ord(c)) for c in NOT_BREAKS])
def test_model_offsets_and_split_agree(char: str) -> None:
    text = f"# T\r\n\r\nA{char}B\rC\n\n- item{char}\n"
    doc = parse_document(Path("d.md"), decode(text.encode()))
    lines = split_lines(text)
    assert list(doc.lines) == lines == ["# T", "", f"A{char}B", "C", "", f"- item{char}"]
    starts = line_starts(text)
    assert [text[s:].split("\n")[0].split("\r")[0] for s in starts[: len(lines)]] == lines
    assert "".join(split_lines(text, keepends=True)) == text


@pytest.mark.parametrize("char", NOT_BREAKS, ids=[hex(ord(c)) for c in NOT_BREAKS])
def test_the_rich_excerpt_shows_the_finding_line(char: str, bundle: Bundle,
                                                 tmp_path: Path) -> None:
    path = tmp_path / "16_Release_Procedure.md"
    text = RELEASE.read_text(encoding="utf-8")
    text = text.replace("**作業責任者**:", f"**作業責任者**{char}:", 1) + "\n- 担当者: TBD\n"
    path.write_text(text, encoding="utf-8")
    line = len(split_lines(text))
    lint = lint_paths([path], Config(), bundle)
    findings = [f for f in lint.findings if f.line == line]  # the placeholder on the last line
    assert findings
    lines = {d.path.as_posix(): d.lines for d in lint.targets}
    for extra in ({"lines": lines}, {}):  # the model's lines, or the file read again
        shown = render(Report(findings, [path.as_posix()], True, "text", extra))
        assert "│ - 担当者: TBD" in shown


def test_a_fix_diff_keeps_such_characters_inside_their_line(bundle: Bundle,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "16_Release_Procedure.md"
    path.write_text("# リリース手順書\n\n## 1. リリース概要\n\n概要\u2028続き\x0c終わり\n",
                    encoding="utf-8")
    result = fix_paths([path], Config(select=["REL001"]), bundle)
    (file,) = result.changed
    diff = file.diff()
    assert "@@ -3,3 +3," in diff  # hunk numbers count markdown lines
    assert " 概要\u2028続き\x0c終わり\n" in diff


def test_code_comment_units_count_lines_as_the_model_does() -> None:
    # A form feed or U+2028 inside a code block is not a line break: the units of the lines
    # after it keep their line numbers (checks/shared/units.py used str.splitlines()).
    from opslint.checks.shared.units import section_units

    text = "# T\n\n## S\n\n```bash\n# step one\fstill one\n# step two\u2028same\n# three\n```\n"
    doc = parse_document(Path("d.md"), decode(text.encode()))
    units = [u for u in section_units(doc, doc.root, code="comments") if u.kind == "code"]
    assert [(u.line, doc.lines[u.line - 1].lstrip("# ")[:4]) for u in units] == [
        (6, "step"), (7, "step"), (8, "thre")]
