"""`opslint trace`: the SLI → SLO → monitor → alert → channel → action matrix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from opslint.cli import cli
from opslint.config import Config
from opslint.lint import Bundle, extract_model, read_documents
from opslint.trace import Trace, build_trace
from tests.conftest import CORPUS, ROOT

EXAMPLES = ROOT / "examples"


def _trace(bundle: Bundle, path: Path, lang: str = "ja") -> Trace:
    documents = read_documents([path], Config(), bundle)
    model = extract_model(documents.targets, documents.context, bundle)
    return build_trace(model, "ja" if lang == "ja" else "en")


def test_clean_set_links_every_sli(bundle: Bundle) -> None:
    trace = _trace(bundle, EXAMPLES / "ja" / "clean")
    assert [r.sli for r in trace.rows] == ["可用性", "レイテンシ", "エラー率", "注文確定成功率"]
    assert trace.gaps.model_dump() == {"slis_without_monitor": 0, "monitors_without_sli": 0,
                                       "critical_without_paging": 0}
    rows = {r.sli: r for r in trace.rows}
    assert [m.id for m in rows["注文確定成功率"].monitors] == ["M-006", "M-029"]
    assert [s.target for s in rows["可用性"].slos] == ["99.9%"]
    first = rows["可用性"].monitors[0]
    assert (first.id, first.level, first.pages) == ("M-001", "critical", True)
    assert "PagerDuty" in first.channels
    # No monitor names the error-ratio SLI, but the 5xx burn-rate monitors watch it.
    assert rows["エラー率"].covered and all(m.inferred for m in rows["エラー率"].monitors)


def test_deliberately_unlinked_monitors_are_not_gaps(bundle: Bundle) -> None:
    trace = _trace(bundle, EXAMPLES / "en" / "clean", "en")
    unlinked = {m.id: m.sli_status for m in trace.unlinked_monitors}
    assert unlinked["M-010"] == "none"  # "Not an SLI (capacity)"
    assert trace.gaps.monitors_without_sli == 0


def test_cli_json_is_the_documented_model(bundle: Bundle) -> None:
    result = CliRunner().invoke(cli, ["trace", "--format", "json",
                                      str(EXAMPLES / "en" / "clean")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema_version"] == 1 and data["lang"] == "en"
    Trace.model_validate(data)
    assert {"sli", "kind", "evidence", "slos", "monitors", "covered"} <= set(data["rows"][0])


def test_cli_text_when_piped_is_plain(bundle: Bundle) -> None:
    result = CliRunner().invoke(cli, ["trace", "--lang", "en", str(EXAMPLES / "ja" / "clean")])
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output
    assert result.output.startswith("opslint trace — SLI → SLO → monitor")
    assert "SLIs without a monitor: 0" in result.output


def test_no_operation_design_says_so(tmp_path: Path) -> None:
    (tmp_path / "16_Release_Procedure.md").write_text("# リリース手順書\n\n## 1. リリース概要\n",
                                                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["trace", str(tmp_path)])
    assert result.exit_code == 0
    assert "運用設計書が見つかりません" in result.output


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not available")
def test_template_family_shows_its_gaps(bundle: Bundle, tmp_path: Path) -> None:
    shutil.copy(CORPUS / "C007__17_Operation_Design.md", tmp_path / "17_Operation_Design.md")
    trace = _trace(bundle, tmp_path)
    assert [r.sli for r in trace.rows] == ["成功したHTTPリクエストの割合"]
    assert not trace.rows[0].covered
    assert [s.target for s in trace.rows[0].slos] == ["99.9%"]
    # M02 is Critical and its action calls someone ("担当者へ架電").
    assert trace.gaps.critical_without_paging == 0
    assert [m.id for m in trace.unlinked_monitors] == ["M01", "M02", "M03"]


@pytest.mark.parametrize(("text", "shown"), [
    ("SLI: 5xx 以外のリクエストの割合 ≥ 99.9%", "5xx 以外のリクエストの割合"),
    ("SLI: SLI-01 checkout success 400ms", "SLI-01 checkout success"),
    ("SLO: 99.95% of HTTP 2xx", "of HTTP 2xx"),
])
def test_display_name_keeps_identifiers_and_status_classes(text: str, shown: str) -> None:
    from opslint.facts.model import Sli
    from opslint.trace_links import display_name

    assert display_name(Sli("SLI", "availability", 1, text)) == shown


RULE_FIXTURES = ROOT / "tests" / "fixtures" / "rules"


def test_slo_ids_beside_the_sli_column_link_monitors(bundle: Bundle) -> None:
    # "SLO | SLI | Target": the first column is the SLO's ID, which the monitors cite.
    trace = _trace(bundle, RULE_FIXTURES / "MON060" / "pass_slo_ids_beside_sli_en.md", "en")
    assert [r.sli for r in trace.rows] == ["Availability", "Parcel handover"]
    assert [[m.id for m in r.monitors] for r in trace.rows] == [["PL-M-01"], ["PL-M-02"]]
    assert all(not m.inferred for r in trace.rows for m in r.monitors)
    assert trace.gaps.monitors_without_sli == 0


def test_a_bare_mark_is_an_unfilled_cell(bundle: Bundle) -> None:
    trace = _trace(bundle, RULE_FIXTURES / "MON060" / "fail_bare_mark_en.md", "en")
    unlinked = {m.id: m.sli_status for m in trace.unlinked_monitors}
    assert unlinked == {"ORD-A2": "empty", "ORD-A4": "empty", "ORD-A5": "none"}


@pytest.mark.parametrize(("case", "covered"), [
    ("fail_other_objective_en.md", False),  # 99.95% over 30 days vs 0.2% over 7 days
    ("pass_complement_en.md", True),  # 99.8% and 0.2% over the same 30 days
])
def test_kind_inference_respects_the_objective_a_monitor_serves(
        bundle: Bundle, case: str, covered: bool) -> None:
    trace = _trace(bundle, RULE_FIXTURES / "MON061" / case, "en")
    rows = {r.sli: r for r in trace.rows}
    assert rows["Error ratio"].covered is covered
