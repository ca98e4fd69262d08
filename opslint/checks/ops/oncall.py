"""On-call coverage of the operation design: one person in every role while the document
promises response at any hour (OPS029), and escalation that loops back to someone already
reached (INC045). People are read from the model (``facts.design.roles``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from opslint.checks.shared.text import regexes, vocab_value
from opslint.checks.shared.units import doc_units, scope_sections
from opslint.document.normalize import normalize
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit
from opslint.engine.registry import NoParams
from opslint.facts.model import Role
from opslint.facts.people import ROTA_ROLES
from opslint.facts.placeholders import is_placeholder
from opslint.facts.polarity import ADOPTED, polarity
from opslint.facts.table_roles import ReadTable, tables_of_role
from opslint.facts.text import Terms

VOCAB = "oncall"
_KANA = re.compile(r"[\u3041-\u3096]")


@dataclass(frozen=True)
class Holder:
    """An internal role and the people holding it (keys: names without spaces)."""

    role: Role
    people: frozenset[str]
    shared: bool  # held by a team or a rota: more than one person covers it


def _pattern(ctx: CheckContext, key: str) -> re.Pattern[str]:
    found = regexes(ctx, VOCAB, key)
    return found[0] if found else re.compile(r"(?!)")


def _any(patterns: Sequence[re.Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def _people(ctx: CheckContext, members: str) -> list[str]:
    """The names a members cell holds, asides and honorifics dropped."""
    honorific = _pattern(ctx, "honorific")
    text = _pattern(ctx, "brackets").sub(" ", normalize(members))
    parts = _pattern(ctx, "separators").split(text)
    names = [honorific.sub("", p.strip()).replace(" ", "") for p in parts]
    return [n for n in names if n]


def _holders(ctx: CheckContext) -> list[Holder]:
    """Internal roles with someone named: vendors, placeholders and empty cells left out."""
    shared = regexes(ctx, VOCAB, "shared_holder")
    external = regexes(ctx, VOCAB, "external")
    document_role = regexes(ctx, VOCAB, "document_role")
    found = []
    for role in (*ctx.facts().design.roles, *ctx.read(ROTA_ROLES)):
        members = role.members.strip()
        if not members or is_placeholder(members, ctx.vocab):
            continue
        text = normalize(f"{role.role} {members}")
        if _any(external, text) or _any(document_role, normalize(role.role)):
            continue
        people = frozenset(_people(ctx, members))
        if people:
            found.append(Holder(role, people, _any(shared, normalize(members))))
    return found


def _merge(names: set[str], full: set[str]) -> set[str]:
    """A bare family or given name stands for the one full name it starts ("山田" = "山田太郎")."""
    merged = set()
    for name in names:
        longer = [f for f in full if f != name and f.startswith(name)]
        merged.add(longer[0] if len(longer) == 1 else name)
    return merged


def _full_names(holders: Sequence[Holder]) -> set[str]:
    return {n for h in holders for n in h.people}


def _stated(ctx: CheckContext, key: str) -> int | None:
    """The first statement matching a vocabulary family, not negated."""
    patterns = regexes(ctx, VOCAB, key)
    for unit in doc_units(ctx):
        for pattern in patterns:
            match = pattern.search(unit.norm)
            if match and polarity(ctx.vocab, unit.norm, *match.span()) == ADOPTED:
                return unit.line
    return None


def single_person_on_call(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """Every internal role of the operation design is one person, and the document promises
    nights, weekends or 24/7: nobody covers that person's sleep, leave or illness."""
    holders = _holders(ctx)
    minimum = int(vocab_value(ctx, VOCAB, "min_roles") or 3)
    roles = {normalize(h.role.role) for h in holders}
    if len(roles) < minimum or any(h.shared for h in holders):
        return
    full = _full_names(holders)
    people = _merge(full, full)
    if len(people) != 1 or _stated(ctx, "always_on") is None or _rota_shared(ctx):
        return
    if _escalation_reaches_others(ctx, holders):
        return
    first = min(holders, key=lambda h: h.role.line)
    yield Hit(first.role.line, args={"name": first.role.members.strip(),
                                     "count": str(len(roles))})


def _rota_shared(ctx: CheckContext) -> bool:
    """The on-call duty is shared: a rota table lists more than one person, or, without a
    rota table, a rota is stated ("a weekly rotation of four engineers"). A rota table of
    one person shares nothing, whatever its heading calls it."""
    rotas = ctx.read(ROTA_ROLES)
    if rotas:
        names = {n for r in rotas for n in _people(ctx, r.members)}
        return len(_merge(names, names)) > 1
    return _stated(ctx, "rota") is not None


def _escalation_reaches_others(ctx: CheckContext, holders: Sequence[Holder]) -> bool:
    """An escalation table names someone or something beyond the one person and their roles
    ("杉本 誠（CTO）", "the platform team"): others are reached, conservatively."""
    for steps in _tier_tables(ctx, tiers_only=False):
        for _line, cell in steps:
            if is_placeholder(cell, ctx.vocab) or not cell.strip():
                continue
            person, rest = _named(ctx, cell, holders)
            words = re.findall(r"[^\W_]+", rest)
            if person is None and any(len(w) >= 2 for w in words):
                return True
            if person is not None and not _bare(ctx, rest):
                return True
    return False


def _named(ctx: CheckContext, text: str, holders: Sequence[Holder]) -> tuple[str | None, str]:
    """The one person a step names (by name, or by a role only they hold), and what is left
    of the step once names, roles and tier markers are taken out."""
    norm = normalize(text)
    rest = _pattern(ctx, "tier").sub(" ", norm)
    rest = _pattern(ctx, "brackets").sub(lambda m: " " + m.group(0)[1:-1] + " ", rest)
    found: set[str] = set()
    full = _full_names(holders)
    for name in sorted(full, key=len, reverse=True):
        for form in _forms(ctx, name, holders):
            if len(form) >= 2 and _word_in(form, rest):
                found.add(name)
                rest = _word_sub(form, rest)
    by_role: dict[str, set[str]] = {}
    for holder in holders:
        role = normalize(_pattern(ctx, "brackets").sub("", holder.role.role)).strip()
        by_role.setdefault(role, set()).update(holder.people)
    for role in sorted(by_role, key=len, reverse=True):
        if len(role) >= 2 and _word_in(role, rest):
            # A role several people hold is a group: the step names no one person.
            found |= by_role[role] if len(by_role[role]) == 1 else {"*"}
            rest = _word_sub(role, rest)
    people = _merge(found - {"*"}, full)
    if "*" in found or len(people) != 1:
        return None, rest
    return next(iter(people)), _pattern(ctx, "honorific").sub(" ", rest)


def _forms(ctx: CheckContext, name: str, holders: Sequence[Holder]) -> list[str]:
    """How a step may write a person: the full name as the roles table spells it, joined,
    or the first word alone ("森田 浩二", "森田浩二", "森田"; "Ana Ruiz", "Ana")."""
    brackets = _pattern(ctx, "brackets")
    spelled = {normalize(brackets.sub("", h.role.members)).strip() for h in holders
               if name in h.people}
    spaced = [s for s in spelled if s.replace(" ", "") == name]
    first = [s.split()[0] for s in spaced if " " in s]
    return sorted({*spaced, name, *first}, key=len, reverse=True)


def _boundary(form: str) -> str:
    body = re.escape(form).replace(r"\ ", r"\s*")
    return rf"(?<![a-z0-9]){body}(?![a-z0-9])" if form.isascii() else body


def _word_in(form: str, text: str) -> bool:
    return re.search(_boundary(form), text) is not None


def _word_sub(form: str, text: str) -> str:
    return re.sub(_boundary(form), " ", text)


def _bare(ctx: CheckContext, rest: str) -> bool:
    """What is left of a step is nothing, a role or a step word, not a sentence
    ("森田が検知", "Ana Ruiz restarts the service")."""
    words = re.findall(r"[^\W_]+", rest)
    if not words:
        return True
    if _KANA.search(rest) or len(words) > 3 or len("".join(words)) > 20:
        return False
    left = " ".join(words)
    return (Terms(ctx.vocab).has(left, "person_role")
            or _pattern(ctx, "step_word").search(left.replace(" ", "")) is not None)


def _loop(ctx: CheckContext, steps: Sequence[tuple[int, str]], holders: Sequence[Holder],
          strict: bool) -> tuple[str, int, int, int] | None:
    """The first step naming a person an earlier step already reached: (name, earlier
    step, later step counting from 1, the later step's line). ``strict``: a step must be a
    name or a role alone."""
    reached: dict[str, int] = {}
    for index, (line, step) in enumerate(steps, start=1):
        person, rest = _named(ctx, step, holders)
        if person is None or (strict and not _bare(ctx, rest)):
            continue
        if person in reached:
            return person, reached[person], index, line
        reached[person] = index
    return None


def _target_column(read: ReadTable) -> int | None:
    for key in ("escalate_to", "name", "escalation_step", "role"):
        if key in read.columns and read.columns[key] != 0:
            return read.columns[key]
    return None


def _tier_tables(ctx: CheckContext, *, tiers_only: bool = True
                 ) -> Iterator[list[tuple[int, str]]]:
    """Escalation tables whose rows are tiers (1次, 2次 / Tier 1, Tier 2): the target cells."""
    tier = _pattern(ctx, "tier")
    for read in tables_of_role(ctx.doc, ctx.vocab, "escalation"):
        column = _target_column(read)
        rows = read.view.rows
        if column is None or (tiers_only and len(rows) < 2):
            continue
        if not tiers_only or all(tier.search(normalize(r.get(0))) for r in rows):
            yield [(r.line, r.get(column)) for r in rows]


def _arrow_chains(ctx: CheckContext) -> Iterator[list[tuple[int, str]]]:
    """Lines about escalation that chain steps with arrows ("A → B → C")."""
    arrow = _pattern(ctx, "arrow")
    about = regexes(ctx, VOCAB, "escalation")
    keys = [k for k in ("escalation",) if k in ctx.vocab.sections]
    scoped = {s.line for top in scope_sections(ctx.vocab, ctx.doc, keys) for s in top.walk()}
    for unit in doc_units(ctx):
        if unit.kind in ("title", "row") or not arrow.search(unit.text):
            continue
        if unit.section.line not in scoped and not _any(about, unit.norm):
            continue
        label = _pattern(ctx, "label").match(unit.text)
        text = unit.text[label.end():] if label else unit.text
        steps = [s for s in arrow.split(text) if s.strip()]
        if len(steps) >= 2:
            yield [(unit.line, step) for step in steps]


def escalation_loop(ctx: CheckContext, _params: NoParams) -> Iterator[Hit]:
    """An escalation path whose later step is a person an earlier step already reached."""
    holders = [h for h in _holders(ctx) if not h.shared]
    if not holders:
        return
    chains = [(steps, False) for steps in _tier_tables(ctx)]
    chains += [(steps, True) for steps in _arrow_chains(ctx)]
    for steps, strict in chains:
        loop = _loop(ctx, steps, holders, strict)
        if loop is not None:
            name, earlier, later, line = loop
            shown = next((h.role.members.strip() for h in holders if name in h.people), name)
            yield Hit(line, key=f"escalation-loop:{line}",
                      args={"name": _pattern(ctx, "brackets").sub("", shown).strip(),
                            "earlier": str(earlier), "later": str(later)})
