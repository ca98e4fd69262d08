"""Vocabularies as data: section synonyms, kind patterns and the other term lists."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from opslint.document.kinds import KindRules
from opslint.document.model import Document, Section
from opslint.document.normalize import contains_term
from opslint.engine.yamlio import load_yaml

__all__ = ["DataError", "Vocab", "load_vocab"]


class DataError(Exception):
    """A data file under rules/ (or a user's) is invalid; the message names file and key."""


@dataclass(frozen=True)
class Vocab:
    sections: Mapping[str, tuple[str, ...]]
    kinds: KindRules
    terms: Mapping[str, Any]  # every other rules/vocab/*.yaml, by file stem

    def synonyms(self, key: str) -> tuple[str, ...]:
        try:
            return self.sections[key]
        except KeyError:
            raise DataError(
                f"unknown section key {key!r} (see rules/vocab/sections.yaml)"
            ) from None

    def section_matches(self, section: Section, key: str) -> bool:
        return any(contains_term(section.norm, term) for term in self.synonyms(key))

    def find_sections(self, doc: Document, key: str) -> list[Section]:
        """Every heading section of a document whose title belongs to a section key."""
        return [s for s in doc.sections() if self.section_matches(s, key)]

    def find_section(self, doc: Document, key: str) -> Section | None:
        """The first (outermost) matching section."""
        found = self.find_sections(doc, key)
        return min(found, key=lambda s: (s.level, s.line)) if found else None

    def term_list(self, name: str, key: str | None = None) -> tuple[str, ...]:
        """A list of terms from rules/vocab/<name>.yaml (optionally under one key)."""
        data: Any = self.terms.get(name, {})
        if key is not None:
            data = data.get(key, []) if isinstance(data, Mapping) else []
        if not isinstance(data, list):
            raise DataError(f"rules/vocab/{name}.yaml: {key or 'top level'} is not a list")
        return tuple(str(term) for term in data)


def _read_yaml(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DataError(f"{path}: cannot read YAML: {error}") from None


def load_vocab(root: Path) -> Vocab:
    folder = root / "vocab"
    sections_data = _read_yaml(folder / "sections.yaml")
    if not isinstance(sections_data, dict):
        raise DataError(f"{folder / 'sections.yaml'}: expected a mapping of key → terms")
    sections = {str(k): tuple(str(t) for t in v) for k, v in sections_data.items()}
    kinds_data = _read_yaml(folder / "kinds.yaml")
    try:
        kinds = KindRules.from_data(kinds_data)
    except (ValueError, AttributeError, TypeError) as error:
        raise DataError(f"{folder / 'kinds.yaml'}: {error}") from None
    terms = {
        path.stem: _read_yaml(path)
        for path in sorted(folder.glob("*.yaml"))
        if path.stem not in ("sections", "kinds")
    }
    return Vocab(sections=sections, kinds=kinds, terms=terms)
