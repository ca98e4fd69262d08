"""The routine and frequency readings do less work (issue 10, seventh round), counted rather
than timed; each gate is checked equal to the reading it spares.

- A frequency is read only from a text holding a word one of its cues needs
  (``frequencies._may_name_frequency``): a table's ID and name cells run no finder.
- The units elsewhere that may state routine work: a section is searched for an owner until
  one unit names one, and its heading's cadences are read once, not once per row.
- The recovery objectives ask whether a table is a severity table only of a table that
  names an objective (a monitor table's 50,000 level cells are not read for nothing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from opslint.checks.bdr import objectives as bdr_objectives
from opslint.checks.bdr.backup import BackupVocab
from opslint.checks.ops import routine_read
from opslint.checks.shared.units import scope_sections
from opslint.checks.shared.vocab_models import IncidentVocab
from opslint.config import Config
from opslint.document.model import DocKind, Document
from opslint.facts.quantities import frequencies, parse_copy_frequency, parse_frequency
from opslint.facts.quantities.normalise import _normalise
from opslint.lint import Bundle, document_from_text
from tests.conftest import CountCalls
from tests.test_perf_tables import with_rows

ROOT = Path(__file__).resolve().parent.parent

# One text per branch of every cue (keywords, modes, _EVERY, _PER_UNIT, _TIMES_PER), in the
# cases and letters the finders' (?i:) folds: the gate must pass each.
_CUES = [
    "毎分", "every minute", "毎時", "毎時間", "HOURLY", "毎日", "日次", "日毎", "毎晩", "毎朝",
    "毎夜", "デイリー", "Daily", "nightly", "once a day", "隔日", "every other day", "毎週",
    "週次",
    "ウィークリー", "weekly", "once a week", "隔週", "bi-weekly", "Biweekly", "fortnightly",
    "毎月", "月次", "月例", "マンスリー", "monthly", "once a month", "四半期", "quarterly", "半期",
    "semi-annual", "biannually", "毎年", "年次", "yearly", "annually", "once a year", "常時",
    "継続的", "連続", "24/7", "24x7", "24時間365日", "continuously", "リアルタイム", "即時",
    "real-time", "Realtime", "ポイントインタイムリカバリ", "連続アーカイブ", "アーカイブログ",
    "トランザクションログ", "PITR", "point in time", "binlogs", "archive log", "log shipping",
    "continuous archiving", "WAL アーカイブ", "wal archiving", "レプリケーション", "レプリカ",
    "ミラーリング", "同期複製", "replication", "Replicas", "mirroring", "every 5 minutes",
    "EVERY DAY", "rate(5 minutes)", "Rate(5m)", "15分ごと", "15分毎", "1日おき", "2日置き",
    "5分間隔", "10分周期", "5 min each", "5 minutes interval", "1日2回", "週に1回",
    "1時間あたり 4 回",
    # The letters (?i:) matches besides their own case: İ and ı as i, ſ as s, K as k.
    "DAİLY", "daıly", "ſemi-annual",
]


def _texts() -> list[str]:
    found = list(_CUES)
    for folder in ("examples", "tests/fixtures/sets"):
        for path in sorted((ROOT / folder).rglob("*.md")):
            found += path.read_text(encoding="utf-8").splitlines()
    return [_normalise(t).text for t in found]


def _finds(text: str) -> bool:
    return bool([*frequencies._explicit_freqs(text), *frequencies._keyword_freqs(text)])


def test_the_frequency_gate_passes_every_text_a_finder_reads() -> None:
    texts = _texts()
    read = [t for t in texts if _finds(t)]
    assert all(frequencies._may_name_frequency(t) for t in read), [
        t for t in read if not frequencies._may_name_frequency(t)]
    assert len(read) > 150
    # Not a gate that passes everything: most lines of the documents name no frequency.
    assert sum(map(frequencies._may_name_frequency, texts)) < len(texts) / 2


def test_a_cell_without_a_cue_runs_no_frequency_finder(count_calls: CountCalls) -> None:
    frequencies._parse.cache_clear()
    calls = count_calls(frequencies, "_explicit_freqs")
    count_calls(frequencies, "_keyword_freqs")
    cells = ["Q-19905 | キュー処理 19905 | 滞留件数 | TBD | Warning | 担当へ連絡 | -",
             "API-0001", "レイテンシ p99 > 800ms", "CPU 使用率 90% 以上が 5 分継続"]
    for cell in cells:
        assert parse_frequency(cell) is None and parse_copy_frequency(cell) is None
    assert sum(calls.values()) == 0
    assert parse_frequency("15分ごとに取得") is not None
    assert calls["_explicit_freqs"] == 1


def test_odd_folds_read_as_the_finders_do() -> None:
    frequency = parse_frequency("DAİLY backup")
    assert frequency is not None and frequency.interval_minutes == 1440.0
    copy = parse_copy_frequency("daıly snapshot")
    assert copy is not None and copy.interval_minutes == 1440.0


def _operation(bundle: Bundle, text: str) -> Document:
    return document_from_text(text, Path("17_Operation_Design.md"), bundle, Config(),
                              DocKind.OPERATION)


def test_elsewhere_reads_owner_and_heading_once_per_section(
        bundle: Bundle, count_calls: CountCalls, monkeypatch: pytest.MonkeyPatch) -> None:
    routine = bundle.vocab.model("routine", routine_read.RoutineVocab)
    owners = 0
    real_has_term = routine_read.has_term

    def has_term(norm: str, terms: Any) -> bool:
        nonlocal owners
        owners += terms is routine.owners
        return real_has_term(norm, terms)

    monkeypatch.setattr(routine_read, "has_term", has_term)
    calls = count_calls(routine_read, "cadences_of")
    asked = []
    for rows in (100, 200):
        doc = _operation(bundle, with_rows(rows))
        sections = scope_sections(bundle.vocab, doc, ["routine"])
        owners = 0
        calls.clear()
        found = routine_read.elsewhere_units(doc, sections, routine)
        asked.append((owners, calls["cadences_of"], len(found)))
    (owners_a, headings_a, found_a), (owners_b, headings_b, found_b) = asked
    assert found_a == found_b  # the rows added state no cadence
    assert owners_b == owners_a and headings_b == headings_a  # not one more per row


def test_only_a_table_naming_an_objective_is_read_for_severity_labels(
        bundle: Bundle, count_calls: CountCalls) -> None:
    rows = "".join(f"| Q-{n:05d} | キュー処理 {n} | 滞留件数 | Warning |\n" for n in range(300))
    text = ("# 運用設計書\n\n## 1. 監視\n\n| ID | 対象 | 項目 | レベル |\n| -- | -- | -- | -- |\n"
            f"{rows}\n## 2. バックアップ\n\nRTO は 1時間、RPO は 5分とする。\n")
    doc = _operation(bundle, text)
    calls = count_calls(bdr_objectives, "level_label")
    statements = bdr_objectives.objective_statements(
        doc, bundle.vocab, bundle.vocab.model("backup", BackupVocab),
        bundle.vocab.model("incident", IncidentVocab).severity)
    assert [(s.key, s.numeric) for s in statements] == [("rto", True), ("rpo", True)]
    assert calls["level_label"] == 0
    # A table that names one is read as before: its level cells decide.
    severity = text.replace("| 滞留件数 |", "| RTO 1時間 |", 1).replace("| Q-00000 |", "| Sev1 |")
    statements = bdr_objectives.objective_statements(
        _operation(bundle, severity), bundle.vocab, bundle.vocab.model("backup", BackupVocab),
        bundle.vocab.model("incident", IncidentVocab).severity)
    assert [(s.key, s.numeric) for s in statements] == [("rto", True), ("rpo", True)]
    assert calls["level_label"] == 1

