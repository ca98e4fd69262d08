"""Reading backups: the recovery points that survive damage, replicas, infrastructure
rebuilt from code (facts/recovery.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.document.load import decode
from opslint.document.model import DocKind
from opslint.document.parse import parse_document
from opslint.engine.vocab import Vocab, load_vocab
from opslint.facts.extract import extract_facts
from opslint.facts.model import Backup
from opslint.facts.quantities import parse_copy_frequency
from opslint.resources import rules_dir


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return load_vocab(rules_dir())


def _backups(vocab: Vocab, body: str) -> list[Backup]:
    text = f"# 運用設計書\n\n## バックアップ\n\n{body}"
    doc = parse_document(Path("doc.md"), decode(text.encode("utf-8")), DocKind.OPERATION)
    return list(extract_facts(doc, vocab).operation.backups)


_TABLE = "| 対象 | 方式 | 頻度 | 保持期間 |\n| -- | -- | -- | -- |\n"


@pytest.mark.parametrize(("text", "minutes", "mode"), [
    ("nightly snapshot plus a cross-region replica, replication lag under 1 minute", 1440.0,
     "periodic"),
    ("継続的なレプリケーション", None, None),
    ("binlog を S3 に転送（5分ごと）、日次スナップショット", 5.0, "pitr"),
    ("Object snapshots every 4 hours", 240.0, "periodic"),
])
def test_copy_frequency_leaves_replicas_out(text: str, minutes: float | None,
                                            mode: str | None) -> None:
    found = parse_copy_frequency(text)
    assert (found.interval_minutes, found.mode) == (minutes, mode) if found else minutes is None


def test_a_daily_dump_beside_a_replica_keeps_a_daily_recovery_point(vocab: Vocab) -> None:
    rows = ("| MySQL | mysqldump の論理バックアップ | 毎日 | 14日 |\n"
            "| MySQL（大阪） | 非同期レプリカ | 常時 | 最新のみ |\n")
    dump, replica = _backups(vocab, _TABLE + rows)
    assert (dump.copy_interval, dump.point_in_time) == (1440.0, False)
    assert replica.copy_interval is None and replica.replicated


def test_a_log_archive_in_words_is_point_in_time(vocab: Vocab) -> None:
    (row,) = _backups(vocab, _TABLE + "| PostgreSQL | 週次の完全バックアップと WAL の継続アーカイブ"
                                    " | 日曜 03時00分、WAL は継続（2分 以内） | 30日 |\n")
    assert row.point_in_time and row.copy_interval == 2.0


def test_object_versioning_keeps_every_write(vocab: Vocab) -> None:
    table = ("| Bucket | Method | Frequency | Retention |\n| -- | -- | -- | -- |\n"
             "| S3 `invoices` | Object versioning | Each nightly export | 90 days |\n")
    (row,) = _backups(vocab, table)
    assert row.copy_interval == 0.0 and row.point_in_time


@pytest.mark.parametrize("body", [
    "The GKE clusters keep no state and are not backed up: we rebuild them from Terraform.\n",
    "- AKS クラスタはバックアップしない。Bicep のテンプレートから再作成する。\n",
])
def test_infrastructure_rebuilt_from_code_is_a_target_without_data(vocab: Vocab,
                                                                   body: str) -> None:
    (row,) = _backups(vocab, body)
    assert row.rebuilt and not row.is_data
    assert row.target in ("GKE clusters", "AKS クラスタ")


def test_a_database_restored_with_terraform_stays_data(vocab: Vocab) -> None:
    row_text = ("| Cloud SQL | 自動バックアップ。Terraform で新しいインスタンスを作り復元する"
                " | 毎日 | 7日 |\n")
    (row,) = _backups(vocab, _TABLE + row_text)
    assert row.is_data and not row.rebuilt
