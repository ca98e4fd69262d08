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
from opslint.document.normalize import contains_any, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.facts import quantities as q


def criteria_units(section: Section, words: CriteriaWords) -> list[Unit]:
    """The criteria part of a rollback chapter: its criteria subsection, else the cue lines."""
    parts = [s for s in section.walk()
             if s is not section and contains_any(s.norm, words.section_terms)]
    if parts:
        return [u for u in units_of(parts, titles=False) if u.kind not in ("header", "code")]
    return [u for u in units_of([section], titles=False)
            if u.kind not in ("header", "code")
            and contains_any(u.norm, words.cue_terms)]


def measurable(text: str, words: CriteriaWords) -> bool:
    """A threshold, percentage, latency, duration, deadline (clock or T± time), count,
    monitor ID, incident severity, or an event that happens or not (a step fails)."""
    norm = normalize(text)
    return bool(
        q.find_thresholds(text) or q.find_percentages(text) or q.find_latencies(text)
        or q.find_durations(text) or q.find_clock_times(text) or q.find_offsets(text)
        or any(p.search(norm) for p in words.measurable_patterns)
        or contains_any(norm, words.events)
    )


def vague_clause(text: str, words: CriteriaWords) -> str | None:
    """The first clause that only gestures at a problem ("致命的なバグ", "if issues")."""
    for clause in words.clause_split.split(text):
        norm = normalize(clause)
        if contains_any(norm, words.vague) and not measurable(clause, words):
            return " ".join(clause.split()).strip("。.、, ")
    return None


def criteria_missing(ctx: CheckContext, params: CriteriaParams) -> Iterator[Hit]:
    """The rollback chapter says nothing about when to roll back."""
    section = chapters(ctx).get(params.section)
    if section is not None and not criteria_units(section, release_vocab(ctx).criteria):
        yield Hit(section.line)


def _listed_triggers(ctx: CheckContext, section: Section) -> list[Unit]:
    """The triggers of each part headed as rollback criteria that measures nothing at all: its
    list items or rows (else its lines), the lines naming who decides aside."""
    vocab = release_vocab(ctx)
    words, decider = vocab.criteria, vocab.item("decision_owner")
    found: list[Unit] = []
    for part in section.walk():
        if not contains_any(part.norm, words.trigger_terms):
            continue
        lines = [u for u in units_of([part], titles=False) if u.kind not in ("header", "code")]
        triggers = [u for u in lines if u.kind in ("item", "row")] or lines
        triggers = [u for u in triggers if not decider.found(u)
                    and not any(p.search(u.text) for p in words.placeholder_patterns)]
        if triggers and not any(measurable(u.text, words) for u in triggers):
            found += triggers
    return found


def criteria_vague(ctx: CheckContext, params: CriteriaParams) -> Iterator[Hit]:
    """A rollback criterion with nothing to measure ("if there are problems"), or criteria
    none of which measures anything ("when the team judges the service unhealthy")."""
    section = chapters(ctx).get(params.section)
    if section is None:
        return
    words = release_vocab(ctx).criteria
    reported: set[int] = set()
    for unit in criteria_units(section, words):
        clause = vague_clause(unit.text, words)
        if clause:
            reported.add(unit.line)
            yield Hit(unit.line, args={"criterion": clip(clause, 40)}, key=f"vague:{unit.line}")
    for unit in _listed_triggers(ctx, section):
        if unit.line not in reported:
            reported.add(unit.line)
            text = " ".join(unit.text.split()).strip("。.、, ")
            yield Hit(unit.line, args={"criterion": clip(text, 40)}, key=f"vague:{unit.line}")


def database_rollback_missing(ctx: CheckContext, params: DatabaseRollbackParams
                              ) -> Iterator[Hit]:
    """The release runs a migration, and no rollback step says what happens to the database
    (criteria and the checks after the rollback do not count)."""
    section = chapters(ctx).get(params.section)
    if section is None or not holds(ctx, release_vocab(ctx), params.when):
        return
    if not ctx.facts().release.database_reverts:
        yield Hit(section.line)
