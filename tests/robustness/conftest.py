"""Robustness tests: bad, hostile or huge input. Each test is bounded by a timeout, so a
regression to super-linear time or a hang fails instead of stalling CI."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("timeout") is None and "robustness" in item.nodeid:
            item.add_marker(pytest.mark.timeout(60))
