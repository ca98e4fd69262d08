"""The release strategy / policy / standard as a partial kind of the release procedure: it
holds the rollback policy and the post-release checks (plus who approves releases) and is
not asked for what only one concrete release has (a version, a dated window, a T-0
timeline, people on duty); a concrete release titled like a policy stays a whole release
procedure, and release notes stay unknown (rules/partial_kinds.yaml, docs/partial_kinds.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opslint.config import Config
from opslint.document.model import DocKind
from opslint.engine.partial import describe_kind, partial_rules
from opslint.lint import Bundle, document_from_text, lint_paths
from tests.partial_docs import FIXTURES, alone, parsed

STRATEGIES = ["release_strategy_ja_pass.md", "release_strategy_ja_fail.md",
              "release_strategy_en_pass.md", "release_strategy_en_fail.md"]
WHOLE = ["release_policy_concrete_ja_whole.md", "release_policy_concrete_en_whole.md"]
NOTES = ["changelog_ja_notes.md", "release_notes_en_notes.md"]
# What only one concrete release has: the outline, the header, the overview, the
# preparation, the T-0 timeline, the contact list, and the steps of one rollback.
ONE_RELEASE = {"REL001", "REL002", "REL003", "REL004", "REL005", "REL006", "REL007",
               "REL010", "REL011", "REL013", "REL014", "REL015", "REL016", "REL017", "REL018",
               "REL019", "REL020", "REL021", "REL026", "REL028", "REL029", "REL030", "REL031",
               "REL032", "REL050", "REL051", "REL052", "REL053", "XDOC010", "XDOC011",
               "XDOC012", "XDOC040", "OPS050", "OPS052"}
POLICY = {"REL009", "REL023", "REL024", "REL025", "REL027"}


def _findings(bundle: Bundle, tmp_path: Path, name: str, text: str | None = None) -> list[str]:
    path = alone(tmp_path, name)
    if text is not None:
        path.write_text(text, encoding="utf-8")
    return [f"{f.rule_id}:{f.line}" for f in lint_paths([path], Config(), bundle).findings]


@pytest.mark.parametrize("name", STRATEGIES)
def test_recognised(bundle: Bundle, name: str) -> None:
    doc = parsed(bundle, name)
    assert (doc.kind, doc.partial, set(doc.holds)) == (
        DocKind.RELEASE, "release_strategy", {"rollback", "post_release"})
    assert describe_kind(doc) == "release (partial: release strategy)"


@pytest.mark.parametrize("name", [n for n in STRATEGIES if n.endswith("_pass.md")])
def test_a_complete_policy_is_quiet(bundle: Bundle, tmp_path: Path, name: str) -> None:
    assert _findings(bundle, tmp_path, name) == []


@pytest.mark.parametrize("name", [n for n in STRATEGIES if n.endswith("_fail.md")])
def test_no_rollback_criteria(bundle: Bundle, tmp_path: Path, name: str) -> None:
    found = {f.split(":")[0] for f in _findings(bundle, tmp_path, name)}
    assert found == {"REL023"}


@pytest.mark.parametrize(("name", "approval"), [
    ("release_strategy_ja_pass.md", r"## 3\. 承認\n.*?(?=## 4\.)"),
    ("release_strategy_en_pass.md", r"## Approval\n.*?(?=## Rollback)"),
])
def test_no_approval(bundle: Bundle, tmp_path: Path, name: str, approval: str) -> None:
    text = re.sub(approval, "", (FIXTURES / name).read_text(encoding="utf-8"), flags=re.S)
    text = text.replace("承認", "").replace("approved", "accepted")
    found = {f.split(":")[0] for f in _findings(bundle, tmp_path, name, text)}
    assert found == {"REL009"}


def test_only_policy_rules_run(bundle: Bundle) -> None:
    from opslint.engine.partial import runs_on

    doc = parsed(bundle, "release_strategy_en_fail.md")
    running = {r.id for r in bundle.rules if r.check is not None and r.spec.applies_to(
        DocKind.RELEASE) and runs_on(r, doc)}
    assert running >= POLICY
    assert not running & ONE_RELEASE, running & ONE_RELEASE


@pytest.mark.parametrize("name", WHOLE)
def test_a_concrete_release_titled_like_a_policy_stays_whole(bundle: Bundle, name: str) -> None:
    doc = parsed(bundle, name)
    assert (doc.kind, doc.partial, doc.holds) == (DocKind.RELEASE, None, frozenset())


def test_concrete_in_another_house_style(bundle: Bundle) -> None:
    """A version, a window with an en dash, and a T-0 written as a numbered list with times."""
    text = (
        "# Release policy and plan: search indexer\n\nVersion: 7.0.2\n\n"
        "Window: 2027-05-04, 20:00 – 21:00 UTC. Canary first; approval by the search lead; "
        "rollback if errors exceed 1 % for 5 minutes; no release during the freeze.\n\n"
        "## T-0\n\n1. 20:00 drain one shard\n2. 20:20 deploy the canary\n"
        "3. 20:40 full rollout\n")
    doc = document_from_text(text, Path("notes.md"), bundle)
    assert (doc.kind, doc.partial) == (DocKind.RELEASE, None)


def test_without_its_concrete_release_the_policy_title_is_a_strategy(bundle: Bundle) -> None:
    """What keeps the document whole is its version, dated window and timeline."""
    text = (FIXTURES / "release_policy_concrete_en_whole.md").read_text(encoding="utf-8")
    text = re.sub(r"\*\*Release (version|window)\*\*:.*\n", "", text)
    text = re.sub(r"## Release-day steps.*?(?=## Rollback)", "", text, flags=re.S)
    doc = document_from_text(text + "\nCanary first; a freeze at quarter end.\n",
                             Path("notes.md"), bundle)
    assert doc.partial == "release_strategy"


@pytest.mark.parametrize("name", NOTES)
def test_release_notes_stay_unknown(bundle: Bundle, name: str) -> None:
    assert parsed(bundle, name).kind is DocKind.UNKNOWN
    text = (FIXTURES / name).read_text(encoding="utf-8")
    retitled = re.sub(r"^# .*", "# Release management: release notes", text, count=1)
    assert document_from_text(retitled, Path("notes.md"), bundle).kind is DocKind.UNKNOWN


@pytest.mark.parametrize(("title", "terms"), [
    ("# リリース管理規程", "カナリア、承認、ロールバック、凍結期間、ホットフィックス。"),
    ("# Deployment strategy", "Canary, approval, rollback, release window, hotfix."),
])
def test_titles_in_both_languages(bundle: Bundle, title: str, terms: str) -> None:
    doc = document_from_text(f"{title}\n\n{terms}\n", Path("notes.md"), bundle)
    assert doc.partial == "release_strategy"
    # A title alone is not enough.
    assert document_from_text(f"{title}\n\nTBD.\n", Path("notes.md"),
                              bundle).kind is DocKind.UNKNOWN


def test_criteria_given_as_automation_answer_when_and_who(bundle: Bundle, tmp_path: Path) -> None:
    """A standard whose rollback is an automated script with a threshold states when to roll
    back and who decides (the automation): no REL023 or REL025 (a real standard got both)."""
    text = (
        "# Release standard\n\nCanary or blue/green; approval by the service owner; hotfixes "
        "skip the freeze.\n\n## Rollback\n\n```python\n"
        "def auto_rollback(svc, error_threshold=0.02):\n"
        "    if current_error_rate(svc) > error_threshold:\n        undo(svc)\n```\n\n"
        "## Post-release checks\n\nWatch the error rate and latency for 30 minutes.\n")
    doc = document_from_text(text, Path("release-standard.md"), bundle)
    assert doc.partial == "release_strategy"
    assert _findings(bundle, tmp_path, "release_strategy_en_fail.md", text) == []
    # Without the automation nobody decides: the rule is back.
    manual = re.sub(r"```python.*?```", "Roll back if the error rate exceeds 2 %.", text,
                    flags=re.S)
    other = tmp_path / "manual"
    other.mkdir()
    found = {f.split(":")[0] for f in _findings(bundle, other, "release_strategy_en_fail.md",
                                                 manual)}
    assert found == {"REL025"}


def test_data_is_consistent(bundle: Bundle) -> None:
    kind = partial_rules().named("release_strategy")
    assert kind is not None
    ids = {r.id for r in bundle.rules}
    assert kind.also <= ids and set(kind.in_code) <= ids and kind.skip <= ids
