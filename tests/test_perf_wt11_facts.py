"""Fact extraction does less work (eleventh round), each shortcut checked equal to the
reading it stands for:

- A document's mentions read only the lines that name a product (``TechIndex.named``),
  not a list per prose line (``find_all``).
- The unit around each line of a mention (``technology._Units``) is set a block at a time,
  the earlier block winning, as the ``setdefault`` per line did.
- ``units.section_units`` gathers a scope's units into a list at once; a scope of a
  document not held (no cut) and readers that interleave documents get the same units.
- The routine reader takes a section's own units from the document's cut
  (``own=True``), not from a copy of the section without its subsections.
"""

from __future__ import annotations

import itertools
import random
from types import SimpleNamespace

import pytest

from opslint.checks.ops import routine_read
from opslint.document.model import Document, ListItem, Paragraph, Section
from opslint.facts import technology, units
from opslint.facts.reading import scan_lines
from opslint.facts.technology import APART, TechIndex
from opslint.lint import Bundle
from tests.parsed_samples import parsed_samples


def _docs(step: int) -> list[Document]:
    return parsed_samples(step)


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    found = _docs(5)
    assert len(found) > 100
    return found


# ------------------------------------------------------------------ TechIndex.named

_LINES = ["We deploy with Argo", "CD and Flux", "", "-ECS is not", "RDS", "RB-RDS-01",
          "ＰｏｓｔｇｒｅＳＱＬ．Redis", "Aurora PostgreSQL", "使わない．Jenkins を使う",
          "nothing here", "Terraform\tCloud", "GitHub Actions と Datadog"]


def test_named_is_find_all_without_the_lines_naming_nothing(bundle: Bundle) -> None:
    index = TechIndex.from_vocab(bundle.vocab)
    rng = random.Random(12)
    cases = [_LINES, [], ["nothing"], [f"Argo{APART}CD", "Redis", "", "ECS"]]
    cases += [rng.choices(_LINES, k=rng.randint(1, 30)) for _ in range(40)]
    for texts in cases:
        every = index.find_all(texts)
        named = index.named(texts)
        assert named == {at: hits for at, hits in enumerate(every) if hits}, texts
        assert list(named) == sorted(named)  # in the order of the lines
        assert all(named.values())
    assert any(index.named(t) for t in cases)


def test_document_mentions_are_those_read_line_by_line(bundle: Bundle,
                                                       docs: list[Document]) -> None:
    """The mentions read from ``named`` equal those read from every line's hits (the
    reading before: ``find_all`` and each line's list, empty ones skipped)."""
    vocab = bundle.vocab
    index = TechIndex.from_vocab(vocab)

    class EveryLine:
        def named(self, texts: list[str], folded: str, starts: list[int]
                  ) -> dict[int, list[object]]:
            every = index.find_all(texts, folded, starts)
            return {at: every[at] for at in range(len(texts)) if every[at]}

    read = 0
    for doc in docs:
        prose = [(line.number, line.text) for line in scan_lines(doc)]
        got = technology.document_mentions(doc, index, prose, vocab)
        want = technology.document_mentions(doc, EveryLine(), prose, vocab)  # type: ignore[arg-type]
        assert got == want, doc.path
        read += len(got)
    assert read > 50


# ------------------------------------------------------------------ _Units.span

def _plain_span(doc: object, lines: dict[int, str]) -> dict[int, tuple[int, int]]:
    """The span of each line as set before: a ``setdefault`` per line, block by block."""
    span: dict[int, tuple[int, int]] = {}
    starts = {s.line for s in doc.sections()}  # type: ignore[attr-defined]
    blocks = list(doc.root.all_blocks())  # type: ignore[attr-defined]
    starts.update(b.line for b in blocks)
    for block in blocks:
        if isinstance(block, Paragraph):
            first, last = block.line, block.end_line
        elif isinstance(block, ListItem):
            first = last = block.line
            while last + 1 in lines and last + 1 not in starts and lines[last + 1].strip():
                last += 1
        else:
            continue
        for number in range(first, last + 1):
            span.setdefault(number, (first, last))
    return span


def _units_span(doc: object, lines: dict[int, str]) -> dict[int, tuple[int, int]]:
    numbers = sorted(lines)
    texts = [lines[n] for n in numbers]
    folded = technology._Folded(numbers, lines, texts)
    return technology._Units(doc, lines, folded).span  # type: ignore[arg-type]


def test_mention_units_are_the_first_block_holding_each_line(docs: list[Document]) -> None:
    for doc in docs:
        lines = {line.number: line.text for line in scan_lines(doc)}
        assert _units_span(doc, lines) == _plain_span(doc, lines), doc.path


def test_overlapping_blocks_leave_each_line_to_the_earlier_one() -> None:
    """Blocks a parser never makes (paragraphs overlapping, an item inside a paragraph)
    still give each line the first block's span, as the ``setdefault`` did."""
    rng = random.Random(3)
    for _ in range(300):
        blocks: list[Paragraph | ListItem] = []
        for _ in range(rng.randint(0, 8)):
            first = rng.randint(1, 30)
            if rng.random() < 0.5:
                blocks.append(Paragraph("p", first, first + rng.randint(0, 6)))
            else:
                blocks.append(ListItem("i", first, 0, None, False))
        root = Section(0, "", "", None, 1, 40, tuple(blocks))
        doc = SimpleNamespace(root=root, sections=lambda: [])
        lines = {n: rng.choice(["text", "", " more"]) for n in range(1, 41) if rng.random() < 0.9}
        assert _units_span(doc, lines) == _plain_span(doc, lines), blocks


# ------------------------------------------------------------------ section_units

def _plain_units(scope: Section, *, titles: bool, headers: bool, prose: str, code: str,
                 own: bool) -> list[tuple[object, ...]]:
    """Units of a scope cut apart, block by block (no cut: ``cut=None``)."""
    found: list[tuple[object, ...]] = []
    for section in [scope] if own else scope.walk():
        if titles and section.level:
            found.append((section.line, section.title, "title"))
        for block in section.blocks:
            found += [(u.line, u.text, u.kind, u.row, u.item) for u in units._block_units(
                block, section, headers=headers, prose=prose,  # type: ignore[arg-type]
                code=code, doc=None, cut=None)]  # type: ignore[arg-type]
    return found


def _seen(found: object) -> list[tuple[object, ...]]:
    return [(u.line, u.text, u.kind) if u.kind == "title" else (u.line, u.text, u.kind, u.row,
                                                                   u.item)
            for u in found]  # type: ignore[attr-defined]


def test_section_units_of_a_document_not_held(docs: list[Document]) -> None:
    """A section read without its document while another one is held is cut apart; the
    units are the blocks' in order, every way of cutting."""
    options = list(itertools.product((True, False), (True, False), ("whole", "lines"),
                                     ("none", "comments", "all"), (True, False)))
    held = docs[0]
    for doc in docs[1::4]:
        for titles, headers, prose, code, own in options:
            units.section_units(held, titles=False)  # another document's cut is held
            for scope in [doc.root, *itertools.islice(doc.sections(), 4)]:
                got = _seen(units.section_units(
                    scope, titles=titles, headers=headers, prose=prose,  # type: ignore[arg-type]
                    code=code, own=own))  # type: ignore[arg-type]
                assert got == _plain_units(scope, titles=titles, headers=headers, prose=prose,
                                           code=code, own=own), (doc.path, scope.title)


def test_section_units_read_in_turn_from_two_documents(docs: list[Document]) -> None:
    """Units asked of one document, then of another before the first are read, are the
    same as each read alone (the units are gathered when asked)."""
    for first, second in zip(docs[::9], docs[1::9], strict=False):
        alone = [_seen(units.section_units(d, prose="lines", code="all"))
                 for d in (first, second)]
        a = units.section_units(first, prose="lines", code="all")
        b = units.section_units(second, prose="lines", code="all")
        assert [_seen(b), _seen(a)] == alone[::-1]


# ------------------------------------------------------------------ routine units

def test_a_sections_own_units_are_those_of_it_without_subsections(docs: list[Document]
                                                                  ) -> None:
    """``_walk`` reads a section's own units from the document's cut: the same lines,
    texts, kinds and normalised texts as a copy of the section without its children."""
    read = 0
    for doc in docs:
        for section in doc.root.walk():
            copy = Section(section.level, section.title, section.norm, section.number,
                           section.line, section.end_line, section.blocks, ())
            got = list(units.section_units(section, code="comments", doc=doc, own=True))
            want = list(units.section_units(copy, code="comments", doc=doc))
            assert ([(u.line, u.text, u.kind, u.norm) for u in got]
                    == [(u.line, u.text, u.kind, u.norm) for u in want]), doc.path
            read += len(got)
    assert read > 1000
    assert not hasattr(routine_read, "_own")  # the copy is no longer made
