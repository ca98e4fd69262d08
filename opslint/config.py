"""User configuration: ``.opslint.toml``, ``opslint.toml`` or ``[tool.opslint]`` in pyproject."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

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
    # Severity of reviewer questions by priority (opslint questions / gates).
    question_severity: dict[Literal["P1", "P2", "P3"], Literal["error", "warning", "info"]] = (
        Field(default_factory=dict, alias="question-severity")
    )
    # Where the file was found; relative paths in the config are relative to this folder.
    base: Path = Field(default=Path("."), exclude=True)
    source: str | None = Field(default=None, exclude=True)


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
