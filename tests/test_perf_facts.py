"""The extract stage does less work (issue 10, fifth round), counted rather than timed.

- ``Terms.find`` folds a text once for all the term lists searched in it, and its one
  prefilter search is trie-shaped: checked equal to the per-term search it stands for.
- A release reads a text's times (``time_points``) and dates (``dates_in``) once, however
  many milestones ask; dates only of units that name the milestone.
- The header units of a release are its top sections' own blocks: the chapters under them
  are not cut to be thrown away.
- A technology mention's unit takes its lines from one fold of the document's prose.
- ``sentences`` of a one-line text skips the line-break bookkeeping: checked equal to the
  general path.
- A document's whole-line comments are found once for all its section scans; a repeated
  threshold cell is read once; migrations are read from table rows without cutting units;
  the objectives cut only the table rows that name RTO or RPO into units; a section nested
  in one already read (alert routing, severities, DR lines) is not cut again.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from pathlib import Path
from typing import Any

import pytest

from opslint.config import Config
from opslint.document.load import split_lines
from opslint.document.model import DocKind, Document
from opslint.engine.vocab import Vocab
from opslint.facts import extract as facts_extract
from opslint.facts import (
    monitoring,
    objectives,
    prose,
    reading,
    release,
    release_steps,
    release_time,
    technology,
)
from opslint.facts import text as facts_text
from opslint.facts import units as facts_units
from opslint.facts.extract import extract_facts
from opslint.facts.quantities import find_thresholds, thresholds
from opslint.facts.text import Terms
from opslint.lint import Bundle, document_from_text
from tests.conftest import CountCalls

EXAMPLES = Path(__file__).parent.parent / "examples"


def _example(bundle: Bundle, lang: str, name: str, kind: DocKind) -> Document:
    path = EXAMPLES / lang / "clean" / name
    return document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config(), kind)


def _release(bundle: Bundle, lang: str) -> Document:
    return _example(bundle, lang, "16_Release_Procedure.md", DocKind.RELEASE)


def _texts(bundle: Bundle) -> list[str]:
    lines: list[str] = []
    for lang in ("ja", "en"):
        for name in ("16_Release_Procedure.md", "17_Operation_Design.md"):
            lines += (EXAMPLES / lang / "clean" / name).read_text(encoding="utf-8").splitlines()
    # Spacing and word-boundary variants the term patterns read differently.
    lines += ["RTO 1 時間", "rto:1時間", "DR訓練", "dr 訓練", "drift", "preRTO", "RTO-1", ""]
    return [facts_text.fold(line) for line in lines]


def test_term_prefilter_matches_exactly_where_a_term_does(bundle: Bundle) -> None:
    facts = bundle.vocab.terms["facts"]
    texts = _texts(bundle)
    lists = [bundle.vocab.term_list("facts", key) for key, value in facts.items()
             if isinstance(value, list) and value]
    assert len(lists) > 20
    for terms in lists:
        either = facts_text._either(terms)
        assert either is not None
        for text in texts:
            expected = any(facts_text._pattern(t).search(text) for t in terms)
            assert (either.search(text) is not None) == expected, (terms, text)


def test_term_prefilter_alternatives_start_with_a_literal(bundle: Bundle) -> None:
    """Each alternative of a list's prefilter starts with a literal (a word's edge checked
    after its first letter): the engine then skips to where one stands. A leading
    lookbehind or group makes it try every position of the text."""
    from re import _constants, _parser  # type: ignore[attr-defined]

    facts = bundle.vocab.terms["facts"]
    for key, value in facts.items():
        if not (isinstance(value, list) and value):
            continue
        either = facts_text._either(bundle.vocab.term_list("facts", key))
        assert either is not None
        parsed = _parser.parse(either.pattern)
        op, arg = parsed[0]
        branches = arg[1] if op is _constants.BRANCH and len(parsed) == 1 else [parsed]
        for branch in branches:
            assert branch[0][0] in (_constants.LITERAL, _constants.IN), (key, either.pattern)


def test_find_folds_a_text_once_for_several_lists(bundle: Bundle,
                                                  count_calls: CountCalls) -> None:
    terms = Terms(bundle.vocab)
    text = "ＲＴＯ は 1時間、RPO は 15分 (unique text for this test 7f3a)"
    facts_text.fold.cache_clear()
    calls = count_calls(unicodedata, "normalize")
    spans = [terms.find(text, key) for key in ("rto", "rpo", "rto", "disposable_store")]
    assert spans[0] and spans[1] and spans[0] == spans[2]
    assert calls["normalize"] == 1


def test_release_reads_each_texts_times_and_dates_once(
        bundle: Bundle, count_calls: CountCalls, monkeypatch: pytest.MonkeyPatch) -> None:
    repeats = 0
    for lang in ("ja", "en"):
        doc = _release(bundle, lang)
        release_time._dates_in.cache_clear()
        bundle.vocab._compiled.pop("release:time_points", None)
        asked: list[str] = []
        dated: list[str] = []

        def spy(text: str, vocab: Vocab, real: Any = release_time.time_points,
                asked: list[str] = asked) -> Any:
            asked.append(text)
            return real(text, vocab)

        def dates_spy(text: str, real: Any = release_time.dates_in,
                      dated: list[str] = dated) -> Any:
            dated.append(text)
            return real(text)

        for owner in (release, release_time, release_steps):
            monkeypatch.setattr(owner, "time_points", spy)
        monkeypatch.setattr(release, "dates_in", dates_spy)
        calls = count_calls(release_time, "_points")
        reads = count_calls(release_time, "_read_dates")
        calls.clear()
        facts = extract_facts(doc, bundle.vocab)
        assert facts.release is not None and facts.release.timeline
        repeats += len(asked) - len(set(asked))  # the same texts are asked again…
        assert 0 < calls["_points"] <= len(set(asked))  # …and read once
        assert 0 < reads["_read_dates"] <= len(set(dated))
        monkeypatch.undo()
    assert repeats > 0


def test_release_head_cuts_only_the_top_sections_own_blocks(bundle: Bundle,
                                                           count_calls: CountCalls) -> None:
    doc = _release(bundle, "ja")
    top = [s for s in (doc.root, *doc.root.children) if s.level <= 1]
    overview = facts_text.sections_for(doc, bundle.vocab, "overview")
    calls = count_calls(facts_units, "_block_units")
    head = release.head_units(doc, bundle.vocab)
    own = sum(len(s.blocks) for s in top)
    assert calls["_block_units"] == own + sum(len(s.blocks) for o in overview for s in o.walk())
    assert [u for u in head if u.section in top] == [
        u for s in top for u in facts_text.units(s) if u.section is s]


def test_mention_units_fold_the_prose_once(bundle: Bundle,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folded: list[str] = []

    def spy(text: str, real: Any = technology.fold_unit) -> Any:
        folded.append(text)
        return real(text)

    monkeypatch.setattr(technology, "fold_unit", spy)
    products = ("PostgreSQL", "Redis", "Kubernetes", "Terraform", "Datadog", "GitHub Actions")
    for lines in (3, 6):
        # One wrapped paragraph naming a product on each of its lines.
        body = "\n".join(f"The service uses {name} here" for name in products[:lines])
        doc = document_from_text(f"# Architecture\n\n## Stack\n\n{body}.\n",
                                 Path("03_Architecture.md"), bundle, Config(),
                                 DocKind.ARCHITECTURE)
        folded.clear()
        named = {m.name for m in facts_extract.extract_facts(doc, bundle.vocab).mentions}
        assert len(named) >= lines
        # The document's prose lines, folded once together: the unit around each mention
        # takes its lines from there, not from a fold of its own per mention or per line.
        assert len(folded) == 1 and folded[0].count(technology.APART) >= lines - 1


def _sentences_reference(text: str, line: int) -> list[prose.Sentence]:
    """``sentences`` as it read every text before its one-line path."""
    flat = text.replace("\n", " ")
    breaks = [i for i, c in enumerate(text) if c == "\n"]
    start, found = 0, []
    ends = {m.end() for m in prose._SENTENCE_END.finditer(flat)}
    ends |= {m.end() for m in prose._LABEL_LINE.finditer(text)}
    for end in [*sorted(ends), len(flat)]:
        piece = flat[start:end]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            first = start + lead
            found.append(prose.Sentence(piece.strip(), line + bisect_left(breaks, first),
                                        tuple(b - first for b in breaks if first <= b < end)))
        start = end
    return found


def test_sentences_one_line_path_reads_as_before() -> None:
    texts = [text for lang in ("ja", "en") for name in ("16_Release_Procedure.md",
                                                        "17_Operation_Design.md")
             for text in split_lines((EXAMPLES / lang / "clean" / name).read_text("utf-8"))]
    texts += ["RTO：2時間\nRPO：15分", "An RTO of 8\nhours. Next one.", " a. b ", "。。", ""]
    assert any("\n" in t for t in texts)
    for text in texts:
        assert list(prose.sentences(text, 7)) == _sentences_reference(text, 7), text


def test_section_scans_read_the_comments_once(bundle: Bundle, count_calls: CountCalls) -> None:
    doc = _example(bundle, "ja", "17_Operation_Design.md", DocKind.OPERATION)
    sections = list(doc.sections())
    calls = count_calls(reading, "_comment_lines")
    whole = [line for section in sections for line in reading.scan_lines(doc, section)]
    assert len(sections) > 10 and whole
    assert calls["_comment_lines"] == 1  # not once per section scanned


def test_repeated_threshold_cells_are_read_once(count_calls: CountCalls) -> None:
    thresholds._thresholds_of.cache_clear()
    calls = count_calls(thresholds, "_read_thresholds")
    cells = ["> 80% が 5分継続 (test 91c2)", "p99 > 1.5秒 (test 91c2)"] * 50
    found = [find_thresholds(cell) for cell in cells]
    assert all(found) and found[0] == found[2] and found[0] is not found[2]
    assert calls["_read_thresholds"] == 2


def test_migrations_read_table_rows_without_cutting_units(
        bundle: Bundle, count_calls: CountCalls, monkeypatch: pytest.MonkeyPatch) -> None:
    for lang in ("ja", "en"):
        doc = _release(bundle, lang)
        terms = Terms(bundle.vocab)
        calls = count_calls(facts_units, "_block_units")
        calls.clear()
        found = release._migrations(doc, bundle.vocab, (), terms)
        assert found
        assert calls["_block_units"] == 0
        monkeypatch.undo()


def test_objectives_cut_only_rows_that_name_one(
        bundle: Bundle, count_calls: CountCalls, monkeypatch: pytest.MonkeyPatch) -> None:
    for lang in ("ja", "en"):
        doc = _example(bundle, lang, "17_Operation_Design.md", DocKind.OPERATION)
        rows = [r for t in doc.root.tables() for r in t.rows]
        calls = count_calls(prose, "row_units")
        count_calls(objectives, "Unit")
        calls.clear()
        found = objectives.objectives(doc, bundle.vocab)
        assert found
        assert calls["row_units"] == 0
        assert 0 < calls["Unit"] < len(rows) // 4
        monkeypatch.undo()


def test_alert_levels_cut_a_nested_routing_section_once(
        bundle: Bundle, count_calls: CountCalls, monkeypatch: pytest.MonkeyPatch) -> None:
    for lang in ("ja", "en"):
        doc = _example(bundle, lang, "17_Operation_Design.md", DocKind.OPERATION)
        routing = [s for s, _ in monitoring._routing_sections(doc, bundle.vocab)]
        outer = list(facts_text.outermost(routing))
        assert len(outer) < len(routing)  # the example nests alert design in monitoring
        blocks = sum(len(s.blocks) for o in outer for s in o.walk())
        monitoring.level_legend(doc)  # read before counting: the legend cuts units of its own
        # The blocks each cut of a section goes through (a block kept in the document's cut
        # is read from it without a call per block: count the blocks of the scopes asked).
        visited: list[object] = []

        def counting(scope: Any, visited: list[object] = visited,
                     cut: Any = facts_text.section_units, **options: Any) -> Any:
            sections = [scope] if options.get("own") else scope.walk()
            visited.extend(block for section in sections for block in section.blocks)
            return cut(scope, **options)

        monkeypatch.setattr(facts_text, "section_units", counting)
        assert monitoring.alert_levels(doc, bundle.vocab, technology.TechIndex.from_vocab(
            bundle.vocab))
        assert len(visited) == blocks
        monkeypatch.undo()  # count afresh for the next document
