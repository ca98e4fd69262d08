"""User configuration: ``.opslint.toml``, ``opslint.toml`` or ``[tool.opslint]`` in pyproject."""

from __future__ import annotations

import datetime
import re
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from opslint.configfile import ConfigError, shown
from opslint.document.load import DEFAULT_MAX_BYTES
from opslint.document.model import DocKind

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

__all__ = ["Config", "ConfigError", "RuleSettings", "find_config", "load_config"]

CONFIG_FILES = (".opslint.toml", "opslint.toml", "pyproject.toml")

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class RuleSettings:
    """``[rules.REL001]``: the rule's severity and its own parameters (its kind's model)."""

    severity: Severity | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # the parameters, as written

    def options(self) -> dict[str, Any]:
        return dict(self.extra)


class _ModelFields:
    """``Config.model_fields``: the fields of the pydantic model (aliases, descriptions)."""

    def __get__(self, instance: object, owner: type) -> dict[str, FieldInfo]:
        from opslint.configmodel import Config as Model

        return Model.model_fields


@dataclass(frozen=True)
class Config:
    """The configuration a run uses: a frozen dataclass, so that a run without a config
    file imports no pydantic. A config file's table is validated by the pydantic model of
    opslint/configmodel.py (``model_validate``), which also gives ``model_fields`` and
    ``model_json_schema``; the fields, their order and their defaults are the model's."""

    extend: str | None = None
    schema_: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    extend_ignore: list[str] = field(default_factory=list)
    rules: dict[str, RuleSettings] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_on: Severity = "error"
    lang: Literal["auto", "ja", "en"] = "auto"
    exclude: list[str] = field(default_factory=list)
    documents: dict[DocKind, list[str]] = field(default_factory=dict)
    docs_root: str | None = None
    rule_paths: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_BYTES
    question_severity: dict[Literal["P1", "P2", "P3"], Severity] = field(default_factory=dict)
    cache_dir: str = ".opslint_cache"
    jobs: int | Literal["auto"] = "auto"
    respect_gitignore: bool = True
    baseline: str | None = None
    base: Path = Path(".")
    source: str | None = None

    if TYPE_CHECKING:
        model_fields: ClassVar[dict[str, FieldInfo]]

    @classmethod
    def model_validate(cls, data: Any) -> Config:
        """A config table validated by the pydantic model (its ``ValidationError`` if not);
        an empty one is the defaults, without pydantic."""
        if isinstance(data, dict) and not data:
            return cls()
        from opslint.configmodel import Config as Model

        model = Model.model_validate(data)
        values = {f.name: getattr(model, f.name) for f in fields(cls)}
        values["rules"] = {key: RuleSettings(settings.severity, dict(settings.model_extra or {}))
                           for key, settings in model.rules.items()}
        return cls(**values)

    @classmethod
    def model_json_schema(cls, **options: Any) -> dict[str, Any]:
        from opslint.configmodel import Config as Model

        return Model.model_json_schema(**options)

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Config:
        return replace(self, **(update or {}))

    def model_dump(self, *, mode: Literal["json"] = "json", by_alias: bool = False,
                   exclude: set[str] | None = None) -> dict[str, Any]:
        """The settings as JSON values, as the pydantic model dumps them (``base``,
        ``source`` and ``origins`` are never dumped)."""
        skip = {"base", "source", "origins", *(exclude or ())}
        out: dict[str, Any] = {}
        for item in fields(self):
            if item.name in skip:
                continue
            key = _ALIASES.get(item.name, item.name) if by_alias else item.name
            out[key] = _json(getattr(self, item.name))
        return out


# Set after the class: the dataclass decorator reads every class attribute, which would
# import pydantic through the descriptor.
type.__setattr__(Config, "model_fields", _ModelFields())

# The keys users write, where they differ from the field names (configmodel.Config).
_ALIASES = {"schema_": "$schema", "extend_select": "extend-select",
            "extend_ignore": "extend-ignore", "per_file_ignores": "per-file-ignores",
            "fail_on": "fail-on", "docs_root": "docs-root", "rule_paths": "rule-paths",
            "max_file_size": "max-file-size", "question_severity": "question-severity",
            "cache_dir": "cache-dir", "respect_gitignore": "respect-gitignore"}


def _json(value: Any) -> Any:
    """A value in JSON mode, as pydantic writes it (TOML gives no other types but dates)."""
    if isinstance(value, RuleSettings):
        return {"severity": value.severity, **_json(value.extra)}
    if isinstance(value, DocKind):
        return value.value
    if isinstance(value, dict):
        return {_json(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        from pydantic_core import to_jsonable_python

        return to_jsonable_python(value)
    return value


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
    import tomllib

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
