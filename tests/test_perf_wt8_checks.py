"""Work of the rules and of the engine loop, counted (round 8 of issue 10): what depends on
the kind of a document only is chosen once per kind, not once per rule on every document."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.config import Config
from opslint.engine.schema import RuleSpec
from opslint.facts import joined
from opslint.lint import Bundle, document_from_text, lint_documents
from tests.conftest import CountCalls

ROOT = Path(__file__).resolve().parent.parent
RELEASE = sorted((ROOT / "examples" / "ja" / "defects").glob("16_*.md"))[0]


def test_rules_are_chosen_once_per_kind_not_per_document(
        bundle: Bundle, count_calls: CountCalls) -> None:
    config = Config()
    text = RELEASE.read_text(encoding="utf-8")
    docs = [document_from_text(text, Path(f"d{i}/16_Release_Procedure.md"), bundle, config)
            for i in range(4)]
    calls = count_calls(RuleSpec, "applies_to")
    result = lint_documents(docs, [], config, bundle)
    assert result.findings
    # Each rule is asked once for the one kind of the four documents (not four times).
    assert 0 < calls["applies_to"] <= len(bundle.rules)


def test_a_mention_is_searched_once_in_the_units_not_once_per_unit(
        bundle: Bundle, count_calls: CountCalls) -> None:
    from opslint.checks.rel import vocab_models
    from opslint.document.model import DocKind
    from tests.conftest import lint_text

    lines = "\n".join(f"- 手順 {i}: サービス {i} を再起動する。" for i in range(40))
    text = f"# リリース手順書\n\n## 1. リリース概要\n\n{lines}\n"
    calls = count_calls(vocab_models, "contains_any")
    found = lint_text(bundle, text, DocKind.RELEASE, select=("REL009",))
    assert [f.rule_id for f in found] == ["REL009"]  # no approver named anywhere
    assert calls["contains_any"] == 1  # the approver's terms, in the 40 items joined


def test_joined_norms_find_what_each_unit_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Item.found_in`` agrees with ``found`` unit by unit, at the edges of the units too:
    a term split across two units, or standing at the start or end of one."""
    from opslint.checks.rel import vocab_models
    from opslint.checks.rel.vocab_models import Item
    from opslint.document.model import Section
    from opslint.engine.schema import Localized
    from opslint.facts.units import Unit

    section = Section(1, "", "", None, 1, 1)
    item = Item(title=Localized(ja="x", en="x"), terms=("dr 訓練", "roll back", "承認者"))

    def units(*texts: str) -> list[Unit]:
        from opslint.document.normalize import normalize

        return [Unit(i + 1, t, normalize(t), section) for i, t in enumerate(texts)]

    for texts in [("roll", "back"), ("承認", "者"), ("dr", "訓練"), ("xroll back", "a"),
                  ("roll back",), ("DR訓練を行う",), ("rollback",), ("", "承認者"), (),
                  ("承認者", "x", "roll back", "承認"), ("a roll", "back b", "dr 訓練")]:
        group = units(*texts)
        assert item.found_in(group) == any(item.found(u) for u in group)
        assert item.among(group) == [u for u in group if item.found(u)]
    # Joined a few units at a time: a term is found in any chunk, at a chunk's edges too.
    monkeypatch.setattr(joined, "CHUNK", 2)
    group = units("a", "b", "roll back", "c", "承認者", "d", "x")
    assert len(list(vocab_models.joined_norms(group))) == 4
    assert item.found_in(group) and item.among(group) == [group[2], group[4]]
    assert not item.found_in(units("a", "b", "c"))


_KEY_ID = "AKIA" + "Z7Q4M2X9K3P8L5NW"  # split: no secret scanner reads this file as a key
_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "Z7Q4M2X9K3"  # 40 characters


def test_a_secret_reported_only_near_a_key_id_is_looked_for_only_there(
        bundle: Bundle) -> None:
    """aws_secret_near counts within 3 lines of an access key ID: the scan runs it on those
    lines only, and finds what it found on every line."""
    from opslint.checks.sec.secrets import SCAN
    from opslint.document.model import DocKind
    from opslint.lint import extract_model
    from tests.conftest import lint_text

    filler = [f"手順 {i} を実施する。" for i in range(12)]
    text = "\n".join(["# 運用設計書", "", *filler, f"key = {_KEY_ID}", "", f"s = {_SECRET}",
                      *filler, f"far = {_SECRET}", ""])
    found = lint_text(bundle, text, DocKind.OPERATION, select=("SEC003",))
    near = 12 + 2 + 1 + 1 + 1  # the secret two lines below the key ID
    assert sorted(f.line for f in found) == [15, near]  # the key ID and the secret near it
    doc = document_from_text(text, Path("17_Operation_Design.md"), bundle, Config())
    model = extract_model([doc], [], bundle)
    scan = model.read(SCAN, doc)
    # Looked for near the key ID only: the copy 14 lines below is not even matched.
    assert sorted(scan.matches["aws_secret_near"]) == [near - 1]


def test_a_pattern_needing_two_literals_admits_only_texts_with_both() -> None:
    """The placeholder name pattern needs a name word and both brackets: the word alone
    (担当, 名前: common in Japanese documents) no longer admits a line."""
    import re

    from opslint.facts.prefilter import needed, prefilter

    name = re.compile(r"(?i)\[[^\[\]()\d]{0,20}(?:name|名前|担当者?)[^\[\]()\d]{0,20}\]")
    assert len(needed(name)) == 3  # a word, "[" and "]"
    screen = prefilter((name, re.compile("TBD")))
    assert screen is not None
    texts = ["担当: 山田", "[担当者]", "名前 [a] b", "TBD", "[x] 担当", "担当]"]
    assert screen.holding(texts) == {1, 2, 3, 4}
    assert [screen.admits(t) for t in texts] == [False, True, True, True, True, False]
    assert needed(re.compile("XXX+")) == needed(re.compile("XXX+"))[:1]  # "X" adds nothing


def test_every_text_a_tuple_of_placeholder_patterns_matches_in_is_held(
        bundle: Bundle) -> None:
    """The GATE001 families together: the texts held are a superset of those matched."""
    import re

    from opslint.checks.shared.text import fold
    from opslint.facts.prefilter import prefilter

    families: dict[str, list[str]] = bundle.vocab.terms["placeholders"]["patterns"]
    patterns = tuple(re.compile(p) for family in families.values() for p in family)
    screen = prefilter(patterns)
    assert screen is not None and screen.confirm
    lines = [fold(line).text for path in sorted(ROOT.glob("examples/*/*/*.md"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    lines += ["[担当者]", "<担当者>", "HH:MM", "xx分", "v1.Y_SET_ME.Z_SET_ME", "○○", "担当 [x"]
    matched = {i for i, line in enumerate(lines) if any(p.search(line) for p in patterns)}
    held = screen.holding(lines)
    assert matched and matched <= held
    assert all(screen.admits(lines[i]) for i in matched)
    assert len(held) < len(lines) // 4


def test_the_needle_tree_finds_the_texts_the_flat_alternation_finds() -> None:
    """``_alternation`` spells the needles as a tree by first characters: a text holds a
    match of it exactly when it holds one of the needles (as written, or in any case)."""
    import random
    import re

    from opslint.facts.prefilter import _alternation, case_variants

    exact = frozenset({"を記述", "を記入", "を入力)", "XX", "XXX", "X.Y", "20xx", "時刻", "?"})
    folded = frozenset({"name", "names", "owner", "kiss", "date", "to be filled"})
    tree = _alternation(exact, folded)
    flat = re.compile("|".join([*map(re.escape, sorted(exact)),
                                *(re.escape(first) + f"(?i:{re.escape(n[1:])})"
                                  for n in sorted(folded) for first in case_variants(n[0]))]))
    pieces = ["を", "記述", "記", "入", "X", ".", "Y", "20", "xx", "時", "刻", "?", "NAME", "na",
              "me", "Owner", "\u212aiss", "ſ", "DATE", "to be", " filled", " ", "あ"]
    rng = random.Random("tree")
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(20000)]
    assert sum(bool(flat.search(t)) for t in texts) > 1000
    assert all(bool(tree.search(t)) == bool(flat.search(t)) for t in texts)
    assert "を(?:" in tree.pattern  # one を, then what may follow it


def test_a_term_list_is_one_search_not_one_per_term(
        bundle: Bundle, count_calls: CountCalls) -> None:
    """The deploy-method part of a document is found with one search of each heading for
    the list of heading terms (contains_any), not one search per term and heading."""
    from opslint.checks.xdoc import deploy

    config = Config()
    folder = ROOT / "examples" / "ja" / "clean"
    docs = [document_from_text(p.read_text(encoding="utf-8"), p, bundle, config)
            for p in sorted(folder.glob("*.md"))]
    calls = count_calls(deploy, "contains_term")
    count_calls(deploy, "declared")
    lint_documents(docs, [], Config(select=["XDOC010"]), bundle)
    assert calls["declared"] > 0  # the release and the design documents were read
    assert calls["contains_term"] == 0
