"""The run's ``Config`` (a frozen dataclass, opslint/config.py) and the pydantic model that
validates config files (opslint/configmodel.py) say the same thing: same fields in the
same order, same defaults, same dump (the cache key and ``config show`` read the dump)."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest

from opslint import configmodel
from opslint.config import Config, RuleSettings
from opslint.document.model import DocKind

TABLES: list[dict[str, Any]] = [
    {},
    {"select": ["REL", "OPS001"], "extend-ignore": ["GATE"], "fail-on": "warning"},
    {"rules": {"REL001": {"severity": "info"}, "MON003": {"pattern": "M-\\d+", "x": [1, 2]}}},
    {"documents": {"release": ["deploy-*.md"]}, "docs-root": "docs", "max-file-size": "1MB",
     "question-severity": {"P3": "info"}, "per-file-ignores": {"old/**": ["REL"]}},
    {"options": {"window": 3, "when": datetime.date(2026, 12, 7), "nested": {"a": [True]}},
     "$schema": "https://example.invalid/schema.json", "jobs": 0, "baseline": "b.json",
     "respect-gitignore": False, "cache-dir": "c", "rule-paths": ["mine"], "lang": "en"},
]


def test_fields_and_defaults_are_the_models() -> None:
    model = configmodel.Config()
    assert [f.name for f in dataclasses.fields(Config)] == list(configmodel.Config.model_fields)
    assert {f.name: getattr(Config(), f.name) for f in dataclasses.fields(Config)} == {
        name: getattr(model, name) for name in configmodel.Config.model_fields}
    assert Config.model_validate({}) == Config()


@pytest.mark.parametrize("table", TABLES, ids=range(len(TABLES)))
@pytest.mark.parametrize("by_alias", [False, True])
def test_dump_is_the_models(table: dict[str, Any], by_alias: bool) -> None:
    ours = Config.model_validate(table)
    theirs = configmodel.Config.model_validate(table)
    for exclude in (set(), {"cache_dir", "jobs"}, {"base", "source", "origins"}):
        assert ours.model_dump(mode="json", by_alias=by_alias, exclude=exclude) == \
            theirs.model_dump(mode="json", by_alias=by_alias, exclude=exclude)
        assert list(ours.model_dump(mode="json", by_alias=by_alias, exclude=exclude)) == \
            list(theirs.model_dump(mode="json", by_alias=by_alias, exclude=exclude))


def test_validated_values_keep_their_types() -> None:
    config = Config.model_validate(TABLES[2] | TABLES[3])
    assert config.rules["MON003"] == RuleSettings(None, {"pattern": "M-\\d+", "x": [1, 2]})
    assert config.rules["MON003"].options() == {"pattern": "M-\\d+", "x": [1, 2]}
    assert config.rules["REL001"].severity == "info"
    assert list(config.documents) == [DocKind.RELEASE]
    assert config.max_file_size == 1_000_000
    assert config.model_copy(update={"jobs": 3}).jobs == 3


def test_model_api_is_the_models() -> None:
    assert Config.model_fields is configmodel.Config.model_fields
    assert Config.model_json_schema(by_alias=True) == \
        configmodel.Config.model_json_schema(by_alias=True)
