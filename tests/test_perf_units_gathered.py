"""``facts/units.section_units`` gathers a scope's units into a list, and
``facts/reading`` reads a document's lines into a tuple at once: both give what a plain
reading of the blocks and lines gives (the reference readers below, written the obvious
way), for every way of cutting, on the examples and the test fixtures."""

from __future__ import annotations

import itertools
import random
import re
from types import SimpleNamespace

import pytest

from opslint.document.model import CodeBlock, Document, ListItem, Paragraph, Section, Table
from opslint.engine.vocab import Vocab, load_vocab
from opslint.facts import reading, units
from opslint.facts.reading import Line
from opslint.facts.units import Unit
from opslint.resources import rules_dir
from tests.parsed_samples import parsed_samples


def _docs() -> list[Document]:
    return parsed_samples(7)


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    found = _docs()
    assert len(found) > 100
    return found


def _plain(scope: Section, doc: Document, *, titles: bool, headers: bool, prose: str,
           code: str, own: bool) -> list[tuple[object, ...]]:
    found: list[tuple[object, ...]] = []
    for section in [scope] if own else scope.walk():
        if titles and section.level:
            found.append((section.line, section.title, "title", id(section)))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                if prose == "whole":
                    found.append((block.line, block.text, "paragraph", id(section)))
                else:
                    found += [(block.line + i, t, "line", id(section))
                              for i, t in enumerate(block.text.split("\n")) if t.strip()]
            elif isinstance(block, ListItem):
                found.append((block.line, block.text, "item", id(section), id(block)))
            elif isinstance(block, Table):
                if headers:
                    found.append((block.line, " | ".join(block.header), "header", id(section)))
                found += [(r.line, " | ".join(r.cells), "row", id(section), id(r))
                          for r in block.rows]
            elif isinstance(block, CodeBlock) and code != "none":
                found += [(u.line, u.text, "code", id(section))
                          for u in units._code_units(block, section, doc, code)]
    return found


def _seen(unit: Unit) -> tuple[object, ...]:
    ident = (unit.line, unit.text, unit.kind, id(unit.section))
    if unit.item is not None:
        return (*ident, id(unit.item))
    if unit.row is not None:
        return (*ident, id(unit.row))
    return ident


def test_section_units_are_the_blocks_units_in_order(docs: list[Document]) -> None:
    # Each document read every way in a row: the cut of a document is shared by the ways
    # of cutting it (a table's rows with and without its header, paragraphs whole or by
    # line), and one way must not be read for another.
    options = list(itertools.product((True, False), (True, False), ("whole", "lines"),
                                     ("none", "comments", "all"), (True, False)))
    for doc in docs:
        for titles, headers, prose, code, own in options:
            for scope in [doc.root, *itertools.islice(doc.sections(), 6)]:
                got = [_seen(u) for u in units.section_units(
                    scope, titles=titles, headers=headers, prose=prose,  # type: ignore[arg-type]
                    code=code, doc=doc, own=own)]  # type: ignore[arg-type]
                want = _plain(scope, doc, titles=titles, headers=headers, prose=prose,
                              code=code, own=own)
                assert got == want, (doc.path, scope.title, titles, headers, prose, code, own)


_COMMENT = re.compile(r"<!--.*?-->")


def _plain_lines(doc: Document, code: bool) -> list[Line]:
    skip = set(range(1, doc.front_matter_end + 1))
    if not code:
        for block in doc.root.all_blocks():
            if isinstance(block, CodeBlock):
                skip.update(range(block.line, block.end_line + 1))
    skip |= reading._comment_lines(doc)
    return [Line(n, _COMMENT.sub(lambda m: " " * len(m.group(0)), t))
            for n, t in enumerate(doc.lines, start=1) if n not in skip]


def test_read_lines_are_the_lines_outside_front_matter_comments_and_code(
        docs: list[Document]) -> None:
    for doc in docs:
        for code in (False, True):
            got = reading._read_lines(doc, doc.root, code)
            assert list(got) == _plain_lines(doc, code), doc.path
            assert all(type(line) is Line for line in got)
            assert [hash(line) for line in got] == [hash(line) for line in _plain_lines(doc, code)]


def _plain_scope_lines(doc: Document, vocab: Vocab, keys: tuple[str, ...]) -> tuple[Line, ...]:
    """The earlier reading: every line of every section found, kept once, sorted."""
    if not keys:
        return tuple(reading.scan_lines(doc))
    seen: dict[int, Line] = {}
    for key in keys:
        for section in vocab.find_sections(doc, key):
            for line in reading.scan_lines(doc, section):
                seen.setdefault(line.number, line)
    return tuple(seen[n] for n in sorted(seen))


def test_scope_lines_are_the_lines_of_the_sections_found(docs: list[Document]) -> None:
    vocab = load_vocab(rules_dir())
    model = SimpleNamespace(vocab=vocab)
    keys = sorted(vocab.sections)
    rng = random.Random(11)
    for doc in docs:
        asked = [(), *((k,) for k in keys), *(tuple(rng.sample(keys, 3)) for _ in range(20))]
        for chosen in asked:
            got = reading._scope_lines(doc, model, chosen)
            assert got == _plain_scope_lines(doc, vocab, chosen), (doc.path, chosen)
    # a root section (level 0) reads the whole document, nested sections read once
    doc = docs[0]
    everything = SimpleNamespace(vocab=SimpleNamespace(
        find_sections=lambda d, key: [*d.sections(), d.root, *d.sections()]))
    assert reading._scope_lines(doc, everything, ("any",)) == tuple(reading.scan_lines(doc))
