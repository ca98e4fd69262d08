"""People named in prose and lists, outside role tables: "role: Name", "Name (role)",
"役割：氏名", "承認者（佐々木）".

A capitalised pair of words is a person only with a role beside it: a label naming a role
("Release owner: …", "承認者：…"), a section about people (contacts, team, approvals), or a
role in brackets right after the name. Words that name roles, teams or products are never
taken for a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from opslint.document.model import Document, ListItem, Paragraph, Section
from opslint.document.normalize import normalize
from opslint.engine.vocab import Vocab
from opslint.facts.folding import APART, fold_each, folds_apart
from opslint.facts.joined import CHUNK, holding
from opslint.facts.labels import read_label
from opslint.facts.model import Role
from opslint.facts.placeholders import is_placeholder
from opslint.facts.polarity_cues import trie_branches
from opslint.facts.prose import sentences
from opslint.facts.reading import Reading
from opslint.facts.table_roles import tables_of_role
from opslint.facts.technology import TechIndex, fold
from opslint.facts.text import Terms, Unit, cell_text, label_value
from opslint.facts.units import make_unit

__all__ = ["ROTA_ROLES", "prose_people", "role_named_in", "rota_roles"]

_WORD = r"[A-Z][a-zà-öø-ÿ'’]+(?:[A-Z][a-zà-öø-ÿ'’]+)?"
# "Priya Raman", "Lucía Romero", "Mary-Jane O'Neil": two or three capitalised words.
_LATIN = rf"(?<![\w@#/.`'’-]){_WORD}(?:[ -]{_WORD}){{1,2}}(?![\w'’@`-])"
# "渡辺", "佐藤 花子", "佐々木": a family name, and a given name after a space.
_CJK = (r"(?<![\u4e00-\u9fff々])[\u4e00-\u9fff々]{1,4}"
        r"(?:[ \u3000][\u4e00-\u9fff々\u3040-\u30ff]{1,5})?(?=$|[\s（(、。,.;；:：)）]|さん|氏|様)")
_SPACED_CJK = r"[\u4e00-\u9fff々]{1,4}[ \u3000][\u4e00-\u9fff々\u3040-\u30ff]{1,5}"
_PAREN = r"\s*[(（](?P<paren>[^()（）]{1,80})[)）]"
_NAME_AT = re.compile(rf"\s*[*_`]*(?P<name>{_LATIN}|{_CJK})[*_`]*(?:{_PAREN})?")
_JOIN = re.compile(r"\s*(?:,|、|&|/|／|・|と|及び|および|(?i:\band\b))\s*")
# Inline: "Rafael Duarte (CTO)", "小林 直樹（CTO）"; "承認者（佐々木）", "the owner (Priya Raman)".
_BRACKETED = re.compile(r"[(（](?P<inner>[^()（）]{1,80})[)）]")
_NAME_BEFORE = re.compile(rf"(?:{_LATIN}|(?<![\u4e00-\u9fff々]){_SPACED_CJK})\s*$")
_NAME_ONLY = re.compile(rf"\s*(?:{_LATIN}|{_CJK})\s*")
_CLAUSE_BREAK = re.compile(r"[()（）、。,.:：;；]")
_OPEN_BRACKET = re.compile(r"[(（](?=[^)）]*$)")
# Japanese particles and arrows end the words before a role ("当番のプライマリ・オンコール").
_ROLE_SPLIT = re.compile(r"[→⇒>＞]|[\u3041-\u3096]+")
# Words that lead a role phrase in a sentence ("… and the SRE Manager (Tomasz Nowak)").
_ROLE_LEAD = re.compile(r"^(?:\s*(?i:and|or|the|a|an|our|its|by|with|from|to|for|then)\b)+\s*")


def _is_name(name: str, terms: Terms, index: TechIndex) -> bool:
    """Not a role, a team, a placeholder or a product written with capitals."""
    norm = normalize(name)
    return not (terms.has(norm, "person_role") or terms.has(norm, "not_person")
                or is_placeholder(name, terms.vocab) or index.mentions(name, 0))


def _names(value: str, terms: Terms, index: TechIndex) -> list[tuple[str, str]]:
    """The people a value starts with: "Elena Vasquez (Director) and Tomasz Nowak", "渡辺"."""
    found: list[tuple[str, str]] = []
    pos = 0
    while (match := _NAME_AT.match(value, pos)) and _is_name(match["name"], terms, index):
        found.append((match["name"], (match["paren"] or "").strip()))
        pos = match.end()
        joined = _JOIN.match(value, pos)
        if joined is None:
            break
        pos = joined.end()
    return found


def _role_text(label: str, paren: str) -> str:
    # "CS チーム（リーダー: 吉田 真理子）": the label is the role inside an open bracket.
    label = _OPEN_BRACKET.split(cell_text(label))[-1]
    return "; ".join(part for part in (label.strip(), paren) if part)


def _role_phrase(text: str) -> str:
    """The role right before a bracketed name: "… and the SRE Manager" → "SRE Manager",
    "判断するのは作業責任者" → "作業責任者", "CS → オンコール一次" → "オンコール一次"."""
    parts = [p for p in _ROLE_SPLIT.split(_ROLE_LEAD.sub("", text)) if p.strip()]
    return parts[-1].strip() if parts else ""


def _labelled(unit: Unit, in_people: bool, terms: Terms, index: TechIndex) -> Iterator[Role]:
    """ "Release owner: Priya Raman.", "承認者：佐藤 花子（部長）", "Database: Kenji Watanabe" in a
    section about people."""
    pair = label_value(unit)
    if pair is None:
        return
    label, value = pair
    if not (in_people or terms.has(normalize(label), "person_role")):
        return
    for name, paren in _names(value, terms, index):
        role = _role_text(label, paren)
        yield Role(role, name, "", unit.line, unit.text,
                   terms.has(normalize(role), "approver_label"))


def _inline(unit: Unit, terms: Terms, index: TechIndex) -> Iterator[Role]:
    """ "Rafael Duarte (CTO)", "小林 直樹（CTO）"; "承認者（佐々木）", "the SRE Manager (Tomasz
    Nowak)": a name and a role, one of them in brackets."""
    text = unit.text
    for bracket in _BRACKETED.finditer(text):
        inner = bracket["inner"].strip()
        labelled = read_label(inner)
        if labelled:  # "Product Marketing (Lead: Ana Ruiz)": the person is inside
            if terms.has(normalize(labelled.label), "person_role"):
                for name, paren in _names(labelled.value, terms, index):
                    role = _role_text(labelled.label, paren)
                    yield Role(role, name, "", unit.line, text,
                               terms.has(normalize(role), "approver_label"))
            continue
        before = text[max(0, bracket.start() - 60) : bracket.start()]
        name_before = _NAME_BEFORE.search(before)
        if name_before and terms.has(normalize(inner), "person_role"):
            name, role = name_before.group(0).strip(), inner
        elif _NAME_ONLY.fullmatch(inner):
            name, role = inner, _role_phrase(_CLAUSE_BREAK.split(before)[-1])
            if not terms.has(normalize(role), "person_role"):
                continue
        else:
            continue
        if _is_name(name, terms, index):
            approver = terms.has(normalize(role), "approver_label")
            yield Role(role, name, "", unit.line, text, approver)


# A person is read from a label ("Owner: …") or beside a bracket ("… (CTO)"): a block with
# neither a colon nor a bracket names nobody, and is not cut into sentences.
_MARKS = re.compile(r"[:：(（]")
# Between two letters of a role where ``Terms.has`` reads it: spaces (collapsed, or read
# between the words of a term), hyphens and underscores, and the emphasis and code marks
# ``strip_markup`` takes out of a label.
_ROLE_GAP = r"[\s_*`-]*"


def _roles_loose(terms: Terms) -> re.Pattern[str] | None:
    """The person_role terms' loose pattern: each term's letters (normalised, spaces
    dropped) in order with ``_ROLE_GAP`` between any two, an ASCII word with no letter or
    digit after it; None for no terms. No letter is asked for before a term: a role read
    beside a bracket may be cut from the 60 characters before it, mid-word."""
    words = {normalize(t) for t in terms("person_role")}
    edged = {w for w in words if w.isascii() and w[:1].isalnum()}

    def spaced(found: set[str]) -> list[str]:  # a space between any two letters: the gap
        return sorted(" ".join(w.replace(" ", "")) for w in found)

    branches = [*trie_branches(spaced(edged), _ROLE_GAP, "", "(?![a-z0-9])"),
                *trie_branches(spaced(words - edged), _ROLE_GAP)]
    return re.compile("|".join(branches)) if branches else None


def _may_name_role(text: str, terms: Terms) -> bool:
    """Whether a block's text may hold a role where ``_labelled`` or ``_inline`` asks for
    one (``_may_name_roles`` of the one text)."""
    return bool(_may_name_roles([text], terms))


def _may_name_roles(texts: Sequence[str], terms: Terms) -> set[int]:
    """The indices of the blocks' texts that may hold a role where ``_labelled`` or
    ``_inline`` asks for one: any other gives no person outside a section about people.

    There, each person found needs ``Terms.has(normalize(x), "person_role")`` of a piece
    ``x`` of one of the block's sentences (a sentence is a piece of the block, line breaks
    read as spaces): a label, a bracket's text, the label inside a bracket or the role
    phrase before one, with ``strip_markup``'s marks taken out. When NFKC may cut the text
    anywhere (``folds_apart``), the normalised piece is the fold of the text at that place
    with whitespace collapsed and those marks out, and case folding is per character: a
    term found there is found loosely in the folded text (``_roles_loose``: every gap it
    can leave is a ``_ROLE_GAP``). A term as a word has no letter or digit after it in the
    piece; after it in the text stands the piece's next character, a mark taken out, or
    what ends the piece: a colon, bold or underscore marks or a space after a label, a
    closing bracket after a bracket's text, a space, bracket, arrow or kana after a role
    phrase. A text that may not be cut anywhere is kept.

    The texts are folded together (``APART`` between them: each folds as alone) and
    scanned once (``joined.holding``: no match holds ``APART``, which is neither a letter
    of a term nor a gap). tests/facts/test_people_gate.py compares the people found with
    and without this test on generated documents."""
    pattern = terms.vocab.compiled("facts:people:roles_loose", lambda: _roles_loose(terms))
    joined = APART.join(texts)
    if pattern is None or joined.count(APART) != len(texts) - 1:
        return set(range(len(texts)))  # no terms, or a text holds APART: keep every one
    folded = fold_each(texts, fold, CHUNK)
    found = holding(pattern, folded, APART)
    if not folds_apart(joined):
        found.update(at for at, text in enumerate(texts) if not folds_apart(text))
    return found


def _marked_blocks(section: Section) -> list[Paragraph | ListItem]:
    """The section's own paragraphs and list items that hold a colon or a bracket."""
    return [block for block in section.blocks
            if isinstance(block, (Paragraph, ListItem)) and _MARKS.search(block.text)]


def _block_statements(block: Paragraph | ListItem, section: Section) -> Iterator[Unit]:
    """Each sentence of a block that holds a colon or a bracket."""
    for sentence in sentences(block.text, block.line):
        if _MARKS.search(sentence.text):
            yield make_unit(sentence.line, sentence.text, section, "line")


def _statements(section: Section) -> Iterator[Unit]:
    """Each sentence of the section's paragraphs and list items that holds a colon or a
    bracket."""
    for block in _marked_blocks(section):
        yield from _block_statements(block, section)


def _people_sections(doc: Document, terms: Terms) -> set[int]:
    """Lines of the sections about people (contacts, team, approvals), subsections included."""
    return {s.line for top in doc.sections() if terms.has(top.norm, "people_section")
            for s in top.walk()}


def prose_people(doc: Document, terms: Terms, index: TechIndex, known: Sequence[Role]
                 ) -> tuple[Role, ...]:
    """People of the document's prose and lists, each (role, name) once, leaving out those
    its role tables already name."""
    people = _people_sections(doc, terms)
    seen = {normalize(r.members) for r in known}
    found: dict[tuple[str, str], Role] = {}
    marked = [(section, block, section.line in people) for section in doc.sections()
              for block in _marked_blocks(section)]
    # Outside a section about people a sentence gives a person only beside a role: a block
    # that cannot hold one is not read (_may_name_roles).
    outside = [at for at, (_, _, in_people) in enumerate(marked) if not in_people]
    may = _may_name_roles([marked[at][1].text for at in outside], terms)
    skipped = {at for i, at in enumerate(outside) if i not in may}
    for at, (section, block, in_people) in enumerate(marked):
        if at in skipped:
            continue
        for unit in _block_statements(block, section):
            labelled = list(_labelled(unit, in_people, terms, index))
            if "(" not in unit.text and "（" not in unit.text:
                roles = labelled  # no bracket: no name or role beside one (_inline)
            else:
                named = {r.members for r in labelled}
                roles = [*labelled,
                         *(r for r in _inline(unit, terms, index) if r.members not in named)]
            for role in roles:
                key = (normalize(role.role), normalize(role.members))
                if key[1] not in seen:
                    found.setdefault(key, role)
    return tuple(sorted(found.values(), key=lambda r: r.line))



# A role found inside a longer word is another role ("SRE チーム" in "SRE チームリード").
_CJK_GOES_ON = r"(?![A-Za-z0-9\u30a0-\u30ff\u4e00-\u9fff々])"
_PAREN_TEXT = re.compile(r"[(（][^)）]*[)）]")


def _role_pattern(role: str) -> re.Pattern[str] | None:
    """A role as a whole word of a normalised text, spacing ignored ("SREリード" = "SRE リード")."""
    needle = normalize(cell_text(_PAREN_TEXT.sub("", role))).replace(" ", "")
    if len(needle) < 2:
        return None
    body = r"\s*".join(re.escape(ch) for ch in needle)
    if needle.isascii():
        return re.compile(rf"(?<![a-z0-9]){body}(?![a-z0-9])")
    return re.compile(body + _CJK_GOES_ON)


def role_named_in(person: str, roles: Iterable[Role], text: str, terms: Terms) -> str | None:
    """A role the document set gives a person that a text names: a flow that names
    approvers by role ("the CTO and the SRE manager") names the people the other documents
    list with those roles. The approver label itself ("承認者", "Approver") says nothing
    about which role; a bare family name stands for the person ("小林" for "小林 由紀")."""
    norm = normalize(text)
    who = normalize(person).replace(" ", "")
    words = person.split()
    family = normalize(words[0]) if len(words) > 1 else who
    for role in roles:
        members = normalize(role.members).replace(" ", "")
        if members != who and not (members == family and len(family) >= 2):
            continue
        for part in re.split(r"[;；、,/／]", role.role):
            pattern = _role_pattern(part)
            if pattern is None or terms.has(normalize(part), "approver_label"):
                continue
            if pattern.search(norm):
                return part.strip()
    return None


_ROTA_COLUMNS = ("rota_primary", "rota_backup")


def rota_roles(doc: Document, vocab: Vocab) -> tuple[Role, ...]:
    """An on-call rota (当番表: week | primary | backup) read as roles: each person column is a
    role held by every person it lists over the periods ("Primary" held by "A, B, C"). A
    rota of one person is that person in both roles; a rota of several shares the duty."""
    found: list[Role] = []
    for table in tables_of_role(doc, vocab, "oncall_rota"):
        for key in _ROTA_COLUMNS:
            at = table.columns.get(key)
            if at is None:
                continue
            people: dict[str, str] = {}
            for row in table.view.rows:
                cell = cell_text(row.get(at)).strip()
                if cell and not is_placeholder(cell, vocab):
                    people.setdefault(normalize(cell).replace(" ", ""), cell)
            if people:
                header = cell_text(table.view.header[at])
                found.append(Role(header, ", ".join(people.values()), "", table.source.line,
                                  " | ".join(table.view.header)))
    return tuple(found)


def _rota_reading(doc: Document, model: object) -> tuple[Role, ...]:
    return rota_roles(doc, model.vocab)  # type: ignore[attr-defined]


# The rota roles of a document, read once: ctx.read(ROTA_ROLES).
ROTA_ROLES: Reading[tuple[Role, ...]] = Reading("rota_roles", _rota_reading)
