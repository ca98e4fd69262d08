"""Reading a config file: TOML, the ``extend`` chain, where each value came from, and
errors in plain words.

``extend = "../base.toml"`` names a file relative to the one that says it; the chain is
read base first and each file's values win over the files it extends. A key a file sets
replaces the base's value (lists too), except that tables (``documents``,
``per-file-ignores``, ``rules``, …) merge key by key, and ``extend-select`` /
``extend-ignore`` add up until a file sets ``select`` / ``ignore`` (ruff's convention).
Paths (``docs-root``, ``rule-paths``, ``cache-dir``) stay relative to the file that wrote
them; patterns (``exclude``, ``documents``, ``per-file-ignores``) are matched as the file
in use matches its own.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError

    from opslint.config import Config

__all__ = ["ConfigError", "Layer", "key_name", "plain_errors", "read_config", "read_layers",
           "shown"]



class ConfigError(Exception):
    """Invalid configuration; the message names the file, the key and the value."""

# Tables whose keys merge one by one across an `extend` chain.
_TABLES = ("documents", "per-file-ignores", "question-severity", "options", "rules")
# Lists that add up along the chain until a file sets the list they extend.
_EXTENDS = {"extend-select": "select", "extend-ignore": "ignore"}
# Values that are paths relative to the file that wrote them.
_PATHS = ("docs-root", "rule-paths", "cache-dir", "baseline")


@dataclass(frozen=True)
class Layer:
    """One file of an ``extend`` chain and the opslint table it holds."""

    path: Path
    data: dict[str, Any]


def shown(path: str | Path) -> str:
    """A config file as messages name it: relative to the current folder when inside it."""
    text = str(path)
    if not os.path.isabs(text) or ", " in text:
        return text
    try:
        relative = os.path.relpath(text)
    except ValueError:  # another drive (Windows)
        return text
    return text if relative.startswith("..") else relative


def key_name(path: str | Path, key: str) -> str:
    """A key as its file spells it: ``tool.opslint.select`` in pyproject.toml."""
    return f"tool.opslint.{key}" if Path(path).name == "pyproject.toml" else key


def _aliases(model: type[Any]) -> dict[str, str]:
    """Field name and alias -> the alias (the key users write); a dataclass (a check's
    parameters) has no aliases."""
    found: dict[str, str] = {}
    if not hasattr(model, "model_fields"):
        return {f.name: f.name for f in dataclasses.fields(model)}
    for name, field in model.model_fields.items():
        alias = field.alias or name
        found[name] = found[alias] = alias
    return found


def _read_table(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    if path.name != "pyproject.toml":
        return data
    table = data.get("tool", {}).get("opslint")
    if table is None:
        raise ConfigError(f"{path}: has no [tool.opslint] table")
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: 'tool.opslint' must be a table")
    return table


def read_layers(path: Path) -> list[Layer]:
    """The chain a file starts, base first; a cycle or a missing file is a ``ConfigError``."""
    chain: list[Layer] = []
    seen: list[Path] = []
    current: Path | None = path
    while current is not None:
        resolved = current.resolve()
        if resolved in seen:
            loop = " -> ".join(str(p) for p in [*seen[seen.index(resolved):], resolved])
            raise ConfigError(f"{shown(path)}: config files extend each other in a cycle: "
                              f"{loop}")
        seen.append(resolved)
        data = _read_table(current)
        chain.append(Layer(current, data))
        target = data.get("extend")
        if target is None:
            break
        if not isinstance(target, str) or not target.strip():
            raise ConfigError(f"{shown(current)}: key '{key_name(current, 'extend')}' must be the "
                              f"path of another config file, as a string (got {target!r})")
        following = Path(os.path.normpath(
            current.parent / os.path.expanduser(os.path.expandvars(target))))
        if not following.is_file():
            raise ConfigError(f"{shown(current)}: key '{key_name(current, 'extend')}': "
                              f"file not found: {following}")
        current = following
    return list(reversed(chain))


def _rebased(value: Any, layer: Path, final: Path) -> Any:
    """A path value of a base file, relative to the folder of the file in use."""
    if layer.parent.resolve() == final.parent.resolve():
        return value

    def move(item: Any) -> Any:
        if not isinstance(item, str) or os.path.isabs(item):
            return item
        return Path(os.path.relpath(layer.parent.resolve() / item,
                                    final.parent.resolve())).as_posix()

    return [move(v) for v in value] if isinstance(value, list) else move(value)


def merge(layers: Sequence[Layer], model: type[Any]
          ) -> tuple[dict[str, Any], dict[str, str]]:
    """The merged table and, per dotted key, the file(s) its value came from."""
    aliases = _aliases(model)
    merged: dict[str, Any] = {}
    origins: dict[str, str] = {}
    final = layers[-1].path
    for layer in layers:
        source = str(layer.path)
        # select / ignore before extend-select / extend-ignore: a file that sets both
        # replaces the list, then extends it.
        items = sorted(((aliases.get(k, k), v) for k, v in layer.data.items()),
                       key=lambda item: item[0] in _EXTENDS)
        for key, value in items:
            if key == "extend":
                continue
            if key in _PATHS:
                value = _rebased(value, layer.path, final)
            if key in _EXTENDS.values():  # a new select drops the extend-select before it
                extended = next(k for k, v in _EXTENDS.items() if v == key)
                merged.pop(extended, None)
                origins.pop(extended, None)
            if key in _TABLES and isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            elif key in _EXTENDS and isinstance(value, list) and isinstance(merged.get(key),
                                                                              list):
                merged[key] = [*merged[key], *value]
                origins[key] = f"{origins[key]}, {source}"
                continue
            else:
                merged[key] = value
                for old in [k for k in origins if k.startswith(f"{key}.")]:
                    del origins[old]
            origins[key] = source
            if key in _TABLES and isinstance(value, dict):
                origins.update({f"{key}.{sub}": source for sub in value})
    if "extend" in layers[-1].data:
        merged["extend"] = layers[-1].data["extend"]
        origins["extend"] = str(final)
    return merged, origins


def read_config(path: Path, model: type[Config]) -> Config:
    """The validated config of a file and the files it extends (``ConfigError`` if not);
    the model (opslint.config.Config) gets ``base``, ``source`` and ``origins``."""
    from pydantic import ValidationError

    layers = read_layers(path)
    data, origins = merge(layers, model)
    try:
        config = model.model_validate(data)
    except ValidationError as error:
        raise ConfigError(plain_errors(error, model, origins, str(path))) from None
    return config.model_copy(update={"base": path.parent, "source": str(path),
                                     "origins": origins})


# ---- errors in plain words -------------------------------------------------------------

_TYPES = {
    "string_type": "a string", "list_type": "a list", "int_type": "a whole number",
    "int_parsing": "a whole number", "int_from_float": "a whole number",
    "dict_type": "a table", "model_type": "a table", "bool_type": "true or false",
    "bool_parsing": "true or false", "float_type": "a number", "float_parsing": "a number",
    "model_attributes_type": "a table",
}
# What a key accepts, said once for every way its value can be wrong.
ACCEPTS = {
    "select": 'a list of rule ids, prefixes or names, e.g. ["REL", "OPS001"]',
    "ignore": 'a list of rule ids, prefixes or names, e.g. ["REL003"]',
    "extend-select": 'a list of rule ids, prefixes or names, e.g. ["MON"]',
    "extend-ignore": 'a list of rule ids, prefixes or names, e.g. ["REL003"]',
    "per-file-ignores": 'a table of glob pattern = list of rules, e.g. "docs/old/**" = ["REL"]',
    "exclude": 'a list of gitignore-style patterns, e.g. ["docs/archive/"]',
    "documents": 'a table of document kind = list of globs, e.g. release = ["deploy-*.md"]',
    "rule-paths": 'a list of folders of rule files, e.g. ["myrules"]',
    "max-file-size": 'a number of bytes or a size such as "10MB" or "512KiB"',
    "options": "a table of option = value",
    "rules": 'a table per rule, e.g. [rules.REL001] severity = "warning"',
    "question-severity": 'a table of priority (P1, P2, P3) = severity, e.g. P3 = "warning"',
}


def _dotted(loc: Sequence[Any]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            part = str(part)
            needs_quotes = not part.replace("-", "").replace("_", "").replace("$", "").isalnum()
            shown = f'"{part}"' if needs_quotes else part
            text = f"{text}.{shown}" if text else shown
    return text


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _known_keys(model: type[Any], loc: Sequence[Any]) -> list[str]:
    """The keys accepted at a location of the model (top level, or a sub-table's)."""
    if len(loc) <= 1:
        return sorted({a for a in _aliases(model).values()}
                      - {"base", "source", "origins"})
    if loc[0] == "rules" and len(loc) == 3:
        return ["severity"]
    return []


def describe(item: Mapping[str, Any], model: type[Any], prefix: Sequence[Any] = ()
             ) -> str:
    """One validation problem in plain words: the key, what is accepted, what was given."""
    aliases = _aliases(model)
    loc = [*prefix, *item["loc"]]
    if loc and loc[0] in aliases and not prefix:
        loc[0] = aliases[loc[0]]
    is_key = "[key]" in loc
    loc = [p for p in loc if p != "[key]"]
    key = _dotted(loc)
    kind, ctx, value = item["type"], item.get("ctx") or {}, item.get("input")
    accepts = ACCEPTS.get(str(loc[0])) if loc else None
    if kind == "extra_forbidden":
        known = _known_keys(model, item["loc"])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = (f"; did you mean '{_dotted([*loc[:-1], close[0]])}'?" if close else
                f"; known keys: {', '.join(known)}" if known else "")
        return f"unknown key '{key}'{hint}"
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        if is_key:
            return f"key '{key}' is not accepted here: the keys allowed are {expected}"
        return f"key '{key}' must be one of {expected} (got {_shown(value)})"
    if kind in _TYPES:
        if len(loc) > 1 and isinstance(loc[-1], int):
            return (f"key '{_dotted(loc[:-1])}' must be {accepts or 'a list'}; "
                    f"item {loc[-1] + 1} is {_shown(value)}, not {_TYPES[kind]}")
        wanted = accepts if accepts and len(loc) == 1 else _TYPES[kind]
        return f"key '{key}' must be {wanted} (got {_shown(value)})"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {"greater_than": "greater than", "greater_than_equal": "at least",
                 "less_than": "less than", "less_than_equal": "at most"}[kind]
        bound = next(iter(ctx.values()), "")
        return f"key '{key}' must be {words} {bound} (got {_shown(value)})"
    if kind in ("string_too_short", "too_short"):
        return f"key '{key}' must not be empty"
    if kind in ("value_error", "assertion_error"):
        reason = str(ctx.get("error") or item.get("msg", "")).removeprefix("Value error, ")
        return f"key '{key}': {reason} (got {_shown(value)})"
    if kind == "string_pattern_mismatch":
        return f"key '{key}' must match the pattern {ctx.get('pattern')} (got {_shown(value)})"
    reason = str(item.get("msg", "not accepted")).lower()
    return f"key '{key}' is not valid: {reason} (got {_shown(value)})"


def plain_errors(error: ValidationError, model: type[Any], origins: Mapping[str, str],
                 default_file: str, prefix: Sequence[Any] = ()) -> str:
    """Every problem of a validation error, each naming its file (one line per problem)."""
    aliases = _aliases(model)
    lines = []
    for item in error.errors():
        loc = [*prefix, *item["loc"]]
        first = aliases.get(str(loc[0]), str(loc[0])) if loc else ""
        nested = f"{first}.{loc[1]}" if len(loc) > 1 else first
        where = origins.get(nested) or origins.get(first) or default_file
        text = describe(item, model, prefix)
        if Path(where).name == "pyproject.toml":
            text = text.replace("key '", "key 'tool.opslint.").replace(
                "did you mean '", "did you mean 'tool.opslint.")
        lines.append(f"{shown(where)}: {text}")
    return "\n".join(lines)
