"""House style does not change what opslint finds: each meaning-preserving rewrite of a
document set leaves its findings unchanged (same rules at the same places, once shifted
lines are mapped). Known differences are strict xfails with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.config import Config
from opslint.lint import Bundle, lint_paths
from tests.conftest import ROOT
from tests.metamorphic.transforms import TRANSFORMS, LineMap, Transform

SETS = {
    "examples-ja-clean": ROOT / "examples" / "ja" / "clean",
    "examples-en-clean": ROOT / "examples" / "en" / "clean",
    "examples-ja-defects": ROOT / "examples" / "ja" / "defects",
    "ja-souko": ROOT / "tests" / "fixtures" / "sets" / "ja-souko",
    "en-tidewater": ROOT / "tests" / "fixtures" / "sets" / "en-tidewater",
}
DOCS = ("03_Architecture.md", "04_Basic_Design.md", "10_Security_Design.md",
        "16_Release_Procedure.md", "17_Operation_Design.md")

# (set, transform) → why the findings still change. Strict: remove when fixed.
KNOWN: dict[tuple[str, str], str] = {}

Key = tuple[str, str, int]


def _findings(folder: Path, bundle: Bundle, maps: dict[str, LineMap] | None = None) -> set[Key]:
    result = lint_paths([folder], Config(), bundle)
    return {(f.rule_id, Path(f.path).name, (maps or {}).get(Path(f.path).name, int)(f.line)
             if maps is None else f.line) for f in result.findings}


def _keys(folder: Path, bundle: Bundle) -> set[Key]:
    return {(f.rule_id, Path(f.path).name, f.line)
            for f in lint_paths([folder], Config(), bundle).findings}


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return Bundle.load()


_ORIGINAL: dict[str, set[Key]] = {}


def _cases() -> list[object]:
    cases = []
    for set_name in SETS:
        for transform in TRANSFORMS:
            key = (set_name, transform.name)
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN[key])] if key in KNOWN else []
            cases.append(pytest.param(set_name, transform, id=f"{set_name}-{transform.name}",
                                      marks=marks))
    return cases


@pytest.mark.parametrize(("set_name", "transform"), _cases())
def test_findings_survive_the_rewrite(set_name: str, transform: Transform, bundle: Bundle,
                                      tmp_path: Path) -> None:
    source = SETS[set_name]
    if set_name not in _ORIGINAL:
        _ORIGINAL[set_name] = _keys(source, bundle)
    maps: dict[str, LineMap] = {}
    for name in DOCS:
        text = (source / name).read_text(encoding="utf-8")
        rewritten, where = transform.rewrite(text)
        (tmp_path / name).write_bytes(rewritten.encode("utf-8"))
        maps[name] = where
    expected = {(rule, path, maps[path](line) if path in maps else line)
                for rule, path, line in _ORIGINAL[set_name]}
    got = _keys(tmp_path, bundle)
    assert sorted(got - expected) == [] and sorted(expected - got) == []


def test_a_rewrite_changes_the_text() -> None:
    """Each transformation does something on the examples (no test that cannot fail)."""
    text = "\n".join((SETS["examples-ja-clean"] / n).read_text(encoding="utf-8") for n in DOCS)
    text_en = "\n".join((SETS["examples-en-clean"] / n).read_text(encoding="utf-8")
                        for n in DOCS)
    for transform in TRANSFORMS:
        assert (transform.rewrite(text)[0] != text
                or transform.rewrite(text_en)[0] != text_en), transform.name
