"""Vocabularies as data: section synonyms, kind patterns and the other term lists."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from opslint.document.model import Document, Section
from opslint.document.normalize import contains_any

if TYPE_CHECKING:
    from opslint.document.kinds import KindRules
    from opslint.engine.paramspec import VocabModel

# PyYAML and the kind patterns are imported when a vocabulary is loaded, not with this
# module: the CLI imports DataError to match a failed run, even when every finding came from
# the cache (docs/performance.md).

__all__ = ["DataError", "Vocab", "load_vocab"]

T = TypeVar("T")


class DataError(Exception):
    """A data file under rules/ (or a user's) is invalid; the message names file and key."""


# Section-title answers kept by a Vocab: one document asks about 20 keys of each of its
# titles, so this holds about eighty documents of distinct titles; past it the memo
# starts again (the answers are pure: only their cost changes), so a run over many
# documents with different titles, or a language server's vocabulary, stays bounded.
_MATCHES_KEPT = 1 << 15


@dataclass(frozen=True)
class Vocab:
    sections: Mapping[str, tuple[str, ...]]
    kinds: KindRules
    terms: Mapping[str, Any]  # every other rules/vocab/*.yaml, by file stem
    # The validated models of the VocabModel table, by name (a mapping of them when `each`).
    models: Mapping[str, Any] = field(default_factory=dict)
    # Memos of the pure lookups below, which rules repeat hundreds of thousands of times per
    # run. A Vocab never changes after load_vocab, so entries never go stale. Keyed by the
    # section's normalised title (all that matching reads), not by the Section: hashing a
    # frozen Section would hash its whole subtree on every lookup.
    _matches: dict[tuple[str, str], bool] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    _term_lists: dict[tuple[str, str | None], tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    _compiled: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    # The mappings ``model_map`` checked, by name and model: asked about 25 times per
    # document, each time of every value, for models that never change after load.
    _checked_maps: dict[tuple[str, type], Mapping[str, Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def compiled(self, key: str, build: Callable[[], T]) -> T:
        """A value compiled from the vocabularies (regexes, lookup tables), built on first
        use and kept: the data never changes after load, and checks keep no state. Models
        are validated at load instead (``model``)."""
        try:  # one look-up when kept (asked about 400 times per document)
            return self._compiled[key]  # type: ignore[no-any-return]
        except KeyError:
            pass  # built outside the handler: its own errors carry no KeyError context
        built = self._compiled[key] = build()
        return built

    def model(self, name: str, model: type[T]) -> T:
        """The validated model of a vocabulary (see ``VocabModel``), as loaded: no validation."""
        found = self._model(name)
        if not isinstance(found, model):
            raise DataError(f"vocabulary model {name!r} is a {type(found).__name__}, "
                            f"not a {model.__name__} (see opslint/checks/vocabs.py)")
        return found

    def model_map(self, name: str, model: type[T]) -> Mapping[str, T]:
        """The validated mapping of models of a vocabulary key (a ``VocabModel`` with
        ``each``), as loaded."""
        checked = self._checked_maps.get((name, model))
        if checked is not None:
            return checked
        found = self._model(name)
        if not isinstance(found, Mapping) or not all(isinstance(v, model)
                                                     for v in found.values()):
            raise DataError(f"vocabulary model {name!r} is not a mapping of {model.__name__} "
                            "(see opslint/checks/vocabs.py)")
        self._checked_maps[name, model] = found
        return found

    def _model(self, name: str) -> Any:
        try:
            return self.models[name]
        except KeyError:
            stem, _, key = name.partition(":")
            where = f"rules/vocab/{stem}.yaml" + (f": key {key!r}" if key else "")
            raise DataError(f"{where} is not read as a model by opslint: no such entry in "
                            "opslint/checks/vocabs.py") from None

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
            if len(self._matches) >= _MATCHES_KEPT:  # a run of many distinct titles, or a
                self._matches.clear()  # server's vocabulary over many runs: start again
            found = self._matches[memo] = contains_any(section.norm, self.synonyms(key))
        return found

    def find_sections(self, doc: Document, key: str) -> list[Section]:
        """Every heading section of a document whose title belongs to a section key."""
        # Asked about 20 times per document, each time of every section: the memo read
        # here, ``section_matches`` called only for a title not asked about yet.
        matches = self._matches
        found: list[Section] = []
        for section in doc.sections():
            hit = matches.get((key, section.norm))
            if hit is None:
                hit = self.section_matches(section, key)
            if hit:
                found.append(section)
        return found

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


def load_vocab(root: Path, models: Iterable[VocabModel] | None = None) -> Vocab:
    """The vocabularies of a rules folder, every model of ``models`` (by default the table
    of opslint/checks/vocabs.py) validated; a ``DataError`` names the file and key."""
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
    if models is None:
        from opslint.checks.vocabs import VOCAB_MODELS  # lazily: the table names the readers

        models = VOCAB_MODELS
    validated = {entry.name: _validate(entry, terms, folder) for entry in models}
    return Vocab(sections=sections, kinds=kinds, terms=terms, models=validated)


def _validate(entry: VocabModel, terms: Mapping[str, Any], folder: Path) -> Any:
    import importlib
    import re

    from pydantic import ValidationError

    module, _, name = entry.model.partition(":")
    model = getattr(importlib.import_module(module), name)
    data = terms.get(entry.stem) or {}
    where = str(folder / f"{entry.stem}.yaml")
    if entry.key is not None:
        where += f": key {entry.key!r}"
        data = (data.get(entry.key) or {}) if isinstance(data, Mapping) else {}

    def one(value: Any, named: str = "") -> Any:
        try:
            return model.model_validate(model.prepare(value))
        except (ValidationError, re.error) as error:
            raise DataError(f"{where}{named}: {error}") from None

    if not entry.each:
        return one(data)
    if not isinstance(data, Mapping):
        raise DataError(f"{where}: expected a mapping of names to entries")
    return {str(k): one(v, f": entry {str(k)!r}") for k, v in data.items()}
