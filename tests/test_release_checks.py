"""Unit tests of the release check helpers (REL004–REL032) beyond the rule fixtures."""

from __future__ import annotations

import pytest

from opslint.checks.rel.mentions import _label
from opslint.checks.rel.rollback import vague_clause
from opslint.checks.rel.text import Unit, labelled
from opslint.document.model import DocKind, Row, Section, Table
from opslint.facts.units import loose
from opslint.lint import Bundle
from tests.conftest import lint_text


def _row(*cells: str) -> Unit:
    row = Row(cells, 3)
    table = Table(("#", "項目", "値"), (row,), 1, 3)
    return Unit(3, " | ".join(cells), " | ".join(cells), Section(0, "", "", None, 1, 3),
                table, row)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        (loose(1, "リリース対象バージョン: v2.4.0"), ("リリース対象バージョン", "v2.4.0")),
        (loose(1, "Release owner：Kim", "item"), ("Release owner", "Kim")),
        (loose(1, "**Release owner:** Kim", "item"), ("Release owner", "Kim")),
        (_row("1", "作業責任者", "木村"), ("作業責任者", "木村")),
        (loose(1, "10:00 作業開始"), None),
        (loose(1, "ただの文です。"), None),
        (loose(1, "https://example.com/x"), None),
    ],
)
def test_labelled(unit: Unit, expected: tuple[str, str] | None) -> None:
    assert labelled(unit) == expected


@pytest.mark.parametrize(
    ("prefix", "label"),
    [("* **サービス停止**: ", "サービス停止"), ("| 停止有無 | ", "停止有無"), ("", "")],
)
def test_pattern_label(prefix: str, label: str) -> None:
    assert _label(prefix) == label


def _vocab_criteria(bundle: Bundle):  # type: ignore[no-untyped-def]
    from opslint.checks.rel.vocab import ReleaseVocab

    return bundle.vocab.model("release", ReleaseVocab).criteria


@pytest.mark.parametrize(
    ("text", "vague"),
    [
        ("問題があれば切り戻す", "問題があれば切り戻す"),
        ("10:45までに完了しない、または致命的なバグが見つかった場合",
         "致命的なバグが見つかった場合"),
        ("重大な不具合が 3件以上見つかった場合", None),
        ("If there are issues, roll back", "If there are issues, roll back"),
        ("5xx ratio > 1% for 5 minutes", None),
    ],
)
def test_vague_clause(bundle: Bundle, text: str, vague: str | None) -> None:
    assert vague_clause(text, _vocab_criteria(bundle)) == vague


_T0 = """# リリース手順書

**リリース予定日時**: 2026/03/05 22:00 - 翌01:00

## 3. リリース当日の手順 (T-0)
| 時刻 | 作業項目 | 担当 | 確認項目 |
| -- | -- | -- | -- |
{rows}
"""


def _ids(bundle: Bundle, rows: str, *rules: str) -> list[tuple[str, int]]:
    findings = lint_text(bundle, _T0.format(rows=rows), DocKind.RELEASE, select=rules)
    return [(f.rule_id, f.line) for f in findings]


def test_timeline_rolls_over_midnight_inside_an_overnight_window(bundle: Bundle) -> None:
    rows = "| 23:50 | 停止 | 木村 | 完了 |\n| 00:10 | デプロイ | 木村 | Ready |\n" \
           "| 00:40 | 確認 | 森 | 成功 |"
    assert _ids(bundle, rows, "REL017", "REL018") == []


def test_timeline_reports_only_the_row_that_goes_back(bundle: Bundle) -> None:
    rows = "| 22:00 | 停止 | 木村 | 完了 |\n| 22:30 | デプロイ | 木村 | Ready |\n" \
           "| 22:20 | 確認 | 森 | 成功 |\n| 22:40 | 完了連絡 | 木村 | 送信済み |"
    assert _ids(bundle, rows, "REL017") == [("REL017", 10)]


def test_header_placeholders_are_left_to_gate001(bundle: Bundle) -> None:
    doc = "# リリース手順書\n\n**作業責任者**: [Name]\n**リリース対象バージョン**: -\n"
    findings = lint_text(bundle, doc, DocKind.RELEASE, select=("REL005", "GATE001"))
    assert sorted((f.rule_id, f.line) for f in findings) == [("GATE001", 3), ("REL005", 4)]


def test_placeholder_names_are_not_one_person(bundle: Bundle) -> None:
    rows = "\n".join(f"| {role} | 名前 | Slack |" for role in ("作業責任者", "承認者", "判断者"))
    table = f"| 役割 | 氏名 | 連絡手段 |\n| -- | -- | -- |\n{rows}\n"
    doc = f"# リリース手順書\n\n## 6. 連絡網\n{table}"
    assert lint_text(bundle, doc, DocKind.RELEASE, select=("REL031",)) == []
