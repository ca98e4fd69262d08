"""Vocabularies as data: section synonyms, kind patterns and the other term lists."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from opslint.document.model import Document, Section
from opslint.document.normalize import contains_any

if TYPE_CHECKING:
    from opslint.document.kinds import KindRules

# PyYAML and the kind patterns are imported when a vocabulary is loaded, not with this
# module: the CLI imports DataError to match a failed run, even when every finding came from
# the cache (docs/performance.md).

__all__ = ["DataError", "Vocab", "load_vocab"]

T = TypeVar("T")


class DataError(Exception):
    """A data file under rules/ (or a user's) is invalid; the message names file and key."""


@dataclass(frozen=True)
class Vocab:
    sections: Mapping[str, tuple[str, ...]]
    kinds: KindRules
    terms: Mapping[str, Any]  # every other rules/vocab/*.yaml, by file stem
    # Memos of the pure lookups below, which rules repeat hundreds of thousands of times per
    # run. A Vocab never changes after load_vocab, so entries never go stale. Keyed by the
    # section's normalised title (all that matching reads), not by the Section: hashing a
    # frozen Section would hash its whole subtree on every lookup.
    _matches: dict[tuple[str, str], bool] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    _term_lists: dict[tuple[str, str | None], tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    _compiled: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def compiled(self, key: str, build: Callable[[], T]) -> T:
        """A value compiled from the vocabularies (a validated model, regexes), built on first
        use and kept: the data never changes after load, and checks keep no state."""
        if key not in self._compiled:
            self._compiled[key] = build()
        return self._compiled[key]  # type: ignore[no-any-return]

    def synonyms(self, key: str) -> tuple[str, ...]:
        try:
            return self.sections[key]
        except KeyError:
            raise DataError(
                f"unknown section key {key!r} (see rules/vocab/sections.yaml)"
            ) from None

    def section_matches(self, section: Section, key: str) -> bool:
        memo = (key, section.norm)
        found = self._matches.get(memo)
        if found is None:
            found = self._matches[memo] = contains_any(section.norm, self.synonyms(key))
        return found

    def find_sections(self, doc: Document, key: str) -> list[Section]:
        """Every heading section of a document whose title belongs to a section key."""
        return [s for s in doc.sections() if self.section_matches(s, key)]

    def find_section(self, doc: Document, key: str) -> Section | None:
        """The first (outermost) matching section."""
        found = self.find_sections(doc, key)
        return min(found, key=lambda s: (s.level, s.line)) if found else None

    def term_list(self, name: str, key: str | None = None) -> tuple[str, ...]:
        """A list of terms from rules/vocab/<name>.yaml (optionally under one key)."""
        cached = self._term_lists.get((name, key))
        if cached is None:
            cached = self._term_lists[name, key] = self._read_term_list(name, key)
        return cached

    def _read_term_list(self, name: str, key: str | None) -> tuple[str, ...]:
        data: Any = self.terms.get(name, {})
        if key is not None:
            data = data.get(key, []) if isinstance(data, Mapping) else []
        if not isinstance(data, list):
            raise DataError(f"rules/vocab/{name}.yaml: {key or 'top level'} is not a list")
        return tuple(str(term) for term in data)


def _read_yaml(path: Path) -> Any:
    import yaml

    from opslint.engine.yamlio import load_yaml

    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DataError(f"{path}: cannot read YAML: {error}") from None


def load_vocab(root: Path) -> Vocab:
    from opslint.document.kinds import KindRules

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
