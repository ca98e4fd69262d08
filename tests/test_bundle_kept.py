"""Bundles kept for a resident process (opslint/daemon): a later bundle of the same key
takes the kept parts without reading the rules cache; any other key loads as before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from opslint import bundle as bundle_module
from opslint.bundle import Bundle, keep_loaded
from opslint.cache import Cache


@pytest.fixture(autouse=True)
def _nothing_kept() -> Iterator[None]:
    bundle_module._KEPT.clear()
    yield
    bundle_module._KEPT.clear()


class _CountingCache(Cache):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.gets: list[str] = []

    def get(self, section: str, key: str) -> object:
        self.gets.append(section)
        return super().get(section, key)


def test_a_one_shot_process_keeps_nothing(tmp_path: Path) -> None:
    Bundle.load(cache=Cache(tmp_path / "cache"))
    assert bundle_module._KEPT == {}


def test_a_kept_bundle_is_taken_without_reading_the_rules_cache(tmp_path: Path) -> None:
    kept = Bundle.load()
    keep_loaded(kept)
    cache = _CountingCache(tmp_path / "cache")
    later = Bundle.lazy(cache=cache)
    assert later.rules is kept.rules
    assert "rules" not in cache.gets


def test_other_rules_folders_do_not_take_the_kept_bundle(tmp_path: Path) -> None:
    keep_loaded(Bundle.load())
    extra = tmp_path / "my-rules"
    extra.mkdir()
    other = Bundle.lazy([extra])
    assert other.key not in bundle_module._KEPT
    assert other.rules is not Bundle.lazy().rules
