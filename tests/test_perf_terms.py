"""The term-matching layer answers each question once (issue 10, sixth round), counted
rather than timed.

- A document's tables are read and classified once, however many extractors and checks
  ask for them (``read_tables``).
- A header row is mapped to column keys once per vocabulary and key list, however many
  tables and documents repeat it (``header_columns``); another vocabulary gets its own
  answer.
- A part's terms are searched once in the joined texts of the units asked about, so only
  the units that hold a term are read one by one (``part_units``); checked equal to
  testing each unit.
- ``Terms.has`` and ``Terms.find`` keep their answers on the vocabulary; ``read_label``
  keeps its last texts.
- A document's lines are read once (with or without code); a section's lines are a slice of
  them, checked equal to reading the section alone.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from opslint.config import Config
from opslint.document import normalize
from opslint.document.model import DocKind, Document
from opslint.engine.memo import Bounded
from opslint.engine.vocab import Vocab
from opslint.facts import parts as facts_parts
from opslint.facts import reading, table_roles
from opslint.facts.extract import extract_facts
from opslint.facts.parts import Part, find_part, part_units, unit_has
from opslint.facts.reading import header_columns, map_columns
from opslint.facts.units import Unit, doc_units
from opslint.lint import Bundle, document_from_text, lint_documents
from tests.conftest import CountCalls

EXAMPLES = Path(__file__).parent.parent / "examples"


def _operation(bundle: Bundle, lang: str) -> Document:
    path = EXAMPLES / lang / "clean" / "17_Operation_Design.md"
    return document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config(),
                              DocKind.OPERATION)


def _vocab_copy(vocab: Vocab, columns: dict[str, object]) -> Vocab:
    """A vocabulary like ``vocab`` whose column synonyms are ``columns`` (a custom rules
    folder), with memos of its own."""
    return dataclasses.replace(vocab, terms={**vocab.terms, "columns": columns})


def test_a_documents_tables_are_read_once(bundle: Bundle, count_calls: CountCalls) -> None:
    calls = count_calls(table_roles, "_read")
    for lang in ("ja", "en"):
        doc = _operation(bundle, lang)
        tables = sum(1 for _ in table_roles._tables(doc.root))
        calls.clear()
        lint_documents([doc], [], Config(), bundle)
        first = table_roles.read_tables(doc, bundle.vocab)
        assert tables > 3 and len(first) == tables
        assert calls["_read"] == tables  # every reader asked; each table was read once
        assert table_roles.read_tables(doc, bundle.vocab) is first
        other = _vocab_copy(bundle.vocab, dict(bundle.vocab.terms["columns"]))
        assert table_roles.read_tables(doc, other) is not first  # another vocabulary reads again


def test_a_header_row_is_mapped_once_per_vocabulary(bundle: Bundle,
                                                    count_calls: CountCalls) -> None:
    doc = _operation(bundle, "ja")
    bundle.vocab._compiled.pop("reading.header_columns", None)
    calls = count_calls(reading, "_map_header")
    extract_facts(doc, bundle.vocab)
    lint_documents([doc], [], Config(), bundle)
    asked = calls["_map_header"]
    distinct = len(bundle.vocab.compiled("reading.header_columns", Bounded))
    assert 0 < asked == distinct  # each distinct (header, keys) mapped once
    extract_facts(_operation(bundle, "ja"), bundle.vocab)  # a second document, same headers
    assert calls["_map_header"] == asked


def test_header_columns_reads_as_mapping_each_time(bundle: Bundle) -> None:
    header = ("ID", "監視項目", "閾値", "重要度", "通知先", "Owner", "owner")
    keys = ("monitor_id", "item", "threshold", "level", "channel", "owner", "target")
    first = header_columns(header, bundle.vocab, keys)
    assert first == reading._map_header(header, bundle.vocab, keys)
    assert {"monitor_id", "threshold", "level", "channel", "owner"} <= first.keys()
    first["extra"] = 99  # the caller's own dict: the memo is not changed through it
    assert "extra" not in header_columns(header, bundle.vocab, keys)
    # A custom vocabulary with other synonyms gets its own answer, never the memo's.
    columns = dict(bundle.vocab.terms["columns"])
    columns["threshold"] = ["重要度"]
    columns["level"] = ["閾値"]
    other = _vocab_copy(bundle.vocab, columns)
    swapped = header_columns(header, other, keys)
    assert swapped["threshold"] == first["level"] and swapped["level"] == first["threshold"]
    table = next(t.source for t in table_roles.read_tables(_operation(bundle, "ja"),
                                                           bundle.vocab) if t.role)
    assert map_columns(table, other, keys).columns == header_columns(table.header, other, keys)


def _all_parts(vocab: Vocab) -> list[Part]:
    tables = [v for v in vocab.models.values() if isinstance(v, dict) and v
              and all(isinstance(p, Part) for p in v.values())]
    return [p for table in tables for p in table.values()]


def _example_units(bundle: Bundle) -> list[Unit]:
    units: list[Unit] = []
    for path in sorted(EXAMPLES.glob("*/*/*.md")):
        doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config(),
                                 DocKind.OPERATION)
        units += doc_units(doc, code="all")
    return units


def test_part_units_equal_testing_each_unit(bundle: Bundle) -> None:
    parts = _all_parts(bundle.vocab)
    assert len(parts) > 40
    assert any(p.any_code for p in parts) and any(p.strip for p in parts)
    units = _example_units(bundle)
    assert any(u.kind == "code" for u in units)
    # Texts at the edges of the joined search: empty, a term at either end, a word term
    # glued to a neighbour's letters, and a text holding the separator (read unit by unit).
    extra = [dataclasses.replace(units[0], text=t, norm=t)
             for t in ("", "dr訓練", "rto", "xrto", "rtox", "on-call", "a\x00on-call", "")]
    for run in (units, units[:50] + extra, extra, extra[-1:], []):
        for part in parts:
            expected = [u for u in run if unit_has(u, part)]
            assert list(part_units(run, part)) == expected, part.label
            assert list(part_units(tuple(run), part)) == expected, part.label
            assert find_part(iter(run), part) is (expected[0] if expected else None)


def test_a_part_reads_only_the_units_holding_its_terms(
        bundle: Bundle, count_calls: CountCalls, monkeypatch: pytest.MonkeyPatch) -> None:
    units = tuple(_example_units(bundle))
    parts = [p for p in _all_parts(bundle.vocab) if not p.patterns and not p.any_code]
    searches = 0

    class Counting:
        def __init__(self, pattern: re.Pattern[str]) -> None:
            self.pattern = pattern

        def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
            nonlocal searches
            searches += 1
            return self.pattern.search(text, pos)

    def counting(terms: tuple[str, ...], real: Any = normalize.any_term_pattern) -> Any:
        pattern = real(terms)
        return None if pattern is None else Counting(pattern)

    monkeypatch.setattr(facts_parts, "any_term_pattern", counting)
    calls = count_calls(facts_parts, "_join")
    count_calls(facts_parts, "unit_has")
    holding = 0
    for part in parts:
        expected = [u for u in units if unit_has(u, part)]
        before = calls["unit_has"]
        assert list(part_units(units, part)) == expected
        holding += calls["unit_has"] - before
    # One joined text for all the parts, searched once per unit holding a term (and once
    # more to find none after the last), never once per unit.
    assert calls["_join"] == 1
    assert holding < searches <= holding + len(parts) < len(units) * len(parts) / 10


def test_terms_has_answers_each_text_and_list_once_per_vocabulary(
        bundle: Bundle, count_calls: CountCalls) -> None:
    from opslint.facts import text as facts_text
    from opslint.facts.text import Terms

    calls = count_calls(facts_text.Terms, "_search")
    terms = Terms(bundle.vocab)
    texts = ["rto は 1時間", "unique text 5c1e", "rpo は 15分"]
    first = [terms.has(t, k) for t in texts for k in ("rto", "rpo")]
    asked = calls["_search"]
    again = Terms(bundle.vocab)  # an extractor's own Terms: the answers are the vocabulary's
    assert [again.has(t, k) for t in texts for k in ("rto", "rpo")] == first
    assert calls["_search"] == asked <= len(first)
    assert first[0] and not first[1] and first[5]
    other = _vocab_copy(bundle.vocab, dict(bundle.vocab.terms["columns"]))
    other_facts = dict(bundle.vocab.terms["facts"])
    other_facts["rto"] = ["15分"]
    other = dataclasses.replace(other, terms={**other.terms, "facts": other_facts})
    assert [Terms(other).has(t, "rto") for t in texts] == [False, False, True]


def test_section_lines_are_slices_of_the_documents_lines(bundle: Bundle,
                                                         count_calls: CountCalls) -> None:
    paths = sorted(EXAMPLES.glob("*/*/*.md")) + sorted(
        (Path(__file__).parent / "fixtures" / "sets").glob("*/*.md"))
    calls = count_calls(reading, "_read_lines")
    scans = 0
    for path in paths:
        doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config(),
                                 None)
        sections = [None, doc.root, *doc.sections()]
        calls.clear()
        for code in (False, True):
            for section in sections:
                alone = reading._read_lines(doc, section or doc.root, code)
                assert list(reading.scan_lines(doc, section, code=code)) == list(alone)
                scans += 1
        # Each section read alone above (the reference), and the document once per mode.
        assert calls["_read_lines"] == 2 * len(sections) + 2
    assert scans > 200
