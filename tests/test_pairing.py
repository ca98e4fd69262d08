"""Which documents of a folder are paired for cross-document checks (opslint/pairing.py):
a folder that holds several systems is split by evidence, a plain set is unchanged, and
``check`` (one set at a time) gives what one model over the run gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.config import Config
from opslint.docsets import check_paths
from opslint.document.model import DocKind
from opslint.lint import Bundle, lint_paths
from opslint.pairing import Member, partition, set_name

BASIC_JA = """# 基本設計書

## 6. 非機能要件

{stack}

| 項目 | 目標値 |
| -- | -- |
| 稼働率 | 99.5% |
| RTO（目標復旧時間） | {rto} |
| RPO（目標復旧時点） | 1時間 |
"""

OPERATION_JA = """# 運用設計書

## 4. バックアップ・DR

{stack}

| 障害の種類 | RTO | RPO |
| -- | -- | -- |
| ゾーン障害 | 30分 | 1時間 |
"""

BASIC_EN = """# Basic Design

## 5. Non-functional requirements

{stack}

| Item | Target |
| -- | -- |
| Availability | 99.5% |
| RTO | {rto} |
| RPO | 1 hour |
"""

OPERATION_EN = """# Operation Design

## 4. Backup and DR

{stack}

| Failure | RTO | RPO |
| -- | -- | -- |
| Zone outage | 30 minutes | 1 hour |
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def _rto_findings(root: Path, bundle: Bundle, *paths: str) -> set[str]:
    """The documents with an RTO disagreement, after checking that ``check`` (per set) and
    one model over the run agree."""
    config = Config.model_validate({})
    targets = [root / p for p in paths] or [root]
    whole = lint_paths(targets, config, bundle).findings
    sets = check_paths(targets, config, bundle).findings
    assert sets == whole
    return {Path(f.path).relative_to(root).as_posix() for f in whole
            if f.rule_id == "XDOC050" and "RTO" in f.message}


def test_a_plain_set_is_checked_as_before(tmp_path: Path, bundle: Bundle) -> None:
    _write(tmp_path, {"04_Basic_Design.md": BASIC_JA.format(stack="", rto="6時間"),
                      "17_Operation_Design.md": OPERATION_JA.format(stack="")})
    assert _rto_findings(tmp_path, bundle) == {"17_Operation_Design.md"}


def test_two_systems_in_one_folder_are_not_compared(tmp_path: Path, bundle: Bundle) -> None:
    # Files named by a per-file ID, as a collection of documents from many repositories:
    # two operation designs make the folder more than one set, and nothing ties the basic
    # design (a GCP system) to either operation design (AWS, Azure).
    _write(tmp_path, {
        "D1__04_Basic_Design.md": BASIC_JA.format(
            stack="構成: GKE 上のアプリと Cloud SQL、Memorystore。", rto="6時間"),
        "D2__17_Operation_Design.md": OPERATION_JA.format(
            stack="対象: ECS 上の API と Aurora、ElastiCache。"),
        "D3__17_Operation_Design.md": OPERATION_JA.format(
            stack="対象: AKS 上の API と Azure SQL Database。"),
    })
    assert _rto_findings(tmp_path, bundle) == set()


def test_systems_named_by_a_prefix_are_paired_within_their_set(
        tmp_path: Path, bundle: Bundle) -> None:
    _write(tmp_path, {
        "payments-04_Basic_Design.md": BASIC_EN.format(stack="", rto="6 hours"),
        "payments-17_Operation_Design.md": OPERATION_EN.format(stack=""),
        "search-04_Basic_Design.md": BASIC_EN.format(stack="", rto="30 minutes"),
        "search-17_Operation_Design.md": OPERATION_EN.format(stack=""),
    })
    assert _rto_findings(tmp_path, bundle) == {"payments-17_Operation_Design.md"}
    # A file named alone reads its folder as context: still only its own set.
    assert _rto_findings(tmp_path, bundle, "search-17_Operation_Design.md") == set()
    assert _rto_findings(tmp_path, bundle, "payments-17_Operation_Design.md") == {
        "payments-17_Operation_Design.md"}


def test_one_set_per_subfolder(tmp_path: Path, bundle: Bundle) -> None:
    _write(tmp_path, {
        "billing/04_Basic_Design.md": BASIC_EN.format(stack="", rto="6 hours"),
        "billing/17_Operation_Design.md": OPERATION_EN.format(stack=""),
        "catalog/04_Basic_Design.md": BASIC_JA.format(stack="", rto="30分"),
        "catalog/17_Operation_Design.md": OPERATION_JA.format(stack=""),
    })
    assert _rto_findings(tmp_path, bundle) == {"billing/17_Operation_Design.md"}


def test_shared_products_and_the_numbered_series_pair_id_named_files(
        tmp_path: Path, bundle: Bundle) -> None:
    # K1/K2 share their products (Aurora, ECS, ElastiCache); K3–K5 have nothing in common
    # with anything but are the rest of one numbered series with no kind twice.
    _write(tmp_path, {
        "K1__04_Basic_Design.md": BASIC_JA.format(
            stack="構成: ECS、Aurora、ElastiCache。", rto="6時間"),
        "K2__17_Operation_Design.md": OPERATION_JA.format(
            stack="対象: ECS 上の API、Aurora、ElastiCache。"),
        "K3__04_Basic_Design.md": BASIC_JA.format(stack="", rto="6時間"),
        "K4__17_Operation_Design.md": OPERATION_JA.format(stack=""),
        "K5__16_Release_Procedure.md": "# リリース手順書\n\n本書は手順の雛形です。\n",
    })
    assert _rto_findings(tmp_path, bundle) == {"K2__17_Operation_Design.md",
                                               "K4__17_Operation_Design.md"}


def _members(files: dict[str, tuple[DocKind, str]]) -> list[Member]:
    return [Member(Path("docs") / name, kind, True, lambda text=text: text)
            for name, (kind, text) in files.items()]


def _names(members: list[Member], sets: list[list[int]]) -> list[list[str]]:
    return [[members[i].path.name for i in s] for s in sets]


def test_a_reference_by_file_name_pairs(bundle: Bundle) -> None:
    members = _members({
        "a1.md": (DocKind.RELEASE, "# Release procedure\nSee `b7-basic.md` for the design."),
        "b7-basic.md": (DocKind.BASIC_DESIGN, "# Basic design"),
        "c2.md": (DocKind.RELEASE, "# Release procedure"),
    })
    assert _names(members, partition(members, lambda: bundle.vocab)) == [
        ["a1.md", "b7-basic.md"], ["c2.md"]]


def test_a_reference_across_set_names_does_not_pair(bundle: Bundle) -> None:
    members = _members({
        "pay-16_Release_Procedure.md": (DocKind.RELEASE, "Depends on search-04_basic_design.md"),
        "pay-04_Basic_Design.md": (DocKind.BASIC_DESIGN, ""),
        "search-16_Release_Procedure.md": (DocKind.RELEASE, ""),
        "search-04_Basic_Design.md": (DocKind.BASIC_DESIGN, ""),
    })
    assert _names(members, partition(members, lambda: bundle.vocab)) == [
        ["pay-16_Release_Procedure.md", "pay-04_Basic_Design.md"],
        ["search-16_Release_Procedure.md", "search-04_Basic_Design.md"]]


@pytest.mark.parametrize(("name", "expected"), [
    ("payments-16_Release_Procedure.md", "payments"),
    ("Payments_Operation_Design.md", "payments"),
    ("C001__04_Basic_Design.md", "c001"),
    ("16_Release_Procedure.md", ""),
    ("notes.md", ""),
])
def test_set_name(bundle: Bundle, name: str, expected: str) -> None:
    assert set_name(Path(name), bundle.vocab) == expected


def test_an_editor_buffer_is_paired_as_its_file(tmp_path: Path, bundle: Bundle) -> None:
    from opslint.lint import lint_buffer

    _write(tmp_path, {
        "payments-04_Basic_Design.md": BASIC_EN.format(stack="", rto="6 hours"),
        "search-04_Basic_Design.md": BASIC_EN.format(stack="", rto="30 minutes"),
        "payments-17_Operation_Design.md": OPERATION_EN.format(stack=""),
    })
    config = Config.model_validate({})

    def rto(name: str) -> bool:
        path = tmp_path / name
        found = lint_buffer(path, OPERATION_EN.format(stack=""), config, bundle).findings
        return any(f.rule_id == "XDOC050" and "RTO" in f.message for f in found)

    assert rto("payments-17_Operation_Design.md")
    assert not rto("search-17_Operation_Design.md")  # not saved yet: its set is search


def test_one_system_with_a_kind_twice_stays_one_set(bundle: Bundle) -> None:
    # A runbook read as an operation design beside the operation design: the folder is
    # split, products join the system, and the security design (no product named) joins
    # the folder's one set, which lacks its kind.
    stack = "ECS, Aurora and ElastiCache"
    members = _members({
        "04_Basic_Design.md": (DocKind.BASIC_DESIGN, f"# Basic design\nRuns on {stack}."),
        "17_Operation_Design.md": (DocKind.OPERATION, f"# Operation design\n{stack}."),
        "oncall-runbook.md": (DocKind.OPERATION, f"# Operations manual\nRestart {stack}."),
        "10_Security_Design.md": (DocKind.SECURITY, "# Security design\nKeys rotate yearly."),
    })
    assert _names(members, partition(members, lambda: bundle.vocab)) == [[
        "04_Basic_Design.md", "17_Operation_Design.md", "oncall-runbook.md",
        "10_Security_Design.md"]]


def test_the_result_cache_keeps_the_pairing(tmp_path: Path, bundle: Bundle) -> None:
    from opslint.cache import Cache

    root = tmp_path / "docs"
    _write(root, {
        "payments-04_Basic_Design.md": BASIC_EN.format(stack="", rto="6 hours"),
        "payments-17_Operation_Design.md": OPERATION_EN.format(stack=""),
        "search-04_Basic_Design.md": BASIC_EN.format(stack="", rto="30 minutes"),
        "search-17_Operation_Design.md": OPERATION_EN.format(stack=""),
    })
    config = Config.model_validate({})
    cache = Cache(tmp_path / "cache")
    cold = check_paths([root], config, bundle, cache=cache).findings
    warm = check_paths([root], config, bundle, cache=cache).findings
    assert warm == cold == lint_paths([root], config, bundle).findings
    # A third set name in the folder: kinds and set names come from the cache, pairing
    # is decided again.
    (root / "search-16_Release_Procedure.md").write_text("# Release procedure\n",
                                                          encoding="utf-8")
    again = check_paths([root], config, bundle, cache=cache).findings
    assert again == lint_paths([root], config, bundle).findings
