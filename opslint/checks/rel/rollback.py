"""Rollback decision criteria: stated, and measurable rather than "if there are problems"."""

from __future__ import annotations

from collections.abc import Iterator

from opslint.checks.rel.chapters import chapters
from opslint.checks.rel.mentions import holds
from opslint.checks.rel.params import CriteriaParams, DatabaseRollbackParams
from opslint.checks.rel.text import Unit, units_of
from opslint.checks.rel.vocab import CriteriaWords, release_vocab
from opslint.checks.shared.words import clip
from opslint.document.model import Section
from opslint.document.normalize import contains_term, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.facts import quantities as q


def criteria_units(section: Section, words: CriteriaWords) -> list[Unit]:
    """The criteria part of a rollback chapter: its criteria subsection, else the cue lines."""
    parts = [s for s in section.walk()
             if s is not section and any(contains_term(s.norm, t) for t in words.section_terms)]
    if parts:
        return [u for u in units_of(parts, titles=False) if u.kind not in ("header", "code")]
    return [u for u in units_of([section], titles=False)
            if u.kind not in ("header", "code")
            and any(contains_term(u.norm, t) for t in words.cue_terms)]


def measurable(text: str, words: CriteriaWords) -> bool:
    """A threshold, percentage, latency, duration, deadline, count or monitor ID."""
    return bool(
        q.find_thresholds(text) or q.find_percentages(text) or q.find_latencies(text)
        or q.find_durations(text) or q.find_clock_times(text)
        or any(p.search(normalize(text)) for p in words.measurable_patterns)
    )


def vague_clause(text: str, words: CriteriaWords) -> str | None:
    """The first clause that only gestures at a problem ("致命的なバグ", "if issues")."""
    for clause in words.clause_split.split(text):
        norm = normalize(clause)
        if any(contains_term(norm, t) for t in words.vague) and not measurable(clause, words):
            return " ".join(clause.split()).strip("。.、, ")
    return None


def criteria_missing(ctx: CheckContext, params: CriteriaParams) -> Iterator[Hit]:
    """The rollback chapter says nothing about when to roll back."""
    section = chapters(ctx).get(params.section)
    if section is not None and not criteria_units(section, release_vocab(ctx).criteria):
        yield Hit(section.line)


def criteria_vague(ctx: CheckContext, params: CriteriaParams) -> Iterator[Hit]:
    """A rollback criterion with nothing to measure ("if there are problems")."""
    section = chapters(ctx).get(params.section)
    if section is None:
        return
    words = release_vocab(ctx).criteria
    for unit in criteria_units(section, words):
        clause = vague_clause(unit.text, words)
        if clause:
            yield Hit(unit.line, args={"criterion": clip(clause, 40)}, key=f"vague:{unit.line}")


def database_rollback_missing(ctx: CheckContext, params: DatabaseRollbackParams
                              ) -> Iterator[Hit]:
    """The release runs a migration, and no rollback step says what happens to the database
    (criteria and the checks after the rollback do not count)."""
    section = chapters(ctx).get(params.section)
    if section is None or not holds(ctx, release_vocab(ctx), params.when):
        return
    if not ctx.facts().release.database_reverts:
        yield Hit(section.line)
