"""One release-day plan written in the forms teams use: the facts and the timeline rules read
the same plan from each (table or numbered list, 22:00 or 22時00分, UTC or JST, clock times
or T+ offsets from a stated T-0)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from opslint.config import Config
from opslint.document.load import decode
from opslint.document.model import DocKind
from opslint.document.parse import parse_document
from opslint.engine.vocab import Vocab, load_vocab
from opslint.facts.extract import extract_facts
from opslint.lint import Bundle, lint_paths
from opslint.resources import rules_dir

# (minutes after T-0, task, owner, check); T-0 is 22:00 JST = 13:00 UTC.
PLAN = [
    (0, "Open the bridge", "Mia Holt", "all present"),
    (15, "Deploy 5.1 with the release workflow", "Leo Park", "rollout healthy"),
    (50, "Run the smoke suite", "Ana Ruiz", "24 of 24 pass"),
    (80, "Close the change", "Mia Holt", "record closed"),
]
WINDOW_JST = "**Release window:** 2026-10-06 22:00 - 2026-10-07 00:00 JST"
WINDOW_UTC = "**Release window:** 2026-10-06 13:00Z - 15:00Z"
TIMELINE_RULES = ("REL015", "REL016", "REL017", "REL018")


def _clock(minute: int, *, japanese: bool = False, base: int = 22 * 60) -> str:
    total = (base + minute) % 1440
    hours, minutes = divmod(total, 60)
    return f"{hours}時{minutes:02d}分" if japanese else f"{hours:02d}:{minutes:02d}"


def _offset(minute: int) -> str:
    return f"T+{minute // 60:02d}:{minute % 60:02d}"


def _doc(window: str, body: str) -> str:
    title = "# Release procedure: Ibis Post 5.1"
    return f"{title}\n\n{window}\n\n## 3. Release-day steps (T-0)\n\n{body}"


def table_jst(plan: list[tuple[int, str, str, str]]) -> str:
    rows = "".join(f"| {_clock(m)} | {t} | {o} | {c} |\n" for m, t, o, c in plan)
    return _doc(WINDOW_JST, "| Time | Task | Owner | Check |\n| -- | -- | -- | -- |\n" + rows)


def table_japanese_clock(plan: list[tuple[int, str, str, str]]) -> str:
    rows = "".join(f"| {_clock(m, japanese=True)} | {t} | {o} | {c} |\n" for m, t, o, c in plan)
    return _doc(WINDOW_JST, "| Time | Task | Owner | Check |\n| -- | -- | -- | -- |\n" + rows)


def table_utc_cells(plan: list[tuple[int, str, str, str]]) -> str:
    rows = "".join(f"| {_clock(m, base=13 * 60)}Z | {t} | {o} | {c} |\n" for m, t, o, c in plan)
    return _doc(WINDOW_JST, "| Time | Task | Owner | Check |\n| -- | -- | -- | -- |\n" + rows)


def table_offsets(plan: list[tuple[int, str, str, str]]) -> str:
    rows = "".join(f"| {_offset(m)} | {t} | {o} | {c} |\n" for m, t, o, c in plan)
    return _doc(WINDOW_UTC, "T+00:00 is 22:00 JST.\n\n| T+ | Task | Owner | Check |\n"
                "| -- | -- | -- | -- |\n" + rows)


def list_fields(plan: list[tuple[int, str, str, str]]) -> str:
    items = "".join(f"{i}. {_offset(m)} — {t} — {o} — {c}\n"
                    for i, (m, t, o, c) in enumerate(plan, start=1))
    return _doc(WINDOW_JST, "Times are relative to 22:00 JST. Each line: time — task — owner "
                "— check.\n\n" + items)


def list_nested(plan: list[tuple[int, str, str, str]]) -> str:
    items = "".join(f"{i}. {_clock(m)} {t}\n   - Owner: {o}\n   - Check: {c}\n"
                    for i, (m, t, o, c) in enumerate(plan, start=1))
    return _doc(WINDOW_JST, items)


FORMS: dict[str, Callable[[list[tuple[int, str, str, str]]], str]] = {
    "table_jst": table_jst,
    "table_japanese_clock": table_japanese_clock,
    "table_utc_cells": table_utc_cells,
    "table_offsets": table_offsets,
    "list_fields": list_fields,
    "list_nested": list_nested,
}


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return load_vocab(rules_dir())


def _minutes(vocab: Vocab, text: str) -> list[int | None]:
    doc = parse_document(Path("16_Release_Procedure.md"), decode(text.encode("utf-8")),
                         DocKind.RELEASE)
    facts = extract_facts(doc, vocab).release
    assert facts.window is not None
    start = facts.window.start
    return [None if s.minute is None else s.minute - start for s in facts.timeline]


def _rules(bundle: Bundle, tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "16_Release_Procedure.md"
    path.write_text(text, encoding="utf-8")
    config = Config.model_validate({"select": list(TIMELINE_RULES)})
    result = lint_paths([path], config, bundle)
    return sorted(f.rule_id for f in result.findings)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_form_reads_the_same_times(vocab: Vocab, form: str) -> None:
    assert _minutes(vocab, FORMS[form](PLAN)) == [m for m, *_ in PLAN]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_plan_inside_its_window_is_quiet_in_every_form(
        bundle: Bundle, tmp_path: Path, form: str) -> None:
    assert _rules(bundle, tmp_path, FORMS[form](PLAN)) == []


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_step_past_the_window_is_found_in_every_form(
        bundle: Bundle, tmp_path: Path, form: str) -> None:
    late = [*PLAN[:-1], (130, *PLAN[-1][1:])]
    assert _rules(bundle, tmp_path, FORMS[form](late)) == ["REL018"]
