"""The release and operation readings do less work (issue 10, sixth round), counted rather
than timed; each prefilter is checked equal to the scan it spares.

- A quantity finder whose patterns all need a digit reads a digitless text without running
  them (``_Norm.digitless``); a T-offset needs a sign, a relative one 前 or 後, a clock its
  colon or 時.
- A frequency's keyword cues are searched as one alternation first, and a frequency is read
  once per distinct text.
- The times of a text without a spaced "21 時 00 分" are read without squeezing it.
- The recovery objectives search a block or table once for RTO/RPO before cutting its
  sentences or rows.
- A number starts with its first digit, its lookbehinds after it (``quantities/patterns``
  ``_NUM``): every finder's pattern matches as the lookbehind-first form did.
- The release header fields are one reading per document; an error budget table's header,
  an audit-log list's top item and a backup bullet's label are read once or not at all.
"""

from __future__ import annotations

import re
from pathlib import Path

from opslint.checks.bdr import objectives as bdr_objectives
from opslint.checks.rel import header
from opslint.checks.shared.units import doc_units
from opslint.checks.slo import targets
from opslint.config import Config
from opslint.document.model import DocKind, Document, ListItem, Paragraph, Section, Table
from opslint.document.normalize import normalize
from opslint.facts import objectives, operation, recovery, release_time
from opslint.facts.quantities import (
    clock,
    durations,
    find_clock_times,
    find_durations,
    find_latencies,
    find_offsets,
    find_percentages,
    find_sizes,
    find_thresholds,
    find_versions,
    frequencies,
    latencies,
    parse_copy_frequency,
    parse_frequency,
    parse_window,
    patterns,
    percentages,
    sizes,
    thresholds,
)
from opslint.facts.quantities.normalise import _normalise
from opslint.facts.technology import TechIndex
from opslint.facts.text import Terms
from opslint.lint import Bundle, document_from_text
from tests.conftest import CORPUS, CountCalls, lint_text

EXAMPLES = Path(__file__).parent.parent / "examples"
_KINDS = {"16_Release_Procedure.md": DocKind.RELEASE, "17_Operation_Design.md": DocKind.OPERATION}


def _lines() -> list[str]:
    found: list[str] = []
    for lang in ("ja", "en"):
        for folder in ("clean", "defects"):
            for path in sorted((EXAMPLES / lang / folder).glob("*.md")):
                found += path.read_text(encoding="utf-8").splitlines()
    # Forms the gates must not miss: digits NFKC makes (full width, circled, superscript),
    # offsets, relative times, spaced clocks, frequency words in any case.
    found += ["①時間", "２４時間", "T－30分", "T+00:10", "30分前", "1時間後", "21 時 00 分",
              "EVERY DAY", "Rate(5m)", "毎日", "pitr", "Continuous replication", "x²"]
    return found


def _doc(bundle: Bundle, lang: str, name: str) -> Document:
    path = EXAMPLES / lang / "clean" / name
    return document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config(),
                              _KINDS[name])


def test_digitless_texts_hold_no_number_a_finder_reads() -> None:
    digitless = [t for t in _lines() if _normalise(t).digitless]
    assert len(digitless) > 200
    for text in digitless:
        norm = _normalise(text).text
        assert not list(durations._scan_durations(norm)), text
        assert not clock._clocks(norm), text
        assert not [*clock._t_offsets(norm), *clock._sign_offsets(norm),
                    *clock._relative_offsets(norm)], text
    assert _normalise("①時間").digitless is False  # NFKC makes the digit: read as before
    assert find_durations("①時間")


def test_finders_skip_digitless_texts(count_calls: CountCalls) -> None:
    calls = count_calls(durations, "_scan_durations")
    count_calls(clock, "_clocks")
    count_calls(clock, "_relative_offsets")
    count_calls(clock, "_t_offsets")
    texts = ["切り戻し判断はリリース責任者が行う", "The on-call engineer decides", "ＤＢ移行"]
    for text in texts:
        assert not find_durations(text) and not find_clock_times(text)
        assert not find_offsets(text) and parse_window(text) is None
        assert not find_thresholds(text) and not find_latencies(text)
        assert not find_versions(text) and not find_sizes(text)
        assert not find_percentages(text)
    assert sum(calls.values()) == 0
    # A number without a sign, 前 or 後 runs no offset scan; with them, the one it needs.
    assert not find_offsets("所要 15分")
    assert calls["_t_offsets"] == calls["_relative_offsets"] == 0
    assert find_offsets("作業開始の 30分前")
    assert calls == {"_relative_offsets": 1}
    assert find_percentages("three nines")  # no digit, still a percentage


def test_frequency_cue_alternation_matches_where_a_cue_does() -> None:
    cues = [p for p, _ in (*frequencies._FREQ_WORDS, *frequencies._FREQ_MODES)]
    texts = [_normalise(t).text for t in _lines()]
    hits = 0
    for text in texts:
        each = any(p.search(text) for p in cues)
        assert (frequencies._ANY_CUE.search(text) is not None) == each, text
        hits += each
    assert hits > 20


def test_explicit_frequencies_read_as_before() -> None:
    for text in (_normalise(t).text for t in _lines()):
        every = [*frequencies._EVERY.finditer(text), *frequencies._PER_UNIT.finditer(text),
                 *frequencies._TIMES_PER.finditer(text)]
        spans = sorted((f.start, f.end) for f in frequencies._explicit_freqs(text))
        assert spans == sorted(m.span() for m in every), text


def test_a_frequency_is_read_once_per_text(count_calls: CountCalls) -> None:
    frequencies._parse.cache_clear()
    calls = count_calls(frequencies, "_normalise")
    for _ in range(3):
        assert parse_frequency("毎日 02:00 にフルバックアップ") is not None
        assert parse_copy_frequency("毎日 02:00 にフルバックアップ") is not None
    assert calls["_normalise"] == 2  # once per picker, not once per call


def test_times_of_an_unspaced_text_are_read_without_squeezing(
        bundle: Bundle, count_calls: CountCalls) -> None:
    bundle.vocab._compiled.pop("release:time_points", None)
    calls = count_calls(release_time, "squeezed")
    points = release_time.time_points("T+00:10 作業開始 23:40 JST", bundle.vocab)
    assert [p.text for p in points] == ["T+00:10", "23:40"]
    assert calls["squeezed"] == 0
    spaced = release_time.time_points("21 時 00 分 開始", bundle.vocab)
    assert [p.text for p in spaced] == ["21 時 00 分"] and calls["squeezed"] == 1
    assert release_time.squeezed("abc") == ("abc", [0, 1, 2, 3])


def test_objectives_cut_only_blocks_that_name_them(bundle: Bundle,
                                                   count_calls: CountCalls) -> None:
    terms = Terms(bundle.vocab)
    calls = count_calls(objectives, "sentences")
    count_calls(objectives, "_row_objectives")
    for lang in ("ja", "en"):
        doc = _doc(bundle, lang, "17_Operation_Design.md")
        calls.clear()
        assert objectives.objectives(doc, bundle.vocab)
        blocks = [b for s in doc.root.walk() for b in s.blocks]
        prose = [b for b in blocks if isinstance(b, (Paragraph, ListItem))]
        naming = [b for b in prose if terms.find(b.text, "rto") or terms.find(b.text, "rpo")]
        assert calls["sentences"] == len(naming) < len(prose) / 4
        rows = sum(len(t.rows) for t in blocks if isinstance(t, Table))
        assert calls["_row_objectives"] <= rows / 4


def test_names_objective_in_a_joined_text_iff_in_a_part(bundle: Bundle) -> None:
    terms = Terms(bundle.vocab)
    lines = _lines()
    for start in range(0, len(lines) - 3, 3):
        parts = lines[start : start + 3]
        whole = objectives._names_objective("\n".join(parts), terms)
        if any(objectives._names_objective(p, terms) for p in parts):
            assert whole, parts


def test_error_budgets_read_each_tables_header_once(bundle: Bundle,
                                                    count_calls: CountCalls) -> None:
    calls = count_calls(operation, "_budget_column")
    for lang in ("ja", "en"):
        doc = _doc(bundle, lang, "17_Operation_Design.md")
        calls.clear()
        assert operation.error_budgets(doc, bundle.vocab)
        tables = [b for s in doc.root.walk() for b in s.blocks if isinstance(b, Table)]
        assert 0 < calls["_budget_column"] <= len(tables)


def test_release_header_fields_are_read_once_per_document(
        bundle: Bundle, count_calls: CountCalls) -> None:
    path = EXAMPLES / "ja" / "defects" / "16_Release_Procedure.md"
    text = path.read_text(encoding="utf-8")
    before = lint_text(bundle, text, DocKind.RELEASE, select=("REL004", "REL005"))
    calls = count_calls(header, "_scope")
    # Three fields, two rules: one cut of the header scope and one label read per unit.
    assert lint_text(bundle, text, DocKind.RELEASE, select=("REL004", "REL005")) == before
    assert calls["_scope"] == 1


def test_slo_target_rows_find_their_header_without_a_search(bundle: Bundle) -> None:
    doc = _doc(bundle, "ja", "17_Operation_Design.md")
    rows = [u for u in doc_units(doc) if u.row is not None]
    assert rows
    for unit in rows:
        header = targets._header_of(unit)
        searched = next((" ".join(b.header) for b in unit.section.blocks
                         if isinstance(b, Table) and any(r.line == unit.line for r in b.rows)),
                        "")
        assert header == searched


def _old_listed_items(section: Section, terms: Terms) -> list[int]:
    """recovery._listed_items before it read top items lazily (the lines it yields)."""
    found: list[int] = []
    lead = parent = False
    for block in section.blocks:
        if isinstance(block, ListItem):
            if block.depth == 0:
                parent = terms.has(normalize(block.text), "audit_log")
            if lead or (block.depth and parent):
                found.append(block.line)
        else:
            lead = isinstance(block, Paragraph) and terms.has(
                normalize(block.text), "audit_log") and bool(recovery._LEAD_IN.search(block.text))
    return found


_AUDIT = """# 運用設計書

## ログ

監査ログは以下のとおり保存する:

- Auth0 テナントログ: 1年
- CloudTrail: 7年

- 監査ログ
  - DB 監査: 400日
  - 操作ログ: 90日
- アプリログ
  - アクセスログ: 30日

Audit logs are kept as follows.

- pgaudit: 1 year
"""


def test_audit_log_lists_read_top_items_only_when_items_nest(
        bundle: Bundle, count_calls: CountCalls) -> None:
    terms = Terms(bundle.vocab)
    docs = [_doc(bundle, lang, "17_Operation_Design.md") for lang in ("ja", "en")]
    docs.append(document_from_text(_AUDIT, Path("ops.md"), bundle, Config(),
                                   DocKind.OPERATION))
    calls = count_calls(recovery, "normalize")
    for doc in docs:
        for section in doc.sections():
            calls.clear()
            lines = [u.line for u in recovery._listed_items(section, terms)]
            assert lines == _old_listed_items(section, terms)
            nested = sum(1 for a, b in zip(section.blocks, section.blocks[1:], strict=False)
                         if isinstance(a, ListItem) and isinstance(b, ListItem)
                         and b.depth > a.depth)
            paragraphs = sum(isinstance(b, Paragraph) for b in section.blocks)
            assert calls["normalize"] <= nested + paragraphs
    last = list(docs[-1].sections())[-1]
    assert len(list(recovery._listed_items(last, terms))) > 4  # the lists are read


def test_backup_lists_read_labels_of_top_items_and_backup_lines_only(
        bundle: Bundle, count_calls: CountCalls) -> None:
    terms = Terms(bundle.vocab)
    index = TechIndex.from_vocab(bundle.vocab)
    calls = count_calls(recovery, "label_value")
    for lang in ("ja", "en"):
        doc = _doc(bundle, lang, "17_Operation_Design.md")
        for section in doc.sections():
            calls.clear()
            list(recovery._list_backups(section, terms, index))
            items = [b for b in section.blocks if isinstance(b, ListItem)]
            read = [b for b in items if b.depth == 0 or parse_frequency(b.text) is not None]
            assert calls["label_value"] == len(read)


def test_objective_units_skip_excluded_sections_as_before(bundle: Bundle) -> None:
    # The units naming an objective, found in the units' texts joined (``_named_units``),
    # are the units each searched alone, less those in an excluded section; a pattern that
    # matches nearly every unit and one that reads the NUL between texts test the rest.
    from opslint.checks.bdr.backup import backup_vocab
    from opslint.engine.context import CheckContext
    from opslint.facts.semantic import SemanticModel

    for lang in ("ja", "en"):
        doc = _doc(bundle, lang, "17_Operation_Design.md")
        ctx = CheckContext(doc, SemanticModel.of([doc], bundle.vocab))
        either = bdr_objectives._any_term(backup_vocab(ctx))
        assert either is not None
        sections = list(doc.sections())
        for pattern in (either, re.compile(r"[a-z\u3040-\u30ff]"), re.compile("(?<!\0)rto")):
            for excluded in ([], sections[2:3], [sections[1], *sections[1].walk()],
                             sections[3::4], sections[-2:]):
                kept = [u.line for u in bdr_objectives._named_units(doc, excluded, pattern)]
                assert kept == [u.line for u in doc_units(doc) if pattern.search(u.norm)
                                and not any(s.line <= u.line <= s.end_line for s in excluded)]
                assert kept or pattern is not either or excluded


# The number pattern with its lookbehinds first, as it was: every pattern built with the
# new form must match where and as the old one does.
_NUM_LOOKBEHIND_FIRST = r"(?<![\d.])(?<!\d,)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d|\.\d)"


def _number_patterns() -> list[re.Pattern[str]]:
    found = [durations._DUR_PIECE, durations._DUR_NEXT, durations._RANGE_HEAD,
             percentages._PCT, sizes._SIZE, latencies._LATENCY, frequencies._EVERY,
             frequencies._PER_UNIT, frequencies._TIMES_PER]
    found += [thresholds._patterns().pre, thresholds._patterns().post,
              *thresholds._patterns().eq]
    return found


def test_number_first_patterns_match_as_the_lookbehind_first_ones() -> None:
    texts = [_normalise(t).text for t in _lines()]
    corpus = CORPUS
    if corpus.is_dir():  # the real corpus where present; the examples always
        for path in sorted(corpus.glob("*.md"))[:20]:
            texts += [_normalise(t).text for t in path.read_text(encoding="utf-8").splitlines()]
    texts += ["1,500分", "1,50分", "x,12時間", "12,345,678秒", ".5分", "1.5.3分", ",5分",
              "v1.2 3日", "5〜10分", "99.95%", "> 80% が 5分継続", "every 15 minutes", "1日2回"]
    matched = 0
    for pattern in _number_patterns():
        assert patterns._NUM in pattern.pattern
        old = re.compile(pattern.pattern.replace(patterns._NUM, _NUM_LOOKBEHIND_FIRST),
                         pattern.flags)
        for text in texts:
            new_found = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
            assert new_found == [(m.span(), m.groupdict()) for m in old.finditer(text)], text
            matched += len(new_found)
            for start in range(1, min(len(text), 12)):  # searches from inside a text
                here, there = pattern.search(text, start), old.search(text, start)
                assert (here and here.span()) == (there and there.span()), (text, start)
    assert matched > 1000



def test_rebuilt_prose_looks_up_products_only_in_lines_with_both_cues(
        bundle: Bundle, count_calls: CountCalls) -> None:
    terms = Terms(bundle.vocab)
    index = TechIndex.from_vocab(bundle.vocab)
    calls = count_calls(index, "find")
    rebuilt = "EKS クラスタは状態を持たず、Terraform から再構築する。"
    counts = []
    others = ["RDS は日次でスナップショットを取得する。", "Aurora は PITR。"]
    for lines in ([rebuilt], [rebuilt, *others]):
        text = "# 運用設計書\n\n## バックアップ\n\n" + "\n\n".join(lines) + "\n"
        doc = document_from_text(text, Path("ops.md"), bundle, Config(), DocKind.OPERATION)
        calls.clear()
        found = list(recovery._rebuilt_prose(list(doc.sections())[-1], terms, index))
        assert [b.rebuilt for b in found] == [True]
        counts.append(calls["find"])
    assert counts[0] == counts[1] > 0  # the lines without the cues look up no product


def test_an_slo_window_is_read_once_per_text(bundle: Bundle, count_calls: CountCalls) -> None:
    bundle.vocab._compiled.pop("slo:window_class", None)
    calls = count_calls(targets, "_window_class")
    for _ in range(3):
        assert targets.window_class("可用性 99.9%（30日間ローリング）", bundle.vocab) == "explicit"
        assert targets.window_class("月間稼働率 99.9%", bundle.vocab) == "month"
    assert calls["_window_class"] == 2


def _tables(bundle: Bundle) -> list[Table]:
    docs = [_doc(bundle, lang, "17_Operation_Design.md") for lang in ("ja", "en")]
    corpus = CORPUS
    for path in sorted(corpus.glob("*_Operation_Design.md"))[:15] if corpus.is_dir() else []:
        docs.append(document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config(),
                                       DocKind.OPERATION))
    return [b for d in docs for s in d.root.walk() for b in s.blocks if isinstance(b, Table)]


def test_objective_rows_are_found_as_by_reading_every_row(bundle: Bundle) -> None:
    terms = Terms(bundle.vocab)
    tables = _tables(bundle)
    named = 0
    for table in tables:
        texts = [" | ".join(r.cells) for r in table.rows]
        every = [i for i, t in enumerate(texts) if objectives._names_objective(t, terms)]
        candidates = list(objectives._candidate_rows(texts, terms))
        assert set(every) <= set(candidates)
        assert len(candidates) <= len(every) * 2 + 1
        named += len(every)
        # Rows spliced into other tables' rows: the spans still locate them.
        mixed = [*texts, "RTO 4時間", "ﬁﬁ ㍻ | x", *texts[:3], "ﬁﬁﬁ | ＲＰＯ 1時間",
                 "RPO：15分 | x"]
        found = [i for i, t in enumerate(mixed) if objectives._names_objective(t, terms)]
        assert set(found) <= set(objectives._candidate_rows(mixed, terms))
    assert named > 3 and len(tables) > 20
