"""The release and operation readers (issue 10, eighth round), counted, never timed: a unit
is read for times, dates, labels or terms only when a cheap test of its text says it may
hold them, and the answers stay those of reading every unit.
"""

from __future__ import annotations

import dataclasses
import random
import re
from pathlib import Path

import pytest

from opslint.document.model import DocKind, Document
from opslint.document.normalize import normalize
from opslint.facts import labels, monitoring, operation, placeholders, release, release_time
from opslint.facts.quantities import clock, normalise
from opslint.facts.release_time import Frame
from opslint.facts.term_gates import finding, has_covers_find, holding
from opslint.facts.text import Terms, units
from opslint.lint import Bundle, document_from_text
from tests.conftest import CountCalls

EXAMPLES = Path(__file__).parents[1] / "examples"
RELEASE = EXAMPLES / "ja" / "clean" / "16_Release_Procedure.md"
OPERATION = EXAMPLES / "ja" / "clean" / "17_Operation_Design.md"


def _doc(bundle: Bundle, text: str, kind: DocKind, name: str = "doc.md") -> Document:
    return document_from_text(text, Path(name), bundle, None, kind)


def test_t_zero_reads_the_times_of_units_with_a_clock_only(
        bundle: Bundle, count_calls: CountCalls) -> None:
    """T-0 is always given with a clock time: a unit without a digit before ":" or 時 is not
    read for its times (five in six units of a release day hold none)."""
    prose = "\n\n".join(f"手順 {n} を実施し、結果を記録する。" for n in range(40))
    text = f"# リリース手順\n\n## 当日手順\n\n{prose}\n\nT+00:00 = 22:00 JST とする。\n"
    doc = _doc(bundle, text, DocKind.RELEASE)
    items = list(units(doc, titles=True))
    calls = count_calls(release_time, "time_points")
    clock = release_time.t_zero(items, bundle.vocab)
    assert clock is not None and clock.minute == 22 * 60 and clock.zone == "JST"
    assert calls["time_points"] == 1  # the one unit with a clock, not all 40 before it


def test_t_zero_still_reads_a_spaced_japanese_clock(bundle: Bundle) -> None:
    """"21 時 00 分" is squeezed before it is read: the clock test sees its 時 after a space."""
    doc = _doc(bundle, "# R\n\nT0 は 21 時 00 分（JST）とする。\n", DocKind.RELEASE)
    clock = release_time.t_zero(list(units(doc)), bundle.vocab)
    assert clock is not None and clock.minute == 21 * 60


def test_the_rollback_decision_reads_dates_of_units_naming_it_only(
        bundle: Bundle, count_calls: CountCalls) -> None:
    """The last rollback decision is a sentence naming a decision and a latest time: the
    other units are not read for their dates and clauses."""
    doc = _doc(bundle, RELEASE.read_text(encoding="utf-8"), DocKind.RELEASE)
    items = list(units(doc))
    calls = count_calls(release, "_same_day")
    found = release._decision(items, Frame(None, None, bundle.vocab), None, [])
    assert found is not None and found.minute == 3 * 60 + 45
    assert calls["_same_day"] == 1  # the unit that states it; the 11 units before it before


def test_error_budgets_and_exclusion_ask_only_the_units_a_joined_search_found(
        bundle: Bundle, count_calls: CountCalls) -> None:
    """One scan of a document's normalised units finds the units that may name the error
    budget or planned maintenance; the others are not asked one by one."""
    doc = _doc(bundle, OPERATION.read_text(encoding="utf-8"), DocKind.OPERATION)
    found = tuple(units(doc))
    calls = count_calls(Terms, "has")
    operation.error_budgets(doc, bundle.vocab)
    operation.slo_exclusion(doc, bundle.vocab)
    assert len(found) > 100
    # 148 questions on this document (each table's header cells, the rows of its budget
    # column, the units found); 825 before, more than three per unit.
    assert calls["has"] < len(found)


def test_holding_finds_every_unit_a_term_is_in(bundle: Bundle) -> None:
    """The joined scan misses no unit: it holds every unit ``Terms.has`` says yes to, in
    order, on the example operation designs."""
    terms = Terms(bundle.vocab)
    for path in (OPERATION, EXAMPLES / "en" / "clean" / "17_Operation_Design.md"):
        doc = _doc(bundle, path.read_text(encoding="utf-8"), DocKind.OPERATION)
        found = tuple(units(doc))
        for key in ("error_budget", "planned_outage", "exclusion", "burn_rate", "slo"):
            asked = holding(found, terms, key)
            said = [u for u in found if terms.has(u.norm, key)]
            assert [u for u in asked if terms.has(u.norm, key)] == said
            assert asked == sorted(asked, key=found.index)


class _Counted:
    """A compiled pattern whose ``match`` calls are counted."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.calls = pattern, 0

    def match(self, text: str) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.match(text)


def test_a_text_without_a_colon_is_not_matched_as_a_label(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Both label forms need a colon: a text without one is not matched at all."""
    label, definition = _Counted(labels._LABEL), _Counted(labels._DEFINITION)
    monkeypatch.setattr(labels, "_LABEL", label)
    monkeypatch.setattr(labels, "_DEFINITION", definition)
    read = labels.read_label.__wrapped__
    assert read("監視の方針を定める") is None
    assert label.calls == definition.calls == 0
    found = read("**担当**： 山田")
    assert found is not None and found.label == "担当" and found.value == "山田"
    term = read("RTO\n: 1時間")
    assert term is not None and term.label == "RTO" and term.value == "1時間"


def test_a_written_subsection_settles_its_parent_without_reading_its_units(
        bundle: Bundle, count_calls: CountCalls) -> None:
    """A section is all template only when its subsections are: a written subsection
    answers for its parent, whose own units are then not read; and a written section's
    rows after its first written one are never read."""
    rows = "".join(f"| 手順 {n} | 担当 {n} |\n" for n in range(200))
    text = ("# 運用設計\n\n## 1. 監視\n\nTBD\n\n### 1.1 項目\n\n| 項目 | 担当 |\n|--|--|\n"
            f"{rows}")
    doc = _doc(bundle, text, DocKind.OPERATION)
    calls = count_calls(placeholders, "_is_template")
    parts = placeholders.open_parts(doc, {}, bundle.vocab)
    assert parts.spans == ()
    assert calls["_is_template"] == 1  # the first row of 1.1; not "TBD", not 199 more rows


def test_normalise_without_marks_reads_no_clusters(count_calls: CountCalls) -> None:
    """Japanese text with full-width forms but no combining mark is normalised character by
    character: no cluster is looked for; with a mark, clusters are read as before."""
    calls = count_calls(normalise, "_clusters")
    found = normalise._normalise.__wrapped__("所要時間（目安）：３０分、ｶﾀｶﾅ")
    assert found.text == "所要時間(目安):30分、カタカナ"
    assert calls["_clusters"] == 0
    marked = normalise._normalise.__wrapped__("ｶﾞ（e\u0301）")
    assert marked.text == "ガ(é)" and calls["_clusters"] > 0


def test_normalise_agrees_with_the_cluster_reading_on_mixed_texts() -> None:
    """The per-character path and the cluster path give the same text and spans."""
    rnd = random.Random(8)
    alphabet = "aZ9 :：（）１時ｶﾞｱ\uff9e\u3099\u0301é①…㍻ß한\u1100\u1161\u3000"
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        fast, slow = normalise._normalise.__wrapped__(text), normalise._clustered(text)
        assert (fast.text, tuple(fast.starts), tuple(fast.ends)) == (
            slow.text, tuple(slow.starts), tuple(slow.ends)), text


_GATED = ("rto", "rpo", "previous_version_label", "rollback_total_label",
          "post_rollback_label", "phase_go_no_go", "rollback_deadline_label")


def test_has_says_yes_wherever_find_finds_a_term(bundle: Bundle) -> None:
    """The lists read through ``finding`` are lists ``has`` covers, and on every unit of the
    example documents (and spaced and cased variants) a unit ``find`` finds a term in is one
    ``has`` says yes to, and ``finding`` gives ``find``'s spans."""
    terms = Terms(bundle.vocab)
    texts: list[str] = []
    for path in sorted(EXAMPLES.glob("*/*/1[67]_*.md")):
        doc = _doc(bundle, path.read_text(encoding="utf-8"), DocKind.UNKNOWN, path.name)
        texts += [u.text for u in units(doc, titles=True)]
    for key in _GATED:
        assert has_covers_find(terms(key)), key
        for term in terms(key):  # each term as written, spaced out, upper-cased, full-width
            spaced = term.replace(" ", " \t ")
            texts += [f"x {term} y", f"（{spaced}）", term.upper(), term.translate(_WIDE)]
    found = 0
    for text in texts:
        norm = normalize(text)
        for key in _GATED:
            spans = terms.find(text, key)
            assert finding(text, norm, terms, key) == spans
            if spans:
                found += 1
                assert terms.has(norm, key), (text, key)
    assert found > 50


_WIDE = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}


def test_a_mixed_term_with_a_latin_space_is_not_gated() -> None:
    """"error budget 消費" needs its space for ``has`` but not for ``find``: such a list is
    searched by ``find`` alone."""
    assert not has_covers_find(("RTO", "error budget 消費"))
    assert has_covers_find(("Recovery Time Objective", "SLO 違反", "目標復旧時間", "#ops"))


def test_milestones_and_labels_of_units_without_them_are_not_searched_raw(
        bundle: Bundle, count_calls: CountCalls) -> None:
    """The previous version, milestones, totals and after-checks ask ``find`` of the units
    whose normalised text holds a label only: a release naming none is not searched raw."""
    steps = "\n".join(f"- 手順 {n}: サーバ {n} を更新し、結果を記録する" for n in range(120))
    text = (f"# リリース手順\n\n## 概要\n\n対象: 注文サービス\n\n## 当日手順\n\n{steps}\n\n"
            "## 切り戻し\n\n1. 旧イメージを再デプロイする\n2. 動作を確認する\n")
    doc = _doc(bundle, text, DocKind.RELEASE)
    calls = count_calls(Terms, "find")
    facts = release.extract_release(doc, bundle.vocab)
    assert facts.previous_version is None and facts.rollback_deadline is None
    assert len(tuple(units(doc))) > 120
    assert calls["find"] == 0  # before: every unit of the document, and of the head, twice


def test_a_rollback_criterion_is_read_for_clock_times_once(
        bundle: Bundle, count_calls: CountCalls) -> None:
    """A criterion's deadline is read once, on the release night's clock: not first as a
    bare clock time that the release then replaced."""
    criteria = "\n".join(f"- エラー率が {n}% を 5 分超えたら切り戻す（23:{n:02d} まで）"
                         for n in range(10, 40))
    text = f"# リリース手順\n\n## 切り戻し\n\n### 切り戻し判断基準\n\n{criteria}\n"
    doc = _doc(bundle, text, DocKind.RELEASE, "criteria.md")
    sections = [s for s in doc.sections() if s.title.endswith("切り戻し")]
    frame = Frame(None, None, bundle.vocab)
    calls = count_calls(clock, "_clocks")
    found = release._criteria(sections, Terms(bundle.vocab), frame, None)
    assert [c.deadline for c in found] == [23 * 60 + n for n in range(10, 40)]
    assert calls["_clocks"] == len(found)  # twice per criterion before


def test_holding_gives_exactly_the_units_whose_norm_holds_a_term(bundle: Bundle) -> None:
    """One NUL-joined scan gives the units ``Terms.has`` says yes to, no more: a unit whose
    ``norm`` holds a line break (not made by ``normalize``) is no exception."""
    doc = _doc(bundle, "# O\n\nエラーバジェット\n\n一行\n", DocKind.OPERATION)
    found = tuple(units(doc))
    odd = (dataclasses.replace(found[0], norm="a\nb"), *found)
    terms = Terms(bundle.vocab)
    for items in (found, odd):
        expected = [u for u in items if terms.has(u.norm, "error_budget")]
        assert expected
        assert holding(items, terms, "error_budget") == expected


def test_the_legend_reads_definitions_of_units_with_a_level_word_only(
        bundle: Bundle, count_calls: CountCalls) -> None:
    """One scan of the document's units finds those naming a level (Critical, Warning,
    Info); only they are read for definitions ("緊急（Critical）")."""
    rows = "".join(f"| M-{n:03d} | 注文 API {n} | 5xx 率 | > 1% | 緊急 |\n" for n in range(200))
    text = ("# 運用設計\n\n## 監視\n\n緊急（Critical）は即時対応とする。\n\n"
            f"| ID | 対象 | 項目 | 閾値 | レベル |\n|--|--|--|--|--|\n{rows}")
    doc = _doc(bundle, text, DocKind.OPERATION, "legend.md")
    calls = count_calls(monitoring, "_definitions")
    assert ("緊急", "critical") in monitoring._read_legend(doc)
    assert calls["_definitions"] == 1  # before: every row's new cells, and every other unit
