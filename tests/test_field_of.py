"""``field_of`` (where a placeholder sits) reads labels with the one label reader."""

from __future__ import annotations

import pytest

from opslint.checks.shared.places import field_of


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("担当者：未定", ("担当者", 4)),
        ("- **Rollback owner:** TBD", ("Rollback owner", 22)),
        ("**Window**: to be fixed", ("Window", 12)),
        ("・確認者：（仮）", ("確認者", 5)),
        ("  1. Contact: someone", ("Contact", 14)),
    ],
)
def test_a_field_is_read_as_its_label_and_value(raw: str, expected: tuple[str, int]) -> None:
    assert field_of(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "See https://status.example.org for details",
        "- **Canary** first, then the rest: one hour apart",  # emphasis inside: a sentence
        "db_password: change-me",  # a configuration key, not a field name
        "手順は次のとおり。注意: 止めないこと",  # a sentence before the colon
        "Step 2: drain the queue",  # a numbered step, not a named field
        "12:30 開始",
    ],
)
def test_prose_code_and_times_are_not_fields(raw: str) -> None:
    assert field_of(raw) is None
