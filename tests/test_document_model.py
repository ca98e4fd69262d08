"""The document model on the quirks real documents have (research/corpus_notes.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.document.load import decode
from opslint.document.model import CodeBlock, Document, ListItem, Table
from opslint.document.normalize import contains_term, heading_number, normalize_heading
from opslint.document.parse import detect_language, parse_document


def parse(text: str) -> Document:
    return parse_document(Path("doc.md"), decode(text.encode("utf-8")))


@pytest.mark.parametrize(
    ("raw", "number", "norm"),
    [
        ("4. 切り戻し手順 (Rollback)", "4", "切り戻し手順 (rollback)"),
        ("1.2 リリース対象", "1.2", "リリース対象"),
        ("2.1.1 詳細", "2.1.1", "詳細"),
        ("1) タグ付け", "1", "タグ付け"),
        ("(3) 連絡網", "3", "連絡網"),
        ("0. Updating dependencies", "0", "updating dependencies"),
        ("1 - High Severity", "1", "high severity"),
        ("A. データベース監視の強化", "A", "データベース監視の強化"),
        ("第3章 運用体制", "第3章", "運用体制"),
        ("📋 概要", None, "概要"),
        (":airplane: Reliability", None, "reliability"),
        ("1. セキュリティ方針 <!-- required -->", "1", "セキュリティ方針"),
        ("Infrastructure {#_infrastructure_element_1}", None, "infrastructure"),
        ("４．切り戻し手順（Rollback）", "4", "切り戻し手順(rollback)"),
        ("3つの柱", None, "3つの柱"),
        ("問題1: タイムアウト", None, "問題1: タイムアウト"),
        ("2026", None, "2026"),
    ],
)
def test_heading_numbering_and_normalisation(raw: str, number: str | None, norm: str) -> None:
    assert heading_number(raw)[0] == number
    assert normalize_heading(raw) == norm


@pytest.mark.parametrize(
    ("text", "term", "expected"),
    [
        ("災害対策 (dr)", "DR", True),
        ("driver settings", "DR", False),
        ("バックアップ・dr", "DR", True),
        ("切り戻し手順", "切り戻し", True),
        ("post-release verification", "Post-release", True),
        ("release day steps", "Release day", True),
        ("release-day steps", "Release day", True),
        ("t-0", "T-0", True),
        ("slos", "SLO", False),
    ],
)
def test_contains_term(text: str, term: str, expected: bool) -> None:
    assert contains_term(text, term) is expected


def test_code_fences_never_make_headings() -> None:
    doc = parse("# 運用手順書\n\n```bash\n# コメント\n## not a heading\n```\n\n## 本当の章\n本文\n")
    titles = [s.title for s in doc.sections()]
    assert titles == ["運用手順書", "本当の章"]
    assert any(isinstance(b, CodeBlock) for b in doc.root.all_blocks())


def test_setext_headings() -> None:
    doc = parse("Introduction\n============\n\nBody\n\nGoals\n-----\n\nMore\n")
    assert [(s.level, s.title, s.line) for s in doc.sections()] == [
        (1, "Introduction", 1), (2, "Goals", 6)
    ]


def test_section_spans_and_nesting() -> None:
    doc = parse("# T\n## A\ntext\n### A1\nmore\n## B\nlast\n")
    a, a1, b = [s for s in doc.sections() if s.level > 1]
    assert (a.line, a.end_line) == (2, 5)
    assert (a1.line, a1.end_line) == (4, 5)
    assert (b.line, b.end_line) == (6, 7)
    assert a.children == (a1,)
    assert doc.section_at(5) == a1


def test_tables_ragged_rows_br_and_bold() -> None:
    doc = parse(
        "| 項目 | 値 |\n| -- | -- |\n| **RPO** | 24h<br>日次 |\n| 余分 | a | b |\n| 短い |\n"
    )
    table = next(b for b in doc.root.all_blocks() if isinstance(b, Table))
    assert table.header == ("項目", "値")
    assert table.rows[0].cells == ("RPO", "24h\n日次")
    assert [r.line for r in table.rows] == [3, 4, 5]
    assert table.rows[1].cells == ("余分", "a")  # extra cell dropped, row kept
    assert table.rows[2].get(1) == ""  # short row padded
    assert table.rows[2].get(9) == ""


def test_html_table_is_read_as_table() -> None:
    doc = parse(
        "# Severity\n\n<table>\n<tr><th>Severity</th><th>Description</th></tr>\n"
        "<tr><td>SEV-1</td><td>Critical<br>issue</td></tr>\n</table>\n"
    )
    table = next(b for b in doc.root.all_blocks() if isinstance(b, Table))
    assert table.header == ("Severity", "Description")
    assert table.rows[0].cells[0] == "SEV-1"


def test_task_items_and_depth() -> None:
    doc = parse("- [ ] 開いている\n- [x] 完了\n  - 子項目\n1. 番号付き\n")
    items = [b for b in doc.root.all_blocks() if isinstance(b, ListItem)]
    assert [(i.text, i.checked, i.depth, i.ordered) for i in items] == [
        ("開いている", False, 0, False),
        ("完了", True, 0, False),
        ("子項目", None, 1, False),
        ("番号付き", None, 0, True),
    ]


def test_front_matter_duplicate_keys_and_title() -> None:
    doc = parse("---\nlayout: ops\nlayout: docs\ntitle: Security Incident Response\n---\n\nBody\n")
    assert doc.front_matter["layout"] == "docs"
    assert doc.title == "Security Incident Response"
    assert doc.front_matter_end == 5


def test_broken_front_matter_is_tolerated() -> None:
    doc = parse("---\ntitle: [unclosed\n---\n\n# Real title\n")
    assert doc.front_matter == {}
    assert doc.title == "Real title"


def test_comments_are_collected_not_content() -> None:
    doc = parse("# T\n\n## 空の章\n<!-- TODO: 書く -->\n\n## 次 <!-- required -->\n本文\n")
    empty = next(s for s in doc.sections() if s.title == "空の章")
    assert not empty.has_content()
    assert [(c.text, c.line) for c in doc.comments] == [("TODO: 書く", 4), ("required", 6)]


def test_liquid_and_erb_do_not_crash() -> None:
    doc = parse("# <%= current_page.data.title %>\n\n{{ site.baseurl }}{% link a.md %}\n")
    assert doc.title is not None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("リリース手順書。切り戻し手順を記載する。Vercel と Supabase を使う。" * 3, "ja"),
        ("This runbook describes the rollback of the service." * 3, "en"),
        ("短い", "en"),
    ],
)
def test_language_detection(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_crlf_lines() -> None:
    doc = parse("# T\r\n\r\n## A\r\nbody\r\n")
    assert [s.line for s in doc.sections()] == [1, 3]
    assert doc.lines[2] == "## A"


def test_unicode_line_separators_do_not_shift_lines() -> None:
    doc = parse("# T\n\npara\u2028same line\fstill\n\n## A\nbody\n")
    assert [s.line for s in doc.sections()] == [1, 5]
    assert doc.lines[4] == "## A"
