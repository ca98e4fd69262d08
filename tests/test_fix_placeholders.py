"""Text that `fix` inserts raises the placeholder questions it is meant to raise, and nothing
else: a placeholder is not a value (opslint/facts/placeholders.py), and a chapter that is
still a skeleton waits for its questions."""

from __future__ import annotations

import re
import shutil
from itertools import pairwise
from pathlib import Path

import pytest

from opslint.baseline import filter_findings, write_baseline
from opslint.config import Config
from opslint.facts.placeholders import is_placeholder
from opslint.fix import fix_paths, write_fixes
from opslint.lint import Bundle, lint_paths

ROOT = Path(__file__).resolve().parent.parent
SETS = [ROOT / "examples" / "ja" / "clean", ROOT / "examples" / "en" / "clean",
        ROOT / "examples" / "ja" / "defects",
        *sorted(p for p in (ROOT / "tests" / "fixtures" / "sets").iterdir() if p.is_dir())]
CHAPTER = re.compile(r"^## ", re.MULTILINE)


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return Bundle.load()


def drop_chapters(text: str, parity: int) -> str:
    """Every other ``##`` chapter removed (fenced code kept whole: the examples have none
    with ``## `` lines inside)."""
    starts = [m.start() for m in CHAPTER.finditer(text)] + [len(text)]
    kept = [text[: starts[0]]]
    for index, (start, end) in enumerate(pairwise(starts)):
        if index % 2 != parity:
            kept.append(text[start:end])
    return "".join(kept)


def question_rules(bundle: Bundle) -> set[str]:
    return {r.id for r in bundle.rules if r.spec.gate_from_section}


def new_after_fix(folder: Path, name: str, parity: int, bundle: Bundle) -> list[str]:
    """Findings after dropping chapters and fixing that neither the original set nor the set
    with the chapters dropped had (content-anchored, so lines moved by the fix still match):
    what the inserted text raised."""
    config = Config.model_validate({})
    write_baseline(lint_paths([folder], config, bundle).findings, folder / "original.json")
    doc = folder / name
    doc.write_text(drop_chapters(doc.read_text(encoding="utf-8"), parity), encoding="utf-8")
    write_baseline(lint_paths([folder], config, bundle).findings, folder / "dropped.json")
    fixed = write_fixes(fix_paths([doc], config, bundle))
    assert not fixed.failed and fixed.changed
    after = lint_paths([folder], config, bundle).findings
    new = [set(filter_findings(after, folder / base).findings)
           for base in ("original.json", "dropped.json")]
    return sorted(f"{f.rule_id} {Path(f.path).name}:{f.line} {f.message}"
                  for f in new[0] & new[1] if f.rule_id not in question_rules(bundle))


@pytest.mark.parametrize("parity", [0, 1], ids=["odd-chapters", "even-chapters"])
@pytest.mark.parametrize("name", ["16_Release_Procedure.md", "17_Operation_Design.md"])
@pytest.mark.parametrize("source", SETS, ids=lambda p: f"{p.parent.name}-{p.name}")
def test_fix_adds_only_placeholder_questions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             bundle: Bundle, source: Path, name: str,
                                             parity: int) -> None:
    shutil.copytree(source, tmp_path / "set")
    monkeypatch.chdir(tmp_path)
    assert new_after_fix(Path("set"), name, parity, bundle) == []


RELEASE_WITHOUT_CONTACTS = """# Release Procedure

**Release version**: v3.4.0
**Release window**: 2026/11/02 22:00 - 23:30
**Release owner**: Hana Kowalski

## 1. Release overview

- Approver: Joaquim Pereira (Head of Platform)

## 2. Preparation (T-1 day)

| No | Item | Procedure | Owner | Result |
| -- | -- | -- | -- | -- |
| 1 | Snapshot of the orders database | Take and restore-test a snapshot | Hana Kowalski | □OK |
"""

SECURITY_WITH_FLOW = """# Security Design

## 3. Release approval flow

Production releases are approved by Joaquim Pereira (Head of Platform); in an emergency
the on-call lead decides.
"""


def test_inserted_contacts_do_not_name_an_approver(tmp_path: Path, bundle: Bundle,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The opslint-fix hook inserted "| Approver | [Name] | TBD |": a question, never an
    approver outside the approval flow (XDOC040)."""
    (tmp_path / "16_Release_Procedure.md").write_text(RELEASE_WITHOUT_CONTACTS, encoding="utf-8")
    (tmp_path / "10_Security_Design.md").write_text(SECURITY_WITH_FLOW, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = Config.model_validate({})
    write_fixes(fix_paths([Path("16_Release_Procedure.md")], config, bundle))
    text = Path("16_Release_Procedure.md").read_text(encoding="utf-8")
    assert "| Approver | [Name] | TBD |" in text
    findings = lint_paths([Path(".")], config, bundle).findings
    assert not [f for f in findings if f.rule_id == "XDOC040"]
    assert any(f.rule_id == "GATE001" and "[Name]" in f.message for f in findings)


@pytest.mark.parametrize("value", ["[Name]", "<担当者>", "TBD", "要確認", "（記入）", "XXX",
                                   "○○", "名前", "[担当者名]", "vX.X.X", "HH:MM", "（TBD）",
                                   "[Name] / [Name]", "TBD（未定）"])
def test_placeholder_is_not_a_value(bundle: Bundle, value: str) -> None:
    assert is_placeholder(value, bundle.vocab)


@pytest.mark.parametrize("value", ["Priya Raman", "佐藤 花子", "Slack #ops-release", "", "5XX",
                                   "ログ確認（TBD）", "XXXX-1234", "PagerDuty"])
def test_a_value_is_not_a_placeholder(bundle: Bundle, value: str) -> None:
    assert not is_placeholder(value, bundle.vocab)


def test_placeholder_approver_in_a_filled_table_is_a_question(
        tmp_path: Path, bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only in a skeleton chapter: a "[Name]" row beside real rows is read as nobody."""
    release = RELEASE_WITHOUT_CONTACTS + """
## 6. Contacts

| Role | Name | Channel |
| -- | -- | -- |
| Release owner | Hana Kowalski | Slack #rel-orders |
| Approver | [Name] | TBD |
"""
    (tmp_path / "16_Release_Procedure.md").write_text(release, encoding="utf-8")
    (tmp_path / "10_Security_Design.md").write_text(SECURITY_WITH_FLOW, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    findings = lint_paths([Path(".")], Config.model_validate({}), bundle).findings
    assert not [f for f in findings if f.rule_id == "XDOC040"]
    assert any(f.rule_id == "GATE001" and "[Name]" in f.message for f in findings)
