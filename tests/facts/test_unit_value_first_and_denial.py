"""The shared readers took over two local helpers: ``Unit.value_first`` (a key–value row with
its remarks columns read last; was facts/design.py) and ``polarity.denied`` (a mention named
as what a thing is not; was a pair of lists in facts/disposable.py)."""

from __future__ import annotations

import unicodedata

import pytest

from opslint.document.model import Row, Table
from opslint.document.normalize import normalize
from opslint.engine.vocab import Vocab
from opslint.facts.polarity import denied
from opslint.facts.units import Unit, loose
from opslint.lint import Bundle

REMARKS = ("備考", "notes")


def _row(header: tuple[str, ...], cells: tuple[str, ...]) -> Unit:
    row = Row(cells, 3)
    table = Table(header, (row,), 1, 3)
    text = " | ".join(cells)
    return Unit(3, text, normalize(text), loose(1, "").section, table=table, row=row)


def test_a_remarks_column_before_the_value_is_read_last() -> None:
    unit = _row(("項目", "備考", "目標値"), ("RPO", "WAL の継続転送", "10分")).value_first(REMARKS)
    assert unit.cells == ("RPO", "10分", "WAL の継続転送")
    assert unit.text == "RPO | 10分 | WAL の継続転送"
    label = unit.label()
    assert label is not None and label.label == "RPO" and label.value.startswith("10分")


@pytest.mark.parametrize(("header", "cells"), [
    (("Item", "Target", "Notes"), ("RTO", "2 hours", "zone outage")),  # already value first
    (("Notes", "Item", "Target"), ("checked yearly", "RTO", "2 hours")),  # remarks lead
    (("Item", "Notes"), ("RTO", "2 hours", "extra")),  # cells do not match the header
])
def test_other_rows_are_kept(header: tuple[str, ...], cells: tuple[str, ...]) -> None:
    unit = _row(header, cells)
    assert unit.value_first(REMARKS) == unit


def test_prose_is_kept() -> None:
    unit = loose(1, "RTO: 2 hours")
    assert unit.value_first(REMARKS) == unit


@pytest.fixture(scope="module")
def vocab(bundle: Bundle) -> Vocab:
    return bundle.vocab


def _denied(vocab: Vocab, text: str, word: str) -> bool:
    folded = unicodedata.normalize("NFKC", text).casefold()
    start = folded.index(word)
    return denied(vocab, folded, start, start + len(word))


@pytest.mark.parametrize(("text", "word", "expected"), [
    ("このストアは一時置き場ではありません", "一時置き場", True),
    ("揮発領域 でない", "揮発領域", True),
    ("It is not a scratch area.", "scratch area", True),
    ("It was never just a scratch area.", "scratch area", True),
    ("It is a scratch area.", "scratch area", False),
    ("一時置き場として使う", "一時置き場", False),
    # "not" too far before the word (more than two words between) says nothing of it
    ("not kept for long by the scratch area", "scratch area", False),
])
def test_denied(vocab: Vocab, text: str, word: str, expected: bool) -> None:
    assert _denied(vocab, text, word) is expected
