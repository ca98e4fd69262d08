"""Procedures with timed steps: rollback (criteria, steps, totals, checks), restore, failover."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from opslint.document.model import Document, ListItem, Section, Table
from opslint.document.normalize import contains_any, contains_term, normalize
from opslint.engine.vocab import Vocab
from opslint.facts.model import RecoveryStep, RollbackCriterion, RollbackPlan, StatedDuration
from opslint.facts.model_release import DatabaseRevert
from opslint.facts.quantities import Duration, find_durations, find_thresholds
from opslint.facts.quiet_units import units_maybe_naming
from opslint.facts.reading import map_columns
from opslint.facts.release_time import reading_terms
from opslint.facts.term_gates import naming
from opslint.facts.text import Terms, Unit, units

__all__ = ["criteria_sections", "database_reverts", "procedure_steps", "rollback_criteria",
           "rollback_plan", "step_minutes"]

# A duration a list step states about itself: "（5分）", "所要 10分", "約 15 分で完了".
_OWN_DURATION = re.compile(r"(?:所要|目安|約|takes|approx\.?|~|〜|\(|（)\s*$", re.IGNORECASE)
_STEP_LIMIT = 24 * 60.0


def step_minutes(text: str, terms: Terms) -> float | None:
    """The duration a list step states for itself, if any (retention periods are not)."""
    for duration in find_durations(text):
        before = text[max(0, duration.start - 8) : duration.start]
        after = text[duration.end : duration.end + 2]
        if duration.minutes > _STEP_LIMIT or terms.has(normalize(after), "retention_label"):
            continue
        if _OWN_DURATION.search(before) or after.startswith((")", "）")):
            return duration.minutes
    return None


def _worst(durations: Sequence[Duration]) -> float | None:
    # A cell offering alternatives ("A: 5分 / B: 10分 / C: 40分") costs its longest one.
    return max(d.minutes for d in durations) if durations else None


def _table_steps(table: Table, vocab: Vocab, procedure: str) -> list[RecoveryStep]:
    mapped = map_columns(table, vocab, ("task", "owner", "duration"))
    if not (mapped.has("task") or mapped.has("duration")):
        return []
    steps = []
    for row in table.rows:
        duration = find_durations(row.get(mapped.columns.get("duration")))
        steps.append(RecoveryStep(row.line, " | ".join(row.cells), _worst(duration), procedure,
                                  row.get(mapped.columns.get("owner"))))
    return steps


def procedure_steps(section: Section, vocab: Vocab, terms: Terms, procedure: str,
                    skip: Sequence[Section] = ()) -> list[RecoveryStep]:
    """Steps of a procedure section: rows of its step tables, else its ordered list items."""
    excluded = {s.line for part in skip for s in part.walk()}
    parts = [s for s in section.walk() if s.line not in excluded]
    steps: list[RecoveryStep] = []
    for part in parts:
        for block in part.blocks:
            if isinstance(block, Table):
                steps += _table_steps(block, vocab, procedure)
    if steps:
        return steps
    for part in parts:
        for block in part.blocks:
            if isinstance(block, ListItem) and block.ordered and block.depth == 0:
                steps.append(RecoveryStep(block.line, block.text,
                                          step_minutes(block.text, terms), procedure))
    return steps


def _parts(sections: Sequence[Section], terms: Terms, key: str) -> list[Section]:
    """The parts of the rollback chapter that play a role (criteria, checks after it).

    When the chapter is read as several sections (its subsections standing as chapters), a
    whole section can be that part; a single chapter is never all criteria.
    """
    several = len(sections) > 1
    return [s for top in sections for s in top.walk()
            if (s is not top or several) and terms.has(s.norm, key)]


def criteria_sections(sections: Sequence[Section], terms: Terms) -> list[Section]:
    """The parts of the rollback chapter that state when to roll back."""
    headings = reading_terms(terms.vocab, "criteria_headings")
    several = len(sections) > 1
    return [s for top in sections for s in top.walk()
            if (s is not top or several) and (terms.has(s.norm, "rollback_criteria_label")
                                               or contains_any(s.norm, headings))]


def _post_sections(sections: Sequence[Section], terms: Terms) -> list[Section]:
    return _parts(sections, terms, "post_rollback_label")


def _criteria_units(sections: Sequence[Section], terms: Terms) -> Iterator[Unit]:
    subsections = criteria_sections(sections, terms)
    if subsections:
        found = [u for section in subsections for u in units(section)]
        # A list or table of criteria is the criteria; the prose around it introduces them
        # ("次のいずれかに当てはまったら切り戻す。判断から 5分 以内に宣言する。").
        listed = [u for u in found if u.item is not None or u.row is not None]
        yield from listed or found
        return
    for top in sections:
        for unit in units(top):
            if terms.has(unit.norm, "rollback_criteria_label") or find_thresholds(unit.text):
                yield unit


def rollback_criteria(sections: Sequence[Section], terms: Terms,
                      deadline: Callable[[str], int | None]) -> tuple[RollbackCriterion, ...]:
    """The rollback triggers: the criteria subsection, else units with a threshold; each
    with the deadline ``deadline`` reads in its text (the release places it on the night)."""
    return tuple(RollbackCriterion(unit.line, unit.text, tuple(find_thresholds(unit.text)),
                                   deadline(unit.text))
                 for unit in _criteria_units(sections, terms))


def _totals(sections: Sequence[Section], terms: Terms) -> tuple[StatedDuration, ...]:
    totals = []
    found = [u for top in sections for u in units(top)]
    for unit in naming(found, terms, "rollback_total_label"):
        labels = terms.find(unit.text, "rollback_total_label")
        if not labels:
            continue
        cut = [s for s, _ in terms.find(unit.text, "post_rollback_label") if s > labels[0][0]]
        end = cut[0] if cut else len(unit.text)
        durations = [d for d in find_durations(unit.text) if labels[0][0] < d.start < end]
        if durations:
            totals.append(StatedDuration(max(d.minutes for d in durations), unit.line,
                                         unit.text))
    return tuple(totals)


def _post_check(doc: Document, sections: Sequence[Section], terms: Terms
                ) -> StatedDuration | None:
    for section in _post_sections(sections, terms):
        durations = find_durations(section.title)
        if durations:
            return StatedDuration(durations[0].minutes, section.line, section.title)
    for unit in units_maybe_naming(doc, terms.vocab, "post_rollback_label"):
        for _, end in terms.find(unit.text, "post_rollback_label"):
            near = [d for d in find_durations(unit.text) if 0 <= d.start - end <= 12]
            if near:
                return StatedDuration(near[0].minutes, unit.line, unit.text)
    return None


def _stated_total(sections: Sequence[Section], skip: Sequence[Section], vocab: Vocab
                  ) -> tuple[StatedDuration, ...]:
    """A length stated for the whole rollback in its prose ("所要時間の目安は 30分（アプリ 10分、
    DB 5分…）", "the rollback takes 40 minutes in all"): the duration a total word leads."""
    words = reading_terms(vocab, "total_terms")
    excluded = {s.line for part in skip for s in part.walk()}
    for top in sections:
        for unit in units(top):
            if unit.section.line in excluded or unit.item is not None or unit.row is not None:
                continue
            found = _led_by(unit.text, words)
            if found is not None:
                return (StatedDuration(found.minutes, unit.line, unit.text),)
    return ()


def _led_by(text: str, words: Sequence[str]) -> Duration | None:
    """The first duration with a total word shortly before or after it, in its clause."""
    for duration in find_durations(text):
        before = normalize(text[max(0, duration.start - 14) : duration.start])
        after = normalize(text[duration.end : duration.end + 12])
        if any(contains_term(before, w) for w in words) or any(
                contains_term(after, w) for w in words if w.isascii()):
            return duration
    return None


def _marked(steps: Sequence[RecoveryStep], vocab: Vocab, key: str) -> tuple[int, ...]:
    words = reading_terms(vocab, key)
    return tuple(s.line for s in steps if contains_any(normalize(s.text), words))


def rollback_plan(doc: Document, sections: Sequence[Section], vocab: Vocab, terms: Terms
                  ) -> RollbackPlan:
    """The rollback's steps (criteria and after-checks excluded), totals and after-checks."""
    skip = [*criteria_sections(sections, terms), *_post_sections(sections, terms)]
    steps = [step for top in sections
             for step in procedure_steps(top, vocab, terms, "rollback", skip)]
    totals = _totals(sections, terms) or _stated_total(sections, skip, vocab)
    return RollbackPlan(tuple(steps), totals, _post_check(doc, sections, terms),
                        _marked(steps, vocab, "contingency_terms"),
                        _marked(steps, vocab, "overrun_terms"))


def database_reverts(sections: Sequence[Section], terms: Terms) -> tuple[DatabaseRevert, ...]:
    """Where the rollback (its criteria and after-checks aside) deals with the database: a
    database object with a word reverting it ("DB を戻す", "drops the new table"), a revert
    named by itself (down migration, rollback SQL, PITR), or the database kept as it is."""
    vocab = terms.vocab
    objects, named = reading_terms(vocab, "db_objects"), reading_terms(vocab, "db_revert_named")
    reverting, keeping = reading_terms(vocab, "db_revert"), reading_terms(vocab, "db_keep")
    skip = [*criteria_sections(sections, terms), *_post_sections(sections, terms)]
    excluded = {s.line for part in skip for s in part.walk()}
    found = []
    for top in sections:
        for unit in units(top, titles=True):
            if unit.section.line in excluded:
                continue
            about_db = contains_any(unit.norm, objects)
            if contains_any(unit.norm, named) or (about_db and contains_any(unit.norm, reverting)):
                found.append(DatabaseRevert(unit.line, unit.text, False))
            elif about_db and contains_any(unit.norm, keeping):
                found.append(DatabaseRevert(unit.line, unit.text, True))
    return tuple(found)
