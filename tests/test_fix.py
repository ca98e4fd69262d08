"""``opslint fix``: edits, the fixpoint, golden files, byte-exact writing, the CLI."""

from __future__ import annotations

import codecs
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from opslint.cli import cli
from opslint.config import Config
from opslint.engine.fixes import (
    Applicability,
    Edit,
    Fix,
    FixError,
    Outcome,
    apply_edits,
    fixpoint,
    line_starts,
    select,
    splice_bytes,
)
from opslint.engine.outlines import match_outline
from opslint.fix import fix_paths, write_fixes
from opslint.lint import Bundle, document_from_text, lint_paths
from tests.conftest import CORPUS

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = sorted(p for p in (FIXTURES / "fix").iterdir() if p.is_dir())
OUTLINE_RULES = ("REL001", "OPS001")


def _fix_file(bundle: Bundle, path: Path) -> bytes:
    # Only the rules that offer fixes run, so other families' rules cannot disturb these tests.
    result = fix_paths([path], Config(select=list(OUTLINE_RULES)), bundle)
    write_fixes(result)
    return path.read_bytes()


def _outline_findings(bundle: Bundle, path: Path) -> list[str]:
    result = lint_paths([path], Config(select=list(OUTLINE_RULES)), bundle)
    return [f"{f.rule_id}:{f.line}" for f in result.findings]


# --- edits and the fixpoint ---------------------------------------------------------------


def test_edits_overlap_only_when_they_share_text() -> None:
    assert not Edit(3, 3, "a").overlaps(Edit(3, 3, "b"))  # stacked insertions
    assert not Edit(3, 3, "a").overlaps(Edit(3, 6, "b"))  # insertion before a replacement
    assert not Edit(6, 6, "a").overlaps(Edit(3, 6, "b"))  # insertion after it
    assert Edit(4, 4, "a").overlaps(Edit(3, 6, "b"))
    assert Edit(0, 4, "").overlaps(Edit(3, 6, "b"))
    assert not Edit(0, 3, "").overlaps(Edit(3, 6, "b"))
    with pytest.raises(ValueError):
        Edit(5, 2, "")


def test_select_orders_stacked_insertions_by_rank_and_defers_overlaps() -> None:
    text = "0123456789"
    fixes = [
        Fix.insert(5, "B", rank=2),
        Fix.insert(5, "A", rank=1),
        Fix((Edit(1, 3, "x"),)),
        Fix((Edit(2, 4, "y"),)),  # overlaps the one before: waits for the next pass
        Fix.insert(10, "!"),
    ]
    taken, edits = select(fixes)
    assert len(taken) == 4
    assert apply_edits(text, edits) == "0x34AB56789!"


def test_fixpoint_applies_deferred_fixes_in_later_passes() -> None:
    def fixes_for(text: str) -> list[Fix]:
        offered = []
        if "x" not in text:
            offered.append(Fix((Edit(1, 3, "x"),)))
        if "y" not in text:
            offered.append(Fix((Edit(2, 4, "y"),)))
        return offered

    outcome = fixpoint("0123456789", fixes_for)
    assert outcome.converged and outcome.passes == 2
    assert outcome.text == "0xy56789"  # pass 2 re-linted the text pass 1 produced
    assert len(outcome.applied) == 2


def test_fixpoint_stops_at_the_cap_when_fixes_never_settle() -> None:
    outcome = fixpoint("a", lambda text: [Fix.insert(len(text), "a")], max_passes=3)
    assert not outcome.converged
    assert outcome.text == "aaaa"


def test_fixpoint_stops_on_fixes_that_change_nothing() -> None:
    outcome = fixpoint("abc", lambda text: [Fix((Edit(0, 1, "a"),))])
    assert outcome.converged and outcome.text == "abc" and not outcome.applied


def test_unsafe_fixes_need_permission() -> None:
    unsafe = Fix((Edit(0, 1, "x"),), Applicability.UNSAFE)
    assert not unsafe.allowed(False) and unsafe.allowed(True)
    assert Fix.insert(0, "x").allowed(False)


def test_line_starts_count_lines_like_markdown_it() -> None:
    assert line_starts("a\r\nb\rc\nd") == (0, 3, 5, 7)
    assert line_starts("") == (0,)


def test_splice_keeps_bytes_a_decode_encode_round_trip_would_change() -> None:
    # CP932 maps 0x8754 and 0xFA4A both to "Ⅰ"; encoding writes back 0x8754 only.
    data = b"\xfa\x4a\r\n" + "手順\r\n".encode("cp932")
    text = data.decode("cp932")
    assert text.encode("cp932") != data
    fixed = splice_bytes(data, text, [Edit(len(text), len(text), "追記\r\n")], "cp932")
    assert fixed == data + "追記\r\n".encode("cp932")
    with pytest.raises(FixError):
        splice_bytes(b"\xe3\x81\x82", "abc", [Edit(1, 1, "x")], "utf-8")


# --- the outline fix ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["release", "operation"])
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("numbered", [True, False])
def test_every_outline_title_matches_its_own_section(
    bundle: Bundle, kind: str, lang: str, numbered: bool
) -> None:
    """An inserted heading must satisfy its rule, or fixing would never settle."""
    from opslint.document.model import DocKind
    from opslint.document.normalize import heading_number

    outline = bundle.outlines[DocKind(kind)]
    for entry in outline.sections:
        title = entry.title.get(lang)
        title = title if numbered else heading_number(title)[1]
        doc = document_from_text(f"# {outline.title.get(lang)}\n\n## {title}\n\ntext\n",
                                 Path("doc.md"), bundle, kind=DocKind(kind))
        assert entry.key in match_outline(doc, outline, bundle.vocab), title


@pytest.mark.parametrize("case", GOLDEN, ids=[c.name for c in GOLDEN])
def test_golden(bundle: Bundle, tmp_path: Path, case: Path) -> None:
    (source,) = sorted((case / "before").iterdir())
    expected = (case / "after" / source.name).read_bytes()
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    assert _fix_file(bundle, target) == expected
    assert _outline_findings(bundle, target) == []
    assert _fix_file(bundle, target) == expected, "fixing twice must equal fixing once"


def _fixture_docs() -> list[Path]:
    found: list[Path] = []
    for rule in OUTLINE_RULES:
        folder = FIXTURES / "rules" / rule
        found.extend(sorted(folder.glob("fail*.md")) if folder.is_dir() else [])
    return found


@pytest.mark.parametrize("fixture", _fixture_docs(), ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_fixing_outline_fixtures_resolves_them(
    bundle: Bundle, tmp_path: Path, fixture: Path
) -> None:
    target = tmp_path / fixture.name
    shutil.copyfile(fixture, target)
    assert _outline_findings(bundle, target)
    once = _fix_file(bundle, target)
    assert _outline_findings(bundle, target) == []
    assert _fix_file(bundle, target) == once


_CORPUS_DOCS = ["C001__16_Release_Procedure.md", "C006__16_Release_Procedure.md",
                "C007__17_Operation_Design.md", "C025__operational-procedures.md"]


@pytest.mark.parametrize("name", _CORPUS_DOCS)
def test_fixing_template_docs_only_inserts(bundle: Bundle, tmp_path: Path, name: str) -> None:
    if not (CORPUS / name).is_file():
        pytest.skip("the shared corpus is not beside the checkout")
    target = tmp_path / name
    shutil.copyfile(CORPUS / name, target)
    original = target.read_bytes()
    fixed = _fix_file(bundle, target)
    assert _outline_findings(bundle, target) == []
    assert _is_insertions_only(original, fixed)
    assert _fix_file(bundle, target) == fixed


def _is_insertions_only(original: bytes, fixed: bytes) -> bool:
    """Every original byte survives, in order (the fixed bytes only add)."""
    position = 0
    for byte in original:
        position = fixed.find(bytes([byte]), position) + 1
        if position == 0:
            return False
    return True


def _single_insertion(original: bytes, fixed: bytes) -> bytes:
    """The one contiguous block the fix added; fails when anything else changed."""
    prefix = 0
    while prefix < len(original) and original[prefix] == fixed[prefix]:
        prefix += 1
    suffix = 0
    while suffix < len(original) - prefix and original[-1 - suffix] == fixed[-1 - suffix]:
        suffix += 1
    assert prefix + suffix == len(original), "bytes outside the insertion changed"
    return fixed[prefix: len(fixed) - suffix]


_MISSING_CONTACTS = (
    "# リリース手順書\n\n## 1. リリース概要\n概要。\n\n## 2. 事前確認・準備 (T-1 day)\n準備。\n\n"
    "## 3. リリース当日の手順 (T-0)\nデプロイ。\n\n## 4. 切り戻し手順 (Rollback)\n戻す。\n\n"
    "## 5. リリース後確認\n確認する。\n"
)


@pytest.mark.parametrize(
    ("encoding", "bom", "newline"),
    [
        ("utf-8", b"", "\r\n"),
        ("utf-8", codecs.BOM_UTF8, "\n"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "\r\n"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "\n"),
        ("cp932", b"", "\r\n"),
        ("utf-8", b"", "\r"),
    ],
    ids=["crlf", "utf8-bom", "utf16le-crlf", "utf16be", "cp932-crlf", "cr"],
)
def test_bytes_outside_the_insertion_are_kept(
    bundle: Bundle, tmp_path: Path, encoding: str, bom: bytes, newline: str
) -> None:
    # A CP932-only duplicate (0xFA4A) and no final newline: both must survive untouched.
    text = _MISSING_CONTACTS.replace("\n", newline) + "Ⅰ 最終行"
    body = text.encode(encoding)
    if encoding == "cp932":
        body = body.replace("Ⅰ".encode("cp932"), b"\xfa\x4a")
    original = bom + body
    target = tmp_path / "16_Release_Procedure.md"
    target.write_bytes(original)
    fixed = _fix_file(bundle, target)
    inserted = _single_insertion(original, fixed).decode(encoding)
    assert "## 6. 連絡網" in inserted
    others = inserted.replace(newline, "")
    assert "\n" not in others and "\r" not in others, "the inserted text uses the file's newline"
    assert fixed.startswith(bom)
    assert _fix_file(bundle, target) == fixed


def test_no_fix_is_offered_after_an_unclosed_fence(bundle: Bundle, tmp_path: Path) -> None:
    target = tmp_path / "16_Release_Procedure.md"
    target.write_text(_MISSING_CONTACTS + "\n```bash\nkubectl rollout undo\n", "utf-8")
    findings = lint_paths([target], Config(select=["REL001"]), bundle).findings
    assert [(f.rule_id, f.fixable) for f in findings] == [("REL001", False)]
    before = target.read_bytes()
    assert _fix_file(bundle, target) == before
    closed = target.read_text("utf-8") + "```\n"
    target.write_text(closed, "utf-8")
    assert "## 6. 連絡網" in _fix_file(bundle, target).decode("utf-8")


def test_a_suppressed_finding_is_not_fixed(bundle: Bundle, tmp_path: Path) -> None:
    target = tmp_path / "16_Release_Procedure.md"
    target.write_text("<!-- opslint-disable-file REL001 -->\n" + _MISSING_CONTACTS, "utf-8")
    before = target.read_bytes()
    assert _fix_file(bundle, target) == before


def test_write_keeps_permissions_and_symlinks(bundle: Bundle, tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text(_MISSING_CONTACTS, "utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "16_Release_Procedure.md"
    link.symlink_to(real)
    fix_result = fix_paths([link], Config(select=list(OUTLINE_RULES)), bundle)
    write_fixes(fix_result)
    assert link.is_symlink()
    assert "## 6. 連絡網" in real.read_text("utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# --- the command line --------------------------------------------------------------------


def test_fix_diff_writes_nothing_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "16_Release_Procedure.md"
    target.write_text(_MISSING_CONTACTS, "utf-8")
    before = target.read_bytes()
    result = CliRunner().invoke(cli, ["fix", "--diff", "--select", "REL001", target.name])
    assert result.exit_code == 1, result.output
    assert "+## 6. 連絡網" in result.stdout
    assert result.stdout.startswith("--- a/16_Release_Procedure.md\n+++ b/16_Release_Procedure.md")
    assert target.read_bytes() == before
    assert "Would fix 1 problem(s) in 1 file(s) (REL001 ×1)." in result.stderr


def test_fix_writes_and_is_quiet_the_second_time(tmp_path: Path) -> None:
    target = tmp_path / "16_Release_Procedure.md"
    target.write_text(_MISSING_CONTACTS, "utf-8")
    first = CliRunner().invoke(cli, ["fix", str(target)])
    assert first.exit_code == 0, first.output
    assert "Fixed 1 problem(s)" in first.stderr
    second = CliRunner().invoke(cli, ["fix", "--diff", str(target)])
    assert second.exit_code == 0 and second.stdout == ""
    assert "No fixes to apply." in second.stderr


def test_fixes_that_never_settle_leave_the_file_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import opslint.fix

    def restless(text: str, *_: object, **__: object) -> Outcome:
        return Outcome(text + "x", None, (), 10, converged=False)

    monkeypatch.setattr(opslint.fix, "fixpoint", restless)
    target = tmp_path / "16_Release_Procedure.md"
    target.write_text(_MISSING_CONTACTS, "utf-8")
    before = target.read_bytes()
    result = CliRunner().invoke(cli, ["fix", "--select", "REL001", str(target)])
    assert result.exit_code == 3
    assert "did not settle" in result.stderr and "bug in opslint" in result.stderr
    assert target.read_bytes() == before


def test_fix_respects_select(tmp_path: Path) -> None:
    target = tmp_path / "16_Release_Procedure.md"
    target.write_text(_MISSING_CONTACTS, "utf-8")
    result = CliRunner().invoke(cli, ["fix", "--select", "OPS001", str(target)])
    assert result.exit_code == 0 and "No fixes to apply." in result.stderr


def test_check_fix_reports_what_is_left(tmp_path: Path) -> None:
    target = tmp_path / "16_Release_Procedure.md"
    target.write_text(_MISSING_CONTACTS, "utf-8")
    result = CliRunner().invoke(
        cli, ["check", "--fix", "--select", "REL001", "--format", "concise", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "No problems found in 1 file(s)." in result.stdout
    assert "Fixed 1 problem(s)" in result.stderr
    assert "## 6. 連絡網" in target.read_text("utf-8")


# --- pre-commit ------------------------------------------------------------------------------

HOOKS = Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml"


def test_pre_commit_hooks_are_valid_and_point_at_real_commands() -> None:
    import tomllib

    import yaml

    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["opslint", "opslint-fix"]
    scripts = tomllib.loads((HOOKS.parent / "pyproject.toml").read_text("utf-8"))["project"][
        "scripts"]
    for hook in hooks:
        assert hook["language"] == "python" and hook["types"] == ["markdown"]
        assert hook["require_serial"] is True
        program, command, *options = hook["entry"].split()
        assert program in scripts and "--force-exclude" in options
        found = cli.get_command(None, command)  # type: ignore[arg-type]
        assert found is not None, command
        params = {o for p in found.params for o in getattr(p, "opts", [])}
        assert set(options) <= params, hook["entry"]
    try:
        from pre_commit.clientlib import load_manifest
    except ImportError:
        return
    assert [h["id"] for h in load_manifest(str(HOOKS))] == ["opslint", "opslint-fix"]


def test_only_the_files_passed_are_reported(tmp_path: Path) -> None:
    """pre-commit passes the changed files; siblings are context, never reported."""
    (tmp_path / "16_Release_Procedure.md").write_text(_MISSING_CONTACTS, "utf-8")
    (tmp_path / "17_Operation_Design.md").write_text("# 運用設計書\n\n## 監視設計\n", "utf-8")
    (tmp_path / "03_Architecture.md").write_text("# アーキテクチャ設計書\n", "utf-8")
    release = tmp_path / "16_Release_Procedure.md"
    outline = ["--select", "REL001", "--select", "OPS001", "--format", "concise"]
    result = CliRunner().invoke(cli, ["check", *outline, str(release)])
    reported = {line.split(":")[0] for line in result.stdout.splitlines()[:-1]}
    assert reported == {str(release)}, result.stdout
    every = CliRunner().invoke(cli, ["check", *outline, str(tmp_path)])
    assert "17_Operation_Design.md" in every.stdout, "the sibling has findings of its own"
    shown = CliRunner().invoke(cli, ["check", "--show-files", str(release)])
    assert "(context)" in shown.stdout
