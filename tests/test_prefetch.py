"""The rules load in a forked child while the run reads its files (``Bundle.prefetch``,
``engine/isolated.start_isolated``), when they are not in the cache."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import opslint.bundle
from opslint.cache import Cache
from opslint.config import Config
from opslint.docsets import check_paths
from opslint.engine.isolated import start_isolated
from opslint.lint import Bundle

ROOT = Path(__file__).resolve().parents[1]
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork here")


def _wait_for(path: str) -> str:
    """The text of a file the parent writes after starting this call (``timeout`` if it
    never comes: the call did not run beside the parent)."""
    for _ in range(2000):
        if os.path.exists(path):
            with open(path, encoding="utf-8") as file:
                return file.read()
        time.sleep(0.005)
    return "timeout"


@needs_fork
def test_the_caller_goes_on_while_the_child_works(tmp_path: Path) -> None:
    signal = tmp_path / "go"
    started = start_isolated(_wait_for, str(signal))
    # Only after start_isolated returned; written whole, then named: the child, polling for
    # the name, must never read a file created but not yet written (it read '' under load).
    written = tmp_path / "go.part"
    written.write_text("went on", encoding="utf-8")
    os.replace(written, signal)
    assert started.result() == "went on"


@needs_fork
def test_prefetched_rules_are_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[object] = []
    real = opslint.bundle._load_parts
    monkeypatch.setattr(opslint.bundle, "_load_parts",
                        lambda folders: loads.append(folders) or real(folders))
    bundle = Bundle.lazy()
    bundle.prefetch()
    bundle.prefetch()  # once
    assert len(loads) == 1
    expected = Bundle.load()
    assert [r.id for r in bundle.rules] == [r.id for r in expected.rules]
    assert bundle.vocab.kinds == expected.vocab.kinds
    assert len(loads) == 2  # the second bundle's; the first waited for its child
    bundle.prefetch()  # loaded: nothing to start
    assert len(loads) == 2


def test_no_prefetch_when_the_cache_holds_the_rules(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    Bundle.load(cache=Cache(tmp_path))  # fills the cache
    loads: list[object] = []
    monkeypatch.setattr(opslint.bundle, "_load_parts", loads.append)
    cached = Bundle.lazy(cache=Cache(tmp_path))
    cached.prefetch()
    assert loads == [] and cached.rules


def test_check_starts_loading_before_it_reads(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []
    real_prefetch, real_read = Bundle.prefetch, opslint.docsets.Run.read
    monkeypatch.setattr(Bundle, "prefetch",
                        lambda self: order.append("prefetch") or real_prefetch(self))
    monkeypatch.setattr(opslint.docsets.Run, "read", lambda self, *a, **k: order.append(
        "read") or real_read(self, *a, **k))
    monkeypatch.chdir(ROOT / "examples" / "ja" / "clean")
    result = check_paths([Path(".")], Config.model_validate({}), Bundle.lazy())
    assert order[0] == "prefetch" and "read" in order
    assert result.docset
    empty = tmp_path / "empty"
    empty.mkdir()
    order.clear()
    check_paths([empty], Config.model_validate({}), Bundle.lazy())
    assert order == []  # no file: nothing will need the rules
