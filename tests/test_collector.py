"""The collector policy of a run (opslint/collector.py): raised, never lowered, never enabled."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from opslint.collector import FIRST_GENERATION_THRESHOLD, tune_for_batch


@pytest.fixture(autouse=True)
def _restore_collector() -> Iterator[None]:
    threshold, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.set_threshold(*threshold)
    (gc.enable if enabled else gc.disable)()


def test_default_threshold_is_raised_and_older_generations_kept() -> None:
    gc.set_threshold(700, 10, 10)
    tune_for_batch()
    assert gc.get_threshold() == (FIRST_GENERATION_THRESHOLD, 10, 10)


def test_a_higher_threshold_is_not_lowered() -> None:
    gc.set_threshold(FIRST_GENERATION_THRESHOLD * 2, 5, 5)
    tune_for_batch()
    assert gc.get_threshold() == (FIRST_GENERATION_THRESHOLD * 2, 5, 5)


def test_threshold_zero_means_off_and_stays_off() -> None:
    gc.set_threshold(0, 10, 10)
    tune_for_batch()
    assert gc.get_threshold()[0] == 0


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    gc.set_threshold(700, 10, 10)
    tune_for_batch()
    assert not gc.isenabled()


def test_the_command_line_tunes_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    from opslint.cli import app

    gc.set_threshold(700, 10, 10)
    monkeypatch.setattr(app.cli, "main", lambda **_: None)
    app.main(["--version"])
    assert gc.get_threshold()[0] == FIRST_GENERATION_THRESHOLD
