"""Rule files are validated at load: errors name the file, the key and the value (exit 2)."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from opslint.checks.kinds import KINDS
from opslint.cli import cli
from opslint.engine.references import RefKind
from opslint.engine.registry import load_rules
from opslint.engine.vocab import DataError
from opslint.engine.yamlio import load_yaml
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


def _rule_with_check(check: dict[str, object]) -> str:
    """A user rule (CUS001, any document kind) running a check kind with these parameters."""
    data = load_yaml(GOOD)
    data.update(id="CUS001", name="custom-check", doc_kinds=["any"], check=check)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _check_with_user_rules(tmp_path: Path, config: str = 'rule-paths = ["myrules"]\n'
                           ) -> Result:
    (tmp_path / ".opslint.toml").write_text(config, encoding="utf-8")
    (tmp_path / "a.md").write_text("# a\n", encoding="utf-8")
    return CliRunner().invoke(cli, ["check", str(tmp_path)])


# Each reference a rule parameter can make, misspelt: the message names the rule file, the
# parameter, the bad value and (for names) the closest valid one. (check, expected words)
REFERENCES = {
    "part": ({"kind": "parts-missing", "vocab": "backup", "parts": ["db", "filez"],
              "scope": ["backup"]},
             ["check.parts", "'filez'", "rules/vocab/backup.yaml", "did you mean 'files'"]),
    "no-such-part": ({"kind": "parts-missing", "vocab": "monitoring", "parts": ["no_such_part"],
                      "scope": ["observability"]},
                     ["check.parts", "'no_such_part'", "rules/vocab/monitoring.yaml"]),
    "vocabulary-file": ({"kind": "parts-missing", "vocab": "bakup", "parts": ["db"],
                         "scope": ["backup"]},
                        ["check.vocab", "'bakup'", "did you mean 'backup'"]),
    "vocabulary-key": ({"kind": "release-mentions", "sections": ["rollback"],
                        "items": ["db_rolback"]},
                       ["check.items", "'db_rolback'", "rules/vocab/release.yaml",
                        "did you mean 'db_rollback'"]),
    "nested-vocabulary-key": ({"kind": "release-mentions", "sections": ["rollback"],
                               "items": ["db_rollback"],
                               "when": {"sections": ["release_day"], "item": "migraton"}},
                              ["check.when.item", "'migraton'", "did you mean 'migration'"]),
    "section-key": ({"kind": "parts-missing", "vocab": "backup", "parts": ["db"],
                     "scope": ["bakup"]},
                    ["check.scope", "'bakup'", "rules/vocab/sections.yaml",
                     "did you mean 'backup'"]),
    "outline-key": ({"kind": "release-mentions", "sections": ["rolback"],
                     "items": ["db_rollback"]},
                    ["check.sections", "'rolback'", "rules/outlines/release.yaml",
                     "did you mean 'rollback'"]),
    "column-key": ({"kind": "required-cell-empty", "columns": ["owner", "ownr"]},
                   ["check.columns", "'ownr'", "rules/vocab/columns.yaml",
                    "did you mean 'owner'"]),
    "gate": ({"kind": "gate-item-open", "gate": 9}, ["check.gate", "9", "less than or equal to 6"]),
    "regex": ({"kind": "monitor-id-pattern", "pattern": "M-(\\d"},
              ["check.pattern", "'M-(\\\\d'", "regular expression"]),
}


@pytest.mark.parametrize("reference", sorted(REFERENCES))
def test_bad_reference_in_a_user_rule_is_exit_2(tmp_path: Path, reference: str) -> None:
    check, expected = REFERENCES[reference]
    _user_rules(tmp_path, "CUS001.yaml", _rule_with_check(check))
    result = _check_with_user_rules(tmp_path)
    assert result.exit_code == 2, result.output
    assert "CUS001.yaml" in result.stderr
    for part in expected:
        assert part in result.stderr, (part, result.stderr)
    assert "bug" not in result.stderr and "Traceback" not in result.output


def test_every_reference_type_is_tested() -> None:
    tested = {"section-key": "section", "column-key": "column", "outline-key": "outline",
              "vocabulary-key": "vocab", "regex": "regex"}
    assert set(tested) <= set(REFERENCES)
    assert set(tested.values()) == set(typing.get_args(RefKind))


def test_bad_pattern_option_is_exit_2(tmp_path: Path) -> None:
    result = _check_with_user_rules(
        tmp_path, '[options]\nmonitor_id_pattern = "M-(\\\\d"\n')
    assert result.exit_code == 2, result.output
    # The file, the key and the bad value are named (the config's own validation says it).
    assert ".opslint.toml" in result.stderr and "monitor_id_pattern" in result.stderr
    assert "regular expression" in result.stderr and "M-(" in result.stderr
