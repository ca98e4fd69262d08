"""The people reader skips a block that cannot name a role (``people._may_name_role``): the
same people are found as when every block is read, and the NFKC property the test rests on
(``folding.folds_apart``) holds on every character it is claimed for.
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from opslint.config import Config
from opslint.document.model import DocKind
from opslint.document.normalize import NFKC_STABLE_RUN
from opslint.facts import folding, people
from opslint.facts.folding import folds_apart
from opslint.facts.technology import TechIndex, fold
from opslint.facts.text import Terms
from opslint.lint import Bundle, document_from_text
from tests.conftest import example_documents


def test_the_second_starters_table_is_the_unicode_one() -> None:
    """Every starter a canonical composition takes second, as worked out from the tables of
    the running Python (the kept table is only used for its own Unicode version)."""
    found = folding.second_starters_of_unicode()
    assert len(found) > 20 and "\u0301" not in found  # starters only: no combining acute
    assert frozenset(found) | folding._HANGUL_SECONDS == folding.second_starters()
    # Hangul compose by rule: a vowel after a leading consonant, a trailing one after a
    # syllable; nothing else with them.
    assert unicodedata.normalize("NFKC", "\u1100\u1161") == "\uac00"
    assert unicodedata.normalize("NFKC", "\uac00\u11a8") == "\uac01"


def test_every_character_of_the_stable_runs_may_be_cut_before() -> None:
    # ``folds_apart`` asks only the characters outside NFKC_STABLE_RUN.
    class_body = NFKC_STABLE_RUN.pattern[1:-2]
    char_class = re.compile(f"[{class_body}]")
    checked = 0
    for code in range(0x10000):
        char = chr(code)
        if char_class.match(char):
            assert folding._starts_apart(char), hex(code)
            checked += 1
    assert checked > 30000


_ALPHABET = ("aZe0 -_*`:|()漢字者かなカナガ、。（）：　ＴＢＤ１①…ﬁ㍻ｶﾞ\uff9e"
             "\u3099\u0301\u0308\u1100\u1161\u11a8\uac00\u0b47\u0b3e\n")


def test_nfkc_of_any_part_of_a_text_that_folds_apart_is_that_part_of_its_nfkc() -> None:
    rng = random.Random(7)
    apart = 0
    for _ in range(3000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 12)))
        whole = [unicodedata.normalize("NFKC", char) for char in text]
        if unicodedata.normalize("NFKC", text) != "".join(whole):
            assert not folds_apart(text), ascii(text)
        if not folds_apart(text):
            continue
        apart += 1
        kept = [i for i in range(len(text)) if rng.random() < 0.7]
        part = "".join(text[i] for i in kept)
        assert unicodedata.normalize("NFKC", part) == "".join(whole[i] for i in kept)
    assert apart > 300


# Pieces of generated prose: roles (person_role terms and near misses), names, brackets,
# labels, emphasis and code marks that ``strip_markup`` takes out, full-width forms,
# combining marks, words that run into a role.
_PIECES = (
    "Release owner", "Owner", "Owners", "owner", "**Owner**", "Ow**ner**", "`Lead`", "Le`ad",
    "SRE Manager", "SRE-Manager", "SRE_Lead", "Head of Ops", "Overhead", "factor", "CTO",
    "Director", "Decision maker", "Decision-maker", "Decision  maker", "On-call", "Oncall",
    "On call", "Sign-off", "QA", "VP", "Engineer", "Engineering", "Leader", "Leadership",
    "承認者", "責任者", "作業責任者", "担当", "担当者", "オンコール一次", "当番", "リーダー",
    "マネージャー", "エンジニア", "ＣＴＯ", "Ｏｗｎｅｒ", "Ｌｅａｄ", "Managér", "Manage\u0301r",
    "Priya Raman", "Tomasz Nowak", "Lucía Romero", "Mary-Jane O'Neil", "佐々木", "佐藤 花子",
    "小林 直樹", "渡辺", "Argo CD", "PostgreSQL", "チーム", "TBD", "the", "and the", "our",
    "の", "と", "→", ">", " ", "  ", ":", "：", ": ", "(", ")", "（", "）", "、", "。", ". ",
    ",", "*", "**", "__", "`", "-", "・", "1. ", "x" * 55, "ab" * 31,
)


_ROLES = ("Release owner", "Ow**ner**", "Le`ad`", "SRE Manager", "SRE-Manager", "CTO",
          "Decision  maker", "On-call", "Sign-off", "承認者", "作業責任者", "オンコール一次",
          "ＣＴＯ", "Ｌｅａｄ", "Manage\u0301r", "Managér", "Overhead", "Leadership", "チーム")
_NAMES = ("Priya Raman", "Tomasz Nowak", "Lucía Romero", "佐々木", "佐藤 花子", "Argo CD", "TBD")
_FILLERS = ("", "the ", "and the ", "x" * 58, "approved by ", "判断するのは", "CS → ",
            "ab" * 30 + "c")


def _statement(rng: random.Random) -> str:
    """A role and a name in one of the shapes the reader takes, or pieces at random."""
    role, name, filler = rng.choice(_ROLES), rng.choice(_NAMES), rng.choice(_FILLERS)
    open_, close = rng.choice((("(", ")"), ("（", "）")))
    colon = rng.choice((": ", "：", " : ", "**: "))
    shapes = (f"{role}{colon}{name}", f"- **{role}**{colon}{name}",
              f"{filler}{name} {open_}{role}{close}", f"{filler}{role} {open_}{name}{close}",
              f"{filler}Team {open_}{role}{colon}{name}{close}",
              # The role phrase is read from the 60 characters before the bracket: here
              # they start at the role, which runs on from the word before it.
              f"zz{role}{' ' * max(1, 60 - len(role))}{open_}{name}{close}")
    if rng.random() < 0.6:
        return rng.choice(shapes)
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(2, 14)))


def _sentence(rng: random.Random) -> str:
    return "".join(_statement(rng) + rng.choice(("", "。", ". ", " "))
                   for _ in range(rng.randint(1, 2)))


def _document(rng: random.Random) -> str:
    out = ["# 設計書", ""]
    for number in range(rng.randint(3, 7)):
        title = rng.choice(("概要", "Overview", "Architecture", "Contacts", "体制", "Notes"))
        out += [f"## {number + 1}. {title}", ""]
        for _ in range(rng.randint(2, 6)):
            shape = rng.random()
            if shape < 0.3:
                out += [f"- {_sentence(rng)}" for _ in range(rng.randint(1, 3))]
            elif shape < 0.5:
                out += [f"{_sentence(rng)}: {_sentence(rng)}"]
            elif shape < 0.6:
                out += [_sentence(rng), f": {_sentence(rng)}"]
            else:
                out += [_sentence(rng) for _ in range(rng.randint(1, 3))]
            out.append("")
    return "\n".join(out)


def test_the_people_found_are_those_of_every_block_read(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    terms = Terms(bundle.vocab)
    index = TechIndex.from_vocab(bundle.vocab)
    rng = random.Random(11)
    docs = [document_from_text(_document(rng), Path(f"g{n}_Operation_Design.md"), bundle, Config(),
                                DocKind.OPERATION) for n in range(250)]
    docs += example_documents(bundle)
    gated = [people.prose_people(doc, terms, index, ()) for doc in docs]
    skipped = sum(1 for doc in docs for section in doc.sections() for block in section.blocks
                  if hasattr(block, "text") and people._MARKS.search(block.text)
                  and not people._may_name_role(block.text, terms))
    monkeypatch.setattr(people, "_may_name_roles",
                        lambda texts, terms: set(range(len(texts))))
    every = [people.prose_people(doc, terms, index, ()) for doc in docs]
    assert gated == every
    assert sum(map(len, every)) > 100  # people are found, in generated and real documents
    assert skipped > 100  # and blocks are skipped: the comparison is not of one reading


@pytest.mark.parametrize(("text", "may"), [
    ("The plan is ready (see below).", False),
    ("The overheads (see below): none.", False),  # "head" inside a word, then a letter
    ("Release **Own**er: Priya Raman", True),     # marks taken out of a label
    ("x" * 70 + "Lead (Priya Raman)", True),      # a role phrase cut mid-word
    ("費用（概算）：なし", False),
    ("承認者（佐々木）", True),
    ("Manage\u0301r: Priya", True),                # a combining mark: not asked loosely
])
def test_a_block_may_name_a_role(bundle: Bundle, text: str, may: bool) -> None:
    assert people._may_name_role(text, Terms(bundle.vocab)) is may


def test_texts_scanned_together_are_those_scanned_one_by_one(bundle: Bundle) -> None:
    terms = Terms(bundle.vocab)
    pattern = people._roles_loose(terms)
    assert pattern is not None
    rng = random.Random(5)
    texts = [_sentence(rng) for _ in range(3000)]
    alone = {at for at, text in enumerate(texts)
             if not folds_apart(text) or pattern.search(fold(text))}
    assert 100 < len(alone) < len(texts) - 100
    assert people._may_name_roles(texts, terms) == alone
    assert people._may_name_roles([*texts[:5], "a\x00Owner"], terms) == set(range(6))
