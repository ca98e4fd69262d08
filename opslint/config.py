"""User configuration: ``.opslint.toml``, ``opslint.toml`` or ``[tool.opslint]`` in pyproject."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from opslint.configfile import ConfigError, shown
from opslint.document.load import DEFAULT_MAX_BYTES
from opslint.document.model import DocKind

__all__ = ["Config", "ConfigError", "RuleSettings", "find_config", "load_config"]

CONFIG_FILES = (".opslint.toml", "opslint.toml", "pyproject.toml")


class RuleSettings(BaseModel):
    """``[rules.REL001]``: the rule's severity and its own parameters (its kind's model)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    severity: Literal["error", "warning", "info"] | None = None

    def options(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    # Another config file this one builds on, relative to this file (configfile.py).
    extend: str | None = None
    # An editor's schema reference (Taplo, Even Better TOML); opslint does not read it.
    schema_: str | None = Field(None, alias="$schema")
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    # Added to select / ignore; across an `extend` chain they add up (ruff's convention).
    extend_select: list[str] = Field(default_factory=list, alias="extend-select")
    extend_ignore: list[str] = Field(default_factory=list, alias="extend-ignore")
    # Per rule (id, name or prefix): severity and the rule's parameters (opslint/selection.py).
    rules: dict[str, RuleSettings] = Field(default_factory=dict)
    # Where each key's value came from: dotted key -> file (configfile.py; not in the cache key).
    origins: dict[str, str] = Field(default_factory=dict, exclude=True)
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
    # Skip what .gitignore files ignore when walking folders (opslint/discover.py GitIgnore).
    respect_gitignore: bool = Field(True, alias="respect-gitignore")
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
        found = [candidate / name for name in CONFIG_FILES if (candidate / name).is_file()
                 and (name != "pyproject.toml" or _has_tool_section(candidate / name))]
        if found:
            _note_shadowed(found)
            return found[0]
        if (candidate / ".git").exists():
            return None
    return None


_NOTED: set[Path] = set()


def _note_shadowed(found: list[Path]) -> None:
    """Several config files in one folder: the first of CONFIG_FILES is used (ruff's order);
    say so on stderr, once per folder and process (not once per file checked)."""
    if len(found) < 2 or found[0].parent in _NOTED:
        return
    _NOTED.add(found[0].parent)
    others = ", ".join(_label(p) for p in found[1:])
    print(f"opslint: note: {found[0].parent}: using {_label(found[0])}; {others} "
          f"{'is' if len(found) == 2 else 'are'} ignored (opslint reads one config file "
          f"per folder: {', '.join(CONFIG_FILES)}, in that order)", file=sys.stderr)


def _label(path: Path) -> str:
    return f"{path.name} [tool.opslint]" if path.name == "pyproject.toml" else path.name


def _has_tool_section(path: Path) -> bool:
    try:
        return "opslint" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False


def load_config(path: Path | None) -> Config:
    """The config of a file (and of the files it extends); defaults without a file.

    Errors raise ``ConfigError`` in plain words: the file, the dotted key, what is accepted
    and, for an unknown key, the closest known one (configfile.py).
    """
    if path is None:
        return Config.model_validate({})
    from opslint.configfile import read_config

    config = read_config(path, Config)
    _check_patterns(config, path)
    return config


def _check_patterns(config: Config, path: Path) -> None:
    """Options named ``*_pattern`` are regular expressions: a bad one is the user's error
    here, not a crash of the check that reads it."""
    for key, value in config.options.items():
        if key.endswith("_pattern"):
            try:
                re.compile(str(value))
            except re.error as error:
                where = shown(config.origins.get(f"options.{key}", str(path)))
                raise ConfigError(f"{where}: key 'options.{key}': invalid regular expression "
                                  f"{value!r}: {error}") from None
