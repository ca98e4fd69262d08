"""The release rules' vocabulary (rules/vocab/release.yaml) as models: frozen dataclasses
validated when the vocabularies load (opslint/checks/vocabs.py); the term tests that read
them are in checks/rel/vocab.py."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from opslint.document.normalize import any_term_pattern, contains_any, normalize
from opslint.engine.paramspec import Field, VocabBase
from opslint.engine.schema import Localized
from opslint.engine.vocab import DataError
from opslint.facts import quantities as q
from opslint.facts.joined import chunks, holding

if TYPE_CHECKING:
    from opslint.checks.rel.text import Unit

__all__ = ["ContactWords", "CriteriaWords", "HeaderField", "Item", "Pair", "Placeholders",
           "ReadingWords", "ReleaseVocab", "TimelineWords", "joined_norms"]

VOCAB_FILE = "release"
Quantity = Literal[
    "duration", "offset", "window", "clock", "version", "threshold", "percentage", "latency"
]
_FINDERS: Mapping[str, Callable[[str], object]] = {
    "duration": q.find_durations,
    "offset": q.find_offsets,
    "window": q.parse_window,
    "clock": q.find_clock_times,
    "version": q.find_versions,
    "threshold": q.find_thresholds,
    "percentage": q.find_percentages,
    "latency": q.find_latencies,
}


class _Data(VocabBase):
    pass


class Item(_Data):
    """Something a release doc should mention: synonyms, patterns, or a kind of quantity."""

    title: Localized
    terms: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    quantities: tuple[Quantity, ...] = ()
    headers: tuple[str, ...] = ()  # a table row mentions it in a filled column so headed

    def found(self, unit: Unit) -> bool:
        return contains_any(unit.norm, self.terms) or self._found_else(unit)

    def found_in(self, units: Sequence[Unit]) -> bool:
        """``any(self.found(u) for u in units)``, the terms searched once in the units'
        texts joined (``joined_norms``), not once per unit: most items are terms only."""
        if any(contains_any(joined, self.terms) for joined in joined_norms(units)):
            return True
        return bool(self.patterns or self.quantities or self.headers) \
            and any(self._found_else(u) for u in units)

    def among(self, units: Sequence[Unit]) -> list[Unit]:
        """``[u for u in units if self.found(u)]``, the terms searched once in the units'
        texts joined with NUL (as in ``joined_norms``), not once per unit."""
        terms = any_term_pattern(self.terms)
        held = holding(terms, [u.norm for u in units], "\0") if terms is not None else set()
        if not (self.patterns or self.quantities or self.headers):
            return [u for i, u in enumerate(units) if i in held]
        return [u for i, u in enumerate(units) if i in held or self._found_else(u)]

    def _found_else(self, unit: Unit) -> bool:
        # Most items are terms only: nothing else is looked at (no generator made).
        if self.patterns and any(p.search(unit.norm) for p in self.patterns):
            return True
        if self.quantities and any(_FINDERS[name](unit.text) for name in self.quantities):
            return True
        return self._in_column(unit)

    def _in_column(self, unit: Unit) -> bool:
        if not self.headers:
            return False
        return any(contains_any(normalize(title), self.headers) and cell.strip()
                   for title, cell in zip(unit.header, unit.cells, strict=False))


def joined_norms(units: Sequence[Unit]) -> Iterator[str]:
    """The units' normalised texts joined with NUL (``facts/joined.chunks``), where a term
    list is searched once for all of them (``Item.found_in``): a term's pattern cannot
    match NUL (``normalize``'s terms are escaped text), and its word lookarounds read NUL
    as they read the start or end of a text, so it matches a joined text exactly when it
    matches one of its units'."""
    return chunks([u.norm for u in units], "\0")


class HeaderField(_Data):
    title: Localized
    labels: tuple[str, ...]
    quantity: Quantity | None = None


class Placeholders(_Data):
    """Template markers, from the shared rules/vocab/placeholders.yaml (case-sensitive, NFKC)."""

    families: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...] = ()
    values: tuple[str, ...] = ()

    def match(self, value: str) -> str | None:
        """The placeholder text in a value (the whole value when it is a bare label)."""
        if normalize(value) in {normalize(v) for v in self.values}:
            return value.strip()
        text = unicodedata.normalize("NFKC", value)
        return next((m.group(0) for p in self.patterns if (m := p.search(text))), None)


class Pair(_Data):
    title: Localized
    start: tuple[str, ...]
    end: tuple[str, ...]
    ignore: tuple[str, ...] = ()


class TimelineWords(_Data):
    column_titles: dict[str, Localized]
    empty_values: tuple[str, ...]
    tick_box: re.Pattern[str]
    verification: tuple[str, ...]
    owner_patterns: tuple[re.Pattern[str], ...]
    check_patterns: tuple[re.Pattern[str], ...]

    def is_empty(self, cell: str) -> bool:
        return normalize(cell) in {normalize(v) for v in self.empty_values}


class CriteriaWords(_Data):
    section_terms: tuple[str, ...]
    trigger_terms: tuple[str, ...]
    events: tuple[str, ...]
    placeholder_patterns: tuple[re.Pattern[str], ...]
    cue_terms: tuple[str, ...]
    vague: tuple[str, ...]
    clause_split: re.Pattern[str]
    measurable_patterns: tuple[re.Pattern[str], ...]


class ContactWords(_Data):
    external_terms: tuple[str, ...]
    min_roles: int = Field(ge=2)
    column_titles: dict[str, Localized]
    no_list: Localized
    channel: Item


class ReadingWords(_Data):
    """``reading``: the words the release facts read (validated here, read by opslint/facts)."""

    timezones: dict[str, int]
    t_zero_cues: tuple[str, ...]
    field_separators: tuple[str, ...]
    rollback_terms: tuple[str, ...]
    decision_terms: tuple[str, ...]
    latest_terms: tuple[str, ...]
    total_terms: tuple[str, ...]
    contingency_terms: tuple[str, ...]
    overrun_terms: tuple[str, ...]
    db_objects: tuple[str, ...]
    db_revert: tuple[str, ...]
    db_revert_named: tuple[str, ...]
    db_keep: tuple[str, ...]
    migration_tools: tuple[str, ...]
    migration_patterns: tuple[str, ...]
    criteria_headings: tuple[str, ...]
    impact_headings: tuple[str, ...]
    no_outage: tuple[str, ...]
    none_values: tuple[str, ...]
    partial_words: tuple[str, ...]
    every_words: tuple[str, ...]
    hedge_words: tuple[str, ...]


class ReleaseVocab(_Data):
    """rules/vocab/release.yaml, validated when the vocabularies load (its patterns compiled
    then, case-insensitively); ``placeholders`` gains its patterns from the shared
    rules/vocab/placeholders.yaml at run time (checks/rel/vocab.py ``release_vocab``)."""

    @classmethod
    def prepare(cls, data: Any) -> Any:
        return _compile_patterns(data)

    items: dict[str, Item]
    header_fields: dict[str, HeaderField]
    placeholders: Placeholders
    patterns: dict[str, tuple[re.Pattern[str], ...]]
    negations: tuple[str, ...]
    near_negations: tuple[str, ...]
    pairs: dict[str, Pair]
    pair_events: dict[Literal["start", "end", "earlier_start"], Localized]
    rollback_needed: dict[Literal["rollback", "with_checks"], Localized]
    resolved_time: Localized
    timeline: TimelineWords
    criteria: CriteriaWords
    contacts: ContactWords
    reading: ReadingWords
    pipeline_commands: tuple[re.Pattern[str], ...]

    def item(self, key: str) -> Item:
        try:
            return self.items[key]
        except KeyError:
            raise DataError(_unknown("items", key, self.items)) from None

    def pattern_list(self, key: str) -> tuple[re.Pattern[str], ...]:
        try:
            return self.patterns[key]
        except KeyError:
            raise DataError(_unknown("patterns", key, self.patterns)) from None


def _unknown(group: str, key: str, known: Mapping[str, object]) -> str:
    return (f"rules/vocab/{VOCAB_FILE}.yaml: unknown {group} key {key!r}; "
            f"known: {', '.join(sorted(known))}")


def _compile_patterns(data: Any) -> Any:
    # Patterns are data; compile them case-insensitively once, where the vocabulary loads.
    if isinstance(data, dict):
        return {k: _compile_value(k, v) for k, v in data.items()}
    return data


def _compile_value(key: str, value: Any) -> Any:
    if key in ("patterns", "owner_patterns", "check_patterns", "measurable_patterns",
               "placeholder_patterns", "pipeline_commands"):
        if isinstance(value, dict):
            return {k: [re.compile(p, re.IGNORECASE) for p in v] for k, v in value.items()}
        return [re.compile(p, re.IGNORECASE) for p in value]
    if key in ("tick_box", "clause_split"):
        return re.compile(value, re.IGNORECASE)
    return _compile_patterns(value)
