"""User-supplied regular expressions cannot hang a run: catastrophic ones are refused when
the config is loaded (issue 10; the choice is explained in docs/design.md)."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from opslint.cli import cli
from opslint.engine.regex_safety import UnsafePattern, check_pattern
from opslint.resources import rules_dir

EXAMPLES = Path(__file__).parents[2] / "examples" / "ja" / "clean"

CATASTROPHIC = [r"(a+)+$", r"(\w+\s?)+$", r"(a|a)*$", r"(.*,)+$", r"([A-Z]+|\d+)+$",
                r"(\d*)*$", r"^(([a-z])+.)+[A-Z]([a-z])+$", r"(x+x+)+y", r"(a|aa)+$",
                r"(?:[A-Z]+-?)+\d$", r"(?i)(ALT|alt-?)+\d$"]
SAFE = [r"MON-\d{3}", r"(?:\d+\.)+\d+", r"[A-Z]{2,5}-\d+", r"(?:[A-Z]+-)+\d+", r"\s*\S+\s*",
        r"(?>a+)+", r"(a++)+", r"^[A-Z]{3}-[0-9]{2}$", r"(\d{1,3}\.){3}\d{1,3}", r"(ab?)+",
        r"[A-Z]+(?:-[A-Z0-9]+)*", r"(?i)alt-\d+", r"(?:\w+ )+\w+", r"(a|b)+", r"(\w|\d)+$",
        r"ALT-\d{2}(?:-[a-z]+)?", r"監視-\d+", r"[Ａ-Ｚ]+-[０-９]+"]
HOSTILE = ["a" * 30 + "!", "aaaa " * 10 + "!", "," * 30 + "\n", "A" * 30 + "!", "0" * 30 + "!",
           "AB-" * 15 + "!", "alt" * 15 + "!", "x" * 30]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(UnsafePattern, match="exponential time"):
        check_pattern(pattern)


@pytest.mark.parametrize("pattern", SAFE)
def test_ordinary_patterns_pass_and_match_hostile_text_fast(pattern: str) -> None:
    compiled = check_pattern(pattern)
    started = time.perf_counter()
    for text in HOSTILE:
        compiled.search(text)
        compiled.fullmatch(text)
    assert time.perf_counter() - started < 1


def _patterns(data: Any, inside: bool = False) -> list[str]:
    if isinstance(data, dict):
        return [p for k, v in data.items()
                for p in _patterns(v, inside or "pattern" in str(k) or k in ("file", "title"))]
    if isinstance(data, list):
        return [p for v in data for p in _patterns(v, inside)]
    return [data] if inside and isinstance(data, str) else []


def test_every_shipped_vocabulary_pattern_passes() -> None:
    checked = 0
    for path in sorted((rules_dir() / "vocab").glob("*.yaml")):
        for pattern in _patterns(yaml.safe_load(path.read_text(encoding="utf-8"))):
            try:
                re.compile(pattern)
            except re.error:
                continue  # a plain term under a *pattern* key, not a regex
            check_pattern(pattern)  # raises UnsafePattern naming the part
            checked += 1
    assert checked > 100


def _check_with(tmp_path: Path, option: str) -> Any:
    (tmp_path / "17_Operation_Design.md").write_bytes(
        (EXAMPLES / "17_Operation_Design.md").read_bytes())
    (tmp_path / ".opslint.toml").write_text(f"[options]\nmonitor_id_pattern = '{option}'\n",
                                            encoding="utf-8")
    return CliRunner().invoke(cli, ["check", "--format", "concise", str(tmp_path)])


def test_the_config_refuses_a_catastrophic_option(tmp_path: Path) -> None:
    result = _check_with(tmp_path, r"(\w+\s?)+$")
    assert result.exit_code == 2, result.output
    assert ".opslint.toml" in result.output and "monitor_id_pattern" in result.output
    assert "could take exponential time" in result.output
    assert "Traceback" not in result.output


def test_the_config_refuses_an_invalid_option(tmp_path: Path) -> None:
    result = _check_with(tmp_path, "(ALT-")
    assert result.exit_code == 2 and "invalid regular expression" in result.output


def test_a_safe_option_is_used(tmp_path: Path) -> None:
    result = _check_with(tmp_path, r"NOPE-\d+")
    assert result.exit_code == 0, result.output  # MON007 is a warning
    assert "MON007" in result.output and "NOPE-\\d+" in result.output  # every ID breaks it
