"""Readings that other teams' house styles broke (issue 9): Setext chapters, budgets beside
deadlines, equality thresholds, approvers named by role."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.document.load import decode
from opslint.document.model import DocKind, Document
from opslint.document.parse import parse_document
from opslint.engine.outlines import chapter_sections
from opslint.engine.vocab import Vocab, load_vocab
from opslint.facts.model import Role
from opslint.facts.operation import error_budgets
from opslint.facts.people import role_named_in
from opslint.facts.quantities import find_thresholds
from opslint.facts.text import Terms
from opslint.resources import rules_dir


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return load_vocab(rules_dir())


def _doc(text: str, kind: DocKind = DocKind.OPERATION) -> Document:
    return parse_document(Path("doc.md"), decode(text.encode("utf-8")), kind)


SETEXT = """\
Ferry Desk Operation Design
===========================

Monitoring
==========

### Alerts

Text.

Backups
=======

### Schedule

Text.
"""

ATX_WITH_APPENDIX = """\
# Operation Design

## 1. Monitoring

### 1.1 Alerts

## 2. Backups

# Appendix
"""


def test_setext_chapters_take_the_level_after_the_title() -> None:
    titles = [s.title for s in chapter_sections(_doc(SETEXT))]
    assert titles == ["Monitoring", "Backups"]


def test_atx_chapters_are_still_one_level_below_the_title() -> None:
    titles = [s.title for s in chapter_sections(_doc(ATX_WITH_APPENDIX))]
    assert titles == ["1. Monitoring", "2. Backups"]


@pytest.mark.parametrize(
    ("text", "comparator", "value"),
    [
        ("healthy workers = 0 for 3 min", "==", 0.0),
        ("稼働数が 0 の状態が 5分 継続", "==", 0.0),
        ("処理件数が 0 のまま 10分", "==", 0.0),
        ("heartbeat equals 0 for 2 minutes", "==", 0.0),
        ("newest snapshot older than 30 min", ">", 30.0),
        ("free slots lower than 4 for 10 min", "<", 4.0),
    ],
)
def test_equality_and_comparatives_are_comparisons(text: str, comparator: str,
                                                   value: float) -> None:
    found = find_thresholds(text)
    assert [(t.comparator, t.value) for t in found] == [(comparator, value)]


def test_an_assignment_is_no_threshold() -> None:
    assert find_thresholds("--replicas=3") == []


BUDGET_DEADLINES = """\
# Operation Design

## 4. Incident management

An outage that took a fifth of the error budget is reviewed. The draft is due in 3 business days.

障害でエラーバジェットの 2割を失った場合は、5営業日以内に振り返りを行う。
"""


def test_deadlines_beside_a_budget_are_no_budget(vocab: Vocab) -> None:
    assert error_budgets(_doc(BUDGET_DEADLINES), vocab) == ()


def test_a_budget_sentence_still_gives_its_minutes(vocab: Vocab) -> None:
    text = "# Operation Design\n\n## SLO\n\nIntro. The error budget is 43.2 minutes per 30 days.\n"
    budgets = error_budgets(_doc(text), vocab)
    assert [b.minutes for b in budgets] == [43.2]


def test_an_approver_named_by_role_in_the_flow(vocab: Vocab) -> None:
    roles = [Role("承認者; 品質保証部長", "片山 奈緒", "", 6, ""),
             Role("運用責任者", "広瀬", "", 9, "")]
    flow = "本番リリースは品質保証部長と運用責任者の 2 名が承認する。"
    terms = Terms(vocab)
    assert role_named_in("片山 奈緒", roles, flow, terms) == "品質保証部長"
    assert role_named_in("広瀬 剛", roles, flow, terms) == "運用責任者"
    assert role_named_in("須藤 一平", roles, flow, terms) is None


def test_a_role_inside_a_longer_role_does_not_count(vocab: Vocab) -> None:
    roles = [Role("SRE チーム", "広瀬 剛", "", 3, ""), Role("Approver", "Ana Silva", "", 4, "")]
    terms = Terms(vocab)
    assert role_named_in("広瀬 剛", roles, "承認者は SRE チームリードとする。", terms) is None
    assert role_named_in("Ana Silva", roles, "The approver signs off.", terms) is None


def test_a_latin_role_matches_as_whole_words(vocab: Vocab) -> None:
    roles = [Role("Approved by; Head of Quality", "Leila Haddad", "", 4, "")]
    flow = "Two approvals: the Head of Quality and the Service Owner."
    assert role_named_in("Leila Haddad", roles, flow, Terms(vocab)) == "Head of Quality"


def test_a_lone_h1_after_the_title_is_no_chapter_level() -> None:
    text = "# Operation Design\n\n# Contents\n\n## 1. Monitoring\n\n## 2. Backups\n"
    titles = [s.title for s in chapter_sections(_doc(text))]
    assert titles == ["1. Monitoring", "2. Backups"]
