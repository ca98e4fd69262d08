"""House style does not change the alert-level, paging and severity-scale findings: each
rewrite of tests/metamorphic/transforms.py applied to those rules' fail fixtures leaves each rule's
findings at the same places (MON010, MON062, MON063, INC001, INC013)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opslint.config import Config
from opslint.lint import Bundle, lint_paths
from tests.conftest import ROOT
from tests.metamorphic.transforms import TRANSFORMS, LineMap, Transform

RULES = ("MON010", "MON062", "MON063", "INC001", "INC013")
FIXTURES = ROOT / "tests" / "fixtures" / "rules"
# The fixtures' expectation markers end table rows, where a rewrite of whole rows (permuted
# columns) would skip them; they are dropped first, which moves no line.
_MARKER = re.compile(r"\s*<!--\s*expect:[^>]*-->")


def _cases() -> list[object]:
    cases = []
    for rule in RULES:
        for case in sorted((FIXTURES / rule).iterdir()):
            if not case.name.startswith("fail"):
                continue
            for transform in TRANSFORMS:
                cases.append(pytest.param(rule, case, transform,
                                          id=f"{rule}-{case.stem}-{transform.name}"))
    return cases


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return Bundle.load()


def _lines(folder: Path, rule: str, bundle: Bundle) -> set[tuple[str, int]]:
    result = lint_paths([folder], Config(select=[rule]), bundle)
    return {(Path(f.path).name, f.line) for f in result.findings if f.rule_id == rule}


@pytest.mark.parametrize(("rule", "case", "transform"), _cases())
def test_level_findings_survive_the_rewrite(rule: str, case: Path, transform: Transform,
                                            bundle: Bundle, tmp_path: Path) -> None:
    files = sorted(case.glob("*.md")) if case.is_dir() else [case]
    original, rewritten = tmp_path / "original", tmp_path / "rewritten"
    original.mkdir()
    rewritten.mkdir()
    maps: dict[str, LineMap] = {}
    for path in files:
        text = _MARKER.sub("", path.read_text(encoding="utf-8"))
        (original / path.name).write_bytes(text.encode("utf-8"))
        new, where = transform.rewrite(text)
        (rewritten / path.name).write_bytes(new.encode("utf-8"))
        maps[path.name] = where
    before = _lines(original, rule, bundle)
    assert before, "the fail fixture gives no finding to compare"
    expected = {(name, maps[name](line)) for name, line in before}
    assert sorted(_lines(rewritten, rule, bundle)) == sorted(expected)
