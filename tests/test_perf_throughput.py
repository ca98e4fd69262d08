"""Throughput on large documents (issue 10, fourth round), counted rather than timed.

- MON053 (``checks/mon/latency_order``) compared every latency figure with every other one:
  quadratic in the monitor rows. It now compares a figure only with those that may share
  its subject; the comparisons are counted for N and 2N rows.
- The whole-document readers of the extract stage (legend, disposable stores, DR
  strategies, error budgets, SLO exclusions) each cut the document into units; they now
  share one cut per document (``facts/text.units``).
- One alternation search before the per-pattern and per-term scans (placeholder spans,
  ``Terms.find``, the backup objectives' terms, ``find_part``): checked equal to the scans
  without it on the example documents.
- Second round: readings several rules share are read once per document (the incident
  levels and response flow, the SLO scope, targets and latency texts; the threshold
  verdicts take the thresholds the monitor facts hold), pattern alternations are looked up
  by identity, and plain inline text skips markdown-it's inline state (token-identical).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from opslint.checks.bdr import objectives as bdr_objectives
from opslint.checks.mon import latency_order
from opslint.checks.shared import text as shared_text
from opslint.config import Config
from opslint.document.model import DocKind, Document
from opslint.facts import text as facts_text
from opslint.facts.parts import find_part, parts_of, unit_has
from opslint.facts.text import Terms
from opslint.facts.units import doc_units
from opslint.lint import Bundle, document_from_text, lint_documents
from tests.conftest import CountCalls, skip_unless_checked_markdown_it

EXAMPLES = Path(__file__).parents[1] / "examples"
HEADER = ("| 監視ID | 対象 | 項目 | 閾値 | 通知レベル | アクション | SLI |\n"
          "|---|---|---|---|---|---|---|\n")
TAIL = "| Warning | 当番が確認 | 応答時間 |\n"


def _monitor_doc(bundle: Bundle, rows: int) -> Document:
    """An operation design whose monitor table has ``rows`` latency rows on distinct
    targets, plus two rows on one target out of percentile order (p95 slower than p99)."""
    # Half p95 at 900 ms, half p99 at 500 ms: out of order pairwise, but on other targets.
    body = "".join(f"| LT-{n:04d} | 決済API-{n} | 応答時間 p{95 + 4 * (n % 2)} | "
                   f"p{95 + 4 * (n % 2)} > {900 - 400 * (n % 2)}ms が 5分継続 "
                   f"{TAIL}" for n in range(rows))
    body += (f"| LT-A | 受付API | 応答時間 p95 | p95 > 900ms が 5分継続 {TAIL}"
             f"| LT-B | 受付API | 応答時間 p99 | p99 > 600ms が 5分継続 {TAIL}")
    text = f"# 運用設計書\n\n## 1. 監視\n\n### 1.1 監視項目\n\n{HEADER}{body}"
    return document_from_text(text, Path("17_Operation_Design.md"), bundle, Config(),
                              DocKind.OPERATION)


def _lint(bundle: Bundle, doc: Document) -> list[Any]:
    return list(lint_documents([doc], [], Config(), bundle).findings)


def test_latency_order_compares_only_figures_that_may_share_a_subject(
        bundle: Bundle, count_calls: CountCalls) -> None:
    calls = count_calls(latency_order, "_same_subject")
    counted = []
    for rows in (200, 400):
        calls.clear()
        findings = _lint(bundle, _monitor_doc(bundle, rows))
        counted.append(calls["_same_subject"])
        order = [f for f in findings if f.rule_id == "MON053"]
        assert len(order) == 1, order  # the pair on one target, and nothing else
    # Every pair was compared before: 200 rows made 10,000 comparisons, 400 rows 40,000.
    assert counted[1] <= 2 * counted[0] + 10, counted


def test_extractors_cut_the_whole_document_once(bundle: Bundle,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = EXAMPLES / "ja" / "clean" / "17_Operation_Design.md"
    doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, None,
                             DocKind.OPERATION)
    cuts: Counter[bool] = Counter()
    real = facts_text.section_units

    def counting(scope: Any, **kwargs: Any) -> Any:
        if scope is doc:
            cuts[kwargs["titles"]] += 1
        return real(scope, **kwargs)

    monkeypatch.setattr(facts_text, "section_units", counting)
    _lint(bundle, doc)
    # The legend, disposable stores, DR strategies, error budgets and SLO exclusion each
    # cut it before.
    assert cuts and max(cuts.values()) == 1, cuts


def _spans_one_by_one(patterns: Any, text: str) -> list[tuple[int, int]]:
    found = sorted({m.span("word" if "word" in p.groupindex else 0) for p in patterns
                    for m in p.finditer(text) if m.end() > m.start()},
                   key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int]] = []
    for start, end in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _example_lines() -> list[str]:
    lines = [line for path in sorted(EXAMPLES.glob("*/*/*.md"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    made = ["担当: TBD（未定）", "v X.Y.Z を 20XX-MM-DD HH:MM に", "［名前］さん", "to be decided",
            "ＴＢＤ", "XX分で完了", "（手順を記述してください）", "○○ 様", "??? 件"]
    return [*lines, *made]


def test_placeholder_spans_equal_the_scan_pattern_by_pattern(bundle: Bundle) -> None:
    data = bundle.vocab.terms["placeholders"]["patterns"]
    families = [[re.compile(p) for p in patterns] for patterns in data.values()]
    families.append([p for family in families for p in family])
    lines = [shared_text.fold(line).text for line in _example_lines()]
    for patterns in families:
        for line in lines:
            assert shared_text.spans(patterns, line) == _spans_one_by_one(patterns, line), line
    # The whole set of families joins into one prefilter (else it would save nothing).
    assert shared_text._either(tuple(families[-1])) is not None


def test_joining_patterns_refuses_what_it_cannot_keep_apart() -> None:
    assert shared_text._either((re.compile(r"(a)\1"), re.compile("b"))) is None
    assert shared_text._either((re.compile("(?P<word>a)"), re.compile("(?P<word>b)"))) is None
    joined = shared_text._either((re.compile("(?i)abc"), re.compile("XYZ")))
    assert joined is not None
    assert joined.search("ABC") and not joined.search("xyz")


def test_terms_find_equals_the_scan_term_by_term(bundle: Bundle) -> None:
    terms = Terms(bundle.vocab)
    keys = [k for k, v in bundle.vocab.terms["facts"].items()
            if isinstance(v, list) and all(isinstance(t, str) for t in v)]
    assert keys
    for line in _example_lines()[::3]:
        folded = line.casefold()
        for key in keys:
            expected = sorted(m.span() for t in terms(key)
                              for m in facts_text._pattern(t).finditer(
                                  facts_text.unicodedata.normalize("NFKC", folded).casefold()))
            assert terms.find(folded, key) == expected, (key, line)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_find_part_equals_testing_each_unit(bundle: Bundle, lang: str) -> None:
    units = [u for path in sorted((EXAMPLES / lang).glob("*/*.md"))
             for u in doc_units(document_from_text(path.read_text(encoding="utf-8"), path,
                                                   bundle, None, DocKind.OPERATION))]
    stems = [s for s in ("incident", "monitoring", "backup", "routine")
             if isinstance(bundle.vocab.terms.get(s, {}).get("parts"), dict)]
    assert stems
    for stem in stems:
        for part in parts_of(bundle.vocab, stem).values():
            expected = next((u for u in units if unit_has(u, part)), None)
            assert find_part(units, part) is expected


def test_backup_objective_terms_equal_the_scan_term_by_term(bundle: Bundle) -> None:
    from opslint.checks.bdr.backup import backup_vocab
    from opslint.engine.context import CheckContext
    from opslint.lint import extract_model

    path = EXAMPLES / "ja" / "clean" / "17_Operation_Design.md"
    doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, None,
                             DocKind.OPERATION)
    bv = backup_vocab(CheckContext(doc, extract_model([doc], [], bundle)))
    for line in _example_lines():
        norm = facts_text.normalize(line)
        expected = sorted({(m.start(), m.end(), key) for key, p in
                           bdr_objectives._term_patterns(bv) for m in p.finditer(norm)})
        assert bdr_objectives._occurrences(norm, bv) == expected


def test_two_rules_share_one_reading_of_the_monitor_rows(bundle: Bundle,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from opslint.checks.mon import alerts, rows

    judged = statements = 0
    real_judge, real_statements = rows.judge_threshold, alerts._level_statements

    def judge(row: Any, vocab: Any, *facts: Any) -> Any:
        nonlocal judged
        judged += 1
        return real_judge(row, vocab, *facts)

    def read(ctx: Any) -> Any:
        nonlocal statements
        statements += 1
        return real_statements(ctx)

    monkeypatch.setattr(rows, "judge_threshold", judge)
    monkeypatch.setattr(alerts, "_level_statements", read)
    doc = _monitor_doc(bundle, 30)
    _lint(bundle, doc)
    # Each row's threshold judged once (vague and incomplete read the same verdicts), the
    # level statements read once (info pages and level channels).
    assert judged == 32
    assert statements == 1


def _clean_operation(bundle: Bundle, lang: str = "ja") -> Document:
    path = EXAMPLES / lang / "clean" / "17_Operation_Design.md"
    return document_from_text(path.read_text(encoding="utf-8"), path, bundle, None,
                              DocKind.OPERATION)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_incident_and_slo_rules_share_their_readings(bundle: Bundle, lang: str,
                                                     count_calls: CountCalls) -> None:
    from opslint.checks.inc import flow, severity
    from opslint.checks.slo import sli

    count_calls(severity, "severity_levels")
    count_calls(sli, "slo_units")
    calls = count_calls(flow, "_all_sequences")
    doc = _clean_operation(bundle, lang)
    _lint(bundle, doc)
    # Four incident rules read the defined levels (once, not four times), two the response
    # flow; a dozen SLO rules read the SLO scope, once per kind of mention (SLIs only, SLIs
    # and SLOs).
    assert calls["severity_levels"] == 1, calls
    assert calls["slo_units"] == 2, calls
    assert calls["_all_sequences"] == 1, calls  # the response flow: two rules


_INLINE_SAMPLES = (
    "", "plain words", "平文のセル", "a | b", "5分", "tab\there", "x\ny", "p95 > 900ms",
    "`code`", "**bold**", "[link](http://example.com)", "a_b", "50%", "a:b", "trailing  ",
    "&amp;", "back\\slash", "<b>tag</b>", "~~strike~~", "100 ms", "①②", "ｆｕｌｌ", "a-b",
)


def test_plain_inline_text_reads_as_markdown_it_reads_it() -> None:
    from markdown_it.token import Token

    from opslint.document import parse

    def tokens(text: str, fast: bool) -> list[tuple[Any, ...]]:
        children: list[Token] = []
        if fast:
            inline = Token("inline", "", 0, content=text)
            parse._parse_inlines(parse.StateCore("", parse._inline_parser(), {}, [inline]))
            children = inline.children or []
        else:
            md = parse._inline_parser()
            md.inline.parse(text, md, {}, children)
        return [(t.type, t.tag, t.nesting, t.level, t.content, t.markup, t.attrs, t.map,
                 t.children) for t in children]

    skip_unless_checked_markdown_it()  # else the shortcut is off: nothing to compare
    assert parse._simple_inline_known()  # the installed markdown-it-py is understood
    for text in _INLINE_SAMPLES:
        assert tokens(text, True) == tokens(text, False), text


def test_threshold_verdicts_take_the_thresholds_the_monitor_facts_hold(
        bundle: Bundle, count_calls: CountCalls) -> None:
    from opslint.checks.mon import rows

    calls = count_calls(rows, "find_thresholds")
    doc = _monitor_doc(bundle, 30)
    findings = _lint(bundle, doc)
    assert [f for f in findings if f.rule_id == "MON053"]
    # The 32 rows' thresholds were read by the monitor facts already; the verdicts reuse them.
    assert calls["find_thresholds"] == 0


def test_pattern_alternations_are_looked_up_by_identity(bundle: Bundle,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    joined: Counter[int] = Counter()
    real = shared_text._joined

    def counting(patterns: Any) -> Any:
        joined[len(patterns)] += 1
        return real(patterns)

    monkeypatch.setattr(shared_text, "_joined", counting)
    monkeypatch.setattr(shared_text, "_BY_IDENTITY", {})
    _lint(bundle, _clean_operation(bundle))
    # One look-up by value per rule and pattern tuple, not one per line (a compiled
    # pattern's hash reads its whole program).
    assert 0 < sum(joined.values()) <= 40, joined
    first, second = (re.compile("a"), re.compile("b")), (re.compile("c"), re.compile("d"))
    assert shared_text.spans(first, "xa cb") == [(1, 2), (4, 5)]
    assert shared_text.spans(second, "xa cb") == [(3, 4)]
