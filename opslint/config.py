"""User configuration: ``.opslint.toml``, ``opslint.toml`` or ``[tool.opslint]`` in pyproject."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from opslint.document.load import DEFAULT_MAX_BYTES
from opslint.document.model import DocKind

if TYPE_CHECKING:
    from pydantic import AfterValidator, BeforeValidator, Field

__all__ = ["Config", "ConfigError", "find_config", "load_config"]

CONFIG_FILES = (".opslint.toml", "opslint.toml", "pyproject.toml")


class ConfigError(Exception):
    """Invalid configuration; the message names the file, the key and the value."""


def _patterns(options: dict[str, Any]) -> dict[str, Any]:
    # Options named *_pattern are regular expressions matched against document text;
    # one that can backtrack exponentially would hang the run (docs/design.md).
    from opslint.engine.regex_safety import UnsafePattern, check_pattern

    for key, value in options.items():
        if not key.endswith("_pattern"):
            continue
        if not isinstance(value, str):
            raise ValueError(f"option '{key}' must be a regular expression string")
        try:
            check_pattern(value)
        except re.error as error:
            raise ValueError(f"option '{key}': invalid regular expression {value!r}: "
                             f"{error}") from None
        except UnsafePattern as error:
            raise ValueError(f"option '{key}': the regular expression {value!r} is "
                             f"refused: {error}") from None
    return options


def _size(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    match = _SIZE.fullmatch(value.strip())
    if match is None:
        raise ValueError("expected a number of bytes or a size such as 10MB or 512KiB")
    number, unit = float(match.group(1)), match.group(2).lower()
    return int(number * _UNITS[unit])


@dataclass(frozen=True)
class Config:
    """The settings of a run.

    A plain dataclass, so that a run without a config file (and a run whose findings all
    come from the cache) never imports pydantic (docs/performance.md). ``model_validate``
    validates a config file's table with pydantic: the ``Annotated`` metadata below is read
    by pydantic only then (the annotations are strings until ``_adapter`` evaluates them).
    """

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid",
                                                      "populate_by_name": True}

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: Annotated[dict[str, list[str]], Field(alias="per-file-ignores")] = (
        field(default_factory=dict))
    fail_on: Annotated[Literal["error", "warning", "info"], Field(alias="fail-on")] = "error"
    lang: Literal["auto", "ja", "en"] = "auto"
    exclude: list[str] = field(default_factory=list)
    documents: dict[DocKind, list[str]] = field(default_factory=dict)
    docs_root: Annotated[str | None, Field(alias="docs-root")] = None
    rule_paths: Annotated[list[str], Field(alias="rule-paths")] = field(default_factory=list)
    options: Annotated[dict[str, Any], AfterValidator(_patterns)] = field(default_factory=dict)
    # Larger files are not read (META001): a bytes count or "10MB", "512KiB", "1 GB".
    max_file_size: Annotated[int, BeforeValidator(_size),
                             Field(alias="max-file-size", gt=0)] = DEFAULT_MAX_BYTES
    # Severity of reviewer questions by priority (opslint questions / gates).
    question_severity: Annotated[
        dict[Literal["P1", "P2", "P3"], Literal["error", "warning", "info"]],
        Field(alias="question-severity")] = field(default_factory=dict)
    # The cache folder (opslint/cache.py), relative to this file's folder; the environment
    # variable OPSLINT_CACHE_DIR overrides it, `check --no-cache` ignores it.
    cache_dir: Annotated[str, Field(alias="cache-dir", min_length=1)] = ".opslint_cache"
    # Worker processes for `check` (0: one per CPU); `check --jobs` overrides it.
    jobs: Annotated[int, Field(ge=0)] = 1
    # Where the file was found; relative paths in the config are relative to this folder.
    # Set by load_config, never read from the file.
    base: Path = field(default=Path("."))
    source: str | None = None

    @classmethod
    def model_validate(cls, data: Mapping[str, Any]) -> Config:
        """A validated config from a config file's table (pydantic's ValidationError when
        it is not valid); keys as written in the file (``fail-on``) or by field name."""
        if not data:
            return cls()
        return _adapter().validate_python(dict(data))  # type: ignore[no-any-return]

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Config:
        """This config with some fields replaced (by field name; not validated)."""
        return replace(self, **(update or {}))

    def model_dump(self, *, mode: str = "json", exclude: Iterable[str] = ()) -> dict[str, Any]:
        """The settings by field name (JSON values when ``mode`` is "json"), without where the
        file was found."""
        skip = {"base", "source", *exclude}
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}
        if mode == "json":
            out["documents"] = {str(k): v for k, v in self.documents.items()}
        return out


@functools.cache
def _adapter() -> Any:
    import pydantic

    namespace = {"Field": pydantic.Field, "AfterValidator": pydantic.AfterValidator,
                 "BeforeValidator": pydantic.BeforeValidator}
    globals().update(namespace)  # the names the string annotations of Config refer to
    return pydantic.TypeAdapter(Config)


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmg]i?b|b|)", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3,
          "kib": 1024, "mib": 1024**2, "gib": 1024**3}


def find_config(start: Path) -> Path | None:
    """The nearest config file from ``start`` upwards, stopping at the repository root."""
    folder = start.resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_tool_section(path)):
                return path
        if (candidate / ".git").exists():
            return None
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "opslint" not in text:  # no such table: spare importing tomllib and the parse
        return False
    import tomllib  # lazily, as in load_config: most runs read no TOML at all

    try:
        return "opslint" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return False


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config.model_validate({})
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("opslint", {})
    from pydantic import ValidationError

    try:
        config = Config.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            key = ".".join(str(p) for p in item["loc"])
            problems.append(f"key '{key}': {item['msg']} (got {item.get('input')!r})")
        raise ConfigError(f"{path}: " + "; ".join(problems)) from None
    _check_patterns(config, path)
    return config.model_copy(update={"base": path.parent, "source": str(path)})


def _check_patterns(config: Config, path: Path) -> None:
    """Options named ``*_pattern`` are regular expressions: a bad one is the user's error
    here, not a crash of the check that reads it."""
    for key, value in config.options.items():
        if key.endswith("_pattern"):
            try:
                re.compile(str(value))
            except re.error as error:
                raise ConfigError(f"{path}: key 'options.{key}': invalid regular expression "
                                  f"{value!r}: {error}") from None
