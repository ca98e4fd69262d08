"""The commitment comparison of `opslint diff` (opslint/diff/commitments*.py), ja documents:
matching by meaning (rows reordered, chapters moved, documents renamed change nothing) and
the computed direction of each kind of change."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.diff.changes import CommitmentChange
from opslint.diff.commitments import KINDS, compare_commitments
from opslint.diff.words import field_label, kind_label
from opslint.document.model import DocKind
from opslint.facts.semantic import SemanticModel
from opslint.lint import Bundle, document_from_text

FIXTURES = Path(__file__).parent / "fixtures" / "diff_commitments"
OPS = (FIXTURES / "ops_ja.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return Bundle.load()


def model(bundle: Bundle, *docs: tuple[str, str, DocKind]) -> SemanticModel:
    documents = [document_from_text(text, Path(name), bundle, None, kind)
                 for name, text, kind in docs]
    return SemanticModel.of(documents, bundle.vocab, dict(bundle.outlines))


def diff(bundle: Bundle, old: str, new: str, *, new_name: str = "17_Operation_Design.md",
         kind: DocKind = DocKind.OPERATION) -> list[CommitmentChange]:
    base = model(bundle, ("17_Operation_Design.md", old, kind))
    head = model(bundle, (new_name, new, kind))
    return compare_commitments(base, head)


def edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def only(changes: list[CommitmentChange], kind: str) -> list[CommitmentChange]:
    return [c for c in changes if c.kind == kind]


def test_same_document_no_change(bundle: Bundle) -> None:
    assert diff(bundle, OPS, OPS) == []


def swap(text: str, first: str, second: str) -> str:
    """The document with the two rows that start with these cells exchanged."""
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith(first))
    j = next(n for n, line in enumerate(lines) if line.startswith(second))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def test_rows_reordered_no_change(bundle: Bundle) -> None:
    reordered = swap(OPS, "| MON-01 |", "| MON-03 |")
    reordered = swap(reordered, "| 可用性 | 99.9%", "| レイテンシ | p95")
    reordered = swap(reordered, "| 在庫 DB |", "| 設定ファイル |")
    reordered = swap(reordered, "| 0分 |", "| 30分 |")
    reordered = swap(reordered, "| Sev-1 |", "| Sev-2 |")
    reordered = swap(reordered, "| 50% |", "| 100% |")
    assert reordered != OPS
    assert diff(bundle, OPS, reordered) == []


def test_moved_chapter_no_change(bundle: Bundle) -> None:
    start, end = OPS.index("## 4. バックアップ・DR"), OPS.index("## 5. ログ")
    chapter = OPS[start:end]
    moved = OPS[:start] + OPS[end:]
    at = moved.index("## 2. 監視・アラート")
    moved = moved[:at] + chapter + moved[at:]
    changes = diff(bundle, OPS, moved)
    assert changes == []


def test_renamed_document_is_followed(bundle: Bundle) -> None:
    changed = edit(OPS, ("| 可用性 | 99.9% |", "| 可用性 | 99.5% |"))
    changes = diff(bundle, OPS, changed, new_name="docs/ops/運用設計.md")
    assert [(c.kind, c.field, c.old, c.new, c.direction) for c in changes] == [
        ("slo", "target", "99.9%", "99.5%", "weakened")]
    assert changes[0].base and changes[0].base.path == "17_Operation_Design.md"
    assert changes[0].head and changes[0].head.path == "docs/ops/運用設計.md"


@pytest.mark.parametrize(("old", "new", "field", "direction"), [
    ("| 可用性 | 99.9% |", "| 可用性 | 99.5% |", "target", "weakened"),
    ("| 可用性 | 99.9% |", "| 可用性 | 99.95% |", "target", "strengthened"),
    ("| 可用性 | 99.9% | 30日間ローリング |", "| 可用性 | 99.9% | 7日間ローリング |", "window",
     "neutral"),
    ("| レイテンシ | p95 < 300ms |", "| レイテンシ | p95 < 500ms |", "target", "weakened"),
    ("| レイテンシ | p95 < 300ms |", "| レイテンシ | p95 < 200ms |", "target", "strengthened"),
])
def test_slo_direction(bundle: Bundle, old: str, new: str, field: str, direction: str) -> None:
    changes = only(diff(bundle, OPS, edit(OPS, (old, new))), "slo")
    assert [(c.field, c.direction) for c in changes] == [(field, direction)]


def test_sli_removed_is_weaker(bundle: Bundle) -> None:
    changed = edit(OPS, ("| レイテンシ | 応答時間の p95 | ロードバランサー |\n", ""))
    changes = only(diff(bundle, OPS, changed), "sli")
    assert [(c.key, c.removed, c.direction) for c in changes] == [
        ("レイテンシ", True, "weakened")]


@pytest.mark.parametrize(("old", "new", "field", "direction"), [
    ("> 2% が 5分継続", "> 5% が 5分継続", "threshold", "weakened"),
    ("> 2% が 5分継続", "> 2% が 2分継続", "threshold", "strengthened"),
    ("> 2% が 5分継続", "> 1% が 10分継続", "threshold", "neutral"),
    ("> 2% が 5分継続", "必要に応じて判断", "threshold", "weakened"),
    ("5分継続 | Critical |", "5分継続 | Warning |", "level", "weakened"),
    ("10分継続 | Warning | レイテンシ", "10分継続 | Critical | レイテンシ", "level",
     "strengthened"),
])
def test_monitor_direction(bundle: Bundle, old: str, new: str, field: str,
                           direction: str) -> None:
    changes = only(diff(bundle, OPS, edit(OPS, (old, new))), "monitor")
    assert [(c.key, c.field, c.direction) for c in changes][:1] == [
        (changes[0].key, field, direction)]
    assert len(changes) == 1


def test_monitor_removed_and_added(bundle: Bundle) -> None:
    row = "| MON-03 | 在庫 DB | CPU 使用率 | > 80% が 15分継続 | Warning | 対象外 |\n"
    removed = only(diff(bundle, OPS, edit(OPS, (row, ""))), "monitor")
    assert [(c.key, c.direction, c.new) for c in removed] == [("MON-03", "weakened", None)]
    added = only(diff(bundle, edit(OPS, (row, "")), OPS), "monitor")
    assert [(c.key, c.direction, c.old) for c in added] == [("MON-03", "strengthened", None)]


def test_monitor_renumbered_is_matched_by_subject(bundle: Bundle) -> None:
    changes = only(diff(bundle, OPS, edit(OPS, ("| MON-03 |", "| MON-09 |"))), "monitor")
    assert [(c.field, c.old, c.new, c.direction) for c in changes] == [
        ("id", "MON-03", "MON-09", "neutral")]


def test_critical_route_to_chat_only_is_weaker(bundle: Bundle) -> None:
    changed = edit(OPS, ("| Critical | PagerDuty（当番へ電話） |",
                         "| Critical | Slack `#stock-alerts` とメール |"))
    changes = only(diff(bundle, OPS, changed), "alert_route")
    assert [(c.key, c.field, c.direction) for c in changes] == [
        ("Critical", "channel", "weakened")]


@pytest.mark.parametrize(("old", "new", "kind", "field", "direction"), [
    ("| 10分 | 未受諾 | 二次当番 |", "| 20分 | 未受諾 | 二次当番 |", "escalation", "delay",
     "weakened"),
    ("| 30分 | 未受諾 | チームリーダー |", "| 20分 | 未受諾 | チームリーダー |", "escalation",
     "delay", "strengthened"),
    ("| 在庫照会が全面停止 | 15分以内 |", "| 在庫照会が全面停止 | 30分以内 |", "severity",
     "response", "weakened"),
    ("| DB 障害 | 1時間 | 15分 |", "| DB 障害 | 4時間 | 15分 |", "rto", "value", "weakened"),
    ("| DB 障害 | 1時間 | 15分 |", "| DB 障害 | 1時間 | 5分 |", "rpo", "value", "strengthened"),
    ("| 日次 02:00 | 14日 |", "| 週次 02:00 | 14日 |", "backup", "frequency",
     "weakened"),
    ("| 日次 02:00 | 14日 |", "| 日次 02:00 | 7日 |", "backup", "retention", "weakened"),
    ("| 監査ログ | S3 | 1年 |", "| 監査ログ | S3 | 90日 |", "audit_log", "retention",
     "weakened"),
    ("| 100% | 機能リリースを凍結する |", "| 150% | 機能リリースを凍結する |", "budget_policy",
     "trigger", "weakened"),
    ("= **43.2分**", "= **60分**", "error_budget", "budget", "weakened"),
])
def test_direction_of_each_kind(bundle: Bundle, old: str, new: str, kind: str, field: str,
                                direction: str) -> None:
    changes = diff(bundle, OPS, edit(OPS, (old, new)))
    assert [(c.kind, c.field, c.direction) for c in changes] == [(kind, field, direction)]
    assert changes[0].old and changes[0].new and changes[0].base and changes[0].head


def test_escalation_step_removed_and_budget_rule_removed(bundle: Bundle) -> None:
    changed = edit(OPS, ("| 30分 | 未受諾 | チームリーダー |\n", ""),
                   ("| 100% | 機能リリースを凍結する |\n", ""))
    changes = diff(bundle, OPS, changed)
    assert sorted((c.kind, c.direction) for c in changes) == [
        ("budget_policy", "weakened"), ("escalation", "weakened")]


def test_values_are_short_forms(bundle: Bundle) -> None:
    changes = diff(bundle, OPS, edit(OPS, ("| DB 障害 | 1時間 |", "| DB 障害 | 4時間 |")))
    assert (changes[0].old, changes[0].new) == ("1時間", "4時間")


def test_every_kind_and_field_has_words() -> None:
    for lang in ("ja", "en"):
        for kind in KINDS:
            assert kind_label(kind, lang) != kind or lang == "en" or kind in ("slo", "sli",
                                                                              "rto", "rpo"), kind
            assert "_" not in kind_label(kind, lang), (lang, kind)
        for field in ("target", "threshold", "level", "channel", "delay", "retention",
                      "frequency", "members", "strategy", "role"):
            assert field_label(field, lang)


def test_escalation_retargeted_keeps_its_step(bundle: Bundle) -> None:
    changed = edit(OPS, ("| 10分 | 未受諾 | 二次当番 |", "| 10分 | 未受諾 | 副リーダー |"))
    changes = diff(bundle, OPS, changed)
    assert [(c.kind, c.field, c.old, c.new, c.direction) for c in changes] == [
        ("escalation", "target", "二次当番", "副リーダー", "neutral")]


@pytest.mark.parametrize(("old", "new", "kind", "field", "direction"), [
    ("ウォームスタンバイを置く", "パイロットライトを置く", "dr_strategy", "strategy", "weakened"),
    ("ウォームスタンバイを置く", "ホットスタンバイを置く", "dr_strategy", "strategy",
     "strengthened"),
    ("| 待機系 DB の昇格 | 一次当番 | 15分 |", "| 待機系 DB の昇格 | 一次当番 | 45分 |",
     "recovery_time", "failover", "weakened"),
])
def test_dr_direction(bundle: Bundle, old: str, new: str, kind: str, field: str,
                      direction: str) -> None:
    changes = diff(bundle, OPS, edit(OPS, (old, new)))
    assert [(c.kind, c.field, c.direction) for c in changes] == [(kind, field, direction)]


def test_design_figures(bundle: Bundle) -> None:
    design = ("# 基本設計書\n\n## 非機能要件\n\n| 項目 | 目標 |\n| -- | -- |\n"
              "| 可用性 | 99.9%（月間） |\n| RTO | 2時間 |\n| RPO | 1時間 |\n")
    changed = edit(design, ("| 可用性 | 99.9%", "| 可用性 | 99.5%"),
                   ("| RPO | 1時間", "| RPO | 10分"))
    changes = diff(bundle, design, changed, kind=DocKind.BASIC_DESIGN)
    assert [(c.kind, c.key, c.field, c.old, c.new, c.direction) for c in changes] == [
        ("rpo", "RPO", "value", "1時間", "10分", "strengthened"),
        ("nfr", "可用性", "value", "99.9%", "99.5%", "weakened"),
    ]


def test_monitor_sli_link_replaced_by_a_dash_is_removed(bundle: Bundle) -> None:
    changed = edit(OPS, ("| Critical | 可用性 |", "| Critical | － |"))
    changes = only(diff(bundle, OPS, changed), "monitor")
    assert [(c.key, c.field, c.old, c.new, c.direction) for c in changes] == [
        ("MON-01", "sli", "可用性", None, "weakened")]


def test_role_renamed_is_followed_by_its_holder(bundle: Bundle) -> None:
    people = OPS + "\n## 6. 体制\n\n| 役割 | 氏名 | 連絡先 |\n| -- | -- | -- |\n" \
        "| 運用リーダー | 岡本 一郎 | 電話 |\n| 承認者 | 西田 花子 | Slack |\n"
    renamed = edit(people, ("| 運用リーダー | 岡本 一郎 |", "| 運用責任者 | 岡本 一郎 |"))
    changes = diff(bundle, people, renamed)
    assert [(c.kind, c.field, c.old, c.new, c.direction) for c in changes] == [
        ("contact", "role", "運用リーダー", "運用責任者", "neutral")]
    removed = edit(people, ("| 承認者 | 西田 花子 | Slack |\n", ""))
    assert [(c.kind, c.direction) for c in diff(bundle, people, removed)] == [
        ("approver", "weakened")]
