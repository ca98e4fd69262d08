"""Named products and practices (rules/vocab/technology.yaml) found in document text: each
mention of a document's prose lines and diagrams, with the polarity of its clause (the
alias index and scan: facts/tech_index.py)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from opslint.document.model import CodeBlock, Document, ListItem, Paragraph, Section
from opslint.document.normalize import contains_any, normalize
from opslint.engine.vocab import Vocab
from opslint.facts.folding import joined_chunks
from opslint.facts.model import TechMention
from opslint.facts.polarity import (
    ADOPTED,
    Polarity,
    fold_offsets,
    fold_unit,
    holds_cue,
    polarity,
    read_window,
    section_polarity,
)
from opslint.facts.tech_index import APART, TechEntry, TechIndex, _Hit, fold, text_starts

# The index and its scan live in facts/tech_index.py; their names stay importable here.
__all__ = ["APART", "TechEntry", "TechIndex", "document_mentions", "fold", "text_starts"]

# Code blocks that draw the system (C4, flowcharts, ASCII diagrams) name its parts; shell
# and config blocks do not describe what is used.
_DIAGRAM_INFO = ("mermaid", "plantuml", "puml", "text", "txt", "diagram", "ascii")
# Source lines either side of a mention's line that its unit may span (a wrapped sentence).
_UNIT_REACH = 4
# Prose lines folded in one call (``_Folded``): a call per chunk, not per line.
_FOLD_CHUNK = 2000
# The one character ``fold_unit`` folds unlike ``fold`` (a sentence end, not a period).
_FULL_STOP = "\uff0e"


def _diagram_lines(doc: Document) -> set[int]:
    lines: set[int] = set()
    for block in doc.root.all_blocks():
        if isinstance(block, CodeBlock) and block.info.split(" ")[0].lower() in _DIAGRAM_INFO:
            lines.update(range(block.line + 1, block.end_line))
    return lines


def _kept(hit: _Hit, text: str, context: Mapping[str, Sequence[str]], scoped: _Scoped,
          number: int) -> bool:
    # Generic names ("backup and restore") count only on a line about their subject, or
    # under a heading about it ("## Disaster recovery": "the plan is backup and restore").
    # Only their lines are normalised: most names need no context.
    if not hit.entry.attrs.get("needs_context"):
        return True
    return (scoped.holds(hit.entry.category, number)
            or contains_any(normalize(text), tuple(context.get(hit.entry.category, ()))))


class _Scoped:
    """Lines under a heading of a category's section key that hold one of its words
    (dr_strategy → under "dr", on a line stating a plan). Asked only of the lines naming a
    generic name: a line is normalised when asked, not every line of those sections."""

    def __init__(self, doc: Document, vocab: Vocab, lines: Mapping[int, str],
                 sections: Mapping[str, tuple[str, Sequence[str]]]) -> None:
        self._doc = doc
        self._vocab = vocab
        self._lines = lines
        self._given = sections
        self._sections: dict[str, list[Section]] = {}

    def holds(self, category: str, number: int) -> bool:
        given = self._given.get(category)
        if given is None or number not in self._lines:
            return False
        key, words = given
        found = self._sections.get(category)
        if found is None:
            found = self._sections[category] = self._vocab.find_sections(self._doc, key)
        return (any(s.line <= number <= s.end_line for s in found)
                and contains_any(normalize(self._lines[number]), tuple(words)))


class _Units:
    """The text unit around each line, folded as TechIndex.find folds (so hit offsets hold):
    a paragraph's lines (a sentence wraps), a list item with its continuation lines, a table
    row or any other line alone. ``folded``: the lines, folded (``_Folded``)."""

    def __init__(self, doc: Document, lines: Mapping[int, str], folded: _Folded) -> None:
        self.lines = lines
        self.span: dict[int, tuple[int, int]] = {}
        self._folded = folded
        starts = {s.line for s in doc.sections()}
        blocks = list(doc.root.all_blocks())
        starts.update(b.line for b in blocks)
        spans: list[tuple[int, int]] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                spans.append((block.line, block.end_line))
            elif isinstance(block, ListItem):
                first = last = block.line
                while last + 1 in lines and last + 1 not in starts and lines[last + 1].strip():
                    last += 1
                spans.append((first, last))
        # A line's unit is the first block holding it: the blocks' lines set last to first,
        # each later block's overwritten by an earlier one's (a dict update per block in C,
        # not a ``setdefault`` per line).
        for first, last in reversed(spans):
            self.span.update(dict.fromkeys(range(first, last + 1), (first, last)))

    def _bounds(self, number: int) -> tuple[int, int]:
        """The first and last line of the unit holding a line. A few lines either side hold
        any sentence; the cap keeps a huge paragraph linear to read."""
        first, last = self.span.get(number, (number, number))
        return max(first, number - _UNIT_REACH), min(last, number + _UNIT_REACH)

    def at(self, number: int) -> tuple[str, int]:
        """The folded unit holding a line, and where the line starts in it."""
        first, last = self._bounds(number)
        texts = [self._folded.line(n) for n in range(first, last + 1)]
        offset = sum(len(t) + 1 for t in texts[: number - first])
        return "\n".join(texts), offset

    def polarity(self, vocab: Vocab, at: int, start: int, end: int) -> Polarity:
        """``polarity`` of the mention at [start, end) of the ``at``-th line in its unit.

        Most units hold no cue, and ``polarity`` of a unit without one is ``ADOPTED`` at
        once: that is asked of the lines folded once (``_Folded.marks``), where the unit is
        a slice whose fold is the slice of that fold (``fold_offsets`` maps each character
        on its own, the unit's line breaks stand where the lines' separators do). Only a
        unit with a cue is made and read."""
        folded = self._folded
        number = folded.numbers[at]
        first, last = self._bounds(number)
        span = folded.lines_span(at, first, last)
        if span is not None:
            offset = folded.starts[at] - span[0]
            low, high = read_window(span[1] - span[0], offset + start, offset + end)
            if not holds_cue(vocab, folded.marks()[span[0] + low : span[0] + high]):
                return ADOPTED
        unit, offset = self.at(number)
        return polarity(vocab, unit, offset + start, offset + end)


class _Folded:
    """A document's prose lines folded together (a call per chunk of lines): for the units
    (``fold_unit``) and for the alias scan (``fold``), the same text unless a full-width
    period makes the two folds differ. A unit slices its lines out; no line is folded or
    kept on its own."""

    def __init__(self, numbers: Sequence[int], lines: Mapping[int, str],
                 texts: Sequence[str]) -> None:
        units: list[str] = []
        scans: list[str] = []
        # Folded a chunk of lines at a time: NFKC works on copies of its whole input, so one
        # call on a 5 MB document would hold several times its text at once.
        for joined in joined_chunks(texts, _FOLD_CHUNK):
            units.append(fold_unit(joined))
            scans.append(units[-1] if _FULL_STOP not in joined else fold(joined))
        self.units = APART.join(units)
        same = all(a is b for a, b in zip(units, scans, strict=True))
        self.scan = self.units if same else APART.join(scans)
        self.numbers = numbers
        self._lines = lines
        self.starts = text_starts(self.units)
        # Each line's fold stands alone between separators (no line holds APART).
        self._apart = len(self.starts) == len(numbers)
        self._marks: str | None = None

    def scan_starts(self) -> list[int]:
        """Where each line starts in ``scan`` (``text_starts``)."""
        return self.starts if self.scan is self.units else text_starts(self.scan)

    def _end(self, at: int) -> int:
        """Where the ``at``-th line's fold ends in ``units``."""
        return self.starts[at + 1] - 1 if at + 1 < len(self.starts) else len(self.units)

    def line(self, number: int) -> str:
        """A prose line folded (``fold_unit``); "" for a line that is not prose."""
        if number not in self._lines:
            return ""
        if not self._apart:  # a line holds APART: fold it alone
            return fold_unit(self._lines[number])
        at = bisect_left(self.numbers, number)
        return self.units[self.starts[at] : self._end(at)]

    def lines_span(self, at: int, first: int, last: int) -> tuple[int, int] | None:
        """Where lines ``first`` to ``last`` (the ``at``-th line among them) stand in
        ``units``, their separators between them; None unless each is a prose line and
        none holds APART (its unit is then not a slice of ``units``)."""
        number = self.numbers[at]
        head, tail = at - (number - first), at + (last - number)
        # Line numbers rise one by one where the first and last are that far apart.
        if (not self._apart or head < 0 or tail >= len(self.numbers)
                or self.numbers[head] != first or self.numbers[tail] != last):
            return None
        return self.starts[head], self._end(tail)

    def marks(self) -> str:
        """``units`` with line breaks between the lines, folded as ``polarity`` folds a
        unit (``fold_offsets``): made on the first question, for one document."""
        if self._marks is None:
            self._marks = fold_offsets(self.units.replace(APART, "\n"))
        return self._marks


def _section_scopes(doc: Document, vocab: Vocab) -> list[tuple[int, int, Polarity]]:
    """Lines under a heading that rejects, plans or excludes what it holds ("## 採用しない
    構成", "## Roadmap"), with that polarity, as (first line, last line, polarity) in the
    order of the headings; the innermost such heading wins (``_scope``)."""
    scopes: list[tuple[int, int, Polarity]] = []

    def walk(section: Section, inherited: Polarity) -> None:
        own = section_polarity(vocab, section.title) if section.level else ADOPTED
        scope = inherited if own == ADOPTED else own
        if scope != ADOPTED:
            scopes.append((section.line, section.end_line, scope))
        for child in section.children:
            walk(child, scope)

    walk(doc.root, ADOPTED)
    return scopes


def _scope(scopes: Sequence[tuple[int, int, Polarity]], number: int) -> Polarity:
    """The polarity a line's headings give it: that of the last section holding it in the
    order of the headings, the innermost (a subsection comes after its section)."""
    for first, last, scope in reversed(scopes):
        if first <= number <= last:
            return scope
    return ADOPTED


def _headings(found: dict[tuple[str, str, int], TechMention], doc: Document
              ) -> list[TechMention]:
    """Heading mentions take their section body's verdict: a chapter title ("## API
    Gateway") names a topic, not a decision. A title's own cue wins ("## 不採用: X"); a name
    only in the title is dropped."""
    heads = {s.line: s for s in doc.sections()}
    by_name: dict[tuple[str, str], list[TechMention]] = {}
    for mention in found.values():
        by_name.setdefault((mention.category, mention.name), []).append(mention)
    out: list[TechMention] = []
    for mention in found.values():
        section = heads.get(mention.line)
        if section is None or mention.polarity != ADOPTED:
            out.append(mention)
            continue
        body = [m for m in by_name[mention.category, mention.name]
                if section.line < m.line <= section.end_line]
        if any(m.polarity == ADOPTED for m in body):
            out.append(mention)
        elif body:
            out.append(replace(mention, polarity=body[0].polarity))
    return out


def document_mentions(
    doc: Document, index: TechIndex, prose: Mapping[int, str] | Iterable[tuple[int, str]],
    vocab: Vocab,
    context: Mapping[str, Sequence[str]] | None = None,
    sections: Mapping[str, tuple[str, Sequence[str]]] | None = None,
) -> tuple[TechMention, ...]:
    """Every mention in a document's prose lines and diagrams, once per name and line, with
    the polarity of its own clause (facts/polarity.py): "Argo CD を使う。Flux は使わない" adopts
    one and rejects the other. Only adopted mentions are evidence. A generic name counts on a
    line with one of ``context``'s words for its category, or under a heading of the section
    key ``sections`` gives its category on a line with one of the words given with it.
    ``prose``: the prose lines by number (or as (number, text) pairs)."""
    lines = dict(prose)
    for number in _diagram_lines(doc):
        if 0 < number <= len(doc.lines):
            lines.setdefault(number, doc.lines[number - 1])
    numbers = sorted(lines)
    texts = [lines[n] for n in numbers]
    folded = _Folded(numbers, lines, texts)
    named = index.named(texts, folded.scan, folded.scan_starts())
    if not named:
        return ()  # no product named: nothing to read around
    units = _Units(doc, lines, folded)
    scopes = _section_scopes(doc, vocab)
    scoped = _Scoped(doc, vocab, lines, sections or {})
    found: dict[tuple[str, str, int], TechMention] = {}
    for at, hits in named.items():  # the lines naming a product, in order (most name none)
        number = numbers[at]
        text = lines[number]
        for hit in hits:
            if not _kept(hit, text, context or {}, scoped, number):
                continue
            keys = [(hit.entry.category, name, number) for name in (hit.entry.name,
                                                                     *hit.entry.implies)]
            if all(k in found and found[k].polarity == ADOPTED for k in keys):
                continue  # the line adopts it already
            found_polarity = units.polarity(vocab, at, hit.start, hit.end)
            if found_polarity == ADOPTED:
                found_polarity = _scope(scopes, number)
            for key in keys:
                old = found.get(key)
                # One adopting clause on a line is enough: the line adopts the name.
                if old is None or (old.polarity != ADOPTED and found_polarity == ADOPTED):
                    found[key] = TechMention(key[0], key[1], hit.alias, number, text,
                                             found_polarity)
    return tuple(_headings(found, doc))
