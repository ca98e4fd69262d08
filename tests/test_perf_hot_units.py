"""A unit normalises its text on first use, not when it is cut (issue 10): most units are
never read normalised. Work is counted, never timed."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from pathlib import Path

from opslint.config import Config
from opslint.document.model import Section
from opslint.document.normalize import normalize
from opslint.facts import units as units_module
from opslint.facts.units import LAZY, Unit, loose, section_units
from opslint.lint import Bundle, document_from_text
from tests.conftest import CountCalls

_DOC = """# 運用設計書

## 監視

作業時間は 59分。
ＴＢＤ の項目がある。

- 担当: 鈴木
- Slack `#release` に報告

| 監視ID | 対象 | 閾値 |
| -- | -- | -- |
| M-001 | ＥＫＳ ノード | p99 > 900ms |
"""

_NOWHERE = Section(0, "", "", None, 0, 0)


def test_cutting_units_normalises_nothing(bundle: Bundle, count_calls: CountCalls) -> None:
    doc = document_from_text(_DOC, Path("17_ops.md"), bundle, Config(), None)
    calls = count_calls(units_module, "normalize")
    cut = list(section_units(doc, prose="lines", code="all"))
    assert len(cut) >= 7
    assert calls["normalize"] == 0
    norms = [u.norm for u in cut]
    assert calls["normalize"] == len(cut)
    assert [u.norm for u in cut] == norms  # read once, then kept
    assert calls["normalize"] == len(cut)
    assert norms == [normalize(u.text) for u in cut]


def test_lazy_unit_equals_eager_one() -> None:
    lazy = loose(3, "ＴＢＤ  Abc")
    eager = Unit(3, "ＴＢＤ  Abc", normalize("ＴＢＤ  Abc"), _NOWHERE)
    assert lazy == eager and hash(lazy) == hash(eager) and repr(lazy) == repr(eager)
    assert loose(3, "ＴＢＤ") != loose(3, "TBX")
    assert lazy.norm == "tbd abc"


def test_given_norm_is_kept() -> None:
    unit = Unit(1, "Text", "given", _NOWHERE)
    assert unit.norm == "given"
    assert dataclasses.replace(unit, line=2).norm == "given"
    assert pickle.loads(pickle.dumps(unit)).norm == "given"


def test_lazy_unit_copies_and_pickles() -> None:
    for read_first in (False, True):
        unit = loose(5, "ＡＢ　Ｃ", "item")
        if read_first:
            assert unit.norm == "ab c"
        for other in (pickle.loads(pickle.dumps(unit)), copy.copy(unit), copy.deepcopy(unit),
                      dataclasses.replace(unit, line=5)):
            assert other == unit and other.norm == "ab c"
    assert dataclasses.replace(loose(1, "A"), text="B", norm=LAZY).norm == "b"
    assert dataclasses.fields(Unit)[2].name == "norm"
