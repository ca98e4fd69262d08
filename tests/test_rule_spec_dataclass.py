"""A loaded rule's spec (frozen dataclasses, engine/schema.py) says what the pydantic models
that validate rule files (engine/rulefile.py) say: same fields, and every bundled rule dumps
the same through either."""

from __future__ import annotations

import dataclasses

import pytest

from opslint.engine import rulefile, schema
from opslint.engine.paramspec import Field, ParamsBase
from opslint.engine.registry import rule_files
from opslint.engine.yamlio import load_yaml
from opslint.resources import rules_dir


class Inner(ParamsBase):
    items: list[str] = Field(min_length=1)


class Outer(ParamsBase):
    inner: Inner | None = None
    count: int = 1


PAIRS = [(getattr(schema, name), getattr(rulefile, name))
         for name in ("Example", "Explain", "CheckSpec", "FixSpec", "ContextAnswer", "RuleSpec")]


@pytest.mark.parametrize(("plain", "model"), PAIRS, ids=[p.__name__ for p, _ in PAIRS])
def test_fields_are_the_models(plain: type, model: type) -> None:
    names = [f.name for f in dataclasses.fields(plain) if f.name != "extra"]
    assert names == list(model.model_fields)


def test_every_bundled_rule_reads_and_dumps_as_the_model() -> None:
    paths = list(rule_files(rules_dir()))
    assert len(paths) > 100
    for path in paths:
        data = load_yaml(path.read_text(encoding="utf-8"))
        spec = schema.RuleSpec.model_validate(data)
        model = rulefile.RuleSpec.model_validate(data)
        assert spec.check.params() == dict(model.check.model_extra or {}), path
        assert spec.applies_to(next(iter(schema.DocKind))) == model.applies_to(
            next(iter(schema.DocKind))), path
        for options in ({"mode": "json", "by_alias": True}, {}):
            assert spec.model_dump(**options) == model.model_dump(**options), path


def test_a_bad_rule_file_fails_with_the_models_words() -> None:
    from pydantic import ValidationError

    data = load_yaml(next(rule_files(rules_dir())).read_text(encoding="utf-8"))
    data["gate"], data["colour"] = 9, "red"
    with pytest.raises(ValidationError) as ours:
        schema.RuleSpec.model_validate(data)
    with pytest.raises(ValidationError) as theirs:
        rulefile.RuleSpec.model_validate(data)
    assert ours.value.errors() == theirs.value.errors()


def test_parameters_fail_with_a_models_words() -> None:
    from pydantic import ValidationError

    from opslint.engine.paramspec import validate_params

    assert validate_params(Outer, {"inner": {"items": ["a"]}}) == Outer(inner=Inner(items=["a"]))
    with pytest.raises(ValidationError) as error:
        validate_params(Outer, {"inner": "x", "other": 1, "count": "many"})
    messages = sorted(e["msg"] for e in error.value.errors())
    assert "Extra inputs are not permitted" in messages
    assert "Input should be a valid dictionary or instance of Inner" in messages
    assert not [m for m in messages if "keyword" in m or "an instance" in m]
