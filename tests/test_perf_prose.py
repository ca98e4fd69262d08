"""The prose readings of the semantic model do less work (issue 10, sixth round), counted
rather than timed, and checked equal to the readings they stand for.

- A document's technology mentions come from one fold of its prose and one scan of each
  alias pattern over all of its lines (``TechIndex.find_all``), not a fold and a scan per
  line: checked equal to ``find`` line by line, on the examples and on lines built to
  catch a match running from one line into the next.
- The polarity reader asks whether a unit holds any cue once per unit, however many
  mentions the unit holds.
"""

from __future__ import annotations

import itertools
import pickle
from pathlib import Path

import pytest

from opslint.config import Config
from opslint.document.model import DocKind, Document
from opslint.facts import extract as facts_extract
from opslint.facts import people, polarity, prose, technology
from opslint.facts import units as facts_units
from opslint.facts.labels import read_label
from opslint.facts.reading import scan_lines
from opslint.facts.technology import TechIndex
from opslint.facts.text import Terms
from opslint.facts.units import LAZY, Unit
from opslint.lint import Bundle, document_from_text
from tests.conftest import CountCalls

EXAMPLES = Path(__file__).parent.parent / "examples"
_DOCS = ("03_Architecture.md", "04_Basic_Design.md", "10_Security_Design.md",
         "16_Release_Procedure.md", "17_Operation_Design.md")


def _example_lines() -> list[str]:
    lines: list[str] = []
    for lang in ("ja", "en"):
        for path in sorted((EXAMPLES / lang / "clean").glob("*.md")):
            lines += path.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 1000
    return lines


# Lines whose edges the patterns read: an alias split over two lines ("Argo⏎CD"), a
# hyphen or word character on the far side of a line break, full-width letters and
# periods, a name at a line's very start and end, empty lines.
_EDGES = [
    "We deploy with Argo", "CD and Flux", "-ECS is not", "RDS", "RB-", "RDS-01 runbook",
    "ＰｏｓｔｇｒｅＳＱＬ．Redis", "", "Aurora PostgreSQL", "PostgreSQL", "-", "Kubernetes-",
    "native", "GitHub", "Actions", "使わない．Jenkins を使う", "Terraform\tCloud", "",
]


def test_find_all_finds_what_find_finds_line_by_line(bundle: Bundle) -> None:
    index = TechIndex.from_vocab(bundle.vocab)
    for lines in (_example_lines(), _EDGES, [*_EDGES[::-1], *_EDGES]):
        expected = [list(index.find(line)) for line in lines]
        assert index.find_all(lines) == expected
        assert sum(map(len, expected)) > 5  # the lines name products: the scan is tried


def test_find_all_reads_a_text_holding_the_separator_alone(bundle: Bundle) -> None:
    index = TechIndex.from_vocab(bundle.vocab)
    for texts in (["Argo\nCD", "Redis"], [f"Argo{technology.APART}CD", "Redis", "ECS"]):
        assert index.find_all(texts) == [list(index.find(t)) for t in texts]
        assert any(index.find_all(texts))


def test_document_mentions_fold_and_scan_the_prose_once(
        bundle: Bundle, count_calls: CountCalls, monkeypatch: pytest.MonkeyPatch) -> None:
    index = TechIndex.from_vocab(bundle.vocab)
    for lang in ("ja", "en"):
        for name in _DOCS:
            path = EXAMPLES / lang / "clean" / name
            doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle,
                                     Config(), None)
            prose = [(line.number, line.text) for line in scan_lines(doc)]
            calls = count_calls(technology, "fold_unit")
            count_calls(technology, "fold")
            count_calls(TechIndex, "find")
            count_calls(TechIndex, "named")  # ``find_all``'s lines that name something
            calls.clear()  # one counter for the whole test
            assert technology.document_mentions(doc, index, prose, bundle.vocab)
            # One fold for the units, a second only where a full-width period makes the
            # alias fold differ; one scan of all the lines, none line by line.
            assert calls["fold_unit"] == 1
            assert calls["fold"] == (1 if "．" in doc.text else 0)
            assert calls["named"] == 1 and calls["find"] == 0
            monkeypatch.undo()  # count afresh for the next document


def test_folding_the_prose_by_chunks_reads_as_folding_it_whole(
        bundle: Bundle, count_calls: CountCalls, monkeypatch: pytest.MonkeyPatch) -> None:
    index = TechIndex.from_vocab(bundle.vocab)
    for lang in ("ja", "en"):
        path = EXAMPLES / lang / "clean" / "03_Architecture.md"
        doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config(),
                                 None)
        prose = [(line.number, line.text) for line in scan_lines(doc)]
        whole = technology.document_mentions(doc, index, prose, bundle.vocab)
        monkeypatch.setattr(technology, "_FOLD_CHUNK", 7)
        calls = count_calls(technology, "fold_unit")
        calls.clear()
        assert technology.document_mentions(doc, index, prose, bundle.vocab) == whole
        assert calls["fold_unit"] >= -(-len(prose) // 7) > 1  # diagram lines too
        monkeypatch.undo()


def test_a_unit_is_searched_for_cues_once_per_unit(bundle: Bundle,
                                                   count_calls: CountCalls) -> None:
    polarity._has_cue.cache_clear()
    texts = ["Argo CD を使う。Flux は使わない。Jenkins は将来検討する。",
             "We use Redis, Memcached and Valkey as caches (not as stores)."]
    cues = polarity.load_cues(bundle.vocab)
    seen: list[str] = []
    real = cues.any_cue

    class Spy:
        def search(self, text: str) -> object:
            seen.append(text)
            return real.search(text) if real is not None else None

    object.__setattr__(cues, "any_cue", Spy())
    try:
        for text in texts:
            for start in range(0, len(text) - 2, 3):
                polarity.polarity(bundle.vocab, text, start, start + 2)
    finally:
        object.__setattr__(cues, "any_cue", real)
        polarity._has_cue.cache_clear()
    assert len(seen) == len(texts)


def test_document_mentions_read_as_before_on_a_wrapped_paragraph(bundle: Bundle) -> None:
    # "Argo⏎CD" is read line by line ("Argo" is an alias of its own); the full-width period
    # ends the sentence that adopts PostgreSQL, so the rejection speaks of Redis only.
    doc = document_from_text(
        "# Architecture\n\n## Stack\n\nWe deploy with Argo\nCD. Flux は使わない。\n"
        "ＰｏｓｔｇｒｅＳＱＬ．Redis は採用しない\n",
        Path("03_Architecture.md"), bundle, Config(), DocKind.ARCHITECTURE)
    found = {(m.name, m.line, m.polarity) for m in
             facts_extract.extract_facts(doc, bundle.vocab).mentions}
    assert found == {("Argo CD", 5, "adopted"), ("Flux", 6, "negated"),
                     ("PostgreSQL", 7, "adopted"), ("Redis", 7, "negated")}


def _unit_fields(unit: Unit) -> dict[str, object]:
    return dict(vars(unit))


def test_make_unit_is_the_unit_init_makes(bundle: Bundle) -> None:
    path = EXAMPLES / "ja" / "clean" / "03_Architecture.md"  # with a code block
    doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config(), None)
    cut = [*facts_units.section_units(doc, code="all"),
           *facts_units.section_units(doc, code="comments", prose="lines")]
    kinds = {u.kind for u in cut}
    assert kinds >= {"title", "paragraph", "line", "item", "header", "row", "code"}
    for unit in cut:
        made = Unit(unit.line, unit.text, LAZY, unit.section, unit.table, unit.row, unit.item,
                    kind="line" if unit.kind in ("row", "item") else unit.kind)
        if "norm" in vars(unit):  # a unit both cuts share (facts/units._Cut), read already
            assert made.norm
        assert _unit_fields(unit) == _unit_fields(made)  # norm worked out alike in both
        assert list(_unit_fields(unit)) == list(_unit_fields(made))
        assert unit == made and hash(unit) == hash(made) and repr(unit) == repr(made)
        assert unit.norm == made.norm
        assert pickle.dumps(unit) == pickle.dumps(made)


def test_units_are_cut_without_the_dataclass_init(bundle: Bundle,
                                                  count_calls: CountCalls) -> None:
    path = EXAMPLES / "en" / "clean" / "16_Release_Procedure.md"
    doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config(), None)
    calls = count_calls(Unit, "__post_init__")
    cut = [*facts_units.section_units(doc, code="all", prose="lines"),
           *(u for s in doc.sections() for u in prose.section_units(s))]
    said = [u for s in doc.sections() for u in people._statements(s)]
    assert len(cut) > 100 and said
    assert calls["__post_init__"] == 0


def _examples(bundle: Bundle) -> list[Document]:
    docs = []
    for lang in ("ja", "en"):
        for name in _DOCS:
            path = EXAMPLES / lang / "clean" / name
            docs.append(document_from_text(path.read_text(encoding="utf-8"), path, bundle,
                                           Config(), None))
    return docs


def test_a_unit_without_a_colon_is_no_label_unread(bundle: Bundle,
                                                   count_calls: CountCalls) -> None:
    cut = [u for doc in _examples(bundle)
           for u in facts_units.section_units(doc, prose="lines", code="comments")]
    expected = [read_label(u.text if u.item is not None or "\n: " in u.text
                           else u.text.split("\n")[0])
                if u.row is None and u.kind in ("line", "item", "paragraph") else u.label()
                for u in cut]
    calls = count_calls(facts_units, "read_label")
    assert [u.label() for u in cut] == expected
    colons = [u for u in cut if u.row is None and u.kind in ("line", "item", "paragraph")
              and (":" in u.text or "：" in u.text)]
    assert any(expected) and 0 < calls["read_label"] == len(colons) < len(cut)


def test_a_sentence_without_a_bracket_is_not_read_for_a_name_beside_a_role(
        bundle: Bundle, count_calls: CountCalls, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = 0
    terms = Terms(bundle.vocab)
    index = TechIndex.from_vocab(bundle.vocab)
    for doc in _examples(bundle):
        said = [u for s in doc.sections() for u in people._statements(s)]
        bracketed = sum(1 for u in said if "(" in u.text or "（" in u.text)
        calls = count_calls(people, "_inline")
        calls.clear()
        people.prose_people(doc, terms, index, ())
        # Fewer when a block that cannot name a role is skipped (people._may_name_role).
        assert calls["_inline"] <= bracketed < len(said)
        checked += bracketed
        monkeypatch.undo()  # count afresh for the next document
    assert checked

def test_a_table_is_cut_as_it_is_read(bundle: Bundle, count_calls: CountCalls) -> None:
    rows = "\n".join(f"| m{n} | {n}% |" for n in range(500))
    doc = document_from_text(f"# Monitors\n\n| name | threshold |\n|---|---|\n{rows}\n",
                             Path("17_Operation_Design.md"), bundle, Config(),
                             DocKind.OPERATION)
    calls = count_calls(facts_units, "make_unit")
    first = list(itertools.islice(facts_units.section_units(doc), 3))
    assert [u.kind for u in first] == ["title", "header", "row"]
    # The document's one cut (facts/units._Cut) cuts a table whole, once: a reader that
    # stops early and every later reader share its units, not cut again per reader.
    assert calls["make_unit"] == 502
    again = list(facts_units.section_units(doc))
    assert again[:3] == first and all(a is b for a, b in zip(again, first, strict=False))
    assert calls["make_unit"] == 502
