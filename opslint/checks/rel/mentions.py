"""Release checks by vocabulary: what a chapter must mention, and line patterns it must not hold."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

from opslint.checks.rel.chapters import chapters
from opslint.checks.rel.params import Condition, MentionParams, PatternParams
from opslint.checks.rel.text import Unit, header_units, title_line, units_of
from opslint.checks.rel.vocab import ReleaseVocab, affirmed, local, negated, release_vocab
from opslint.checks.rel.vocab_models import Item, joined_norms
from opslint.checks.shared.common import scan_lines
from opslint.checks.shared.text import lines_may_match
from opslint.document.model import CodeBlock, Document, Section
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.engine.memo import LastKept
from opslint.facts.folding import nfkc
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


# Of the last document (and the model that read it), the normalised texts of each
# chapter's units joined (``joined_norms``), by outline key (None: the whole document;
# (True, None): the header's units): an item's terms are searched there (``Item.found_in``),
# and the two dozen mention rules ask about the same chapters in many combinations (eleven
# distinct lists of chapters per document, a third of them asked again). At most the
# document's chapters, the whole and the header: bounded by one document.
_JOINED: LastKept[dict[tuple[bool, str | None], list[str]]] = LastKept()


def _found_in(ctx: CheckContext, item: Item, keys: Sequence[str | None],
              header: bool = False) -> bool:
    """``item.found_in(units)`` of the units of the chapters (the header's first, when
    asked), as ``_scope`` lists them. The units' texts joined are, chunk for chunk, the
    texts of each chapter's units joined, one chapter after the other: a term's pattern
    matches in the joined texts of all exactly when it matches in one unit's text
    (``joined_norms``), so in one chapter's joined texts. The rest (patterns, quantities,
    headers) reads the units one by one, as before."""
    kept = _JOINED.get((ctx.doc, ctx.model), dict)
    chosen: list[tuple[bool, str | None]] = [(True, None)] if header else []
    chosen += ((False, key) for key in keys)
    joined: list[str] = []
    for chosen_key in chosen:
        pieces = kept.get(chosen_key)
        if pieces is None:
            is_header, key = chosen_key
            units = header_units(ctx.doc) if is_header else ctx.read(CHAPTER_UNITS, key)
            pieces = kept[chosen_key] = list(joined_norms(units))
        joined += pieces
    if not (item.patterns or item.quantities or item.headers):
        return item.found_in((), joined)
    units = [*header_units(ctx.doc), *_units(ctx, keys)] if header else _units(ctx, keys)
    return item.found_in(units, joined)


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
    line = present[0].line if present else title_line(ctx.doc)
    keyed = len(params.items) + (params.anchor is not None) > 1
    units: list[Unit] | None = None  # with an anchor: the scope's units that name it
    if params.anchor is not None:
        anchor = vocab.item(params.anchor)
        units = anchor.among(_scope(ctx, params))
        if not units:
            key = f"release-item:{params.anchor}" if keyed else ""
            yield Hit(line, args={"item": local(anchor.title)}, key=key)
            return
        line = units[0].line
    # Without an anchor, the scope (``_scope``) is searched chapter by chapter.
    keys: Sequence[str | None] = [None] if params.anywhere else params.sections
    header = params.header and not params.anywhere
    for name in params.items:
        item = vocab.item(name)
        found = item.found_in(units) if units is not None else \
            _found_in(ctx, item, keys, header)
        if not found:
            yield Hit(line, args={"item": local(item.title)},
                      key=f"release-item:{name}" if keyed else "")


def _skipped_lines(sections: list[Section]) -> set[int]:
    return {n for s in sections for n in range(s.line, s.end_line + 1)}


def _code_lines(ctx: CheckContext) -> set[int]:
    return {n for b in ctx.doc.root.all_blocks() if isinstance(b, CodeBlock)
            for n in range(b.line, b.end_line + 1)}


def _folded_lines(doc: Document, _model: object, code: bool) -> tuple[tuple[int, str, str], ...]:
    # NFKC alone keeps lengths in practice, so a column points into the source line.
    lines = list(scan_lines(doc, code=code))
    texts = [line.text for line in lines]
    folded = nfkc_lines(texts)
    return tuple([(line.number, line.text, text)
                  for line, text in zip(lines, folded, strict=True)])


def nfkc_lines(texts: Sequence[str]) -> list[str]:
    """``[unicodedata.normalize("NFKC", t) for t in texts]``, a chunk of lines at a time
    (``facts/folding.nfkc``, cut at line breaks): one quick check of a chunk, not one
    call per line. A line break is a starter that no decomposition or composition holds,
    so each line between two normalises as alone; a line holding a break of its own, or
    a fold that would make one (none does: the count is checked), is folded alone."""
    out: list[str] = []
    for first in range(0, len(texts), CHUNK):
        part = texts[first : first + CHUNK]
        pieces = nfkc("\n".join(part), "\n").split("\n")
        if len(pieces) != len(part):
            pieces = [unicodedata.normalize("NFKC", text) for text in part]
        out.extend(pieces)
    return out


# (number, source, NFKC text) of the lines the line-pattern rules scan, code included or
# not: read once per document, the rules of this kind scan the same lines.
PATTERN_LINES: Reading[tuple[tuple[int, str, str], ...]] = Reading(
    "release-pattern-lines", _folded_lines)


def pattern(ctx: CheckContext, params: PatternParams) -> Iterator[Hit]:
    """Lines matching one of a vocabulary's patterns, unless the doc mentions a safeguard."""
    vocab = release_vocab(ctx)
    if params.unless:
        keys: list[str | None] = [*params.unless_in] if params.unless_in else [None]
        if any(_found_in(ctx, vocab.item(k), keys) for k in params.unless):
            return
    excuses = [vocab.item(k) for k in params.line_unless]
    patterns = vocab.pattern_list(params.patterns)
    skip = _skipped_lines(_present(ctx, params.skip_sections))
    code: set[int] | None = None  # read on the first line that matches
    lines = ctx.read(PATTERN_LINES, params.code)
    # Most lines match none of the patterns: their literals are searched once in the joined
    # lines, then their alternation in the lines holding one.
    for index in lines_may_match(patterns, [text for _, _, text in lines]):
        number, source, text = lines[index]
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
