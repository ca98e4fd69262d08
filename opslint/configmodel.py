"""The pydantic model of a config file: it validates a file's table (with the plain-words
errors of configfile.py) and gives ``config schema`` its JSON Schema and ``config show`` its
fields. Imported only when a config file is read or described: the ``Config`` the run uses
is a frozen dataclass (opslint/config.py) built from it, so a run without a config file,
or whose findings all come from the cache, never imports pydantic (docs/performance.md).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from opslint.document.load import DEFAULT_MAX_BYTES
from opslint.document.model import DocKind

__all__ = ["Config", "RuleSettings"]


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
    # Worker processes for `check` (0: one per CPU; "auto": one per CPU when the run has
    # enough text to gain, opslint/workers.py); `check --jobs` overrides it.
    jobs: Annotated[int, Field(ge=0)] | Literal["auto"] = "auto"  # errors: _jobs
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

    @field_validator("jobs", mode="before")
    @classmethod
    def _jobs(cls, value: Any) -> Any:
        if value == "auto" or (type(value) is int and value >= 0):
            return value
        raise ValueError('expected a number of worker processes (0: one per CPU) or "auto"')

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
