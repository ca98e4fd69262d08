"""Vocabulary models: every one validated when the vocabularies load (and so when the rules
cache is filled), read as plain frozen dataclasses afterwards (opslint/checks/vocabs.py)."""

from __future__ import annotations

import dataclasses
import importlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from opslint.bundle import Bundle
from opslint.cache import Cache
from opslint.checks.ops.vocab_models import EffortVocab
from opslint.checks.vocabs import VOCAB_MODELS
from opslint.engine.paramspec import VocabBase
from opslint.engine.vocab import DataError, load_vocab
from opslint.facts.parts import Part
from opslint.facts.table_roles import Roles
from opslint.resources import rules_dir


def _rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(rules_dir(), target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _cached_rules(cache: Path) -> list[Path]:
    return sorted(cache.glob("v*/rules/*.pickle"))


def test_every_entry_is_validated_into_a_frozen_dataclass_of_a_light_module() -> None:
    vocab = load_vocab(rules_dir())
    assert set(vocab.models) == {entry.name for entry in VOCAB_MODELS}
    assert len({entry.name for entry in VOCAB_MODELS}) == len(VOCAB_MODELS), "a name twice"
    for entry in VOCAB_MODELS:
        module, _, name = entry.model.partition(":")
        model = getattr(importlib.import_module(module), name)
        assert issubclass(model, VocabBase) and dataclasses.is_dataclass(model), entry
        # unpickling the cached rules imports these modules: no check code
        assert module.startswith("opslint.facts.") or module.endswith(".vocab_models"), entry
        found = vocab.models[entry.name]
        values = found.values() if entry.each else [found]
        assert all(isinstance(v, model) for v in values), entry


def test_readers_get_the_validated_models_and_a_clear_error_for_anything_else() -> None:
    vocab = load_vocab(rules_dir())
    assert isinstance(vocab.model("tables", Roles), Roles)
    assert all(isinstance(p, Part) for p in vocab.model_map("routine:parts", Part).values())
    with pytest.raises(DataError, match=r"rules/vocab/release\.yaml: key 'parts'.*vocabs\.py"):
        vocab.model_map("release:parts", Part)
    with pytest.raises(DataError, match="not a Roles"):
        vocab.model("routine:effort", Roles)


@pytest.mark.parametrize(("stem", "old", "new", "expected"), [
    # a whole-file model: the file, the model and the key path of the value
    ("routine", "effort:\n  max_minutes:", "effort:\n  max_minutes: [many]\n  unused_minutes:",
     ["routine.yaml", "'effort'", "max_minutes"]),
    # one entry of a mapping of models: the file, the key and the entry
    ("secrets", "kinds:\n", "kinds:\n  odd_kind: {label: {ja: 秘密, en: secret}, stray: 1}\n",
     ["secrets.yaml", "'kinds'", "'odd_kind'", "Extra inputs are not permitted"]),
    # a pattern compiled at load
    ("release", "patterns:\n", "patterns:\n  broken_one: ['([unclosed']\n",
     ["release.yaml", "unterminated character set"]),
])
def test_a_broken_vocabulary_fails_at_load_naming_file_and_key(
        tmp_path: Path, stem: str, old: str, new: str, expected: list[str]) -> None:
    rules = _rules_copy(tmp_path)
    _edit(rules / "vocab" / f"{stem}.yaml", old, new)
    cache = tmp_path / "cache"
    with pytest.raises(DataError) as error:
        Bundle([rules], Cache(cache)).rules  # noqa: B018
    for part in expected:
        assert part in str(error.value), str(error.value)
    assert not _cached_rules(cache), "a broken vocabulary was cached"


def test_editing_a_vocabulary_invalidates_the_cached_rules(tmp_path: Path) -> None:
    rules = _rules_copy(tmp_path)
    cache = tmp_path / "cache"
    first = Bundle([rules], Cache(cache))
    before = first.vocab.model("routine:effort", EffortVocab).max_minutes
    assert _cached_rules(cache)
    routine = rules / "vocab" / "routine.yaml"

    def set_effort_max(value: str) -> None:
        text = routine.read_text(encoding="utf-8")
        start = text.index("max_minutes:", text.index("\neffort:"))
        end = text.index("\n", start)
        routine.write_text(f"{text[:start]}max_minutes: {value}{text[end:]}", encoding="utf-8")

    set_effort_max(str(before + 7))
    second = Bundle([rules], Cache(cache))
    assert second.key != first.key
    assert second.vocab.model("routine:effort", EffortVocab).max_minutes == before + 7
    set_effort_max("soon")
    with pytest.raises(DataError, match="max_minutes"):
        Bundle([rules], Cache(cache)).rules  # noqa: B018


def test_a_broken_vocabulary_is_exit_2_through_the_cli(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from opslint import resources
    from opslint.cli import cli

    rules = _rules_copy(tmp_path)
    _edit(rules / "vocab" / "tables.yaml", "roles:\n", "roles:\n  no_keys: {when: [{}]}\n")
    monkeypatch.setattr(resources, "rules_dir", lambda: rules)
    monkeypatch.setenv("OPSLINT_CACHE_DIR", str(tmp_path / "cache"))
    doc = tmp_path / "16_Release_Procedure.md"
    doc.write_text("# Release procedure\n\n## Overview\nShip v2.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(doc)])
    assert result.exit_code == 2, result.output
    assert "tables.yaml" in result.stderr and "no_keys" in result.stderr, result.stderr
    assert "Traceback" not in result.output
