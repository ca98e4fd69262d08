"""Deep nesting never hides the rest of a document (issue 10: a list ten levels deep hid
every later chapter, and `opslint fix` then exited 3)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from click.testing import CliRunner

from opslint.cli import cli
from opslint.config import Config
from opslint.document.load import decode
from opslint.document.parse import LIST_LEVELS, parse_document
from opslint.engine.findings import Finding
from opslint.lint import Bundle, lint_paths

RELEASE = Path(__file__).parents[2] / "examples" / "ja" / "clean" / "16_Release_Procedure.md"
ANCHOR = "## 2. 事前確認・準備 (T-1 day)\n"


def nested_list(levels: int) -> str:
    return "".join("  " * i + f"- 階層 {i + 1}\n" for i in range(levels)) + "\n"


def _release_with(tmp_path: Path, insert: str) -> Path:
    """The clean release example (alone in a folder) with text inserted in chapter 1."""
    text = RELEASE.read_text(encoding="utf-8")
    assert ANCHOR in text
    tmp_path.mkdir(exist_ok=True)
    path = tmp_path / "16_Release_Procedure.md"
    path.write_text(text.replace(ANCHOR, insert + ANCHOR), encoding="utf-8")
    return path


def _findings(bundle: Bundle, path: Path) -> list[Finding]:
    return lint_paths([path], Config(), bundle).findings


def _titles(text: str) -> list[str]:
    doc = parse_document(Path("d.md"), decode(text.encode("utf-8")))
    return [s.title for s in doc.sections()]


def test_a_list_ten_levels_deep_hides_nothing(bundle: Bundle, tmp_path: Path) -> None:
    plain = _findings(bundle, _release_with(tmp_path / "a", ""))
    deep = _findings(bundle, _release_with(tmp_path / "b", nested_list(10)))
    assert [f.rule_id for f in deep] == [f.rule_id for f in plain]
    assert not any(f.rule_id in ("REL001", "META004") for f in deep)


def test_lists_are_read_to_the_documented_depth() -> None:
    doc = parse_document(Path("d.md"), decode(
        ("# T\n\n" + nested_list(LIST_LEVELS) + "## After\n").encode()))
    assert [i.depth for i in doc.root.items()][-1] == LIST_LEVELS - 1
    assert not doc.problems


def test_deeper_parts_are_reported_and_the_rest_is_read(bundle: Bundle, tmp_path: Path) -> None:
    path = _release_with(tmp_path, nested_list(LIST_LEVELS + 6))
    findings = _findings(bundle, path)
    unread = [f for f in findings if f.rule_id == "META004"]
    first = path.read_text(encoding="utf-8").splitlines().index("  " * LIST_LEVELS + "- 階層 61")
    assert [(f.line, f.end_line) for f in unread] == [(first + 1, first + 6)]
    assert not any(f.rule_id == "REL001" for f in findings)  # later chapters are all found
    assert not any(f.fixable for f in findings)  # nothing is inserted into a half-read doc


def test_fix_leaves_a_deeply_nested_document_alone(bundle: Bundle, tmp_path: Path) -> None:
    path = _release_with(tmp_path, nested_list(80))
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["fix", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == before


def test_deep_quotes_and_mixed_containers_keep_the_following_chapter() -> None:
    for deep in (">" * 5000 + " x\n", "".join(">" * i + " x\n" for i in range(1, 300)),
                 "".join("  " * i + "- > 項目\n" for i in range(200)), nested_list(300)):
        assert _titles("# T\n\n## A\n\n" + deep + "\n## B\n\ntext\n") == ["T", "A", "B"]


def test_reading_resumes_at_a_heading_even_without_a_blank_line() -> None:
    doc = parse_document(Path("d.md"), decode(
        ("# T\n\n" + nested_list(70).rstrip("\n") + "\n## B\n").encode()))
    assert [s.title for s in doc.sections()] == ["T", "B"]
    assert [(p.kind, p.line) for p in doc.problems] == [("unread", 3 + LIST_LEVELS)]


def test_many_deep_regions_are_all_read_past() -> None:
    text = "# T\n\n" + "".join(f"## C{i}\n\n" + nested_list(70) for i in range(40))
    doc = parse_document(Path("d.md"), decode(text.encode()))
    assert [s.title for s in doc.sections()] == ["T", *(f"C{i}" for i in range(40))]
    assert len(doc.problems) == 40


def _regions(count: int) -> tuple[float, list[str], int]:
    text = "# T\n\n" + "".join(f"## C{i}\n\n" + nested_list(62) for i in range(count))
    best = float("inf")
    for _ in range(2):  # the faster of two runs: less noise from a loaded machine
        started = time.perf_counter()
        doc = parse_document(Path("d.md"), decode(text.encode()))
        best = min(best, time.perf_counter() - started)
    unread = len([p for p in doc.problems if p.kind == "unread"])
    return best / count, [s.title for s in doc.sections()], unread


def test_hundreds_of_deep_regions_are_read_in_linear_time() -> None:
    # Each region hides the rest of the document from markdown-it; re-reading the rest from
    # scratch each time was quadratic (4x the time per region for 4x the regions).
    small, _, _ = _regions(40)
    large, titles, unread = _regions(160)
    assert titles == ["T", *(f"C{i}" for i in range(160))] and unread == 160
    assert large < 2.5 * small, (small, large)


def test_check_and_fix_finish_on_a_300_level_list(tmp_path: Path) -> None:
    path = tmp_path / "16_Release_Procedure.md"
    shutil.copy(RELEASE, path)
    with path.open("a", encoding="utf-8") as stream:
        stream.write("\n" + nested_list(300))
    result = CliRunner().invoke(cli, ["check", "--format", "concise", str(path)])
    assert "META004" in result.output and result.exit_code == 1, result.output
    assert CliRunner().invoke(cli, ["fix", str(path)]).exit_code == 0
