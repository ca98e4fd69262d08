"""The shared reading layer does less work per question (issue 10, eighth round): a
section read again in the same way is not cut again block by block, a joined-text scan
finds each text once however many matches it holds, and a term question asked again is
answered without a call into the memo. Work is counted, never timed."""

from __future__ import annotations

import operator
import re
from pathlib import Path
from typing import Any

from opslint.config import Config
from opslint.document.model import Document
from opslint.engine.memo import Bounded
from opslint.facts import prose, reading
from opslint.facts import units as units_module
from opslint.facts.joined import holding
from opslint.facts.text import Terms
from opslint.facts.units import section_units
from opslint.lint import Bundle, document_from_text
from tests.conftest import CountCalls

_DOC = """# 運用設計書

## 監視

作業時間は 59分。
ＴＢＤ の項目がある。

- 担当: 鈴木

### 通知

| 監視ID | 対象 | 閾値 |
| -- | -- | -- |
""" + "".join(f"| M-{n:03} | ノード {n} | p99 > 900ms |\n" for n in range(20))


def _doc(bundle: Bundle) -> Document:
    return document_from_text(_DOC, Path("17_ops.md"), bundle, Config(), None)


def test_a_section_read_again_the_same_way_is_not_cut_again(
        bundle: Bundle, count_calls: CountCalls) -> None:
    doc = _doc(bundle)
    section = next(s for s in doc.sections() if s.level == 2)
    blocks = sum(len(s.blocks) for s in section.walk())
    calls = count_calls(units_module, "_block_units")
    first = list(section_units(section, doc=doc, prose="lines"))
    assert calls["_block_units"] == blocks
    again = [list(section_units(section, doc=doc, prose="lines")) for _ in range(3)]
    assert calls["_block_units"] == blocks  # was once per block per reading
    assert all(len(way) == len(first) and all(map(operator.is_, way, first)) for way in again)
    # Another way of cutting it is cut apart, and its own units are the usual ones.
    whole = list(section_units(section, doc=doc))
    assert calls["_block_units"] == 2 * blocks
    units_module._HELD[0] = None
    assert [(u.line, u.text, u.kind) for u in whole] == [
        (u.line, u.text, u.kind) for u in section_units(section)]


class _Counting:
    """A pattern that counts the matches it hands out."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.matches = pattern, 0

    def search(self, *args: Any) -> re.Match[str] | None:
        found = self.pattern.search(*args)
        self.matches += found is not None
        return found

    def finditer(self, *args: Any) -> Any:
        for match in self.pattern.finditer(*args):
            self.matches += 1
            yield match


def test_a_joined_scan_takes_one_match_per_text_holding_one() -> None:
    texts = ["TBD " * 500, "nothing", "TBD and TBD", "", "未定 TBD"]
    pattern = _Counting(re.compile("TBD"))
    assert holding(pattern, texts, "\n") == {0, 2, 4}  # type: ignore[arg-type]
    assert pattern.matches == 3  # not 503: the rest of a text found is skipped


def test_texts_holding_the_separator_are_mapped_by_their_offsets() -> None:
    pattern = re.compile(r"TBD|x")
    texts = ["a\nTBD", "b", "x", "TBD\n", "c"]
    expected = {i for i, text in enumerate(texts) if pattern.search(text)}
    assert holding(pattern, texts, "\n") == expected == {0, 2, 3}
    assert holding(re.compile("TBD"), ["a", "TBD"], "--") == {1}


def test_a_term_question_asked_again_is_answered_without_the_memo_call(
        bundle: Bundle, count_calls: CountCalls) -> None:
    terms = Terms(bundle.vocab)
    key = next(iter(bundle.vocab.terms["facts"]))
    calls = count_calls(Bounded, "get")
    answers = {terms.has("ロールバック手順 rollback", key) for _ in range(5)}
    spans = [terms.find("ロールバック手順 rollback", key) for _ in range(5)]
    assert len(answers) == 1 and all(s == spans[0] for s in spans)
    assert calls["get"] <= 2  # once per question at most (the memo may hold it already)


def test_a_line_is_cut_into_sentences_once_for_every_reader(count_calls: CountCalls) -> None:
    prose._line_sentences.cache_clear()
    calls = count_calls(prose, "_sentence")
    text = "障害時は切り戻す。担当は鈴木。 Then page the owner."
    read = [list(prose.sentences(text, 7)) for _ in range(4)]
    assert [s.text for s in read[0]] == [
        "障害時は切り戻す。", "担当は鈴木。", "Then page the owner."]
    assert all(r == read[0] for r in read) and {s.line for s in read[0]} == {7}
    assert calls["_sentence"] == 3  # once per sentence, not once per reader
    assert [s.line for s in prose.sentences(text, 8)] == [8, 8, 8]  # the line is kept


def test_the_lines_of_a_document_are_made_without_the_dataclass_init(
        bundle: Bundle, count_calls: CountCalls) -> None:
    doc = _doc(bundle)
    reading._LINES.clear()
    calls = count_calls(reading.Line, "__init__")
    lines = list(reading.scan_lines(doc))
    assert len(lines) > 20 and calls["__init__"] == 0
    assert lines[0] == reading.Line(lines[0].number, lines[0].text)
    assert hash(lines[0]) == hash(reading.Line(lines[0].number, lines[0].text))
