"""The config described: its JSON Schema (for editors) and the effective config of a folder
with where each value came from (``opslint config show``)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from opslint.config import Config
from opslint.configfile import key_name

__all__ = ["DESCRIPTIONS", "config_schema", "show_json", "show_text"]

# Every key's description, in the schema and in `opslint config show`. A key added to
# Config may instead say it with Field(description=...); tests/test_config_show.py checks
# that every key has one.
DESCRIPTIONS: dict[str, str] = {
    "extend": "Another config file this one builds on, relative to this file. This file's "
              "values win; lists replace the base's, tables merge key by key, and "
              "extend-select / extend-ignore add up.",
    "$schema": "The JSON Schema of this file, for editors (Even Better TOML, Taplo); "
               "opslint ignores it.",
    "select": "Rules to run: ids (REL001), prefixes of ids (REL, REL0), rule names, or ALL. "
              "Empty: every rule.",
    "ignore": "Rules to skip: ids, prefixes, names or ALL. A more specific select wins "
              "(select REL001 with ignore REL keeps REL001).",
    "extend-select": "Rules added to select (and to the select of the files this one "
                     "extends, until one sets select).",
    "extend-ignore": "Rules added to ignore (and to the ignore of the files this one "
                     "extends, until one sets ignore).",
    "rules": "Per rule (id or name; a prefix for severity only): severity = "
             "\"error\" | \"warning\" | \"info\", and the rule's own parameters "
             "(see `opslint explain ID`).",
    "per-file-ignores": "Rules to skip in the files matching a gitignore-style pattern, "
                        "e.g. \"docs/legacy/**\" = [\"REL\"].",
    "fail-on": "The lowest severity that makes the exit code 1.",
    "lang": "Message language; auto follows each document.",
    "exclude": "Files and folders not to check (gitignore syntax, relative to the config "
               "file's folder).",
    "documents": "Document kinds by glob, when file names and titles do not tell: "
                 "release, operation, architecture, basic_design, security.",
    "docs-root": "The folder of the design documents read as context for cross-document "
                 "checks (default: the checked document's folder).",
    "rule-paths": "Folders of your own rule files (rules/<FAMILY>/<ID>.yaml), relative to "
                  "the config file.",
    "options": "Options read by checks, e.g. monitor_id_pattern (a regular expression).",
    "max-file-size": "Larger files are reported (META001), not read: a number of bytes or a "
                     "size such as \"10MB\" or \"512KiB\".",
    "question-severity": "Severity of reviewer questions by priority (P1, P2, P3) in "
                         "`opslint questions` and `opslint gates`.",
    "cache-dir": "The cache folder, relative to the config file (OPSLINT_CACHE_DIR "
                 "overrides it; check --no-cache ignores it).",
    "jobs": "Worker processes for `check`: a number (0: one per CPU) or \"auto\" (one per "
            "CPU when the run has enough text to gain); check --jobs overrides it.",
    "baseline": "A baseline file written by `opslint baseline`, relative to this file: check "
                "reports only findings not in it (`check --baseline` overrides it).",
    "respect-gitignore": "Skip files and folders that .gitignore files ignore while walking "
                         "folders (files named on the command line are still checked unless "
                         "--force-exclude); --no-respect-gitignore turns it off.",
}
_HIDDEN = ("base", "source", "origins")


def _drop_null(node: Any) -> Any:
    """TOML has no null: ``anyOf: [X, null]`` becomes X (recursively)."""
    if isinstance(node, dict):
        options = node.get("anyOf")
        if isinstance(options, list) and {"type": "null"} in options:
            rest = [o for o in options if o != {"type": "null"}]
            merged = {k: v for k, v in node.items() if k not in ("anyOf", "default")}
            node = {**rest[0], **merged} if len(rest) == 1 else {**merged, "anyOf": rest}
        return {k: _drop_null(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_drop_null(v) for v in node]
    return node


def config_schema() -> dict[str, Any]:
    """The JSON Schema of a config file (docs/schema/config-v1.json)."""
    schema = _drop_null(Config.model_json_schema(by_alias=True))
    properties: dict[str, Any] = schema["properties"]
    for hidden in _HIDDEN:
        properties.pop(hidden, None)
    fields = {f.alias or n: f for n, f in Config.model_fields.items()}
    for key, node in properties.items():
        node.pop("title", None)
        described = fields[key].description if key in fields else None
        node["description"] = described or DESCRIPTIONS.get(key, "")
    size = r"^\s*\d+(\.\d+)?\s*([kKmMgG][iI]?[bB]|[bB])?\s*$"  # as config._SIZE
    properties["max-file-size"] = {
        "anyOf": [{"type": "integer", "exclusiveMinimum": 0},
                  {"type": "string", "pattern": size}],
        "default": properties["max-file-size"].get("default"),
        "description": properties["max-file-size"]["description"],
    }
    rule = schema["$defs"]["RuleSettings"]
    rule.pop("title", None)
    rule["description"] = ("A rule's settings: severity, and the parameters of its check "
                           "kind (validated against the rule when opslint runs).")
    rule["properties"]["severity"]["description"] = "The severity of the rule's findings."
    rule["properties"]["severity"].pop("title", None)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "opslint configuration",
            "description": ".opslint.toml, opslint.toml, or [tool.opslint] in pyproject.toml",
            **{k: v for k, v in schema.items() if k not in ("title", "description")}}


# ---- opslint config show ---------------------------------------------------------------

def _shown_path(path: str) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if relative.startswith("../../") else relative


def _sources(config: Config, key: str) -> list[dict[str, str | None]]:
    """Where a (dotted) key's value came from: [] for the default."""
    found = config.origins.get(key)
    if not found:
        return []
    top = key.split(".", 1)
    out = []
    for part in found.split(", "):
        if part.startswith("command line"):
            out.append({"file": None, "key": part.removeprefix("command line (").rstrip(")")})
        else:
            out.append({"file": _shown_path(part), "key": key_name(part, ".".join(top))})
    return out


def _entries(config: Config) -> list[tuple[str, Any]]:
    data = config.model_dump(mode="json", by_alias=True, exclude=set(_HIDDEN))
    return [(key, value) for key, value in data.items()
            if not (key == "$schema" and value is None)]


def show_json(config: Config) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for key, value in _entries(config):
        entry: dict[str, Any] = {"value": value, "sources": _sources(config, key)}
        if isinstance(value, dict) and value:
            entry["items"] = {sub: {"value": v, "sources": _sources(config, f"{key}.{sub}")}
                              for sub, v in value.items()}
        settings[key] = entry
    return {"config_file": _shown_path(config.source) if config.source else None,
            "base": config.base.as_posix(), "settings": settings}


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return '""  # not set'
    if isinstance(value, dict):
        shown = [f"{_key(k)} = {_toml(v)}" for k, v in value.items() if v is not None]
        return "{ " + ", ".join(shown) + " }" if shown else "{}"
    return json.dumps(value, ensure_ascii=False)


def _key(key: str) -> str:
    plain = key.replace("-", "").replace("_", "").isalnum() and key.isascii()
    return key if plain else json.dumps(key, ensure_ascii=False)


def _comment(sources: list[dict[str, str | None]]) -> str:
    if not sources:
        return "default"
    return ", ".join(f"command line {s['key']}" if not s["file"] else f"{s['file']}: {s['key']}"
                     for s in sources)


def show_text(config: Config) -> str:
    """The effective config as TOML, each value followed by where it came from."""
    lines = [f"# config file: {_shown_path(config.source) if config.source else 'none'}"
             f" (paths relative to {config.base.as_posix()})"]
    tables = []
    for key, value in _entries(config):
        if isinstance(value, dict) and value:
            tables.append((key, value))
            continue
        if value is None:
            lines.append(f"# {_key(key)} is not set  # default")
            continue
        lines.append(f"{_key(key)} = {_toml(value)}  # {_comment(_sources(config, key))}")
    for key, value in tables:
        lines.append("")
        lines.append(f"[{_key(key)}]")
        for sub, item in value.items():
            where = _comment(_sources(config, f"{key}.{sub}"))
            lines.append(f"{_key(sub)} = {_toml(item)}  # {where}")
    return "\n".join(lines) + "\n"


def write_schema(path: Path) -> None:
    path.write_text(json.dumps(config_schema(), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")
