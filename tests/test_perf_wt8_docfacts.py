"""The document-wide fact readers do less work (issue 10, eighth round), counted rather than
timed, and checked equal to the readings they stand for.

- The cue and alias patterns put their word-edge lookbehind after each first letter
  (``trie_branches``): the same matches as the lookbehind-first form.
- People are read only from blocks holding a colon or a bracket.
- Audit logs, disposable stores and described DR strategies ask one scan of the document's
  units folded together (``folded_units``) which units may hold their words, and read
  only those: the scan finds every unit the readers' own matchers would.
"""

from __future__ import annotations

import re
from pathlib import Path

from opslint.config import Config
from opslint.document.model import DocKind, Document
from opslint.document.normalize import normalize
from opslint.facts import (
    disposable,
    dr_described,
    folded_units,
    people,
    polarity_cues,
    prose,
    recovery,
    technology,
)
from opslint.facts import extract as facts_extract
from opslint.facts import units as facts_units
from opslint.facts.prose import sentences
from opslint.facts.reading import scan_lines
from opslint.facts.technology import TechIndex
from opslint.facts.text import Terms, units
from opslint.lint import Bundle, document_from_text
from tests.conftest import CountCalls, example_documents

EXAMPLES = Path(__file__).parent.parent / "examples"


_examples = example_documents


def _doc(bundle: Bundle, text: str, kind: DocKind = DocKind.ARCHITECTURE) -> Document:
    return document_from_text(text, Path("03_Architecture.md"), bundle, Config(), kind)


# ------------------------------------------------------------------------------ patterns


def _lookbehind_first(words: list[str], space: str) -> str:
    # The form the word patterns had: the lookbehind before the whole trie.
    return rf"(?<![a-z0-9])(?:{polarity_cues.trie_pattern(words, space)})(?![a-z0-9])"


_TEXTS = ["not used; not-used; xnot used; not usedx; (not used)", "deprecated-ish, a1deprecated",
          "we do not use it.\nnot\nused", "out of scope: x", "planned_for 2027", "",
          "n", "no", "使わない。不採用", "DR訓練 / dr 訓練"]


def test_word_patterns_with_the_lookbehind_after_the_first_letter_match_the_same() -> None:
    words = ["not used", "no", "deprecated", "out of scope", "planned for", "n", "dr", "d"]
    for space in (r"\s*", r"[\s_-]+"):
        old = re.compile(_lookbehind_first(sorted(words), space))
        branches = polarity_cues.trie_branches(sorted(words), space, r"(?<![a-z0-9].)",
                                               "(?![a-z0-9])")
        new = re.compile("|".join(branches))
        assert all(b[0].isalnum() for b in branches)  # each starts with its literal letter
        for text in _TEXTS:
            assert [m.span() for m in new.finditer(text)] == \
                [m.span() for m in old.finditer(text)]


def test_cue_patterns_match_as_the_lookbehind_first_form(bundle: Bundle) -> None:
    cues = polarity_cues.load_cues(bundle.vocab)
    spec = bundle.vocab.model("polarity", polarity_cues.PolaritySpec)
    neg = spec.negated
    every = [t for terms in (neg.ja_after, neg.ja_right_after, neg.en_before,
                             neg.en_right_before, neg.en_after) for t in terms]
    every += [t for pair in (spec.out_of_scope, spec.planned, spec.example)
              for t in (*pair.ja, *pair.en)]
    words = {normalize(t) for t in every if t.strip()}
    ascii_words = sorted(w for w in words if w.isascii() and w[:1].isalnum())
    others = sorted(words.difference(ascii_words))
    old = re.compile(_lookbehind_first(ascii_words, r"[\s_-]+") + "|"
                     + polarity_cues.trie_pattern(others, r"[\s_-]+"))
    assert cues.any_cue is not None
    texts = [technology.fold(line.text) for doc in _examples(bundle)
             for line in scan_lines(doc)]
    found = 0
    for text in texts:
        spans = [m.span() for m in cues.any_cue.finditer(text)]
        assert spans == [m.span() for m in old.finditer(text)]
        found += len(spans)
    assert found > 20


def test_alias_pattern_matches_as_the_lookbehind_first_form(bundle: Bundle) -> None:
    index = TechIndex.from_vocab(bundle.vocab)
    aliases = [normalize(a) for e in index.entries for a in e.aliases]
    ascii_words = sorted({w for w in aliases if w.isascii() and w[:1].isalnum()})
    old = re.compile(rf"(?<![a-z0-9_])(?<![a-z0-9]-){polarity_cues.trie_pattern(ascii_words)}"
                     r"(?![a-z0-9_])(?!-[a-z0-9])")
    new = index._patterns[0]
    edges = ["rb-rds-01", "-ecs", "ecs-", "x_rds", "rds_x", "a-rds", "1-rds", "--rds", "rds"]
    for text in [*edges, *(technology.fold(line.text) for doc in _examples(bundle)
                           for line in scan_lines(doc))]:
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]


# ------------------------------------------------------------------------------ people


def test_people_cut_only_blocks_with_a_colon_or_a_bracket(bundle: Bundle,
                                                          count_calls: CountCalls) -> None:
    plain = "\n\n".join(f"Paragraph {n} says nothing of anyone. It goes on." for n in range(8))
    doc = _doc(bundle, f"# Team\n\n{plain}\n\nRelease owner: Priya Raman. She signs off. "
                       "Nobody else does.\n\n"
                       "The SRE Manager (Tomasz Nowak) approves.\n")
    calls = count_calls(people, "sentences")
    count_calls(people, "make_unit")
    found = people.prose_people(doc, Terms(bundle.vocab), TechIndex.from_vocab(bundle.vocab), ())
    assert {r.members for r in found} == {"Priya Raman", "Tomasz Nowak"}
    assert calls["sentences"] == 2
    assert calls["make_unit"] == 2  # and of their sentences, those with one


# ------------------------------------------------------------------------------ folded units


_KEYS = ("audit_log", "disposable_store", "dr_context")


def test_folded_units_hold_every_unit_and_sentence_a_term_list_matches(bundle: Bundle) -> None:
    terms = Terms(bundle.vocab)
    extra = _doc(bundle, "# A\n\nThe audit\nlog is kept. Audit-logs too.\n\n"
                         "- Redis can be\n  rebuilt from Aurora\n\n| 監査ログ | 1年 |\n|---|---|\n"
                         "| DR 訓練 | 年1回 |\n\n監査\nログ\n")
    checked = 0
    for doc in [*_examples(bundle), extra]:
        read = folded_units.folded_units(doc)
        assert read.units == tuple(units(doc))
        for key in _KEYS:
            held = read.holding(bundle.vocab, key)
            for i, unit in enumerate(read.units):
                said = terms.has(unit.norm, key) or bool(terms.find(unit.text, key)) or any(
                    terms.has(normalize(s.text), key) or terms.find(s.text, key)
                    for s in sentences(unit.text, unit.line))
                if said:
                    assert i in held, (key, unit.text)
                    checked += 1
        # A sentence wrapped over paragraph lines: both lines may hold the term.
        for section in doc.sections():
            for unit in prose.section_units(section):
                if terms.has(unit.norm, "audit_log"):
                    assert read.holding(bundle.vocab, "audit_log")
    assert checked > 30


def test_one_fold_of_the_units_serves_the_three_readers(bundle: Bundle,
                                                        count_calls: CountCalls) -> None:
    doc = _doc(bundle, "# Design\n\n## Data\n\nRedis is a cache only.\n\n"
                       "## DR\n\nThe standby region is scaled out on failover.\n",
               DocKind.OPERATION)
    calls = count_calls(folded_units, "fold")
    count_calls(folded_units, "FoldedUnits")
    calls.clear()
    facts_extract.extract_facts(doc, bundle.vocab)
    assert calls["FoldedUnits"] == 1 and calls["fold"] == 1


def test_audit_logs_read_no_prose_unit_of_a_document_naming_none(
        bundle: Bundle, count_calls: CountCalls) -> None:
    body = "\n\n".join(f"## Part {n}\n\nThe service keeps logs for 30 days.\n\n- item {n}"
                       for n in range(6))
    doc = _doc(bundle, f"# Design\n\n{body}\n")
    calls = count_calls(recovery, "section_units")
    assert recovery.audit_logs(doc, bundle.vocab) == ()
    assert calls["section_units"] == 0
    named = _doc(bundle, "# Design\n\n## Logs\n\nAudit logs are kept for 1 year.\n")
    assert [a.line for a in recovery.audit_logs(named, bundle.vocab)] == [5]
    assert calls["section_units"] > 0


def test_disposable_stores_cut_only_units_holding_a_cue_word(
        bundle: Bundle, count_calls: CountCalls) -> None:
    plain = "\n\n".join(f"- Aurora stores order {n} durably." for n in range(10))
    doc = _doc(bundle, f"# Design\n\n## Data\n\n{plain}\n\n- Redis is a cache only.\n")
    calls = count_calls(disposable, "sentences")
    index = TechIndex.from_vocab(bundle.vocab)
    assert "Redis" in disposable.disposable_stores(doc, bundle.vocab, index)
    assert calls["sentences"] == 1


def test_described_strategies_normalise_only_units_with_a_dr_word(
        bundle: Bundle, count_calls: CountCalls) -> None:
    plain = "\n\n".join(f"- Service {n} runs on one host, addressed by name." for n in range(10))
    doc = _doc(bundle, f"# Design\n\n## Stack\n\n{plain}\n\n"
                       "- For DR, the standby cluster in the second region runs small and is"
                       " scaled out on failover.\n", DocKind.OPERATION)
    calls = count_calls(facts_units, "normalize")  # a unit's ``norm``, worked out on first use
    assert [m.name for m in dr_described.described_strategies(doc, bundle.vocab)] == \
        ["warm_standby"]
    assert calls["normalize"] == 1  # the DR item's, not every unit's
