"""Everything loaded from rules/ (rules, vocabularies, outlines), loaded once per run,
lazily, and through the cache when the rules and opslint's code are unchanged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from opslint.document.model import DocKind

if TYPE_CHECKING:
    from opslint.cache import Cache
    from opslint.engine.isolated import Isolated
    from opslint.engine.outlines import Outline
    from opslint.engine.registry import Rule
    from opslint.engine.vocab import Vocab

__all__ = ["META", "Bundle", "keep_loaded"]

# The engine's own rules by role; the last three are ReadProblem kinds (document/model.py).
META = {"unreadable": "META001", "unused": "META002", "invalid": "META003",
        "unread": "META004", "front_matter": "META005", "unclosed": "META006"}


_Parts = tuple[tuple["Rule", ...], "Vocab", Mapping[DocKind, "Outline"]]

# Bundles loaded once for the life of a resident process, by key: the daemon
# (opslint/daemon/warmup.py) keeps the bundled rules here before it serves, and every run
# forked from it finds them without reading the rules cache. Empty in any other process.
_KEPT: dict[str, _Parts] = {}


class Bundle:
    """Everything loaded from rules/: rules, vocabularies and outlines.

    ``Bundle.load`` loads at once (a bad rule file raises ``DataError`` there);
    ``Bundle.lazy`` on first use, so a ``check`` whose results all come from the cache
    never loads it. Given a cache, both take the validated bundle from it when the rules
    folders and opslint's code are unchanged (opslint/cache.py).
    """

    def __init__(self, folders: Sequence[Path], cache: Cache | None = None,
                 parts: _Parts | None = None) -> None:
        self.folders = tuple(folders)  # the bundled rules folder first, then rule-paths
        self._cache = cache
        self._loading: Isolated[_Parts] | None = None  # started by prefetch
        if cache is not None:  # compiled patterns (and what is derived from them) kept
            from opslint.regex_cache import install

            install(cache)
        if parts is not None:
            self.__dict__["_parts"] = parts

    @classmethod
    def load(cls, extra_rule_paths: Iterable[Path] = (), *, cache: Cache | None = None
             ) -> Bundle:
        bundle = cls.lazy(extra_rule_paths, cache=cache)
        bundle._parts  # noqa: B018 (load now: errors belong to the caller of load)
        return bundle

    @classmethod
    def lazy(cls, extra_rule_paths: Iterable[Path] = (), *, cache: Cache | None = None
             ) -> Bundle:
        from opslint.resources import rules_dir

        return cls([rules_dir(), *extra_rule_paths], cache)

    def __reduce__(self) -> tuple[Any, ...]:  # to worker processes: loaded, without cache
        return (Bundle, (self.folders, None, self._parts))

    @cached_property
    def key(self) -> str:
        """A hash of everything the bundle is made of: the rules folders' files and the code."""
        from opslint.cache import code_fingerprint, digest, folders_digest
        from opslint.resources import rules_dir

        return digest(code_fingerprint(), folders_digest(self.folders, installed=rules_dir()))

    def prefetch(self) -> None:
        """Start loading the rules in a forked child, when they will have to be read from
        their files (not loaded yet, not kept, not in the cache): the caller goes on (reads
        and parses its files) while they load, and the first use waits for them."""
        if ("_parts" in self.__dict__ or self._loading is not None
                or (_KEPT and self.key in _KEPT)
                or (self._cache is not None and self._cache.holds("rules", self.key))):
            return
        self._loading = _load_parts(self.folders)

    def loading(self) -> bool:
        """Whether the rules are still loading in the child ``prefetch`` started (using
        them now would wait)."""
        return self._loading is not None and not self._loading.done()

    @cached_property
    def _parts(self) -> _Parts:
        if _KEPT and self.key in _KEPT:  # the key covers the rules folders and the code
            return _KEPT[self.key]
        if self._cache is not None and self._loading is None:
            found = self._cache.get("rules", self.key)
            if _valid_parts(found):
                return found
        loading, self._loading = self._loading or _load_parts(self.folders), None
        parts = loading.result()
        if self._cache is not None:
            self._cache.put("rules", self.key, parts)
        return parts

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self._parts[0]

    @property
    def vocab(self) -> Vocab:
        return self._parts[1]

    @property
    def outlines(self) -> Mapping[DocKind, Outline]:
        return self._parts[2]

    def meta(self) -> dict[str, Rule]:
        by_id = {r.id: r for r in self.rules}
        return {role: by_id[rule_id] for role, rule_id in META.items() if rule_id in by_id}

    def catalogue(self) -> tuple[tuple[str, str], ...]:
        """(id, name) of every rule: from the cache when the rules are not loaded yet, so
        checking selectors does not load them on a fully cached run."""
        loaded = "_parts" in self.__dict__
        if not loaded and self._cache is not None:
            found = self._cache.get("catalogue", self.key)
            if isinstance(found, tuple) and all(
                    isinstance(i, tuple) and len(i) == 2 and all(isinstance(x, str) for x in i)
                    for i in found):
                return found
        names = tuple((r.id, r.spec.name) for r in self.rules)
        if self._cache is not None:
            self._cache.put("catalogue", self.key, names)
        return names

    def rule(self, key: str) -> Rule | None:
        return next((r for r in self.rules if key in (r.id, r.spec.name)), None)


def keep_loaded(bundle: Bundle) -> None:
    """Keep the bundle's loaded parts for the rest of this process, for every later
    ``Bundle`` of the same key (a resident daemon, before it forks its runs)."""
    _KEPT[bundle.key] = bundle._parts


def _load_parts(folders: Sequence[Path]) -> Isolated[_Parts]:
    """The parts read from the rules folders and validated, started in a forked child where
    one can be forked (engine/isolated.py; ``result()`` waits): pydantic and every validator
    it builds stay there; a bad file's ``DataError`` comes back as it was raised."""
    from opslint.engine.isolated import start_isolated
    from opslint.engine.vocab import DataError

    return start_isolated(_read_parts, tuple(folders), passes=(DataError,))


def _read_parts(folders: Sequence[Path]) -> _Parts:
    from opslint.checks.kinds import KINDS  # lazily: the table imports the engine
    from opslint.engine.outlines import load_outlines
    from opslint.engine.references import References
    from opslint.engine.registry import load_rules
    from opslint.engine.vocab import load_vocab

    root = folders[0]
    vocab = load_vocab(root)
    outlines = load_outlines(root, vocab)
    rules = load_rules(folders, KINDS, References(vocab, outlines))
    return tuple(rules), vocab, outlines


def _valid_parts(found: object) -> TypeGuard[_Parts]:
    from opslint.engine.registry import Rule
    from opslint.engine.vocab import Vocab

    return (isinstance(found, tuple) and len(found) == 3 and isinstance(found[0], tuple)
            and all(isinstance(r, Rule) for r in found[0]) and isinstance(found[1], Vocab)
            and isinstance(found[2], dict))
