"""The garbage collector does not run while a document is parsed (counted, not timed)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from opslint.document.load import decode
from opslint.document.parse import parse_document

_TEXT = "# 運用設計書\n\n## 監視\n\n| 項目 | 閾値 | 対応 |\n|---|---|---|\n" + "".join(
    f"| 指標{i} | `p95 < {i}ms` | [RB-{i}](https://wiki.example.com/rb/{i}) |\n"
    for i in range(400)) + "\n" + "".join(f"- [x] 手順 {i}\n" for i in range(200))


@pytest.fixture
def collections() -> Iterator[list[int]]:
    runs: list[int] = []

    def count(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            runs.append(info["generation"])

    gc.callbacks.append(count)
    try:
        yield runs
    finally:
        gc.callbacks.remove(count)


def _parse(collections: list[int] | None = None) -> None:
    source = decode(_TEXT.encode())
    if collections is not None:
        collections.clear()  # only what runs inside the parse counts
    parse_document(Path("17_運用設計書.md"), source)


def test_a_parse_allocates_enough_for_the_collector_to_run(collections: list[int]) -> None:
    from opslint.document import parse

    # The same work without the pause: the collector runs (the test below can fail).
    source = decode(_TEXT.encode())
    collections.clear()
    parse._parse_document(Path("17_運用設計書.md"), source, parse.DocKind.UNKNOWN)
    assert collections


def test_the_collector_is_paused_during_a_parse_and_enabled_after(
        collections: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    from opslint.document import parse

    during: list[int] = []
    whole = parse._parse_document

    def parse_and_count(*args: Any) -> Any:
        document = whole(*args)
        during.append(len(collections))  # still inside the pause
        return document

    monkeypatch.setattr(parse, "_parse_document", parse_and_count)
    assert gc.isenabled()
    _parse(collections)
    assert during == [0]
    assert gc.isenabled()


def test_a_collector_disabled_by_the_caller_stays_disabled() -> None:
    gc.disable()
    try:
        _parse()
        assert not gc.isenabled()
    finally:
        gc.enable()
