"""Blaming language in postmortems and incident write-ups (INC040-043): the spec's absolute
rule 5, blameless culture.

Only postmortem and incident sections are read (or a whole document of unknown kind that
is itself a postmortem), and a term quoted or negated to forbid it ("「ヒューマンエラー」と
書かない", "avoid 'human error'", "not human error but …") is guidance, not blame.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from opslint.checks.inc.params import PersonParams, TermParams
from opslint.checks.shared.common import Line, map_columns, scan_lines
from opslint.checks.shared.text import (
    Folded,
    fold_lines,
    may_match,
    quoted,
    regexes,
    scope_lines,
    spans,
    vocab_value,
)
from opslint.document.model import DocKind, ListItem
from opslint.document.normalize import contains_any, contains_term, normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit, LocalText
from opslint.engine.vocab import DataError

VOCAB = "blameless"
_SPLIT = re.compile(r"[、,/・&＆]|\s+and\s+|\s+")
_PAREN = re.compile(r"[（(]([^（）()]*)[）)]")
_HIRAGANA = re.compile(r"^[\u3040-\u309f]+$")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][A-Za-z'.-]+|[\u3040-\u30ff\u4e00-\u9fff]+)$")
_HANDLE = re.compile(r"^[a-z][a-z0-9._-]{2,}$")


def _is_postmortem(ctx: CheckContext) -> bool:
    """A document that is itself a postmortem: by title, file name or its headings."""
    spec = vocab_value(ctx, VOCAB, "postmortem_doc") or {}
    title = normalize(ctx.doc.title or "")
    if title and contains_any(title, tuple(str(t) for t in spec.get("title", []))):
        return True
    stem = normalize(ctx.doc.path.stem)
    if any(p.search(stem) for p in regexes(ctx, VOCAB, "postmortem_doc", "file")):
        return True
    norms = [s.norm for s in ctx.doc.sections()]
    groups = (spec.get("headings") or {}).values()
    lists = [tuple(str(t) for t in terms) for terms in groups]
    found = [terms for terms in lists if any(contains_any(n, terms) for n in norms)]
    return len(found) >= 2


def postmortem_lines(ctx: CheckContext, sections: Sequence[str]) -> Sequence[Line]:
    if ctx.doc.kind is DocKind.UNKNOWN:
        return list(scan_lines(ctx.doc)) if _is_postmortem(ctx) else []
    return scope_lines(ctx, sections)


def _mentioned(ctx: CheckContext, text: str, start: int, end: int, *, before: bool = True) -> bool:
    """Quoted, negated or named as what a safeguard prevents: guidance, not blame.

    ``before=False`` reads only what follows (for verbs: 「ミスではない」, not the clause before).
    """
    if quoted(text, start, end):
        return True
    reach = int(vocab_value(ctx, VOCAB, "guidance_before") or 25) if before else 0
    before_text = text[max(0, start - reach) : start]
    after = text[end : end + int(vocab_value(ctx, VOCAB, "guidance_after") or 12)]
    if any(p.search(before_text) for p in regexes(ctx, VOCAB, "guidance", "before")) or any(
        p.search(after) for p in regexes(ctx, VOCAB, "guidance", "after")
    ):
        return True
    after_safeguard = regexes(ctx, VOCAB, "prevention_after")
    before_safeguard = regexes(ctx, VOCAB, "prevention_before")
    # The safeguard named right after the term, within its clause ("ヒューマンエラー防止"),
    # not the next clause's ("…を明確にし、再発防止を…").
    (clause_end,) = regexes(ctx, VOCAB, "clause_end")
    own_clause = clause_end.split(after[:8], maxsplit=1)[0]
    return any(p.search(own_clause) for p in after_safeguard) or any(
        p.search(text[max(0, start - 25) : start]) for p in before_safeguard
    )


def _entries(ctx: CheckContext, families: Sequence[str]) -> list[tuple[re.Pattern[str], LocalText]]:
    """(pattern, suggested rewording) of each term of the families."""
    entries = []
    for family in families:
        for entry in vocab_value(ctx, VOCAB, "terms", family) or []:
            try:
                pattern = re.compile(str(entry["pattern"]))
                suggest = LocalText(str(entry["suggest"]["ja"]), str(entry["suggest"]["en"]))
            except (re.error, KeyError, TypeError) as error:
                raise DataError(
                    f"rules/vocab/blameless.yaml: terms.{family}: each entry needs a valid "
                    f"'pattern' and 'suggest: {{ja, en}}' ({error})"
                ) from None
            entries.append((pattern, suggest))
    return entries


def blame_term(ctx: CheckContext, params: TermParams) -> Iterator[Hit]:
    """The first blaming term of each line, with the system-focused rewording to use."""
    entries = ctx.vocab.compiled(f"blameless:terms:{'/'.join(params.families)}",
                                 lambda: _entries(ctx, params.families))
    terms = ctx.vocab.compiled(f"blameless:patterns:{'/'.join(params.families)}",
                               lambda: tuple(pattern for pattern, _ in entries))
    mechanisms = regexes(ctx, VOCAB, "mechanisms")
    # The terms' literals (one search of the document), then their alternation, reject a
    # line none of them matches (most).
    for line, folded in fold_lines(ctx, postmortem_lines(ctx, params.sections), terms):
        if not may_match(terms, folded.text):
            continue
        if params.mechanism_exempt and any(p.search(folded.text) for p in mechanisms):
            continue
        found = sorted(
            (m.start(), m.end(), suggest) for pattern, suggest in entries
            for m in pattern.finditer(folded.text) if m.end() > m.start()
        )
        hit = next((f for f in found if not _mentioned(ctx, folded.text, f[0], f[1])), None)
        if hit is not None:
            start, end, suggest = hit
            yield Hit(line.number, column=folded.column(start), key=f"blame:{line.number}",
                      args={"term": folded.source(start, end), "suggestion": suggest})


def _people(cell: str, roles: Sequence[str]) -> Iterator[str]:
    """Name tokens of a team-table cell: "SREリード（佐藤 健一）" gives 佐藤 and 健一.

    A person is one to three name-like tokens (capitalised Latin words or Japanese script);
    a cell holding a single lower-case handle ("aliyell") is a person too.
    """
    persons = [*_PAREN.findall(cell), _PAREN.sub(" ", cell)]
    for part in (p for chunk in persons for p in re.split(r"[、,/・]", chunk)):
        person = re.split(r"[:：]", part)[-1].strip()
        if not person or any(contains_term(normalize(person), r) for r in roles):
            continue
        tokens = [t for t in _SPLIT.split(person) if t]
        if len(tokens) == 1 and _HANDLE.match(tokens[0]):
            yield tokens[0]
        elif 1 <= len(tokens) <= 3 and all(_NAME_TOKEN.match(t) for t in tokens):
            short = 3  # Latin and hiragana-only tokens shorter than this are words, not names
            yield from (t for t in tokens
                        if len(t) >= (short if t.isascii() or _HIRAGANA.match(t) else 2))


def _names(ctx: CheckContext) -> list[str]:
    """People named in the document's team and contact tables and attendee lists."""
    roles = [str(r) for r in vocab_value(ctx, VOCAB, "not_names") or []]
    columns = [str(c) for c in vocab_value(ctx, VOCAB, "name_columns") or []]
    cells: list[str] = []
    for key in vocab_value(ctx, VOCAB, "name_sections") or []:
        for section in ctx.vocab.find_sections(ctx.doc, str(key)):
            for table in section.tables():
                mapped = map_columns(table, ctx.vocab, columns)
                cells += [row.get(i) for row in table.rows for i in mapped.columns.values()]
    attendees = tuple(str(t) for t in vocab_value(ctx, VOCAB, "attendee_headings") or [])
    for section in ctx.doc.sections():
        if contains_any(section.norm, attendees):
            cells += [b.text for b in section.blocks if isinstance(b, ListItem)]
    names = {name for cell in cells for name in _people(cell, roles)}
    return sorted(names, key=lambda n: (-len(n), n))


def _person_spans(
    ctx: CheckContext, names: Sequence[re.Pattern[str]], folded: Folded
) -> list[tuple[int, int]]:
    """Known names, and words with an honorific (田中さん) that are not roles."""
    found = spans(names, folded.text)
    roles = [str(r) for r in vocab_value(ctx, VOCAB, "not_names") or []]
    for pattern in regexes(ctx, VOCAB, "honorific"):
        for match in pattern.finditer(folded.text):
            name = match.group("name")
            if len(name) >= 2 and not any(contains_term(normalize(name), r) for r in roles):
                found.append(match.span("name"))
    return sorted(found)


def blame_person(ctx: CheckContext, params: PersonParams) -> Iterator[Hit]:
    """A person's name within a few characters of a failure verb (ミス, 忘れ, forgot, broke)."""
    lines = postmortem_lines(ctx, params.sections)
    if not lines:
        return
    names = tuple(re.compile(rf"(?<![A-Za-z0-9]){re.escape(n)}(?![A-Za-z0-9])")
                  for n in _names(ctx))
    verbs = regexes(ctx, VOCAB, "failure_verbs")
    window = int(vocab_value(ctx, VOCAB, "person_window") or 30)
    suggest = vocab_value(ctx, VOCAB, "person_suggest") or {"ja": "", "en": ""}
    # Only the lines where a verb's literals occur (``fold_lines``): a line without one
    # has no action, so it was passed over below as well.
    for line, folded in fold_lines(ctx, lines, verbs):
        actions = [(a, b) for a, b in spans(verbs, folded.text)
                   if not _mentioned(ctx, folded.text, a, b, before=False)]
        if not actions:
            continue
        for start, end in _person_spans(ctx, names, folded):
            if any(max(a - end, start - b, 0) <= window for a, b in actions):
                yield Hit(line.number, column=folded.column(start), key=f"person:{line.number}",
                          args={"name": folded.source(start, end),
                                "suggestion": LocalText(suggest["ja"], suggest["en"])})
                break
