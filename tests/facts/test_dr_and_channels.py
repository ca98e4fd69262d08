"""DR strategies read in their context or from a description, and channels named by a
Slack handle (facts/technology.py, facts/dr_described.py, facts/monitoring.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.document.load import decode
from opslint.document.model import DocKind
from opslint.document.parse import parse_document
from opslint.engine.vocab import Vocab, load_vocab
from opslint.facts.extract import extract_facts
from opslint.facts.model import DocumentFacts
from opslint.resources import rules_dir


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return load_vocab(rules_dir())


def _facts(vocab: Vocab, text: str, kind: DocKind = DocKind.OPERATION) -> DocumentFacts:
    doc = parse_document(Path("doc.md"), decode(text.encode("utf-8")), kind)
    return extract_facts(doc, vocab)


def _dr(vocab: Vocab, text: str) -> list[tuple[str, bool]]:
    return [(m.name, m.inferred) for m in _facts(vocab, text).named("dr_strategy")]


# ------------------------------------------------------------------ a generic name in context


@pytest.mark.parametrize(("heading", "expected"), [
    ("## Disaster recovery", [("backup_restore", False)]),
    ("## 災害対策", [("backup_restore", False)]),
    ("## Database maintenance", []),
])
def test_a_generic_strategy_name_counts_under_a_dr_heading(vocab: Vocab, heading: str,
                                                           expected: list[object]) -> None:
    text = (f"# Operations design\n\n{heading}\n\n### Losing the home site\n\n"
            "Until the second site is built,\nour plan is backup and restore.\n")
    assert _dr(vocab, text) == expected


# ------------------------------------------------------------------ a strategy described


@pytest.mark.parametrize(("body", "name"), [
    ("## DR 構成\n\n| 要素 | 主系 | 副系 |\n| -- | -- | -- |\n"
     "| アプリ | 本番クラスタ | 最小構成の待機クラスタ（2 ノードを常時稼働） |\n", "warm_standby"),
    ("## Disaster recovery\n\nOn failover the standby cluster in the second region is scaled "
     "out to full size.\n", "warm_standby"),
    ("## Disaster recovery\n\nThe database has a replica in the DR region; the application "
     "servers there are stopped and are started on failover.\n", "pilot_light"),
    ("## 災害対策\n\n- DR サイトには DB のレプリカだけを置き、"
     "アプリケーションサーバーは停止しておく。\n", "pilot_light"),
])
def test_a_described_topology_is_read_as_an_inferred_strategy(vocab: Vocab, body: str,
                                                              name: str) -> None:
    found = _dr(vocab, f"# 設計書\n\n{body}")
    assert found and all(f == (name, True) for f in found)


def test_a_named_strategy_is_not_second_guessed(vocab: Vocab) -> None:
    text = ("# Design\n\n## Disaster recovery\n\nStrategy: pilot light. The standby cluster is "
            "scaled out to full size on failover.\n")
    assert _dr(vocab, text) == [("pilot_light", False)]


def test_a_description_outside_dr_is_not_a_strategy(vocab: Vocab) -> None:
    text = ("# Design\n\n## Capacity\n\nThe standby cluster of the batch system is scaled out "
            "at month end.\n")
    assert _dr(vocab, text) == []


# ------------------------------------------------------------------ channels by handle


_MONITORS = ("# 運用設計書\n\n## 監視設計\n\n### アラート一覧\n\n"
             "| ID | 監視項目 | 閾値 | レベル | 通知先 |\n| -- | -- | -- | -- | -- |\n")


@pytest.mark.parametrize(("cell", "channels"), [
    ("PagerDuty + #team-ops", ("PagerDuty", "Slack")),
    ("#障害対応", ("Slack",)),
    ("チケット #1234 に記録", ()),
    ("メール（#team-ops への通知はしない）", ("Email",)),
])
def test_a_channel_named_by_its_handle_is_slack(vocab: Vocab, cell: str,
                                                channels: tuple[str, ...]) -> None:
    text = _MONITORS + f"| MON-01 | 5xx 率 | > 1% が 5分 継続 | Critical | {cell} |\n"
    (monitor,) = _facts(vocab, text).operation.monitors
    assert set(monitor.channels) == set(channels)


def test_a_procedure_named_in_a_dr_chapter_is_not_a_strategy(vocab: Vocab) -> None:
    text = ("# 運用設計書\n\n## バックアップ・DR\n\n"
            "バックアップとリストアの手順は、毎月の復元テストで確かめる。\n")
    assert _dr(vocab, text) == []
