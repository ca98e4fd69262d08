"""The monitor table (監視項目一覧): finding it, reading its cells, and checks on its shape.

The reading helpers (``monitor_tables``, ``monitor_rows``, ``level_of``, ``is_blank``) are
also meant for the facts extraction, so a monitor is read the same way everywhere.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from opslint.checks.mon.params import ColumnsParams, IdPatternParams
from opslint.checks.shared.common import ColumnMap
from opslint.checks.shared.units import Part, anchor_line, has_term, load_parts, scope_sections
from opslint.document.model import Document, Row
from opslint.document.normalize import normalize, word_pattern
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText, Location
from opslint.engine.memo import PerText
from opslint.engine.registry import NoParams
from opslint.engine.vocab import DataError, Vocab
from opslint.facts.quantities import find_thresholds
from opslint.facts.semantic import Reading, SemanticModel
from opslint.facts.table_roles import tables_of_role

__all__ = [
    "MONITOR_SECTIONS",
    "MonitorRow",
    "declared_level",
    "is_blank",
    "level_of",
    "monitor_rows",
    "monitor_tables",
    "monitor_tables_of",
    "term_position",
]

VOCAB = "monitoring"
# Section keys (rules/vocab/sections.yaml) of the monitoring chapter and its parts.
MONITOR_SECTIONS = ("observability", "monitors", "alerts", "pillars", "escalation", "dashboards")
_BLANK = re.compile(r"^[\s\-—―ー–_.…/]*$")


@dataclass(frozen=True)
class MonitorRow:
    """One row of a monitor table, with its cells read by column key."""

    table: ColumnMap
    row: Row

    @property
    def line(self) -> int:
        return self.row.line

    def cell(self, key: str) -> str:
        return self.row.get(self.table.columns.get(key))

    def text(self) -> str:
        return " | ".join(self.row.cells)


def monitor_tables(doc: Document, vocab: Vocab) -> list[ColumnMap]:
    """The document's monitor-list tables (rules/vocab/tables.yaml), as read."""
    return [ColumnMap(t.view, dict(t.columns))
            for t in tables_of_role(doc, vocab, "monitor_list")]


MONITOR_TABLES = Reading("monitor-tables",
                         lambda doc, model: monitor_tables(doc, model.vocab))


def monitor_tables_of(ctx: CheckContext) -> list[ColumnMap]:
    """The checked document's monitor-list tables, read once for all MON rules."""
    return ctx.read(MONITOR_TABLES)


def monitor_rows(tables: Sequence[ColumnMap]) -> Iterator[MonitorRow]:
    for mapped in tables:
        for row in mapped.table.rows:
            yield MonitorRow(mapped, row)


def is_blank(cell: str, vocab: Vocab) -> bool:
    """Empty, a dash, or a placeholder: the placeholder rules report these cells, not ours."""
    return _BLANKS.get((vocab,), cell, lambda c: _is_blank(c, vocab))


def _is_blank(cell: str, vocab: Vocab) -> bool:
    placeholders = vocab.term_list(VOCAB, "placeholders")
    return bool(_BLANK.match(cell)) or has_term(normalize(cell), placeholders)


# The monitor rules ask these of every row's cells, which repeat ("TBD", "Warning", "-"):
# each distinct cell is read once per vocabulary or level list.
_BLANKS: PerText[bool] = PerText()
_LEVEL_OF: PerText[str | None] = PerText()
_DECLARED: PerText[str | None] = PerText()


@functools.lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern[str]:
    needle = normalize(term)
    if needle.isascii() and needle[:1].isalnum():
        return re.compile(word_pattern(re.escape(needle)))
    return re.compile(re.escape(needle))


def term_position(norm: str, terms: Sequence[str]) -> int | None:
    """Where the earliest of the terms starts in a normalised text, or None."""
    found = _terms_pattern(tuple(terms)).search(norm)
    return found.start() if found is not None else None


# A few lists: the vocabulary's levels, each with the words a document's legend adds.
@functools.lru_cache(maxsize=64)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """The alternation of the terms' own patterns (no groups: escaped text, word edges): it
    first matches at the first place one of them matches, which is where the earliest of
    their own first matches starts; one search, not one per term. No terms: no match."""
    if not terms:
        return _NEVER
    return re.compile("|".join(f"(?:{_term_pattern(t).pattern})" for t in terms))


_NEVER = re.compile(r"(?!)")


def level_of(text: str, levels: Mapping[str, Part]) -> str | None:
    """The alert level a cell names (the earliest one when several are written)."""
    return _LEVEL_OF.get((levels,), text, lambda t: _level_of(t, levels))


def _level_of(text: str, levels: Mapping[str, Part]) -> str | None:
    norm = normalize(text)
    found = [(pos, key) for key, part in levels.items()
             if (pos := term_position(norm, part.terms)) is not None]
    return min(found)[1] if found else None


# A level word inside a longer word is another word: "要注意" is not "注意", "非緊急" not
# "緊急", "non-critical" not "critical". Kana or ideographs before a term, or a Latin prefix
# joined by a hyphen, make it part of a compound.
_COMPOUND_BEFORE = re.compile(r"(?:[\u3005\u3041-\u30ff\u3400-\u9fff]|[a-z]-)$")


def declared_level(text: str, levels: Mapping[str, Part]) -> str | None:
    """The level a cell names as a word of its own (the earliest one), or None. Stricter than
    ``level_of``: a level word that is only part of a compound word does not count."""
    return _DECLARED.get((levels,), text, lambda t: _declared_level(t, levels))


def _declared_level(text: str, levels: Mapping[str, Part]) -> str | None:
    norm = normalize(text)
    found: list[tuple[int, str]] = []
    for key, part in levels.items():
        for term in part.terms:
            for match in _term_pattern(term).finditer(norm):
                if not _COMPOUND_BEFORE.search(norm[:match.start()]):
                    found.append((match.start(), key))
                    break
    return min(found)[1] if found else None


def monitor_levels(ctx: CheckContext) -> Mapping[str, Part]:
    """The level words of rules/vocab/monitoring.yaml plus those the document defines in
    its legend ("page" = Critical), so every level check reads the document's own words."""
    levels = load_parts(ctx, VOCAB, "levels")
    legend = ctx.facts().operation.level_legend
    if not legend:
        return levels
    return {key: part.model_copy(update={"terms": [*part.terms,
                                                   *(w for w, name in legend if name == key)]})
            for key, part in levels.items()}


def named_label(ctx: CheckContext, key: str) -> LocalText:
    """The label of a part of rules/vocab/monitoring.yaml (text shown to users)."""
    parts = load_parts(ctx, VOCAB)
    if key not in parts:
        raise DataError(f"rules/vocab/{VOCAB}.yaml: key 'parts' has no {key!r}")
    return parts[key].text()


def _labels(vocab: Vocab) -> Mapping[str, LocalText]:
    data: Any = vocab.terms.get(VOCAB, {}).get("column_labels", {})
    try:
        return {str(k): LocalText(str(v["ja"]), str(v["en"])) for k, v in data.items()}
    except (AttributeError, KeyError, TypeError):
        raise DataError(f"rules/vocab/{VOCAB}.yaml: key 'column_labels' needs ja and en") from None


def _anchor(doc: Document, vocab: Vocab) -> int:
    for key in ("monitors", "observability"):
        section = vocab.find_section(doc, key)
        if section is not None:
            return section.line
    return anchor_line(doc)


def _listed_monitors(doc: Document, vocab: Vocab) -> bool:
    """Monitors written as a list: items with a threshold or a leading monitor ID."""
    patterns = [re.compile(p) for p in vocab.term_list(VOCAB, "monitor_list_patterns")]
    for section in scope_sections(vocab, doc, MONITOR_SECTIONS):
        for item in section.items():
            if find_thresholds(item.text) or any(p.search(normalize(item.text)) for p in patterns):
                return True
    return False


def table_missing(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """No monitor table, and no monitor list in prose either."""
    if monitor_tables_of(ctx) or _listed_monitors(ctx.doc, ctx.vocab):
        return
    yield Hit(_anchor(ctx.doc, ctx.vocab))


def column_missing(ctx: CheckContext, params: ColumnsParams) -> Iterator[Hit]:
    """A monitor table lacks one of the given columns."""
    labels = _labels(ctx.vocab)
    for mapped in monitor_tables_of(ctx):
        for key in params.columns:
            if not mapped.has(key):
                label = labels.get(key, LocalText(key, key))
                yield Hit(mapped.table.line, args={"column": label}, key=f"monitor-column:{key}")


def _read_ids(doc: Document, model: SemanticModel
              ) -> tuple[tuple[ColumnMap, tuple[tuple[str, int, str], ...]], ...]:
    found = []
    for mapped in model.read(MONITOR_TABLES, doc):
        if not mapped.has("monitor_id"):
            continue
        column = mapped.columns["monitor_id"]
        cells = ((row.get(column), row.line) for row in mapped.table.rows)
        ids = ((cell.strip(), line) for cell, line in cells if not is_blank(cell, model.vocab))
        found.append((mapped, tuple((value, line, normalize(value)) for value, line in ids)))
    return tuple(found)


# Each monitor table with an ID column, and its IDs with their lines and normalised (blank
# cells left out): read once per document for MON006 and MON007. Each ID is its own text
# (50,000 rows, 50,000 IDs): normalised here once, not again by each rule.
MONITOR_IDS = Reading("monitor-ids", _read_ids)


def id_duplicate(ctx: CheckContext, _: NoParams) -> Iterator[Hit]:
    """The same monitor ID on two rows of the document's monitor tables."""
    first: dict[str, int] = {}
    path = ctx.doc.path.as_posix()
    for _table, ids in ctx.read(MONITOR_IDS):
        for value, line, key in ids:
            if key in first:
                note = named_label(ctx, "first_definition")
                related = (Location(path, first[key], note),)
                yield Hit(line, args={"id": value}, related=related, key=f"monitor-id:{key}")
            else:
                first[key] = line


def _shape(norm: str) -> str:
    # An ID scheme (of a normalised ID): its prefix, separators and number width. "M-001" and
    # "M-002" share one; "M01" and "MON-001" do not. Groups between the prefix and the number
    # are categories of the one scheme: "MON-DB-01" and "MON-K8S-02" are both "MON-*-99".
    digits = _DIGIT.sub("9", norm.upper())
    return _CATEGORY.sub("*", digits)


_DIGIT = re.compile(r"\d")
_CATEGORY = re.compile(r"(?<=[-_])[A-Z0-9]*[A-Z][A-Z0-9]*(?=[-_])")


def _vocab_str(vocab: Vocab, key: str) -> str:
    value = vocab.terms.get(VOCAB, {}).get(key)
    if not isinstance(value, str):
        raise DataError(f"rules/vocab/{VOCAB}.yaml: key '{key}' must be a string")
    return value


def _id_pattern(ctx: CheckContext, params: IdPatternParams) -> re.Pattern[str] | None:
    """The ID scheme: the rule's own pattern, else the ``monitor_id_pattern`` option."""
    raw = params.pattern if params.pattern is not None else ctx.options.get("monitor_id_pattern")
    if raw is None:
        return None
    try:
        return re.compile(str(raw))
    except re.error as error:
        raise DataError(
            f"option 'monitor_id_pattern': invalid regular expression {raw!r}: {error}"
        ) from None


def id_pattern(ctx: CheckContext, params: IdPatternParams) -> Iterator[Hit]:
    """IDs that break the configured pattern, or the scheme most of the document's monitor
    IDs share (one scheme per document, across its monitor tables)."""
    configured = _id_pattern(ctx, params)
    default = re.compile(_vocab_str(ctx.vocab, "monitor_id_default"))
    example = _vocab_str(ctx.vocab, "monitor_id_example")
    ids = [(v, ln) for _, table_ids in ctx.read(MONITOR_IDS) for v, ln, _ in table_ids]
    if configured is not None:
        bad = [(v, ln, configured.pattern) for v, ln in ids if not configured.fullmatch(v)]
    else:
        norms = {v: norm for _, table_ids in ctx.read(MONITOR_IDS) for v, _, norm in table_ids}
        bad = _off_shape(ids, default, example, norms)
    for value, line, expected in bad:
        yield Hit(line, args={"id": value, "expected": expected}, key="monitor-id-pattern")


def _off_shape(
    ids: list[tuple[str, int]], default: re.Pattern[str], example: str,
    norms: Mapping[str, str] | None = None,
) -> list[tuple[str, int, str]]:
    """IDs off the default pattern, then IDs whose shape differs from the most common one
    (``norms``: the IDs normalised, when read already)."""
    normed = [(v, ln, norms[v] if norms is not None else normalize(v)) for v, ln in ids]
    well_formed = [(v, ln, norm) for v, ln, norm in normed if default.fullmatch(norm)]
    shaped = [(v, ln, _shape(norm)) for v, ln, norm in well_formed]  # each ID's shape once
    shapes = Counter(shape for _, _, shape in shaped)
    common = ""
    if shapes:
        # Ties go to the shape seen first: Counter keeps insertion order among equals.
        common = shapes.most_common(1)[0][0]
        example = next(v for v, _, shape in shaped if shape == common)
    formed = {(v, ln) for v, ln, _ in well_formed}  # a set: a list was quadratic (issue 10)
    bad = [(v, ln, example) for v, ln in ids if (v, ln) not in formed]
    if len(shapes) > 1:  # the example has the common shape
        bad += [(v, ln, example) for v, ln, shape in shaped if shape != common]
    return sorted(bad, key=lambda b: b[1])
