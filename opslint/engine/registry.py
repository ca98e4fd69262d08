"""Check kinds (small pure functions) and the loading of rule files that use them."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opslint.engine.findings import Hit
from opslint.engine.paramspec import ParamsBase, validate_params
from opslint.engine.references import References, check_references
from opslint.engine.schema import RuleSpec
from opslint.engine.vocab import DataError

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = ["CheckKind", "NoParams", "Rule", "load_rules"]


class NoParams(ParamsBase):
    """The parameters of a kind that takes none."""


CheckFunction = Callable[[Any, Any], Iterable[Hit]]


@dataclass(frozen=True)
class CheckKind:
    """A check kind: its name, its parameter model and where its function lives.

    The function's module is imported when a rule of the kind first runs, not when the
    rules load (the table of every kind is opslint/checks/kinds.py).
    """

    name: str
    params: type[ParamsBase]  # a frozen dataclass (engine/paramspec.py)
    module: str  # "opslint.checks.rel.header"
    function_name: str  # "field_missing"

    @property
    def function(self) -> CheckFunction:
        # Asked by every rule on every document: importing is only for the first time.
        module = sys.modules.get(self.module) or importlib.import_module(self.module)
        function: CheckFunction = getattr(module, self.function_name)
        return function


@dataclass(frozen=True)
class Rule:
    """A validated rule: its spec, its check kind and its parsed parameters."""

    spec: RuleSpec
    check: CheckKind | None  # None for findings the engine itself makes (META rules)
    params: ParamsBase
    source: Path

    @property
    def id(self) -> str:
        return self.spec.id


def _describe(error: ValidationError, prefix: str = "") -> str:
    parts = []
    for item in error.errors():
        key = prefix + ".".join(str(p) for p in item["loc"]) or "(top level)"
        value = item.get("input")
        shown = "" if isinstance(value, dict) else f" (got {value!r})"
        parts.append(f"key '{key}': {item['msg']}{shown}")
    return "; ".join(parts)


def _load_rule(path: Path, kinds: Mapping[str, CheckKind], references: References | None
               ) -> Rule:
    from pydantic import ValidationError  # the rules are validated only when (re)loaded

    from opslint.engine.yamlio import YAMLError, load_yaml  # so is YAML read

    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as error:
        raise DataError(f"{path}: cannot read YAML: {error}") from None
    try:
        spec = RuleSpec.model_validate(data)
    except ValidationError as error:
        raise DataError(f"{path}: {_describe(error)}") from None
    if spec.check.kind == "engine":
        return Rule(spec, None, NoParams(), path)
    kind = kinds.get(spec.check.kind)
    if kind is None:
        known = ", ".join(sorted(kinds))
        raise DataError(
            f"{path}: key 'check.kind': unknown check kind {spec.check.kind!r}; known: {known}"
        )
    try:
        params = validate_params(kind.params, spec.check.params())
    except ValidationError as error:
        raise DataError(f"{path}: {_describe(error, 'check.')}") from None
    problems = check_references(params, references) if references else []
    if spec.answered_by_context is not None and references is not None:
        problems += _context_problems(spec.answered_by_context.part, references)
    if len(problems) == 1:
        raise DataError(f"{path}: {problems[0]}")
    if problems:  # one per line
        raise DataError(f"{path}:" + "".join(f"\n  {problem}" for problem in problems))
    return Rule(spec, kind, params, path)


def _context_problems(part: str, references: References) -> list[str]:
    """``answered_by_context.part`` names a part of a vocabulary's parts mapping."""
    stem, section, key = part.split(":")
    data = references.vocab.terms.get(stem)
    mapping = data.get(section) if isinstance(data, Mapping) else None
    if isinstance(mapping, Mapping) and key in mapping:
        return []
    return [f"key 'answered_by_context.part': rules/vocab/{stem}.yaml has no part "
            f"{section}.{key} ({part!r})"]


def rule_files(folder: Path) -> Iterator[Path]:
    """Rule files: ``<FAMILY>/<ID>.yaml`` under a rules folder (outlines/ and vocab/ excluded)."""
    for family in sorted(p for p in folder.iterdir() if p.is_dir() and p.name.isupper()):
        yield from sorted(family.glob("*.yaml"))


def load_rules(folders: Iterable[Path], kinds: Mapping[str, CheckKind],
               references: References | None = None) -> list[Rule]:
    """Load and validate every rule; ids and names must be unique across all folders.

    ``kinds``: the check kinds rules may name (``opslint.checks.kinds.KINDS``, passed in by
    ``Bundle.load``: the engine does not import the checks, which import it);
    ``references``: the vocabularies and outlines that parameters naming keys are checked
    against (see engine/references.py).
    """
    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            raise DataError(f"{folder}: rules folder not found")
        for path in rule_files(folder):
            rule = _load_rule(path, kinds, references)
            for key in (rule.spec.id, rule.spec.name):
                if key in seen:
                    raise DataError(f"{path}: '{key}' is already defined in {seen[key]}")
                seen[key] = path
            if path.stem != rule.spec.id:
                raise DataError(f"{path}: file name must be the rule id ({rule.spec.id}.yaml)")
            rules.append(rule)
    return sorted(rules, key=lambda r: r.id)
