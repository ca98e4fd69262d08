"""Monitoring and severity readings on huge monitor tables (issue 10, seventh round), counted,
never timed: per-row work done once per table, once per distinct cell, or not at all.

The document is the clean Japanese operation design with N more rows in its monitor table,
each keyed by its own ID ("W-0001") and naming its own target, as the 50,000-row table does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opslint.document.model import DocKind, Document
from opslint.facts import labels, monitoring, severity_scales
from opslint.facts.technology import TechIndex
from opslint.lint import Bundle, document_from_text
from tests.conftest import CountCalls

OPERATION = Path(__file__).parents[1] / "examples" / "ja" / "clean" / "17_Operation_Design.md"
HEADER = "| 監視ID | 対象 | 項目 | 閾値 | 通知レベル | アクション | SLI |\n| -- |"
ROWS = 300


def _with_rows(bundle: Bundle, rows: int, prefix: str = "W") -> Document:
    text = OPERATION.read_text(encoding="utf-8")
    start = text.index(HEADER)
    after = text.index("\n", text.index("\n", start) + 1) + 1
    extra = "".join(f"| {prefix}-{n:04d} | 夜間ジョブ {n} | 終了遅延 | 未定 | Warning "
                    "| 担当者に連絡 | - |\n" for n in range(rows))
    return document_from_text(text[:after] + extra + text[after:], Path("17.md"), bundle, None,
                              DocKind.OPERATION)


def test_monitors_are_built_with_their_levels_not_rebuilt(
        bundle: Bundle, count_calls: CountCalls) -> None:
    """Each monitor row is built once with its level name and channels: no copy of every
    monitor (``dataclasses.replace``) to add them afterwards."""
    doc = _with_rows(bundle, ROWS)
    legend = dict(monitoring.level_legend(doc))
    calls = count_calls(monitoring, "replace")
    count_calls(monitoring, "level_name")
    found = monitoring.monitors(doc, bundle.vocab, legend, TechIndex.from_vocab(bundle.vocab))
    assert len(found) > ROWS
    assert calls["replace"] == 0
    assert calls["level_name"] < 10  # once per distinct level cell, not per row
    added = [m for m in found if m.id.startswith("W-")]
    assert {m.level_name for m in added} == {"warning"}


def test_a_label_with_no_level_word_is_searched_once(
        bundle: Bundle, count_calls: CountCalls) -> None:
    """The alert levels read every row of the monitoring chapter as a routing label: a
    monitor's ID ("W-0001") holds no level word, found by one search of every level's words,
    not one search per level."""
    doc = _with_rows(bundle, ROWS)
    monitoring.level_legend(doc)
    calls = count_calls(monitoring, "contains_any")
    levels = monitoring.alert_levels(doc, bundle.vocab, TechIndex.from_vocab(bundle.vocab))
    assert levels
    assert ROWS <= calls["contains_any"] < 2 * ROWS  # was three per row


def test_table_rows_name_their_scales_without_listing_every_label(
        bundle: Bundle, count_calls: CountCalls) -> None:
    """A table row maps the scales it names onto each other: only which scales it names
    matters, so its labels are not listed and sorted (``_labels``) row by row: more rows
    make no more listings."""
    calls = count_calls(severity_scales, "_labels")
    listed = []
    for rows in (ROWS, 2 * ROWS):
        doc = _with_rows(bundle, rows)
        calls.clear()
        assert severity_scales.severity_scales(doc, bundle.vocab).used
        listed.append(calls["_labels"])
    assert listed[0] == listed[1]  # was one more listing per row


def test_a_text_without_marks_is_not_searched_for_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Most cells and labels carry no emphasis or code mark: stripping them is a strip()."""
    searched: list[str] = []
    real = labels._MARKUP

    class Counting:
        def sub(self, repl: str, text: str) -> str:
            searched.append(text)
            return real.sub(repl, text)

    monkeypatch.setattr(labels, "_MARKUP", Counting())
    assert labels.strip_markup("  W-0001 ") == "W-0001"
    assert labels.strip_markup("夜間ジョブ 1") == "夜間ジョブ 1"
    assert searched == []
    assert labels.strip_markup(" **`page`** ") == "page"
    assert labels.strip_markup("a*b") == "ab"
    assert searched == [" **`page`** ", "a*b"]


@pytest.mark.parametrize("text", ["", "a", " a b ", "a\u3000b\tc", "(x) y", "x（注）"])
def test_compact_names_drop_the_whitespace_a_pattern_would(text: str) -> None:
    from opslint.document.normalize import normalize
    from opslint.trace_links import _compact

    assert _compact(text) == re.sub(r"\s+", "", normalize(text))



def test_each_monitor_id_is_normalised_once_for_the_id_rules(
        bundle: Bundle, count_calls: CountCalls) -> None:
    """MON006 and MON007 read the IDs normalised with the IDs (``MONITOR_IDS``): a table of
    distinct IDs is not normalised again by each rule and again for its shape."""
    from opslint.checks.mon import table
    from opslint.config import Config
    from opslint.lint import lint_documents

    lint_documents([_with_rows(bundle, 1, "V")], [], Config(), bundle)  # the other cells
    calls = count_calls(table, "normalize")
    counted = []
    for rows, prefix in ((ROWS, "A"), (2 * ROWS, "B")):  # IDs not read before
        doc = _with_rows(bundle, rows, prefix)
        calls.clear()
        lint_documents([doc], [], Config(), bundle)
        counted.append(calls["normalize"])
    # Each added ID: once to see whether it is blank, once for the rules; was four times.
    assert counted[1] - counted[0] == 2 * ROWS


def test_kinds_are_searched_once_for_every_monitor(
        bundle: Bundle, count_calls: CountCalls) -> None:
    """Whether a monitor watches a kind of signal is answered for every monitor at once:
    the kind's terms are searched over the monitors' texts joined, not once per monitor,
    with the answers a search of each text gives."""
    from opslint import trace_watch
    from opslint.facts.extract import extract_facts
    from opslint.trace_links import Tracer, link_monitor, sli_refs

    doc = _with_rows(bundle, ROWS)
    facts = extract_facts(doc, bundle.vocab)
    tracer = Tracer(bundle.vocab)
    refs = sli_refs(doc, facts, tracer)
    links = [link_monitor(m, refs, tracer) for m in facts.operation.monitors]
    calls = count_calls(trace_watch, "_texts_matching")
    seen = [trace_watch.watching(ref, links, refs, tracer) for ref in refs]
    assert any(seen)
    assert 0 < calls["_texts_matching"] <= 3  # latency (terms, percentiles) and ratio
    watched = trace_watch.watched(links, tracer)
    ratio = watched.of_kind("availability")
    assert watched.of_kind("error_rate") is ratio
    from opslint.document.normalize import contains_any

    terms = tracer.terms
    every = (*terms("sli_availability"), *terms("sli_error_rate"), *terms("burn_rate"))
    assert ratio == [contains_any(t, every) for t in watched.texts]
    assert any(ratio) and not all(ratio)


@pytest.mark.parametrize("pattern", [r"5xx|error(?![a-z0-9])", r"(?<![a-z0-9])p99", r"x?",
                                     r"rate[\s_-]*limit"])
def test_texts_matching_answers_as_one_search_per_text(pattern: str) -> None:
    from opslint.trace_watch import _texts_matching

    texts = ["", "5xx rate", "p99", "ap99", "error", "errors", "rate", "limit", "x", "",
             "rate limit", "rate-limit", "rate_limit"]
    compiled = re.compile(pattern)
    expected = [compiled.search(t) is not None for t in texts]
    assert _texts_matching(texts, compiled) == expected
    assert _texts_matching([*texts, "a\x00b"], compiled) == [
        *expected, compiled.search("a\x00b") is not None]
    assert _texts_matching(texts, None) == [False] * len(texts)


def test_level_labels_are_matched_with_patterns_compiled_once(
        bundle: Bundle, count_calls: CountCalls) -> None:
    """BDR tries a severity label on the first cell of every row of every table: each label
    pattern is compiled once, not looked up in ``re``'s cache by its text on every call."""
    from opslint.checks.shared.severity import level_label
    from opslint.checks.shared.vocab_models import IncidentVocab

    vocab = IncidentVocab.model_validate(bundle.vocab.terms["incident"]).severity
    assert level_label("Sev-1", vocab, weak=False) is not None
    assert level_label("W-0000", vocab, weak=True) is None  # every pattern compiled by now
    calls = count_calls(re, "match")
    count_calls(re, "compile")
    found = [level_label(f"W-{n:04d}", vocab, weak=True) for n in range(ROWS)]
    assert found == [None] * ROWS
    assert level_label("Sev-2 (High)", vocab, weak=False, whole=True) is not None
    assert calls["match"] == 0
    assert calls["compile"] == 0
