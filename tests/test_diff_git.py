"""`opslint diff` on temporary git repositories: two commits of an example set (ja and en).

Each test makes one kind of change and checks what the report says about it: a commitment
weakened, rows reordered (nothing), a chapter moved, a file renamed, findings introduced
and resolved by content, questions answered, and the git errors (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.diff_repo import HAS_GIT, commit, diff_json, edit, git, make_repo, run_diff, swap_blocks

pytestmark = pytest.mark.skipif(not HAS_GIT, reason="git is not installed")

OPS = "docs/17_Operation_Design.md"
REL = "docs/16_Release_Procedure.md"
# One SLO row per language: (the row's start, the target as written, a lower target)
SLO_ROWS = {"ja": ("| 注文確定成功率 | 99.5% |", "99.5%", "99.0%"),
            "en": ("| Availability | 99.5% |", "99.5%", "99.0%")}


@pytest.fixture
def repo_ja(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = make_repo(tmp_path, "ja")
    monkeypatch.chdir(repo)
    return repo


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_lowered_slo_is_weakened_and_fails_with_fail_on_weakened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    repo = make_repo(tmp_path, lang)
    monkeypatch.chdir(repo)
    row, old, new = SLO_ROWS[lang]
    edit(repo / OPS, row, row.replace(old, new))
    data = diff_json("HEAD")
    [change] = [c for c in data["commitments"] if c["kind"] == "slo"]
    assert (change["old"], change["direction"], change["change"]) == ("99.5%", "weakened",
                                                                       "changed")
    assert change["head"]["path"] == OPS and change["base"]["path"] == OPS
    assert data["totals"]["weakened"] == 1 and data["lang"] == lang
    assert run_diff("HEAD").exit_code == 0  # reporting alone never fails
    failed = run_diff("HEAD", "--fail-on", "weakened")
    assert failed.exit_code == 1
    assert ("弱化したコミットメント" if lang == "ja" else "Weakened commitments") in failed.stdout


def test_a_raised_slo_is_strengthened_and_does_not_fail(repo_ja: Path) -> None:
    row, old, _ = SLO_ROWS["ja"]
    edit(repo_ja / OPS, row, row.replace(old, "99.8%"))
    result = run_diff("HEAD", "--fail-on", "weakened")
    assert result.exit_code == 0, result.output
    assert "強化" in result.stdout and "99.5% → 99.8%" in result.stdout


def test_two_revisions_limited_to_a_folder(repo_ja: Path) -> None:
    row, old, new = SLO_ROWS["ja"]
    edit(repo_ja / OPS, row, row.replace(old, new))
    commit(repo_ja, "lower an SLO")
    (repo_ja / OPS).write_text("# 運用設計書\n", encoding="utf-8")  # the work tree is not read
    data = diff_json("HEAD~1..HEAD", "docs/")
    assert [c["direction"] for c in data["commitments"]] == ["weakened"]
    assert (data["base"], data["head"]) == ("HEAD~1", "HEAD")
    assert diff_json("HEAD~1..HEAD", "README.md")["commitments"] == []  # outside the scope
    assert diff_json("HEAD~1...HEAD", "docs")["totals"]["weakened"] == 1  # from the merge base


FIRST_SLO_ROW = {"ja": "| 可用性 | 99.9%", "en": "| Availability | 99.5%"}
CHAPTERS = {"ja": ("### 3.1 日次作業", "### 3.2 週次作業"),
            "en": ("### 4.4 Blameless postmortem", "### 4.5 Action item tracking")}
NEW_NAME = {"ja": "docs/17_運用設計.md", "en": "docs/17_operations.md"}


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> Path:
    repo = make_repo(tmp_path, lang)
    monkeypatch.chdir(repo)
    return repo


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_reordering_rows_changes_no_commitment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               lang: str) -> None:
    path = _repo(tmp_path, monkeypatch, lang) / OPS
    lines = path.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith(FIRST_SLO_ROW[lang]))
    lines[first], lines[first + 2] = lines[first + 2], lines[first]  # two SLO rows swapped
    path.write_text("\n".join(lines), encoding="utf-8")
    data = diff_json("HEAD")
    assert data["commitments"] == []
    assert data["findings_introduced"] == [] and data["findings_resolved"] == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_moved_chapter_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         lang: str) -> None:
    path = _repo(tmp_path, monkeypatch, lang) / OPS
    before = path.read_text(encoding="utf-8")
    swap_blocks(path, *CHAPTERS[lang])
    assert path.read_text(encoding="utf-8") != before
    data = diff_json("HEAD")
    assert data["commitments"] == [] and data["documents"] == []
    assert data["findings_introduced"] == [] and data["findings_resolved"] == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_renamed_file_is_followed_not_deleted_and_added(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    repo = _repo(tmp_path, monkeypatch, lang)
    git(repo, "mv", OPS, NEW_NAME[lang])
    data = diff_json("HEAD")
    assert data["documents"] == [{"change": "renamed", "path": NEW_NAME[lang],
                                  "old_path": OPS, "kind": "operation"}]
    assert data["commitments"] == []
    assert data["findings_introduced"] == [] and data["findings_resolved"] == []
    commit(repo, "move")
    text = run_diff("HEAD~1..HEAD").stdout
    renamed, removed = ("名前変更:", "削除:") if lang == "ja" else ("renamed:", "removed:")
    assert renamed in text and removed not in text


def test_a_change_to_a_design_document_changes_the_findings_of_the_operation_design(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, monkeypatch, "en")
    edit(repo / "docs/03_Architecture.md", "| Availability | 99.5% |", "| Availability | 99.9% |")
    data = diff_json("HEAD", OPS)  # only the operation design is checked; 03 is its context
    assert data["files"] == [OPS]
    assert any(f["rule"].startswith("XDOC") and f["path"] == OPS
               for f in data["findings_introduced"])


def test_a_renamed_and_edited_file_reports_the_change_at_its_new_name(repo_ja: Path) -> None:
    git(repo_ja, "mv", OPS, "docs/17_ops.md")
    row, old, new = SLO_ROWS["ja"]
    edit(repo_ja / "docs/17_ops.md", row, row.replace(old, new))
    data = diff_json("HEAD")
    [change] = data["commitments"]
    assert change["base"]["path"] == OPS and change["head"]["path"] == "docs/17_ops.md"


def test_findings_are_matched_by_content_not_line(repo_ja: Path) -> None:
    edit(repo_ja / REL, r"^\*\*作業責任者\*\*: .*$", "**作業責任者**: 未定", regex=True)
    commit(repo_ja, "owner not decided yet")
    # text inserted above every finding moves them: nothing is new
    edit(repo_ja / REL, "# リリース手順書\n",
         "# リリース手順書\n\n本書は移行期間中の版である。\n\n")
    data = diff_json("HEAD")
    assert data["findings_introduced"] == [] and data["findings_resolved"] == []
    # a pinned image replaced by `latest`: introduced; the owner filled in: resolved
    edit(repo_ja / REL, r"shopflow-api:v2\.4\.0@sha256:[0-9a-f]+", "shopflow-api:latest",
         regex=True)
    edit(repo_ja / REL, "**作業責任者**: 未定", "**作業責任者**: 渡辺 大輔")
    data = diff_json("HEAD", "--fail-on", "new-findings")
    assert "REL012" in {f["rule"] for f in data["findings_introduced"]}
    assert "GATE002" in {f["rule"] for f in data["findings_resolved"]}
    assert run_diff("HEAD", "--fail-on", "new-findings").exit_code == 1


def test_questions_answered_per_gate(repo_ja: Path) -> None:
    edit(repo_ja / REL, r"^\*\*作業責任者\*\*: .*$", "**作業責任者**: 未定", regex=True)
    commit(repo_ja, "owner not decided yet")
    edit(repo_ja / REL, "**作業責任者**: 未定", "**作業責任者**: 渡辺 大輔")
    data = diff_json("HEAD")
    assert data["questions_answered"] and not data["questions_added"]
    assert all(0 <= q["gate"] <= 6 and q["places"] for q in data["questions_answered"])
    added = diff_json("HEAD~1..HEAD")  # the commit that made it open: the question added
    assert [q["id"] for q in added["questions_added"]] == [
        q["id"] for q in data["questions_answered"]]


def test_no_change_says_so(repo_ja: Path) -> None:
    result = run_diff("HEAD")
    assert result.exit_code == 0
    assert "コミットメント・指摘・質問に変化はありません" in result.stdout


def test_outside_a_repository_is_a_usage_error(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run_diff("HEAD")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "not inside a git repository" in result.stderr


@pytest.mark.parametrize("rev", ["no-such-branch", "HEAD..no-such-branch", "--help-me"])
def test_an_unknown_revision_is_a_usage_error(repo_ja: Path, rev: str) -> None:
    result = run_diff("--", rev) if rev.startswith("-") else run_diff(rev)
    assert result.exit_code == 2, result.output
    assert "unknown revision" in result.stderr and result.stderr.count("\n") == 1


def test_the_base_is_read_from_git_never_checked_out(repo_ja: Path) -> None:
    edit(repo_ja / OPS, "99.5%", "99.0%")
    before = git(repo_ja, "status", "--porcelain")
    run_diff("HEAD~0")
    assert git(repo_ja, "status", "--porcelain") == before
    assert "99.0%" in (repo_ja / OPS).read_text(encoding="utf-8")


def test_the_repository_reader_reads_blobs_with_odd_names(repo_ja: Path) -> None:
    from opslint.diff.git import Repo

    (repo_ja / "docs" / "a b 設計.md").write_text("# 題\n\n本文 missing\n", encoding="utf-8")
    commit(repo_ja, "odd name")
    repo = Repo(repo_ja / "docs")
    head = repo.commit("HEAD")
    found = repo.read(head, ["docs/no such.md", "docs/a b 設計.md", "docs"])
    assert found == {"docs/a b 設計.md": "# 題\n\n本文 missing\n".encode()}
    assert "docs/a b 設計.md" in repo.files(head)
    git(repo_ja, "mv", "docs/a b 設計.md", "docs/c d.md")
    assert repo.renames(head, None) == {"docs/a b 設計.md": "docs/c d.md"}
