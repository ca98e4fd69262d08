"""Release checks by vocabulary: what a chapter must mention, and line patterns it must not hold."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from opslint.checks.rel.chapters import chapters
from opslint.checks.rel.params import Condition, MentionParams, PatternParams
from opslint.checks.rel.text import Unit, header_units, title_line, units_of
from opslint.checks.rel.vocab import ReleaseVocab, affirmed, local, negated, release_vocab
from opslint.checks.shared.common import Line, scan_lines
from opslint.checks.shared.text import lines_may_match
from opslint.document.model import CodeBlock, Document, Section
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.facts.folding import fold_each, nfkc
from opslint.facts.joined import CHUNK
from opslint.facts.reading import Reading
from opslint.facts.semantic import SemanticModel
from opslint.facts.units import loose


def _present(ctx: CheckContext, keys: Sequence[str]) -> list[Section]:
    found = chapters(ctx)
    return [found[k] for k in keys if k in found]


def _chapter_units(doc: Document, model: SemanticModel, key: str | None) -> tuple[Unit, ...]:
    if key is None:
        return tuple(units_of([doc.root]))
    found = chapters(CheckContext(doc, model))
    return tuple(units_of([found[key]])) if key in found else ()


# The units of one chapter (by outline key; None: the whole document), cut once per
# document: the mention and pattern rules (two dozen) asked for the same chapters' units
# again and again. A list of chapters reads as their units one after the other, as
# ``units_of`` cuts them.
CHAPTER_UNITS: Reading[tuple[Unit, ...]] = Reading("release-chapter-units", _chapter_units)


def _units(ctx: CheckContext, keys: Sequence[str | None]) -> list[Unit]:
    return [u for key in keys for u in ctx.read(CHAPTER_UNITS, key)]


def holds(ctx: CheckContext, vocab: ReleaseVocab, when: Condition) -> bool:
    """Whether one of the condition's chapters mentions its item (not to deny it)."""
    item = vocab.item(when.item)
    units = _units(ctx, when.sections)
    return any(affirmed(u, item, vocab) for u in units)


def _scope(ctx: CheckContext, params: MentionParams) -> list[Unit]:
    if params.anywhere:
        return _units(ctx, [None])
    units = _units(ctx, params.sections)
    return [*header_units(ctx.doc), *units] if params.header else units


def mentions(ctx: CheckContext, params: MentionParams) -> Iterator[Hit]:
    """Items the given chapters must mention; with an anchor, inside the units that name it."""
    vocab = release_vocab(ctx)
    present = _present(ctx, params.sections)
    if params.sections[0] not in chapters(ctx) and not params.anywhere:
        return  # the missing chapter itself is REL001's finding
    if params.when is not None and not holds(ctx, vocab, params.when):
        return
    units = _scope(ctx, params)
    line = present[0].line if present else title_line(ctx.doc)
    keyed = len(params.items) + (params.anchor is not None) > 1
    if params.anchor is not None:
        anchor = vocab.item(params.anchor)
        units = anchor.among(units)
        if not units:
            key = f"release-item:{params.anchor}" if keyed else ""
            yield Hit(line, args={"item": local(anchor.title)}, key=key)
            return
        line = units[0].line
    for name in params.items:
        item = vocab.item(name)
        if not item.found_in(units):
            yield Hit(line, args={"item": local(item.title)},
                      key=f"release-item:{name}" if keyed else "")


def _skipped_lines(sections: list[Section]) -> set[int]:
    return {n for s in sections for n in range(s.line, s.end_line + 1)}


def _code_lines(ctx: CheckContext) -> set[int]:
    return {n for b in ctx.doc.root.all_blocks() if isinstance(b, CodeBlock)
            for n in range(b.line, b.end_line + 1)}


def _folded_lines(doc: Document, _model: object, code: bool
                  ) -> tuple[tuple[Line, ...], list[str]]:
    # NFKC alone keeps lengths in practice, so a column points into the source line.
    lines = tuple(scan_lines(doc, code=code))
    return lines, fold_each([line.text for line in lines], nfkc, CHUNK)  # a chunk at a time


# The lines the line-pattern rules scan, code included or not, and the NFKC text of each,
# in the same order: read once per document, the rules of this kind scan the same lines
# (the NFKC texts are the list their patterns' literals are searched in, as it is).
PATTERN_LINES: Reading[tuple[tuple[Line, ...], list[str]]] = Reading(
    "release-pattern-lines", _folded_lines)


def pattern(ctx: CheckContext, params: PatternParams) -> Iterator[Hit]:
    """Lines matching one of a vocabulary's patterns, unless the doc mentions a safeguard."""
    vocab = release_vocab(ctx)
    if params.unless:
        units = _units(ctx, params.unless_in or [None])
        if any(vocab.item(k).found_in(units) for k in params.unless):
            return
    excuses = [vocab.item(k) for k in params.line_unless]
    patterns = vocab.pattern_list(params.patterns)
    skip = _skipped_lines(_present(ctx, params.skip_sections))
    code: set[int] | None = None  # read on the first line that matches
    lines, texts = ctx.read(PATTERN_LINES, params.code)
    # Most lines match none of the patterns: their literals are searched once in the joined
    # lines, then their alternation in the lines holding one.
    for index in lines_may_match(patterns, texts):
        number, source, text = lines[index].number, lines[index].text, texts[index]
        if number in skip:
            continue
        match = next((m for p in patterns if (m := p.search(text))), None)
        if match is None:
            continue
        prose = loose(number, text)
        if params.negation:
            if code is None:
                code = _code_lines(ctx)
            if number not in code and negated(prose, vocab):
                continue
        if any(item.found(prose) for item in excuses):
            continue
        column = match.start() + 1 if len(text) == len(source) else 1
        found = match.group(0).strip(" |:")
        label = _label(text[: match.start()]) or found
        yield Hit(number, column=column, args={"text": found, "label": label})


_MARKUP = re.compile(r"[*_`]")
_LEAD = re.compile(r"^\s*(?:[-*+]|\d+[.)])?\s*")


def _label(prefix: str) -> str:
    """What a match belongs to: the text before it in its cell or line, markup removed."""
    text = _MARKUP.sub("", prefix).rstrip(" |")
    text = text.rsplit("|", 1)[-1]
    return _LEAD.sub("", text).strip(" :：")
