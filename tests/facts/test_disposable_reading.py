"""Reading datastores the design calls a cache or rebuildable (facts/disposable.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.document.load import decode
from opslint.document.model import DocKind
from opslint.document.parse import parse_document
from opslint.engine.vocab import Vocab, load_vocab
from opslint.facts.extract import extract_facts
from opslint.resources import rules_dir


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return load_vocab(rules_dir())


def _stores(vocab: Vocab, body: str, title: str = "## 4. データストア") -> tuple[str, ...]:
    text = f"# アーキテクチャ設計書\n\n{title}\n\n{body}"
    doc = parse_document(Path("03.md"), decode(text.encode("utf-8")), DocKind.ARCHITECTURE)
    return extract_facts(doc, vocab).design.disposable_stores


_TABLE = "| データストア | 用途 |\n| -- | -- |\n"


@pytest.mark.parametrize(("row", "expected"), [
    ("| ElastiCache for Redis | 一覧画面のキャッシュ |", {"ElastiCache", "Redis"}),
    ("| Memorystore for Redis | 消えても DB から再構築できる集計値 |", {"Memorystore"}),
    ("| Memorystore | Ephemeral counters, can be rebuilt from the event log |", {"Memorystore"}),
    # the store it is rebuilt from is not the disposable one
    ("| Redis | Aurora から再構築できるキャッシュ |", {"Redis"}),
])
def test_a_row_calls_its_own_store_disposable(vocab: Vocab, row: str,
                                              expected: set[str]) -> None:
    found = set(_stores(vocab, _TABLE + row + "\n"))
    assert expected <= found
    assert not {"Amazon Aurora", "Aurora"} & found


@pytest.mark.parametrize("row", [
    "| Redis | 仮押さえの正本。キャッシュではない |",
    "| Redis | Primary store for carts; it is not a cache |",
    "| Redis | キャッシュは使わない |",
    "| Azure Cache for Redis | セッション |",  # a product name is no cue
    "| Aurora PostgreSQL | 注文データの正本 |",
])
def test_no_cue_or_a_negated_one_says_nothing(vocab: Vocab, row: str) -> None:
    assert _stores(vocab, _TABLE + row + "\n") == ()


def test_a_sentence_about_one_store(vocab: Vocab) -> None:
    body = ("Valkey はセッションだけを持ち、永続化しない。\n\n"
            "Aurora の前段にキャッシュ層を置く。\n")
    found = _stores(vocab, body, "## 5. 方針")
    assert "Redis" in found  # Valkey is read as Redis
    assert not [n for n in found if "Aurora" in n]  # Aurora is no topic of the cache


def test_english_prose(vocab: Vocab) -> None:
    body = "Memorystore is a cache only: nothing in it needs to survive a restart.\n"
    assert "Memorystore" in _stores(vocab, body, "## 5. Notes")
