"""Baselines: the findings a team accepts today, anchored to content, never to line numbers.

A fingerprint is the rule id, the document's path relative to the baseline file's folder
(posix), the chapter (heading) path of the finding's line, the normalised text of that
line, and an occurrence index among identical fingerprints. Text inserted above a finding
moves its line but not its fingerprint; only editing the finding's own line or chapter
title changes it (docs/baseline.md).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from opslint.config import ConfigError
from opslint.document.load import LoadError, load_file
from opslint.document.model import Document, Section
from opslint.document.normalize import normalize
from opslint.engine.findings import Finding

__all__ = [
    "DEFAULT_BASELINE",
    "BaselineEntry",
    "BaselineFile",
    "Filtered",
    "content_anchor",
    "describe",
    "filter_findings",
    "fingerprints",
    "read_baseline",
    "stale_note",
    "write_baseline",
]

DEFAULT_BASELINE = ".opslint-baseline.json"
VERSION = 1


class BaselineEntry(BaseModel):
    """One accepted finding, as its content anchors it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str = Field(description="Rule id, e.g. REL004.")
    path: str = Field(description="Document path relative to the baseline file's folder, posix.")
    chapter: tuple[str, ...] = Field(
        description="Titles of the headings enclosing the finding's line, outermost first, "
        "as written; the line's own heading when it is one.")
    text: str = Field(description="The finding's line, normalised (NFKC, case-folded, "
                      "whitespace collapsed).")
    occurrence: int = Field(0, ge=0, description="Index among findings with the same rule, "
                            "path, chapter and text, in document order.")

    def sort_key(self) -> tuple[str, str, tuple[str, ...], str, int]:
        return (self.path, self.rule, self.chapter, self.text, self.occurrence)


class BaselineFile(BaseModel):
    """The file ``opslint baseline`` writes and ``check --baseline`` reads."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = Field(1, description="Format version of this file.")
    tool: Literal["opslint"] = "opslint"
    entries: list[BaselineEntry] = Field(default_factory=list)


@dataclass(frozen=True)
class Filtered:
    """``check --baseline``: the findings not in the baseline, and entries matching none."""

    findings: list[Finding]
    stale: list[BaselineEntry]


def _relative(path: str, base: Path) -> str:
    absolute = os.path.abspath(path)
    return Path(os.path.relpath(absolute, os.path.abspath(base))).as_posix()


def _chapter(doc: Document, line: int) -> tuple[str, ...]:
    """Heading titles from the outermost down to the innermost section holding ``line``."""
    titles: list[str] = []
    section: Section = doc.root
    while True:
        inner = next((c for c in section.children if c.line <= line <= c.end_line), None)
        if inner is None:
            return tuple(titles)
        titles.append(inner.title)
        section = inner


def content_anchor(doc: Document | None, line: int) -> tuple[tuple[str, ...], str]:
    """Where a finding is, by content rather than line number: the heading path holding
    ``line`` and the line's normalised text (what baselines and ``diff`` match on)."""
    if doc is None:
        return (), ""
    text = normalize(doc.lines[line - 1]) if 0 < line <= len(doc.lines) else ""
    return _chapter(doc, line), text


def _parse(file: Path) -> Document | None:
    from opslint.document.parse import parse_document  # the parser only when fingerprinting

    try:
        return parse_document(file, load_file(file))
    except (LoadError, OSError):
        return None


def fingerprints(findings: Iterable[Finding], base: Path) -> list[BaselineEntry]:
    """The findings' fingerprints, in the findings' order (occurrences counted in it)."""
    docs: dict[str, Document | None] = {}
    seen: Counter[tuple[str, str, tuple[str, ...], str]] = Counter()
    out: list[BaselineEntry] = []
    for finding in sorted(findings, key=Finding.sort_key):
        if finding.path not in docs:
            docs[finding.path] = _parse(Path(finding.path))
        chapter, text = content_anchor(docs[finding.path], finding.line)
        anchor = (finding.rule_id, _relative(finding.path, base), chapter, text)
        out.append(BaselineEntry(rule=anchor[0], path=anchor[1], chapter=chapter, text=text,
                                 occurrence=seen[anchor]))
        seen[anchor] += 1
    return out


def write_baseline(findings: Sequence[Finding], file: Path) -> int:
    """Write the findings' fingerprints to ``file``; the number of entries."""
    entries = sorted(fingerprints(findings, file.parent), key=BaselineEntry.sort_key)
    data = BaselineFile(version=1, entries=entries).model_dump(mode="json")
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8", newline="\n")
    return len(entries)


def read_baseline(file: Path) -> BaselineFile:
    """The baseline in ``file``; a missing or malformed file is a usage error (exit 2)."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{file}: baseline file not found (create it with "
                          f"`opslint baseline --output {file}`)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"{file}: cannot read the baseline: {error}") from None
    if isinstance(data, dict) and data.get("version") not in (None, VERSION):
        raise ConfigError(f"{file}: key 'version': baseline format {data.get('version')!r} "
                          f"is not supported (this opslint reads version {VERSION})")
    try:
        return BaselineFile.model_validate(data)
    except ValidationError as error:
        item = error.errors()[0]
        key = ".".join(str(p) for p in item["loc"]) or "(top level)"
        raise ConfigError(f"{file}: key '{key}': {item['msg']} (see docs/schema/"
                          f"baseline-v1.json)") from None


def filter_findings(findings: Sequence[Finding], file: Path,
                    checked: Iterable[str] | None = None) -> Filtered:
    """Drop the findings the baseline in ``file`` accepts; keep the entries none matched.

    Only entries of the ``checked`` files can be stale: pre-commit passes the changed files
    alone, and the others' entries are not out of date for that.
    """
    baseline = read_baseline(file)
    remaining = Counter(baseline.entries)
    kept: list[Finding] = []
    ordered = sorted(findings, key=Finding.sort_key)
    for finding, entry in zip(ordered, fingerprints(ordered, file.parent), strict=True):
        if remaining[entry] > 0:
            remaining[entry] -= 1
        else:
            kept.append(finding)
    scope = None if checked is None else {_relative(p, file.parent) for p in checked}
    stale = sorted((e for e in remaining.elements() if scope is None or e.path in scope),
                   key=BaselineEntry.sort_key)
    return Filtered(kept, stale)


def stale_note(stale: Sequence[BaselineEntry], file: Path) -> str:
    """The one line ``check`` writes to stderr when baseline entries match nothing."""
    return (f"opslint: {len(stale)} baseline entr{'y' if len(stale) == 1 else 'ies'} in "
            f"{file.as_posix()} no longer match a finding (fixed or edited); "
            f"`opslint baseline --stale` lists them, `opslint baseline` rewrites the file.")


def describe(entry: BaselineEntry) -> str:
    """One stale entry on one line: ``path: RULE in 'A > B': text``."""
    where = " > ".join(entry.chapter) or "(before the first heading)"
    suffix = f" (#{entry.occurrence + 1})" if entry.occurrence else ""
    return f"{entry.path}: {entry.rule} in {where!r}: {entry.text}{suffix}"
