"""The routine and frequency readings do less work (issue 10, seventh round), counted rather
than timed; each gate is checked equal to the reading it spares.

- A frequency is read only from a text holding a word one of its cues needs
  (``frequencies._may_name_frequency``): a table's ID and name cells run no finder.
"""

from __future__ import annotations

from pathlib import Path

from opslint.facts.quantities import frequencies, parse_copy_frequency, parse_frequency
from opslint.facts.quantities.normalise import _normalise
from tests.conftest import CountCalls

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
