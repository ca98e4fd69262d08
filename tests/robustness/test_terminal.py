"""Control characters from documents never reach the terminal (issue 10: an OSC window
title and a clear-screen sequence passed through the text format)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from opslint.cli import Report, cli
from opslint.config import Config
from opslint.lint import Bundle, lint_paths
from opslint.reporters import render
from opslint.reporters.terminal import printable

EXAMPLES = Path(__file__).parents[2] / "examples" / "ja" / "clean"
INJECTED = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"
# What a terminal would obey: our own colours (SGR, "\x1b[...m") are the only escapes allowed.
_OBEYED = re.compile(r"\x1b(?!\[[0-9;]*m)|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u202e]")


def _safe(output: str) -> bool:
    return not _OBEYED.search(output)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    name = "16_Release_Procedure.md" if sys.platform == "win32" else (
        f"16_Release_Procedure{INJECTED}.md")
    text = (EXAMPLES / "16_Release_Procedure.md").read_text(encoding="utf-8")
    text = text.replace("**作業責任者**: 渡辺 大輔", f"**作業責任者**: 渡辺{INJECTED} 大輔 TBD")
    text += f"\n| 項目 | 値 |\n| -- | -- |\n| メモ{INJECTED} | [要確認{INJECTED}] |\n"
    (tmp_path / name).write_text(text, encoding="utf-8")
    operation = (EXAMPLES / "17_Operation_Design.md").read_text(encoding="utf-8")
    (tmp_path / "17_Operation_Design.md").write_text(
        operation.replace("| 監視ID", f"| 監視ID{INJECTED}", 1), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("args", [
    ["check", "--format", "concise"], ["check", "--format", "text"],
    ["check", "--format", "github"], ["check", "--show-files"], ["summary"], ["trace"],
    ["questions"], ["gates"],
])
def test_plain_outputs_write_control_characters_out(folder: Path, args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "."])
    assert "internal error" not in result.output
    assert _safe(result.output), repr(result.output)
    if args[0] in ("check", "summary", "questions"):
        assert "\\x1b]0;pwned\\x07" in result.output  # shown, escaped, not dropped


def test_rich_outputs_keep_their_colours_and_nothing_else(folder: Path, bundle: Bundle) -> None:
    from opslint.reporters.summary_text import render_text as summary_text
    from opslint.reporters.trace_text import render_text as trace_text
    from opslint.summary import build_summary
    from opslint.trace import build_trace

    result = lint_paths([folder], Config(), bundle)
    lines = {d.path.as_posix(): d.lines for d in result.targets}
    files = [d.path.as_posix() for d in result.targets]
    shown = render(Report(result.findings, files, True, "text", {"lines": lines}))
    assert "\x1b[" in shown and _safe(shown), repr(shown)
    assert "\\x1b]0;pwned" in shown
    assert _safe(summary_text(build_summary(result.model, result.findings, "ja"), True))
    assert _safe(trace_text(build_trace(result.model, "ja"), True))


def test_explain_escapes_rule_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import opslint.explain

    # Rules come from users too (rule-paths), so their text is no more trusted than a doc's.
    monkeypatch.setattr(opslint.explain, "rule_markdown", lambda *_: f"# R {INJECTED}\n")
    bundle = Bundle.load()
    for fmt, color in (("markdown", False), ("text", False), ("text", True)):
        text = opslint.explain.render_explain(bundle.rules[:1], "ja", fmt, color=color)
        assert _safe(text) and "\\x1b]0;pwned" in text


def test_printable_escapes_controls_and_keeps_text() -> None:
    assert printable("運用設計書 a\tb") == "運用設計書 a\tb"
    assert printable("a\x1b[2Jb\x07") == "a\\x1b[2Jb\\x07"
    assert printable("a\nb\rc") == "a\\x0ab\\x0dc"  # one finding stays one line
    assert printable("a\nb\r\nc\rd", newlines=True) == "a\nb\r\nc\\x0dd"
    assert printable("\x9b\u202e\u2066x") == "\\x9b\\u202e\\u2066x"
