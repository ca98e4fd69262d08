"""The table of check kinds (opslint/checks/kinds.py) agrees with rules/ and with the code.

The table is the only registry: a kind missing from it cannot be named by a rule, and a
function that looks like a check but is not listed is dead code or a forgotten entry.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import opslint.checks
from opslint.checks.kinds import KINDS
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.engine.paramspec import ParamsBase
from opslint.engine.registry import rule_files
from opslint.engine.yamlio import load_yaml
from opslint.resources import rules_dir


def _rule_kinds() -> dict[str, str]:
    """Rule id → the check kind its file names."""
    kinds = {}
    for path in rule_files(rules_dir()):
        data = load_yaml(path.read_text(encoding="utf-8"))
        kinds[path.stem] = str(data["check"]["kind"])
    return kinds


def _check_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(opslint.checks.__path__,
                                                        "opslint.checks."))


def _kind_signature(function: Callable[..., Any]) -> type[ParamsBase] | None:
    """The parameter model of a function shaped like a check kind, ``(ctx: CheckContext,
    params: <model>) -> Iterator[Hit]``; None for any other function."""
    names = list(inspect.signature(function).parameters)
    if len(names) != 2:
        return None
    hints = typing.get_type_hints(function)
    params = hints.get(names[1])
    if hints.get(names[0]) is not CheckContext or hints.get("return") != Iterator[Hit]:
        return None
    return params if isinstance(params, type) and issubclass(params, ParamsBase) else None


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_resolves_to_its_function(name: str) -> None:
    kind = KINDS[name]
    function = kind.function
    assert function.__module__ == kind.module, name
    assert function.__name__ == kind.function_name, name
    assert _kind_signature(function) is kind.params, (
        f"{name}: {kind.module}.{kind.function_name} does not take "
        f"(CheckContext, {kind.params.__name__}) and yield Hits"
    )


def test_every_rule_names_a_kind_of_the_table() -> None:
    unknown = {rule: kind for rule, kind in _rule_kinds().items()
               if kind != "engine" and kind not in KINDS}
    assert not unknown, f"rules naming kinds missing from checks/kinds.py: {unknown}"


def test_every_kind_is_used_by_a_shipped_rule() -> None:
    # A kind no rule uses has no fixture either: nothing would notice it break.
    unused = set(KINDS) - set(_rule_kinds().values())
    assert not unused, f"check kinds no rule uses: {sorted(unused)}"


def test_every_check_function_is_in_the_table() -> None:
    listed = {(k.module, k.function_name) for k in KINDS.values()}
    found = set()
    for module_name in _check_modules():
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if (inspect.isfunction(value) and value.__module__ == module_name
                    and not name.startswith("_") and _kind_signature(value) is not None):
                found.add((module_name, name))
    assert not found - listed, f"check functions missing from checks/kinds.py: {found - listed}"
    assert not listed - found, f"checks/kinds.py entries that are not check functions: "\
        f"{listed - found}"

