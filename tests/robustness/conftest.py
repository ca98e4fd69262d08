"""Robustness tests: bad, hostile or huge input. Each test is bounded by a timeout, so a
regression to super-linear time or a hang fails instead of stalling CI."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# CI: few examples, the same ones every run (deterministic output, bounded time). Locally,
# HYPOTHESIS_PROFILE=deep explores widely; failures it finds are replayed from .hypothesis/.
settings.register_profile("ci", max_examples=25, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", max_examples=1500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if os.environ.get("HYPOTHESIS_PROFILE") == "deep":
        return  # a long exploration, run by hand
    for item in items:
        if item.get_closest_marker("timeout") is None and "robustness" in item.nodeid:
            item.add_marker(pytest.mark.timeout(60))
