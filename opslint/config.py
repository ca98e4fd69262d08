"""User configuration: ``.opslint.toml``, ``opslint.toml`` or ``[tool.opslint]`` in pyproject."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from opslint.document.load import DEFAULT_MAX_BYTES
from opslint.document.model import DocKind

__all__ = ["Config", "ConfigError", "find_config", "load_config"]

CONFIG_FILES = (".opslint.toml", "opslint.toml", "pyproject.toml")


class ConfigError(Exception):
    """Invalid configuration; the message names the file, the key and the value."""


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    fail_on: Literal["error", "warning", "info"] = Field("error", alias="fail-on")
    lang: Literal["auto", "ja", "en"] = "auto"
    exclude: list[str] = Field(default_factory=list)
    documents: dict[DocKind, list[str]] = Field(default_factory=dict)
    docs_root: str | None = Field(None, alias="docs-root")
    rule_paths: list[str] = Field(default_factory=list, alias="rule-paths")
    options: dict[str, Any] = Field(default_factory=dict)
    # Larger files are not read (META001): a bytes count or "10MB", "512KiB", "1 GB".
    max_file_size: int = Field(DEFAULT_MAX_BYTES, alias="max-file-size", gt=0)
    # Severity of reviewer questions by priority (opslint questions / gates).
    question_severity: dict[Literal["P1", "P2", "P3"], Literal["error", "warning", "info"]] = (
        Field(default_factory=dict, alias="question-severity")
    )
    # The cache folder (opslint/cache.py), relative to this file's folder; the environment
    # variable OPSLINT_CACHE_DIR overrides it, `check --no-cache` ignores it.
    cache_dir: str = Field(".opslint_cache", alias="cache-dir", min_length=1)
    # Worker processes for `check` (0: one per CPU); `check --jobs` overrides it.
    jobs: int = Field(1, ge=0)
    # `check` reports only findings not in this baseline file (opslint/baseline.py), relative
    # to this file's folder; `check --baseline` overrides it.
    baseline: str | None = Field(None, min_length=1)
    # Where the file was found; relative paths in the config are relative to this folder.
    base: Path = Field(default=Path("."), exclude=True)
    source: str | None = Field(default=None, exclude=True)


    @field_validator("options")
    @classmethod
    def _patterns(cls, options: dict[str, Any]) -> dict[str, Any]:
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

    @field_validator("max_file_size", mode="before")
    @classmethod
    def _size(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        match = _SIZE.fullmatch(value.strip())
        if match is None:
            raise ValueError("expected a number of bytes or a size such as 10MB or 512KiB")
        number, unit = float(match.group(1)), match.group(2).lower()
        return int(number * _UNITS[unit])


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
        return "opslint" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config.model_validate({})
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("opslint", {})
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
