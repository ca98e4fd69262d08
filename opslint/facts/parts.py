"""Parts: a named thing a document should mention, recognised by terms or patterns in its
units (rules/vocab/<stem>.yaml ``parts`` mappings). The checks ask whether a scope mentions a
part; the engine asks the same of the context documents (``facts/context.py``).
"""

from __future__ import annotations

import functools
import heapq
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import Any, Literal

from opslint.document.normalize import any_term_pattern, contains_any, normalize
from opslint.engine.findings import LocalText
from opslint.engine.memo import LastKept
from opslint.engine.paramspec import Field, VocabBase
from opslint.engine.schema import Localized
from opslint.engine.vocab import DataError, Vocab
from opslint.facts.prefilter import prefilter
from opslint.facts.quantities import find_durations, parse_frequency
from opslint.facts.units import Unit

__all__ = ["Part", "apart", "find_part", "has_term", "part_named", "part_units", "parts_of",
           "unit_has"]


def has_term(norm: str, terms: Iterable[str]) -> bool:
    # One alternation search instead of one search per term (see ``contains_any``).
    return contains_any(norm, tuple(terms))  # tuple() of a tuple is the tuple itself


class Part(VocabBase):
    """A named thing a section should mention, recognised by terms or patterns."""

    label: Localized
    terms: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)  # regexes on normalised text
    strip: list[str] = Field(default_factory=list)  # phrases removed before matching
    near: list[str] = Field(default_factory=list)  # the unit or its heading must hold one
    needs: Literal["quantity"] | None = None  # the same unit must also state a duration
    any_code: bool = False  # a code block in scope counts (a scripted step is automation)

    def text(self) -> LocalText:
        return LocalText(self.label.ja, self.label.en)


def parts_of(vocab: Vocab, stem: str, section: str = "parts") -> Mapping[str, Part]:
    """The ``parts`` mapping of rules/vocab/<stem>.yaml, as validated when the vocabularies
    loaded (one entry of opslint/checks/vocabs.py)."""
    return vocab.model_map(f"{stem}:{section}", Part)


def part_named(vocab: Vocab, stem: str, key: str, section: str = "parts") -> Part:
    """One part of rules/vocab/<stem>.yaml; an unknown key is a data error naming the file."""
    table = parts_of(vocab, stem, section)
    if key not in table:
        raise DataError(f"rules/vocab/{stem}.yaml: key '{section}' has no {key!r}")
    return table[key]


def _stripped(norm: str, part: Part) -> str:
    for phrase in part.strip:
        norm = norm.replace(normalize(phrase), " ")
    return norm


def unit_has(unit: Unit, part: Part) -> bool:
    """Whether a unit mentions a part (and, when the part needs one, a quantity)."""
    if part.any_code and unit.kind == "code":
        return True
    norm = _stripped(unit.norm, part)
    if not (has_term(norm, part.terms) or any(re.search(p, norm) for p in part.patterns)):
        return False
    if part.near and not (has_term(norm, part.near) or has_term(unit.section.norm, part.near)):
        return False
    if part.needs == "quantity":
        frequency = parse_frequency(unit.text)
        return bool(find_durations(unit.text)) or (
            frequency is not None and frequency.mode == "periodic"
        )
    return True


def find_part(units: Iterable[Unit], part: Part) -> Unit | None:
    """The first unit that mentions a part (``unit_has``)."""
    return next(part_units(units, part), None)


def part_units(units: Iterable[Unit], part: Part) -> Iterator[Unit]:
    """Every unit that mentions a part (``unit_has``), in order. The part's terms and
    patterns are searched once in all the units' texts joined (``_joined``), so only the
    units they occur in (and code units, when code counts) are read one by one; a part with
    a pattern that could read across two units (``apart``), or units whose texts cannot be
    joined, are tested unit by unit."""
    run = units if isinstance(units, Sequence) else tuple(units)
    joined = _joined(run) if all(map(apart, part.patterns)) else None
    strip = [normalize(phrase) for phrase in part.strip]
    if joined is None or any(_SEPARATOR in phrase for phrase in strip):
        yield from _each_unit(run, part, strip)
        return
    for phrase in strip:  # phrases hold no separator: each unit's text is stripped alike
        joined = joined.replace(phrase, " ")
    streams = [_term_units(joined, any_term_pattern(tuple(part.terms)))]
    streams += [_term_units(joined, _compiled(p), _needles(p)) for p in part.patterns]
    if part.any_code:  # a code unit counts whatever it says (``unit_has``)
        streams.append(i for i, u in enumerate(run) if u.kind == "code")
    found = streams[0] if len(streams) == 1 else heapq.merge(*streams)
    last = -1
    for index in found:
        if index != last and unit_has(run[index], part):
            yield run[index]
        last = index


def _each_unit(units: Sequence[Unit], part: Part, strip: list[str]) -> Iterator[Unit]:
    # The terms and each pattern searched apart: one alternation of them all is slower (it
    # loses each pattern's own literal prefix), measured on the parts with patterns.
    terms = any_term_pattern(tuple(part.terms))
    patterns = [re.compile(p) for p in part.patterns]
    for unit in units:
        if part.any_code and unit.kind == "code":
            yield unit
            continue
        norm = unit.norm
        for phrase in strip:
            norm = norm.replace(phrase, " ")
        if terms is None or terms.search(norm) is None:
            for pattern in patterns:  # a loop, not any(): no generator made per unit
                if pattern.search(norm) is not None:
                    break
            else:
                continue
        if unit_has(unit, part):  # the rarer conditions (near, a quantity), as one unit reads
            yield unit


def _term_units(joined: str, terms: re.Pattern[str] | None,
                needles: re.Pattern[str] | None = None) -> Iterator[int]:
    """The indexes, in order, of the units whose text holds a match of ``terms`` (the
    terms' alternation, or a pattern that ``apart`` passed), given their texts joined. Such
    a pattern never matches the separator, and the separator around a text reads as the
    start and end of a text to its lookarounds and word boundaries, so a match in the joined
    texts is a match in exactly one unit's own text, and each unit's first match is found
    where a search of its own text would find it.

    ``needles`` (``_needles``): literals every match of ``terms`` holds one of. Then only
    the units holding one are searched, each within its own bounds: a unit without a
    needle holds no match, and a pattern starting with a lookbehind or a digit class
    (the past-incident patterns) was otherwise tried at every position of the document."""
    if terms is None:
        return
    if needles is not None:
        yield from _needled_units(joined, terms, needles)
        return
    index = counted = 0
    while (match := terms.search(joined, counted)) is not None:
        index += joined.count(_SEPARATOR, counted, match.start())
        yield index
        end = joined.find(_SEPARATOR, match.start())
        if end < 0:
            return
        index, counted = index + 1, end + 1


def _needled_units(joined: str, terms: re.Pattern[str],
                   needles: re.Pattern[str]) -> Iterator[int]:
    """``_term_units`` searching ``terms`` only in the units where ``needles`` finds a
    literal. The leftmost needle from a unit's start lies in the first unit from there
    holding one (a needle holds no separator: ``apart`` refuses NUL in a pattern, so in
    its literals); that unit is searched from its start to its end (``pos``/``endpos``:
    the separator before and the end after read as a text's start and end, as above), so
    it is reported exactly when its own text holds a match."""
    index = counted = 0  # ``counted``: the start of unit ``index``
    size = len(joined)
    while (hit := needles.search(joined, counted)) is not None:
        start = max(joined.rfind(_SEPARATOR, counted, hit.start()) + 1, counted)
        index += joined.count(_SEPARATOR, counted, start)
        end = joined.find(_SEPARATOR, hit.start())
        if end < 0:
            end = size
        if terms.search(joined, start, end) is not None:
            yield index
        if end >= size:
            return
        index, counted = index + 1, end + 1


@functools.lru_cache(maxsize=512)
def _needles(pattern: str) -> re.Pattern[str] | None:
    """One search for the literals every match of a part's pattern holds one of (the
    prefilter of the line scans, ``facts/prefilter.py``), for a pattern the engine
    tries at every position: one that starts with neither a literal nor a set of first
    characters it can skip to in C (a lookbehind, ``\\d{4}``). None for the others, whose
    own search is faster than the needles' (``(?:障害|インシデント)の…`` found its words
    in every unit of an incident report), and for a pattern without needles: it is then
    searched in the whole joined text. Only which units are searched depends on it."""
    parsed = _parser.parse(pattern)
    flags = parsed.state.flags
    if _compiler._get_literal_prefix(parsed, flags)[0] \
            or _compiler._get_charset_prefix(parsed, flags) is not None:
        return None
    screen = prefilter((_compiled(pattern),))
    return None if screen is None else screen.needles


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@functools.lru_cache(maxsize=512)
def apart(pattern: str) -> bool:
    """Whether a part's pattern reads each unit apart when searched in the units' texts
    joined by the separator: nothing in it matches the separator (no ``.``, no negated
    class or category, no NUL), and it has no anchor other than a word boundary (``^`` and
    ``$`` would not match at a unit's ends inside the joined text). Lookarounds of such a
    pattern fail on the separator as they fail at the end of a text, so it matches in the
    joined texts exactly where it matches in each unit's own."""
    try:
        parsed = _parser.parse(pattern)
    except re.error:
        return False
    return _apart(parsed)


def _apart(items: Iterable[tuple[Any, Any]]) -> bool:
    for op, value in items:
        name = str(op)
        if name == "LITERAL":
            if value == 0:
                return False
        elif name == "IN":
            if not all(_apart_member(str(o), v) for o, v in value):
                return False
        elif name == "AT":
            if str(value) not in ("AT_BOUNDARY", "AT_NON_BOUNDARY",
                                  "AT_UNI_BOUNDARY", "AT_UNI_NON_BOUNDARY"):
                return False
        elif name == "BRANCH":
            if not all(_apart(branch) for branch in value[1]):
                return False
        elif name in ("SUBPATTERN",):
            if not _apart(value[3]):
                return False
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if not _apart(value[2]):
                return False
        elif name in ("ASSERT", "ASSERT_NOT"):
            if not _apart(value[1]):
                return False
        elif name == "ATOMIC_GROUP":
            if not _apart(value):
                return False
        elif name == "GROUPREF_EXISTS":
            if not all(_apart(branch) for branch in value[1:] if branch is not None):
                return False
        elif name != "GROUPREF":  # ANY, NOT_LITERAL and anything unknown
            return False
    return True


_SAFE_CATEGORIES = frozenset({"CATEGORY_DIGIT", "CATEGORY_SPACE", "CATEGORY_WORD",
                              "CATEGORY_UNI_DIGIT", "CATEGORY_UNI_SPACE", "CATEGORY_UNI_WORD"})


def _apart_member(name: str, value: Any) -> bool:
    """Whether a member of a character class cannot match the separator (NUL)."""
    if name == "LITERAL":
        return bool(value != 0)
    if name == "RANGE":
        return bool(value[0] != 0)
    if name == "CATEGORY":
        return str(value) in _SAFE_CATEGORIES
    return False  # NEGATE and anything unknown


def _joined(units: Sequence[Unit]) -> str | None:
    """The units' normalised texts joined by a separator no text holds (None when one
    does), kept for the last tuple of units asked: the checks of a document ask for parts
    in the same units (the model's units of the document) one part after another."""
    if isinstance(units, tuple):
        return _JOINED.get((units,), lambda: _join(units))
    return _join(units)


def _join(units: Sequence[Unit]) -> str | None:
    text = _SEPARATOR.join([u.norm for u in units])
    return text if text.count(_SEPARATOR) == max(len(units) - 1, 0) else None


_SEPARATOR = "\x00"
_JOINED: LastKept[str | None] = LastKept()
