"""Rule files are validated at load: errors name the file, the key and the value (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from opslint.checks.kinds import KINDS
from opslint.cli import cli
from opslint.engine.registry import load_rules
from opslint.engine.vocab import DataError
from opslint.resources import rules_dir

GOOD = (rules_dir() / "REL" / "REL002.yaml").read_text(encoding="utf-8")


def _user_rules(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "myrules" / "CUS"
    folder.mkdir(parents=True)
    (folder / name).write_text(text, encoding="utf-8")
    return tmp_path / "myrules"


def custom() -> str:
    """REL002 under a new id and name, as a team would start its own rule."""
    return GOOD.replace("id: REL002", "id: CUS001").replace(
        "name: release-section-empty", "name: custom-section-empty")


def test_user_rule_with_an_existing_check_kind_loads(tmp_path: Path) -> None:
    folder = _user_rules(tmp_path, "CUS001.yaml", custom())
    rules = load_rules([rules_dir(), folder], KINDS)
    assert any(r.id == "CUS001" and r.check and r.check.name == "outline-section-empty"
               for r in rules)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("severity: warning", "severity: fatal", ["CUS001.yaml", "severity", "fatal"]),
        ("gate: 1", "gate: 9", ["CUS001.yaml", "gate", "9"]),
        ("check: {kind: outline-section-empty}", "check: {kind: no-such-check}",
         ["CUS001.yaml", "check.kind", "no-such-check", "outline-section-missing"]),
        ("check: {kind: outline-section-empty}",
         "check: {kind: outline-section-empty, unexpected: 1}",
         ["CUS001.yaml", "unexpected"]),
        ("priority: P2", "priority: P2\ncolour: blue", ["CUS001.yaml", "colour"]),
    ],
    ids=["severity", "gate", "unknown-check", "bad-param", "unknown-key"],
)
def test_invalid_rule_names_file_key_and_value(
    tmp_path: Path, old: str, new: str, expected: list[str]
) -> None:
    assert old in GOOD
    folder = _user_rules(tmp_path, "CUS001.yaml", custom().replace(old, new))
    with pytest.raises(DataError) as error:
        load_rules([rules_dir(), folder], KINDS)
    for part in expected:
        assert part in str(error.value)


def test_duplicate_id_and_file_name(tmp_path: Path) -> None:
    folder = _user_rules(tmp_path, "CUS001.yaml", custom().replace("id: CUS001", "id: REL002"))
    with pytest.raises(DataError, match=r"file name must be the rule id|already defined"):
        load_rules([rules_dir(), folder], KINDS)


def test_invalid_user_rule_is_exit_2_through_the_cli(tmp_path: Path) -> None:
    _user_rules(tmp_path, "CUS001.yaml", custom().replace("severity: warning", "severity: x"))
    (tmp_path / ".opslint.toml").write_text('rule-paths = ["myrules"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("# a\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "CUS001.yaml" in result.stderr and "severity" in result.stderr
    assert "Traceback" not in result.output
