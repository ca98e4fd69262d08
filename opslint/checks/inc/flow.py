"""Incident response flow: the spec's five steps are enumerated, in the spec's order."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence

from opslint.checks.shared.severity import FlowStep, IncidentVocab, incident_vocab
from opslint.checks.shared.units import (
    primary_line,
    scope_sections,
    section_units,
)
from opslint.checks.shared.words import join_labels
from opslint.document.model import CodeBlock, Document, ListItem, Section, Table
from opslint.document.normalize import normalize, word_pattern
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.memo import PerText
from opslint.engine.registry import NoParams
from opslint.facts.labels import read_label
from opslint.facts.semantic import Reading, SemanticModel

__all__ = ["flow_sequences"]

# An item's label: the text before its colon, or its first characters ("1. **検知**: …").
_LABEL_CHARS = 24
_LABEL_MAX = 30
StepSequence = list[tuple[int, int]]  # (step index, line) in document order


@functools.lru_cache(maxsize=2048)
def _term_pattern(term: str) -> re.Pattern[str]:
    needle = normalize(term)
    if needle.isascii() and needle[:1].isalnum():
        body = re.escape(needle).replace(r"\ ", r"[\s_-]*")
        return re.compile(word_pattern(body))
    return re.compile(re.escape(needle))


# The steps of each text, per flow vocabulary: a long document repeats its labels and
# items (8,565 questions about 1,798 texts on the 5 MB document).
_STEPS: PerText[tuple[int, ...]] = PerText(kept=1024)


def _steps_in(norm: str, steps: Sequence[FlowStep]) -> list[int]:
    """Indexes of the steps a normalised text names, in the order they appear in it."""
    return list(_STEPS.get((steps,), norm, lambda text: _find_steps(text, steps)))


def _find_steps(norm: str, steps: Sequence[FlowStep]) -> tuple[int, ...]:
    found: list[tuple[int, int]] = []
    for index, step in enumerate(steps):
        first = _step_pattern(tuple(step.terms)).search(norm)
        if first is not None:  # where the earliest of the step's terms starts
            found.append((first.start(), index))
    return tuple(index for _, index in sorted(found))


@functools.lru_cache(maxsize=64)
def _step_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """The alternation of a step's term patterns (escaped text with word edges, no groups):
    it first matches at the first place one of them matches, the earliest of their own
    first matches (one search per step, not one per term). No terms: no match."""
    if not terms:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{_term_pattern(t).pattern})" for t in terms))


def _flow_sections(ctx: CheckContext) -> tuple[list[Section], bool] | None:
    """The response-flow sections, or failing them the incident sections (not dedicated)."""
    for keys, dedicated in ((["response_flow"], True), (["incident"], False)):
        sections = scope_sections(ctx.vocab, ctx.doc, keys)
        if sections:
            return sections, dedicated
    return None


def _label(text: str) -> str:
    found = read_label(text)
    return found.label if found is not None and len(found.label) <= _LABEL_MAX else (
        text[:_LABEL_CHARS])


def _list_runs(section: Section) -> Iterator[list[ListItem]]:
    """Runs of consecutive list items at one depth (the items of one list)."""
    run: list[ListItem] = []
    for block in section.blocks:
        if isinstance(block, ListItem):
            if run and block.depth < run[0].depth:
                yield run
                run = []
            if not run or block.depth == run[0].depth:
                run.append(block)
            continue
        if run:
            yield run
            run = []
    if run:
        yield run


def flow_sequences(doc: Document, section: Section, vocab: IncidentVocab
                   ) -> Iterator[StepSequence]:
    """(step, line) sequences, one per enumeration: an arrow chain, a list, a table's first
    column, the comment lines of a script, the headings under a flow section."""
    arrows = "|".join(re.escape(a) for a in sorted(vocab.flow_arrows, key=len, reverse=True))
    for unit in section_units(doc, section):
        segments = re.split(arrows, unit.text)
        if len(segments) >= 3:
            yield [(steps[0], unit.line) for seg in segments
                   if (steps := _steps_in(normalize(seg), vocab.flow))]
    for sub in section.walk():
        for run in _list_runs(sub):
            yield _labelled([(i.line, i.text) for i in run], vocab)
        for block in sub.blocks:
            if isinstance(block, Table):
                yield _labelled([(r.line, r.get(0)) for r in block.rows], vocab,
                                [" ".join(r.cells) for r in block.rows])
            elif isinstance(block, CodeBlock):
                comments = [u for u in section_units(doc, _alone(sub, block), code="comments")
                            if u.kind == "code"]
                yield _labelled([(u.line, u.text) for u in comments], vocab)
        yield _labelled([(c.line, c.title) for c in sub.children], vocab)


def _alone(section: Section, block: CodeBlock) -> Section:
    return Section(section.level, section.title, section.norm, section.number, section.line,
                   section.end_line, (block,), ())


def _labelled(entries: Iterable[tuple[int, str]], vocab: IncidentVocab,
              bodies: Sequence[str] = ()) -> StepSequence:
    """The steps named by each entry's label, in entry order.

    The last entry, when its label names no step ("5. **Review:** postmortem as below"),
    is read by its text (``bodies``: a table row's other cells), for a step after every step
    before it: a closing step named in the team's own word. Only the last, so a body that
    mentions a step in passing ("keep users informed until resolved") never reorders the flow.
    """
    listed = list(entries)
    sequence: StepSequence = []
    for index, (line, text) in enumerate(listed):
        steps = _steps_in(normalize(_label(text)), vocab.flow)
        if not steps and sequence and index == len(listed) - 1:
            latest = max(step for step, _ in sequence)
            body = bodies[index] if index < len(bodies) else text
            steps = [s for s in _steps_in(normalize(body), vocab.flow)[:1] if s > latest]
        sequence += [(step, line) for step in steps]
    return sequence


def _all_sequences(ctx: CheckContext, sections: Sequence[Section], vocab: IncidentVocab
                   ) -> list[StepSequence]:
    """Every enumeration of steps, plus prose statements naming three steps or more."""
    found = [q for s in sections for q in flow_sequences(ctx.doc, s, vocab)]
    for section in sections:
        for unit in section_units(ctx.doc, section, code="comments"):
            steps = _steps_in(unit.norm, vocab.flow)
            if len(steps) >= 3:
                found.append([(step, unit.line) for step in steps])
    return found


_Flow = tuple[tuple[Section, ...], bool, tuple[tuple[tuple[int, int], ...], ...]]


def _read_flow(doc: Document, model: SemanticModel) -> _Flow | None:
    ctx = CheckContext(doc, model)
    scoped = _flow_sections(ctx)
    if scoped is None:
        return None
    sections, dedicated = scoped
    sequences = _all_sequences(ctx, sections, incident_vocab(ctx))
    return tuple(sections), dedicated, tuple(tuple(q) for q in sequences)


# The flow sections and their step sequences, read once per document for both flow rules.
FLOW: Reading[_Flow | None] = Reading("incident-flow", _read_flow)


def _flow(ctx: CheckContext) -> tuple[list[Section], bool, list[StepSequence]] | None:
    """The flow sections, whether they are dedicated ones, and every step sequence."""
    read: _Flow | None = ctx.read(FLOW)
    if read is None:
        return None
    sections, dedicated, sequences = read
    return list(sections), dedicated, [list(q) for q in sequences]


def _distinct(sequence: StepSequence) -> set[int]:
    return {step for step, _ in sequence}


def step_missing(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """The flow (the enumeration naming the most steps) lacks one of the spec's five steps."""
    vocab = incident_vocab(ctx)
    flow = _flow(ctx)
    if flow is None:
        return
    sections, dedicated, sequences = flow
    best = max(sequences, key=lambda q: len(_distinct(q)), default=[])
    line = primary_line(sections) if dedicated or not best else best[0][1]
    found = _distinct(best)
    missing = [s for index, s in enumerate(vocab.flow) if index not in found]
    labels = [LocalText(s.label.ja, s.label.en) for s in missing]
    if len(found) < 2:
        everything = [LocalText(s.label.ja, s.label.en) for s in vocab.flow]
        yield Hit(line, args={"step": join_labels(ctx.vocab, everything)}, key="flow:all")
        return
    for step, label in zip(missing, labels, strict=True):
        yield Hit(line, args={"step": label}, key=f"flow:{step.key}")


def out_of_order(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """Within one enumeration, a step comes after a step the spec puts behind it."""
    vocab = incident_vocab(ctx)
    flow = _flow(ctx)
    if flow is None:
        return
    _, dedicated, sequences = flow
    # Outside a flow section a short list may name two steps in passing, not as a flow.
    least = 2 if dedicated else 3
    reported: set[int] = set()
    for sequence in sequences:
        if len(_distinct(sequence)) < least:
            continue
        for hit in _inversions(sequence, vocab):
            if hit.line not in reported:
                reported.add(hit.line)
                yield hit


def _inversions(events: StepSequence, vocab: IncidentVocab) -> Iterator[Hit]:
    """Each step whose first mention follows a step the spec puts after it."""
    seen: set[int] = set()
    latest = -1
    for step, line in events:
        if step in seen:
            continue
        seen.add(step)
        if step < latest:
            label, after = vocab.flow[step].label, vocab.flow[latest].label
            yield Hit(line, args={"step": LocalText(label.ja, label.en),
                                  "after": LocalText(after.ja, after.en)},
                      key=f"flow-order:{vocab.flow[step].key}")
        latest = max(latest, step)
