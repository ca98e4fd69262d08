"""The reading layer cuts each block of a document once (issue 10, seventh round): every
reader of the document's units gets the same unit objects, whichever way it cuts them, so
each text is normalised once. Work is counted, never timed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from opslint.config import Config
from opslint.document.model import Document, Section
from opslint.facts import text as facts_text
from opslint.facts import units as units_module
from opslint.facts.units import DOC_UNITS, Unit, section_units
from opslint.lint import Bundle, document_from_text
from tests.conftest import CountCalls

_ROWS = 40
_DOC = """# 運用設計書

## 監視

作業時間は 59分。
ＴＢＤ の項目がある。

- 担当: 鈴木

```bash
# 再起動する
systemctl restart app
```

| 監視ID | 対象 | 閾値 |
| -- | -- | -- |
""" + "".join(f"| M-{n:03} | ＥＫＳ ノード {n} | p99 > 900ms |\n" for n in range(_ROWS))


def _doc(bundle: Bundle, text: str = _DOC) -> Document:
    return document_from_text(text, Path("17_ops.md"), bundle, Config(), None)


def _ways(doc: Document) -> list[list[units_module.Unit]]:
    """The document's units cut as its readers cut them: the model's units in three code
    modes, the extractors' lines (``facts/text.units``), a section with and without titles."""
    section = next(s for s in doc.sections() if s.level == 2)
    return [
        list(section_units(doc)),
        list(section_units(doc, code="comments")),
        list(section_units(doc, code="all")),
        list(section_units(doc, titles=False, headers=False, prose="lines")),
        list(section_units(section, doc=doc, prose="lines", code="all")),
        list(section_units(section, titles=False, doc=doc)),
    ]


def test_every_way_of_cutting_a_document_makes_each_unit_once(
        bundle: Bundle, count_calls: CountCalls) -> None:
    doc = _doc(bundle)
    calls = count_calls(units_module, "make_unit")
    ways = _ways(doc)
    distinct = {id(u) for way in ways for u in way}
    # Rows, header, title units, the paragraph whole and by line, the item, code lines.
    assert len(distinct) >= _ROWS + 8
    assert calls["make_unit"] == len(distinct)  # not once per way (about six times as many)
    # Every way holds the same units as a fresh cut without the shared one would.
    units_module._HELD[0] = None
    other = _doc(bundle)
    assert [[(u.line, u.text, u.kind, u.section.line) for u in way] for way in ways] == [
        [(u.line, u.text, u.kind, u.section.line) for u in way] for way in _ways(other)]


def test_a_row_is_normalised_once_for_every_reader(bundle: Bundle,
                                                   count_calls: CountCalls) -> None:
    doc = _doc(bundle)
    calls = count_calls(units_module, "normalize")
    ways = _ways(doc)
    for way in ways:
        for unit in way:
            assert unit.norm
    rows = [u for u in section_units(doc) if u.kind == "row"]
    assert len(rows) == _ROWS
    # Once per distinct unit, not once per way it was cut in (a row is in every way).
    distinct = {(u.line, u.text, u.kind, id(u.section)) for way in ways for u in way}
    assert calls["normalize"] == len(distinct) < sum(len(way) for way in ways) // 3


def test_the_extractors_lines_are_the_models_rows(bundle: Bundle) -> None:
    doc = _doc(bundle)
    lines = [u for u in facts_text.units(doc) if u.kind == "row"]
    model = DOC_UNITS.function(doc, None, "whole", "none", True)
    rows = [u for u in model if u.kind == "row"]
    assert len(rows) == _ROWS and all(a is b for a, b in zip(lines, rows, strict=True))


def test_another_documents_section_is_cut_apart(bundle: Bundle) -> None:
    # A section of one document, asked with another document, is not that document's cut:
    # its units are its own, and the cut held stays the other document's.
    first, second = _doc(bundle), _doc(bundle, _DOC.replace("鈴木", "佐藤"))
    whole = list(section_units(first))
    section = next(s for s in second.sections() if s.level == 2)
    theirs = list(section_units(section, doc=first))
    assert any("佐藤" in u.text for u in theirs)
    assert not any(a is b for a in whole for b in theirs)
    assert all(a is b for a, b in zip(whole, section_units(first), strict=True))


class _Indexed(tuple):  # type: ignore[type-arg]
    """A document's units that count how often they are indexed."""

    reads = 0

    def __getitem__(self, index: Any) -> Any:
        _Indexed.reads += 1
        return super().__getitem__(index)


def test_a_chapters_units_are_sliced_without_testing_each_unit(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    from opslint.checks.shared import units as shared_units
    from opslint.engine.context import CheckContext
    from opslint.lint import extract_model

    doc = _doc(bundle)
    ctx = CheckContext(doc, extract_model([doc], [], bundle))
    whole = _Indexed(section_units(doc))
    monkeypatch.setattr(shared_units, "doc_units", lambda *_a, **_k: whole)
    chapter = next(s for s in doc.sections() if s.level == 2)
    _Indexed.reads = 0
    got = shared_units.scope_units(ctx, chapter)
    assert list(got) == [u for u in whole if u.section is chapter] and len(got) > _ROWS
    assert _Indexed.reads <= 2  # the first unit and the slice, not each unit of the run


def test_a_parts_patterns_are_searched_in_the_joined_texts(
        bundle: Bundle, count_calls: CountCalls) -> None:
    from opslint.facts import parts as parts_module
    from opslint.facts.parts import Part, part_units, unit_has

    doc = _doc(bundle, _DOC + "".join(f"| X-{n} | 対象 {n} | 過去の障害 {n} |\n"
                                      for n in range(_ROWS)))
    run = tuple(section_units(doc))
    part = Part.model_validate({"label": {"ja": "閾値", "en": "threshold"}, "terms": ["過去の障害"],
                                "patterns": [r"p\d\d\s*>", r"(?<![a-z])m-0[0-3]\d(?![\d])"]})
    calls = count_calls(parts_module, "_each_unit")
    got = list(part_units(run, part))
    assert got == [u for u in run if unit_has(u, part)]
    assert len(got) == 2 * _ROWS  # every monitor row (its threshold) and every past incident
    assert calls["_each_unit"] == 0  # searched in the joined texts, not unit by unit


_NOT_APART = [r"^\s*foo", r"a$", r"a.b", r"[^。]{0,3}x", r"\S+", "x\x00", r"[\x00-\x10]",
              r"\Afoo", r"(?m)^x", r"\Dx", r"\Wx", r"[\W]"]
_APART = [r"(?<![a-z])(?:incidents?|outages?) of(?![a-z])", r"\balter\s+table\b", r"\.sql\b",
          r"(?i)abc", r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}", r"(a)?(?(1)b|c)",
          r"(?<=x)y", r"\d+\s*(?:分|min)"]


def test_apart_tells_patterns_that_read_each_unit_apart() -> None:
    from opslint.facts.parts import apart

    assert not any(apart(p) for p in _NOT_APART)
    assert all(apart(p) for p in _APART)


def test_apart_patterns_match_the_joined_texts_where_they_match_each_unit() -> None:
    import re

    from opslint.facts.parts import _SEPARATOR, _term_units, apart

    texts = ["alter  table x", "x", "incidents of 2023", "", "xy", "a@b.co", "5分",
             "outages", "of", "c", "ab", "abc", "ABC", "m-001 | p99 > 5", "#", "zzz"]
    joined = _SEPARATOR.join(texts)
    for source in [*_APART, *_NOT_APART]:
        pattern = re.compile(source)
        own = [i for i, t in enumerate(texts) if pattern.search(t)]
        if apart(source):
            assert list(_term_units(joined, pattern)) == own, source


def test_a_chapter_title_is_read_for_its_polarity_once(bundle: Bundle,
                                                      count_calls: CountCalls) -> None:
    from opslint.facts import polarity as polarity_module
    from opslint.facts.polarity import section_polarity

    calls = count_calls(polarity_module, "_fold")
    titles = ["採用しない構成 (wt7)", "Roadmap (wt7)", "概要 (wt7)"]
    first = [section_polarity(bundle.vocab, t) for t in titles]
    again = [section_polarity(bundle.vocab, t) for t in titles * 3]
    assert first[0] != first[2] and again == first * 3
    assert calls["_fold"] == len(titles)  # each title folded and searched once


def _ids_in_front_reference(table: Any) -> bool:
    from opslint.facts import table_roles

    cells = [r.get(0) for r in table.rows if r.get(0).strip()]
    if len(cells) < 2:
        return False
    matches = [m for m in (table_roles._ID.match(c) for c in cells) if m]
    named = [m for m in matches if m.string[m.end():].strip(" :：-–")]
    return (len(named) >= table_roles._SHARE * len(cells)
            and len({table_roles._prefix(m["id"]) for m in matches}) == 1)


def test_ids_in_front_stop_reading_once_settled(monkeypatch: pytest.MonkeyPatch) -> None:
    from opslint.document.model import Row, Table
    from opslint.facts import table_roles

    def table(cells: list[str]) -> Table:
        return Table(("ID",), tuple(Row((c,), n) for n, c in enumerate(cells)), 1, 1)

    cases = [[f"Q-{n:05} キュー {n}" for n in range(50)],
             [f"Q-{n:05}" for n in range(50)],
             [f"Q-{n:05} x" for n in range(40)] + ["-"] * 10,
             [f"Q-{n:05} x" for n in range(39)] + ["-"] * 11,
             [f"Q-{n:05} x" for n in range(25)] + [f"M-{n:03} y" for n in range(25)],
             ["A-1 x", ""], ["A-1 x", "B-2 y"], ["A-1 x", "A-2"]]
    for cells in cases:
        assert table_roles._ids_in_front(table(cells)) == _ids_in_front_reference(table(cells))

    class Counting:
        calls = 0

        def match(self, text: str) -> Any:
            Counting.calls += 1
            return real.match(text)

    real = table_roles._ID
    monkeypatch.setattr(table_roles, "_ID", Counting())
    assert not table_roles._ids_in_front(table([f"Q-{n:05}" for n in range(1000)]))
    assert Counting.calls <= 201  # settled once a fifth of the cells lack a name


def test_terms_has_finds_a_lists_pattern_once(bundle: Bundle, count_calls: CountCalls) -> None:
    from opslint.document.normalize import contains_any, normalize
    from opslint.facts.text import Terms

    calls = count_calls(facts_text, "any_term_pattern")
    terms = Terms(bundle.vocab)
    texts = [normalize(f"行 {n}: 手動で実施する {'監査ログ' if n % 3 else ''}") for n in range(60)]
    for key in ("audit_log", "limit_words"):
        assert [terms.has(t, key) for t in texts] == [contains_any(t, terms(key)) for t in texts]
    assert any(terms.has(t, "audit_log") for t in texts)
    assert calls["any_term_pattern"] <= 2  # once per list at most, not once per text


def test_a_scope_key_is_matched_once_per_document_whatever_it_is_combined_with(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    from opslint.checks.shared import units as shared_units

    doc = _doc(bundle, "# Ops\n\n## 監視\n\n### 監視項目\n\n- CPU\n\n## バックアップ\n\n- 日次\n"
               "\n## 障害対応\n\n- 連絡\n")
    vocab = bundle.vocab
    real = type(vocab).find_sections
    asked: list[str] = []

    def counting(self: Any, document: Any, key: str) -> Any:
        asked.append(key)
        return real(self, document, key)

    # A key's sections are found by ``find_sections`` (every section's title matched).
    monkeypatch.setattr(type(vocab), "find_sections", counting)
    combos = [(["observability"], []), (["observability", "backup"], []),
              (["backup"], ["observability"]), (["observability"], ["backup"])]
    got = [[s.title for s in shared_units.scope_sections(vocab, doc, k, e)] for k, e in combos]
    assert got == [["監視"], ["監視", "バックアップ"], ["バックアップ"], ["監視"]]
    assert asked == ["observability", "backup"]  # each key once, not once per combo


def test_the_cut_gives_the_units_cut_without_it(bundle: Bundle) -> None:
    # ``section_units`` reads a block's units kept in the document's cut by the block's
    # kind; without a cut each block is cut afresh by ``_block_units``.
    from itertools import product

    from tests.conftest import example_documents

    def shown(found: list[Unit]) -> list[tuple[object, ...]]:
        return [(u.line, u.text, u.kind, id(u.section), id(u.table), id(u.row), id(u.item))
                for u in found]

    def fresh(scope: Section, doc: Document, titles: bool, own: bool,
              **options: Any) -> list[Unit]:
        found: list[Unit] = []
        for section in [scope] if own else scope.walk():
            if titles and section.level:
                found.append(units_module.make_unit(section.line, section.title, section,
                                                    "title"))
            for block in section.blocks:
                found += units_module._block_units(block, section, doc=doc, cut=None,
                                                   **options)
        return found

    for doc in example_documents(bundle):
        units_module._HELD[0] = None
        for titles, headers, prose, code, own in product(
                (True, False), (True, False), ("whole", "lines"), ("none", "comments", "all"),
                (True, False)):
            options = {"headers": headers, "prose": prose, "code": code}
            for scope in (doc.root, *list(doc.sections())[1:4]):
                held = list(section_units(scope, doc=doc, titles=titles, own=own, **options))
                assert shown(held) == shown(fresh(scope, doc, titles, own, **options))
