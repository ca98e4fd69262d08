"""The language server's parts that need no protocol: positions, lints of a buffer, and
the edits its code actions carry (opslint/server/positions.py, engine.py, actions.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from opslint.config import Config
from opslint.engine.fixes import apply_edits
from opslint.fix import fix_paths
from opslint.lint import Bundle, lint_buffer, lint_paths
from opslint.server.actions import fix_action, fix_all, hover_markdown, suppress_actions
from opslint.server.engine import Engine, Linted
from opslint.server.positions import Lines

ROOT = Path(__file__).resolve().parent.parent
DEFECTS = ROOT / "examples" / "ja" / "defects"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def _without(text: str, inserted: list[tuple[int, str]]) -> str:
    """The text with insertions (at offsets of the text before them) taken out again."""
    for at, content in sorted(inserted):  # once the earlier ones are out, offsets hold
        assert text[at:at + len(content)] == content
        text = text[:at] + text[at + len(content):]
    return text


def test_lines_break_only_where_markdown_does() -> None:
    text = "a\r\nb\u2028c\rd\n😀x"
    lines = Lines(text)
    assert lines.starts == (0, 3, 7, 9)
    x = text.index("x")
    assert lines.position(x) == (3, 2)  # the emoji is two UTF-16 code units
    assert Lines(text, "utf-8").position(x) == (3, 4)
    assert Lines(text, "utf-32").position(x) == (3, 1)
    assert lines.offset(3, 2) == x and lines.offset(1, 99) == text.index("\rd")
    assert lines.position(text.index("c")) == (1, 2)  # U+2028 is not a line break
    assert lines.line_end(1) == 1 and lines.line_start(2) == 3


def test_lint_buffer_equals_the_command_line_on_the_file(tmp_path: Path) -> None:
    bundle, config = Bundle.load(), Config.model_validate({})
    for name in ("16_Release_Procedure.md", "17_Operation_Design.md"):
        path = DEFECTS / name
        on_disk = lint_paths([path], config, bundle).findings
        buffer = lint_buffer(path, path.read_text(encoding="utf-8"), config, bundle).findings
        assert [(f.rule_id, f.line, f.message) for f in buffer] == [
            (f.rule_id, f.line, f.message) for f in on_disk]


def test_an_open_buffer_replaces_the_file_beside_it(tmp_path: Path) -> None:
    for source in DEFECTS.glob("*.md"):
        shutil.copy(source, tmp_path / source.name)
    bundle, config = Bundle.load(), Config.model_validate({})
    release = tmp_path / "16_Release_Procedure.md"
    text = release.read_text(encoding="utf-8")
    before = {f.rule_id for f in lint_buffer(release, text, config, bundle).findings}
    assert "XDOC010" in before
    # The architecture's buffer (not its file) now deploys the way the release does.
    architecture = tmp_path / "03_Architecture.md"
    buffer = architecture.read_text(encoding="utf-8").replace(
        "ブルーグリーン", "ローリングアップデート")
    after = lint_buffer(release, text, config, bundle, buffers={architecture: buffer},
                        root=tmp_path)
    assert "XDOC010" not in {f.rule_id for f in after.findings}
    assert all(f.path == "16_Release_Procedure.md" for f in after.findings)


def _linted(engine: Engine, name: str = "16_Release_Procedure.md") -> Linted:
    path = DEFECTS / name
    linted = engine.lint(path, path.read_text(encoding="utf-8"), root=DEFECTS)
    assert linted is not None
    return linted


def test_every_line_suppression_silences_its_finding_and_nothing_else(engine: Engine) -> None:
    linted = _linted(engine)
    settings = linted.settings
    keys = [(f.rule_id, f.message) for f in linted.findings]
    tried = 0
    for finding in linted.findings:
        actions = suppress_actions(linted, finding)
        line = [a for a in actions if "行" in a.title]
        if not line:
            continue
        tried += 1
        (edit,) = line[0].edits
        assert edit.start == edit.end  # only inserts
        text = apply_edits(linted.text, [edit])
        assert _without(text, [(edit.start, edit.content)]) == linted.text
        again = lint_buffer(linted.path, text, settings.config, settings.bundle).findings
        left = [(f.rule_id, f.message) for f in again]
        expected = list(keys)
        expected.remove((finding.rule_id, finding.message))
        assert sorted(left) == sorted(expected), finding
    assert tried >= len(linted.findings) - 2


def test_a_file_suppression_goes_after_the_front_matter(engine: Engine, tmp_path: Path
                                                        ) -> None:
    path = tmp_path / "16_Release_Procedure.md"
    text = "---\ntitle: リリース手順書\n---\n" + (DEFECTS / path.name).read_text(encoding="utf-8")
    linted = engine.lint(path, text, root=tmp_path)
    assert linted is not None and linted.findings
    finding = linted.findings[0]
    (file_action,) = [a for a in suppress_actions(linted, finding) if "ファイル" in a.title]
    (edit,) = file_action.edits
    assert edit.start == text.index("# リリース手順書")
    assert edit.content == f"<!-- opslint-disable-file {finding.rule_id} -->\n"


def test_fix_actions_write_what_opslint_fix_writes(engine: Engine) -> None:
    linted = _linted(engine)
    (fixable,) = [f for f in linted.findings if f.fix is not None]
    action = fix_action(fixable)
    assert action is not None and action.preferred and action.title.startswith("REL001:")
    settings = linted.settings
    written = fix_paths([linted.path], settings.config, settings.bundle).files[0]
    everything = fix_all(linted)
    assert everything is not None
    assert apply_edits(linted.text, sorted(everything.edits, key=lambda e: -e.start)) == (
        written.data.decode("utf-8"))
    assert apply_edits(linted.text, list(action.edits)) == written.data.decode("utf-8")


def test_hover_is_the_explanation_in_the_documents_language(engine: Engine) -> None:
    linted = _linted(engine)
    finding = linted.findings[0]
    text = hover_markdown(linted, [finding])
    assert text.startswith(f"**{finding.rule_id}** {finding.message}")
    assert f"# {finding.rule_id} {finding.name}" in text and "## 検査内容" in text
    english = DEFECTS.parent.parent / "en" / "clean" / "17_Operation_Design.md"
    linted_en = engine.lint(english, english.read_text(encoding="utf-8"))
    if linted_en is not None and linted_en.findings:
        assert "## What it checks" in hover_markdown(linted_en, linted_en.findings[:1])


def test_files_opslint_does_not_check_are_not_linted(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / ".opslint.toml").write_text("exclude = ['drafts/']\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    assert engine.lint(tmp_path / "notes.txt", "# x\n") is None
    assert engine.lint(tmp_path / "drafts" / "16_Release_Procedure.md", "# x\n",
                       root=tmp_path) is None
    assert engine.lint(tmp_path / "16_Release_Procedure.md", "# リリース手順書\n",
                       root=tmp_path) is not None


@pytest.mark.parametrize("cut", [0.15, 0.4, 0.65, 0.9])
def test_actions_on_a_half_written_document_only_insert(engine: Engine, cut: float) -> None:
    """A buffer cut anywhere (mid-table, mid-fence, mid-comment) lints, hovers and offers
    actions without raising, and every action's edits keep all the text written."""
    path = DEFECTS / "16_Release_Procedure.md"
    full = path.read_text(encoding="utf-8")
    text = full[: int(len(full) * cut)] + "\n```\n<!-- open"
    linted = engine.lint(path, text, root=DEFECTS)
    assert linted is not None
    for finding in linted.findings[:4]:
        hover_markdown(linted, [finding])
        actions = [a for a in (fix_action(finding), *suppress_actions(linted, finding)) if a]
        for action in actions:
            inserted = [(e.start, e.content) for e in action.edits]
            assert all(e.start == e.end for e in action.edits)
            edited = apply_edits(text, sorted(action.edits, key=lambda e: -e.start))
            assert _without(edited, inserted) == text
    everything = fix_all(linted)
    if everything is not None:
        assert all(e.start == e.end for e in everything.edits)
