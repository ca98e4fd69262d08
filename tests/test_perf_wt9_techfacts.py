"""Document mentions read with less work (ninth round), checked equal to the readings they
stand for on varied and generated inputs.

- ``polarity.fold_offsets`` maps each character on its own: a unit's fold is a slice of
  the fold of the document's lines, so a unit without a cue is told ADOPTED without being
  made (``technology._Units.polarity``).
- The heading scopes are intervals looked up per mention, the scoped lines are asked per
  line, and ``text_starts`` sums lengths.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from opslint.config import Config
from opslint.document.model import DocKind, Document, Section
from opslint.document.normalize import contains_any, normalize
from opslint.engine.vocab import Vocab
from opslint.facts import technology
from opslint.facts.polarity import ADOPTED, Polarity, fold_offsets, section_polarity
from opslint.facts.reading import scan_lines
from opslint.facts.technology import APART, TechIndex, text_starts
from opslint.lint import Bundle, document_from_text
from tests.conftest import CountCalls, example_documents

EXAMPLES = Path(__file__).parent.parent / "examples"

_CHARS = ("aZ09 -_.|:()\n\t\x00漢字かなカナ、。「」ー→■ΣσςİıßẞﬁＡＢ（）：，．…①ｶﾞ\u3099\u0301"
          "\u2018\u2019\u201c\u201d'\"é\U0001d400\U0001f600Å")


_examples = example_documents


def test_fold_offsets_maps_each_character_alone() -> None:
    rng = random.Random(9)
    for _ in range(2000):
        text = "".join(rng.choice(_CHARS) for _ in range(rng.randrange(0, 40)))
        cut = rng.randrange(0, len(text) + 1)
        folded = fold_offsets(text)
        assert len(folded) == len(text)
        assert folded == fold_offsets(text[:cut]) + fold_offsets(text[cut:]), repr(text)
        assert folded == "".join(map(fold_offsets, text)), repr(text)


def test_text_starts_are_where_each_text_starts() -> None:
    rng = random.Random(3)
    for _ in range(300):
        texts = ["".join(rng.choice("ab\x00 ") for _ in range(rng.randrange(0, 6)))
                 for _ in range(rng.randrange(1, 8))]
        joined = APART.join(texts)
        expected = [0] + [i + 1 for i, c in enumerate(joined) if c == APART]
        assert text_starts(joined) == expected


# Products and cues, in paragraphs wrapped over lines, list items, tables, headings that
# reject, long paragraphs (a unit over 800 characters is read in a window), full-width
# periods and curly quotes (a line holding the separator: ``_mentions``' ``apart``).
_PRODUCTS = ["PostgreSQL", "Redis", "Argo CD", "Flux", "Kubernetes", "Terraform", "Datadog",
             "ＰｏｓｔｇｒｅＳＱＬ", "backup and restore", "warm standby", "Jenkins"]
_CUES = ["は使わない", "は採用しない", "を使う", "is not used", "is planned", "(deprecated)",
         "は将来検討する", "for example", "out of scope", "we use", "", "", "．", "。", ", but",
         "\u201cnot\u201d", "（不採用）"]
_BEFORE = ["", "", "", "Not used: ", "不採用：", "No ", "we use ", "e.g. "]
_HEADINGS = ["## 採用しない構成", "## Roadmap", "## Stack", "## Disaster recovery", "## 概要",
             "### Out of scope", "## DR 方式"]


def _generated(rng: random.Random) -> str:
    parts = ["# Architecture", ""]
    for _ in range(rng.randrange(3, 9)):
        parts += [rng.choice(_HEADINGS), ""]
        for _ in range(rng.randrange(1, 4)):
            kind = rng.random()
            words = [f"{rng.choice(_BEFORE)}{rng.choice(_PRODUCTS)} {rng.choice(_CUES)}"
                     for _ in range(rng.randrange(1, 6))]
            if kind < 0.1:
                words.append("x" * 900)  # a unit longer than any clause
            if kind < 0.4:
                parts += [" ".join(words[i : i + 2]) for i in range(0, len(words), 2)]
            elif kind < 0.7:
                parts += [f"- {w}" for w in words]
            else:
                parts += ["| a | b |", "|---|---|", *(f"| {w} | DR |" for w in words)]
            parts.append("")
    return "\n".join(parts) + "\n"


def _mentions(doc: Document, bundle: Bundle, index: TechIndex, apart: bool = False) -> object:
    prose = [(line.number, line.text) for line in scan_lines(doc)]
    if apart:  # no file holds NUL; a caller's line may
        prose = [(n, f"{t}{APART}DR" if i == len(prose) // 2 else t)
                 for i, (n, t) in enumerate(prose)]
    vocab = bundle.vocab
    return technology.document_mentions(
        doc, index, prose, vocab, {"dr_strategy": vocab.term_list("facts", "dr_context")},
        {"dr_strategy": ("dr", vocab.term_list("facts", "dr_plan_context"))})


def test_units_without_a_cue_read_as_polarity_reads_them(
        bundle: Bundle, count_calls: CountCalls, monkeypatch: pytest.MonkeyPatch) -> None:
    index = TechIndex.from_vocab(bundle.vocab)
    rng = random.Random(11)
    docs = [*_examples(bundle), *(
        document_from_text(_generated(rng), Path("03_Architecture.md"), bundle, Config(),
                           DocKind.ARCHITECTURE) for _ in range(60))]
    fast = [_mentions(doc, bundle, index, apart) for doc in docs for apart in (False, True)]
    calls = count_calls(technology, "holds_cue")
    calls.clear()
    assert [_mentions(doc, bundle, index, apart) for doc in docs
            for apart in (False, True)] == fast
    assert calls["holds_cue"] > 100  # the slices were asked
    # The exact path: every unit made and read by ``polarity``.
    monkeypatch.setattr(technology._Folded, "lines_span", lambda *args: None)
    exact = [_mentions(doc, bundle, index, apart) for doc in docs for apart in (False, True)]
    assert exact == fast
    assert sum(len(m) for m in exact) > 300  # type: ignore[arg-type]
    assert any(m.polarity != ADOPTED for found in exact for m in found)  # type: ignore[attr-defined]


def _scopes_reference(doc: Document, vocab: Vocab) -> dict[int, Polarity]:
    # The per-line dictionary the intervals stand for.
    scopes: dict[int, Polarity] = {}

    def walk(section: Section, inherited: Polarity) -> None:
        own = section_polarity(vocab, section.title) if section.level else ADOPTED
        scope = inherited if own == ADOPTED else own
        if scope != ADOPTED:
            scopes.update(dict.fromkeys(range(section.line, section.end_line + 1), scope))
        for child in section.children:
            walk(child, scope)

    walk(doc.root, ADOPTED)
    return scopes


def test_heading_scopes_and_scoped_lines_read_as_per_line_sets(bundle: Bundle) -> None:
    vocab = bundle.vocab
    rng = random.Random(5)
    docs = [*_examples(bundle), *(
        document_from_text(_generated(rng), Path("03_Architecture.md"), bundle, Config(),
                           DocKind.ARCHITECTURE) for _ in range(40))]
    words = vocab.term_list("facts", "dr_plan_context")
    seen = set()
    for doc in docs:
        reference = _scopes_reference(doc, vocab)
        scopes = technology._section_scopes(doc, vocab)
        lines = dict((line.number, line.text) for line in scan_lines(doc))
        scoped = technology._Scoped(doc, vocab, lines, {"dr_strategy": ("dr", words)})
        expected = {n for s in vocab.find_sections(doc, "dr")
                    for n in range(s.line, s.end_line + 1)
                    if n in lines and contains_any(normalize(lines[n]), tuple(words))}
        for number in range(0, len(doc.lines) + 2):
            assert technology._scope(scopes, number) == reference.get(number, ADOPTED)
            assert scoped.holds("dr_strategy", number) == (number in expected)
            assert not scoped.holds("datastore", number)
        seen |= set(reference.values())
        seen |= {"scoped"} if expected else set()
    assert {"negated", "planned", "scoped"} <= seen  # the generated headings are read
