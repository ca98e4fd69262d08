"""Unit tests of the text checks: placeholders and gates, secrets, blameless wording, toil."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.checks.inc.blameless import _people
from opslint.checks.shared.places import cell_column, cell_spans, field_of
from opslint.checks.shared.text import fold, quoted
from opslint.document.model import DocKind
from opslint.lint import Bundle
from tests.conftest import CORPUS, lint_text

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


# ------------------------------------------------------------------ scanning helpers


def test_fold_maps_full_width_text_to_source_columns() -> None:
    folded = fold("対象: ｖＸ．Ｘ．Ｘ です")
    start = folded.text.index("vX.X.X")
    assert folded.column(start) == 5
    assert folded.source(start, start + len("vX.X.X")) == "ｖＸ．Ｘ．Ｘ"


def test_fold_keeps_columns_when_one_character_expands() -> None:
    folded = fold("㈱ TBD")  # NFKC turns ㈱ into three characters
    assert folded.text.startswith("(株)")
    assert folded.column(folded.text.index("TBD")) == 3


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        ("| a | b |", [" a ", " b "]),
        ("a | b", ["a ", " b"]),
        ("| a \\| b | c |", [" a \\| b ", " c "]),
        ("|  | x |", ["  ", " x "]),
    ],
)
def test_cell_spans(row: str, cells: list[str]) -> None:
    assert [row[a:b] for a, b in cell_spans(row)] == cells


def test_cell_column_points_at_content_or_empty_cell() -> None:
    row = "| 01:00 |   | 山本 |"
    spans = cell_spans(row)
    assert cell_column(row, spans[0]) == 3
    assert cell_column(row, spans[1]) == 10
    assert row[cell_column(row, spans[2]) - 1] == "山"


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("**作業責任者**: 名前", "作業責任者"),
        ("**Postmortem Owner:** _Your name goes here._", "Postmortem Owner"),
        ("- 承認者：未定", "承認者"),
        ("- HH:MM 検知", "HH"),
        ("https://example.com/a", None),
        ("2026/12/10 01:00 開始", None),
    ],
)
def test_field_of(line: str, key: str | None) -> None:
    found = field_of(line)
    assert (found[0] if found else None) == key


def test_quoted_is_about_quotation_marks_only() -> None:
    text = "「未定」と（TBD）"
    assert quoted(text, 1, 3)
    assert not quoted(text, text.index("TBD"), text.index("TBD") + 3)


# ------------------------------------------------------------------ placeholders and gates


def test_placeholder_finding_points_at_the_placeholder(bundle: Bundle) -> None:
    doc = "# リリース手順書\n\n**リリース予定日時**: 2026/12/10 HH:MM - 05:00\n"
    (finding,) = lint_text(bundle, doc, select=("GATE001",))
    line = doc.splitlines()[finding.line - 1]
    assert line[finding.column - 1 :].startswith("HH:MM")
    assert "リリース予定日時" in finding.message and "HH:MM" in finding.message


def test_placeholder_message_names_the_table_column(bundle: Bundle) -> None:
    doc = "# 運用設計書\n\n## 6. 運用体制\n| 役割 | 氏名 |\n| -- | -- |\n| DB 担当 | [Name] |\n"
    (finding,) = lint_text(bundle, doc, select=("GATE001",))
    assert "「6. 運用体制」の「氏名」列" in finding.message


def test_placeholder_rules_skip_unknown_documents(bundle: Bundle) -> None:
    assert lint_text(bundle, "# Notes\n\nversion vX.X.X, TBD\n", DocKind.UNKNOWN,
                     select=("GATE",)) == []


@pytest.mark.parametrize(
    ("doc", "rule"),
    [
        ("# リリース手順書\n\n## 確認ゲート\n- [ ] 告知が完了した\n", "GATE011"),
        ("# 運用設計書\n\n## 3. 定常作業\n### 確認ゲート\n- [ ] 自動化を確認した\n", "GATE014"),
        ("# 運用設計書\n\n## 5. バックアップ・DR\n\n## 確認ゲート\n- □ DR 訓練を実施した\n",
         "GATE016"),
        ("# Operation Design\n\n## Gate 3\n- [ ] Alerts reviewed\n", "GATE013"),
    ],
)
def test_gate_item_takes_the_gate_of_its_heading_or_chapter(
    bundle: Bundle, doc: str, rule: str
) -> None:
    findings = lint_text(bundle, doc, select=("GATE",))
    assert [f.rule_id for f in findings] == [rule]
    assert findings[0].gate == int(rule[-1])


def test_gate_item_column_points_at_the_box(bundle: Bundle) -> None:
    doc = "# リリース手順書\n\n## 確認ゲート1\n  - [ ] 告知\n"
    (finding,) = lint_text(bundle, doc, select=("GATE011",))
    assert finding.column == 5


def test_fix_skeleton_placeholders_become_findings(bundle: Bundle) -> None:
    outline = bundle.outlines[DocKind.RELEASE]
    assert outline.header is not None
    doc = "# リリース手順書\n\n" + outline.header.ja + "\n"
    words = {f.message.split("「")[-1].split("」")[0] for f in
             lint_text(bundle, doc, select=("GATE001",))}
    assert {"vX.X.X", "YYYY/MM/DD", "HH:MM", "[Name]"} <= words


# ------------------------------------------------------------------ secrets


def _token(*parts: str) -> str:
    # Built at run time so that no token-shaped literal sits in the repository.
    return "".join(parts)


_RANDOM = "Q7mZ2pL9xW4rT8vN3bK6cH1jF5gD0sA2eR7yU"


@pytest.mark.parametrize(
    ("text", "rule", "hint"),
    [
        (_token("gh", "p_", _RANDOM[:36]), "SEC005", "ghp_…"),
        (_token("xo", "xb-", "2154", "-", _RANDOM[:24]), "SEC005", "xoxb-…"),
        (_token("sk", "_live_", _RANDOM[:28]), "SEC005", "sk_live_…"),
        (_token("https://hooks.slack.com/services/", "T0", "ABCD123/", "B0", "EFGH456/",
                _RANDOM[:24]), "SEC005", "https://hooks.slack.com/services/…"),
        (_token("AI", "za", _RANDOM[:35]), "SEC003", "AIza…"),
        (_token("AS", "IA", "Q3Z7M2X9K4P8L5NW"), "SEC003", "ASIA…"),
    ],
)
def test_token_formats_are_found_and_masked(
    bundle: Bundle, text: str, rule: str, hint: str
) -> None:
    findings = lint_text(bundle, f"# Notes\n\nkey {text} here\n", DocKind.UNKNOWN,
                         select=("SEC",))
    assert [(f.rule_id, f.severity.value) for f in findings] == [(rule, "error")]
    secret = text[len(hint) - 1 :]
    for finding in findings:
        assert hint in finding.message
        assert secret[:8] not in finding.message and secret[:8] not in finding.question


# The invented secrets of the SEC fail fixtures (a distinctive part of each).
_FIXTURE_SECRETS = ("Vq7m2Lx9Rt", "Zr8Kp3Wq5n", "Hn4!tq8Wz", "Qx9v2mL7kR", "Wq4!zN8rT",
                    "3f9a1c7e5b2d", "Q3Z7M2X9K4P8L5NW", "q7Vb3Nz8Lk2W", "b3BlbnNzaC1",
                    "9fQ2kLm7Xz4R", "Zk3mQ9vR2tX8", "eyJzdWIiOiJvcHMtYm90In0")


@pytest.mark.parametrize("case", sorted(FIXTURES.glob("SEC*/fail_*.md")),
                         ids=lambda p: p.parent.name)
def test_secret_findings_never_repeat_the_secret(bundle: Bundle, case: Path) -> None:
    text = case.read_text(encoding="utf-8")
    findings = lint_text(bundle, text, DocKind.UNKNOWN, select=("SEC",))
    assert findings
    assert any(s in text for s in _FIXTURE_SECRETS)
    for finding in findings:
        for secret in _FIXTURE_SECRETS:
            assert secret not in finding.message and secret not in finding.question


def test_secrets_are_found_in_comments_and_front_matter(bundle: Bundle) -> None:
    doc = ("---\ndb: postgres://app:Vq7m2Lx9Rt@db.internal/shop\n---\n# Notes\n\n"
           "<!-- password=Hn4!tq8Wz -->\n")
    findings = lint_text(bundle, doc, DocKind.UNKNOWN, select=("SEC",))
    assert sorted((f.line, f.rule_id) for f in findings) == [(2, "SEC001"), (6, "SEC002")]


# ------------------------------------------------------------------ blameless and toil


def test_team_table_cells_give_names_not_roles() -> None:
    roles = ["SRE", "チーム", "担当", "オンコール", "team", "vendor", "support"]
    assert set(_people("SREリード（佐藤 健一）", roles)) == {"佐藤", "健一"}
    people = set(_people("該当領域の担当（DB: 伊藤 翔太、決済: 山本 彩 など）", roles))
    assert people == {"伊藤", "翔太", "山本"}
    assert "など" not in set(_people("山本 彩 など", roles))
    assert set(_people("aliyell", roles)) == {"aliyell"}
    assert set(_people("_Who was the IC?_", roles)) == set()
    assert set(_people("オンコール一次", roles)) == set()


def test_blameless_guide_of_unknown_kind_is_not_read(bundle: Bundle) -> None:
    guide = CORPUS / "C019__blameless.md"
    if not guide.is_file():
        pytest.skip("shared corpus not available")
    text = guide.read_text(encoding="utf-8")
    assert lint_text(bundle, text, DocKind.UNKNOWN, select=("INC",), name=guide.name) == []


def test_blame_term_in_an_unknown_postmortem_is_found(bundle: Bundle) -> None:
    doc = ("# Outage\n\n## Timeline\n- 10:00 deploy\n\n## Contributing factors\n"
           "- Human error during the deploy.\n")
    findings = lint_text(bundle, doc, DocKind.UNKNOWN, select=("INC040",))
    assert [(f.line, f.column) for f in findings] == [(7, 3)]
    assert "Human error" in findings[0].message


def test_manual_step_is_one_finding_per_line(bundle: Bundle) -> None:
    doc = ("# リリース手順書\n\n## 3. リリース当日の手順 (T-0)\n"
           "- 01:05 踏み台に SSH し、手動でスナップショットを取得する\n")
    (finding,) = lint_text(bundle, doc, select=("OPS050",))
    assert (finding.line, finding.column) == (4, 14)
    assert "SSH" in finding.message


def test_field_of_on_deeply_indented_lines() -> None:
    """Indentation never belongs to the key (and is matched without backtracking)."""
    from opslint.checks.shared.places import field_of

    assert field_of("      - 担当: TBD") == ("担当", len("      - 担当: "))
    assert field_of("**作業責任者**: 名前") is not None
    assert field_of(" " * 600 + "- item") is None
