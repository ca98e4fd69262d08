"""Table-driven tests for opslint.facts.quantities (JA/EN, full-width, spans, negatives)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from opslint.facts.quantities import (
    find_clock_times,
    find_durations,
    find_latencies,
    find_offsets,
    find_percentages,
    find_sizes,
    find_thresholds,
    find_versions,
    parse_duration,
    parse_frequency,
    parse_window,
    to_minutes,
)


def case(case_id: str, *values: Any) -> Any:
    """One table row; ids are ASCII so `pytest -v` stays readable."""
    return pytest.param(*values, id=case_id)


def assert_spans(text: str, items: list[Any]) -> None:
    for item in items:
        assert text[item.start : item.end] == item.text


# --------------------------------------------------------------------------- durations

DURATIONS = [
    case("ja-min-space", "5 分", [5]),
    case("ja-min", "5分", [5]),
    case("ja-hour", "1時間", [60]),
    case("ja-hour-decimal", "1.5時間", [90]),
    case("ja-days-kan", "30 日間", [43200]),
    case("ja-sustained", "15分以上継続", [15]),
    case("en-h", "4h", [240]),
    case("en-hour", "1 hour", [60]),
    case("en-minutes", "90 minutes", [90]),
    case("en-weeks", "2 weeks", [20160]),
    case("ja-months-ka", "3か月", [129600]),
    case("ja-months-ke-small", "3ヶ月", [129600]),
    case("ja-months-ka-katakana", "3カ月", [129600]),
    case("ja-months-ka-small", "3ヵ月", [129600]),
    case("ja-year", "1年", [525600]),
    case("en-s", "30s", [0.5]),
    case("ja-seconds", "30秒", [0.5]),
    case("ja-day", "1日", [1440]),
    case("en-24h", "24h", [1440]),
    case("ja-compound", "1時間30分", [90]),
    case("en-compound", "1h30m", [90]),
    case("en-compound-words", "1 hour 30 minutes", [90]),
    case("en-compound-real", "Time to recovery: 54 hours 10 minutes", [3250]),
    case("ja-business-days", "2営業日", [2880]),
    case("en-business-days", "within 5 business days", [7200]),
    case("en-working-day", "1 working day (best effort)", [1440]),
    case("en-best-effort", "4 hours (best effort)", [240]),
    case("ja-half-hour", "1時間半", [90]),
    case("fw-min", "５分", [5]),
    case("fw-decimal-hour", "１．５時間", [90]),
    case("fw-ideographic-space", "３０\u3000日間", [43200]),
    case("thousands", "1,500秒", [25]),
    case("fw-thousands", "１，５００秒", [25]),
    case("real-rto-rpo-line", "RTO <= 4h / RPO <= 15m", [240, 15]),
    case("real-rpo-glued", "RPO24h", [1440]),
    case("real-rpo-rto", "RPO/RTO 24h", [1440]),
    case("real-approx-hours", "約 3.6 時間相当", [216]),
    case("real-5xx-sustained", "5xx率 > 2% が 5分継続 → SEV2", [5]),
    case("real-threshold-slash", ">=2%/10分", [10]),
    case("range-wave-dash", "5〜10分", [5, 10]),
    case("range-fw-tilde", "5～10分", [5, 10]),
    case("range-hyphen-en", "24-48 hours", [1440, 2880]),
    case("range-months", "MVP後3〜6か月", [129600, 259200]),
    case("24x365-kept", "24時間365日", [1440, 525600]),
    case("signed-offset-too", "+5分", [5]),
    case("en-days", "2 days", [2880]),
    case("ja-12-months", "保持 12ヶ月", [518400]),
    case("en-y", "1y", [525600]),
    case("en-yrs", "3 yrs", [1576800]),
    case("latency-seconds", "p99.9 < 2s", [2 / 60]),
    case("yaml-interval", "interval: 1m", [1]),
    case("en-d-promql", "rate(x[3d])", [4320]),
    case("ja-year-kan", "3年間保管", [1576800]),
]

NOT_DURATIONS = [
    case("date-slash", "2026/12/10"),
    case("date-ja", "2026年12月10日"),
    case("date-ja-fiscal-year", "2026年度"),
    case("window", "2026-02-19 21:00 - 22:00 JST"),
    case("day-of-month", "毎月10日に実施"),
    case("version", "v1.2.3"),
    case("ip", "10.0.0.1"),
    case("5xx", "5xx"),
    case("24-7", "24/7"),
    case("p95-alone", "p95"),
    case("ms-not-minutes", "p95 < 500ms"),
    case("ms-ja", "800ミリ秒"),
    case("placeholder-xx", "XX分"),
    case("placeholder-hhmm", "HH:MM"),
    case("t-offset", "T-60m"),
    case("t-offset-ja", "T+1時間"),
    case("k8s", "k8s cluster"),
    case("a11y", "a11y review"),
    case("hex", "sha256 ab5d9f"),
    case("fraction", "3分の1"),
    case("ordinal-week", "第3週"),
    case("ordinal-day", "1日目"),
    case("per-month", "99.5%/月"),
    case("section-number", "### 3.1 日次作業"),
    case("mega-requests", "50 M requests"),
    case("classification", "3分類いずれの障害でも"),
]


@pytest.mark.parametrize(("text", "expected"), DURATIONS)
def test_find_durations(text: str, expected: list[float]) -> None:
    found = find_durations(text)
    assert [d.minutes for d in found] == pytest.approx(expected)
    assert_spans(text, found)


@pytest.mark.parametrize("text", NOT_DURATIONS)
def test_find_durations_negative(text: str) -> None:
    assert find_durations(text) == []


DURATION_SPANS = [
    case("compound-span", "RTOは1時間30分です", ["1時間30分"]),
    case("fw-span", "ＲＴＯは４時間", ["４時間"]),
    case("fw-thousands-span", "合計 １，５００秒", ["１，５００秒"]),
    case("halfwidth-kana-before", "ｶﾞｲﾄﾞﾗｲﾝ: 5分以内", ["5分"]),
    case("range-span", "2〜10分", ["2", "10分"]),
    case("best-effort-span", "4 hours (best effort)", ["4 hours"]),
]


@pytest.mark.parametrize(("text", "expected"), DURATION_SPANS)
def test_duration_spans(text: str, expected: list[str]) -> None:
    found = find_durations(text)
    assert [d.text for d in found] == expected
    assert_spans(text, found)


def test_duration_span_offsets_map_to_original() -> None:
    text = "ｶﾞｲﾄﾞ：５分"
    (found,) = find_durations(text)
    assert (found.start, found.end) == (text.index("５"), len(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        case("first-of-two", "RTO 4時間 / RPO 1時間", 240),
        case("none", "なし", None),
        case("placeholder", "XX時間", None),
    ],
)
def test_parse_duration(text: str, expected: float | None) -> None:
    found = parse_duration(text)
    assert (found.minutes if found else None) == expected


# --------------------------------------------------------------------------- percentages

PERCENTAGES = [
    case("plain", "99.9%", [99.9]),
    case("space-fw-percent", "99.9 ％", [99.9]),
    case("fw-digits", "９９．９％", [99.9]),
    case("three-nines-ja", "スリーナイン", [99.9]),
    case("three-nines-en", "three nines", [99.9]),
    case("four-nines-ja", "フォーナイン", [99.99]),
    case("four-nines-en", "four nines", [99.99]),
    case("five-nines-ja", "ファイブナイン", [99.999]),
    case("five-nines-en", "Five Nines availability", [99.999]),
    case("per-month", "99.5%/月", [99.5]),
    case("range", "99.5〜99.9%", [99.5, 99.9]),
    case("ja-word", "５０パーセント", [50]),
    case("en-word", "50 percent", [50]),
    case("in-threshold", "5xx率 > 2% が 5分継続", [2]),
    case("in-sustained-threshold", "> 80% (5分継続)", [80]),
    case("in-slash-threshold", ">=2%/10分", [2]),
    case("two", "Warning 80% / Critical 90%", [80, 90]),
]

NOT_PERCENTAGES = [
    case("latency", "p95 < 500ms"),
    case("percentile-ile", "95%ile"),
    case("url-escape", "PM2019-009%20-%20Kubernetes"),
    case("placeholder", "XX%"),
]


@pytest.mark.parametrize(("text", "expected"), PERCENTAGES)
def test_find_percentages(text: str, expected: list[float]) -> None:
    found = find_percentages(text)
    assert [p.value for p in found] == pytest.approx(expected)
    assert_spans(text, found)


@pytest.mark.parametrize("text", NOT_PERCENTAGES)
def test_find_percentages_negative(text: str) -> None:
    assert find_percentages(text) == []


# --------------------------------------------------------------------------- latencies

LATENCIES = [
    case("p95-lt", "p95 < 500ms", (95, 500, "<")),
    case("P99-seconds-ja", "P99 1.5 秒", (99, 1500, None)),
    case("p50-colon", "p50: 200 ms", (50, 200, None)),
    case("p95-le-ja", "p95 ≦ 800ミリ秒", (95, 800, "<=")),
    case("percentile-ja", "95パーセンタイル 300ms", (95, 300, None)),
    case("p99.9-seconds", "p99.9 < 2s", (99.9, 2000, "<")),
    case("postfix-ika", "p95 500ms以下", (95, 500, "<=")),
    case("real-p95", "読み取り（GET中心）: **p95 < 800ms**", (95, 800, "<")),
    case("real-fw-colon", "主要画面P95：3.0秒以下", (95, 3000, "<=")),
    case("fw-all", "ｐ９５ ＜ １，５００ｍｓ", (95, 1500, "<")),
    case("en-latency-word", "p95 latency < 800ms", (95, 800, "<")),
    case("en-percentile", "95th percentile 1s", (95, 1000, None)),
    case("sec-word", "p99 <= 1 sec", (99, 1000, "<=")),
]


@pytest.mark.parametrize(("text", "expected"), LATENCIES)
def test_find_latencies(text: str, expected: tuple[float, float, str | None]) -> None:
    (found,) = find_latencies(text)
    assert (found.percentile, found.ms, found.comparator) == pytest.approx(expected)
    assert_spans(text, [found])


@pytest.mark.parametrize(
    "text",
    [
        case("p95-alone", "p95"),
        case("no-unit", "p95 = SLO"),
        case("percentage-only", "99.9%"),
        case("duration-only", "5分"),
    ],
)
def test_find_latencies_negative(text: str) -> None:
    assert find_latencies(text) == []


# --------------------------------------------------------------------------- thresholds

THRESHOLDS = [
    case("gt-pct-paren", "> 80% (5分継続)", (">", 80, "%", 5, "> 80% (5分継続)")),
    case("lt-pct", "< 20%", ("<", 20, "%", None, "< 20%")),
    case("real-5xx", "5xx率 > 2% が 5分継続 → SEV2", (">", 2, "%", 5, "> 2% が 5分継続")),
    case("real-slash", "`>=2%/10分`", (">=", 2, "%", 10, ">=2%/10分")),
    case("postfix-ijou", "80%以上", (">=", 80, "%", None, "80%以上")),
    case("postfix-chou", "1秒超", (">", 1, "s", None, "1秒超")),
    case("ge-fw", "≧ 3", (">=", 3, None, None, "≧ 3")),
    case("ne", "!= 200", ("!=", 200, None, None, "!= 200")),
    case("postfix-ika", "50%以下", ("<=", 50, "%", None, "50%以下")),
    case("postfix-miman", "100MB未満", ("<", 100, "MB", None, "100MB未満")),
    case("postfix-chouka", "3回超過", (">", 3, "count", None, "3回超過")),
    case("real-sustained", "15分以上継続", (">=", 15, "min", None, "15分以上")),
    case("real-p95", "p95 < 800ms", ("<", 800, "ms", None, "< 800ms")),
    case("factor", "burn rate > 14.4x", (">", 14.4, "x", None, "> 14.4x")),
    case("rate", "> 100 req/s", (">", 100, "req/s", None, "> 100 req/s")),
    case("count-en-window", "> 5 errors in 10 minutes", (">", 5, "count", 10, None)),
    case("count-ja", "エラー 10件以上", (">=", 10, "count", None, "10件以上")),
    case("size-ja", "200 GB未満", ("<", 200, "GB", None, "200 GB未満")),
    case("wo-koeru", "CPU使用率が90%を超える", (">", 90, "%", None, "90%を超える")),
    case("fw-gt", "ＣＰＵ ＞ ８０％", (">", 80, "%", None, "＞ ８０％")),
    case("fw-ge-compose", "＞＝ ９０％", (">=", 90, "%", None, None)),
    case("le-hours", "RTO <= 4h", ("<=", 4, "h", None, "<= 4h")),
    case("html-escaped", "&gt;= 5%", (">=", 5, "%", None, "&gt;= 5%")),
    case("en-more-than", "more than 30 minutes", (">", 30, "min", None, None)),
    case("en-at-most", "at most 15 minutes", ("<=", 15, "min", None, None)),
    case("sustain-ja-ijou", "> 80% が 5分以上継続", (">", 80, "%", 5, "> 80% が 5分以上継続")),
    case("for-en", "> 90% for 10m", (">", 90, "%", 10, "> 90% for 10m")),
    case("real-chou-ga", "上限の 80% 超が 10分継続", (">", 80, "%", 10, "80% 超が 10分継続")),
    case("ms-lt-glued", "<10ms", ("<", 10, "ms", None, "<10ms")),
]


@pytest.mark.parametrize(("text", "expected"), THRESHOLDS)
def test_find_thresholds(text: str, expected: tuple[Any, ...]) -> None:
    comparator, value, unit, duration, matched = expected
    (found,) = find_thresholds(text)
    assert (found.comparator, found.value, found.unit) == (comparator, value, unit)
    assert (found.duration.minutes if found.duration else None) == duration
    if matched is not None:
        assert found.text == matched
    assert_spans(text, [found])
    if found.duration:
        assert_spans(text, [found.duration])


def test_thresholds_two_on_one_line() -> None:
    text = "RTO <= 4h / RPO <= 15m"
    found = find_thresholds(text)
    assert [(t.comparator, t.value, t.unit) for t in found] == [
        ("<=", 4, "h"),
        ("<=", 15, "min"),
    ]
    assert [to_minutes(t.value, t.unit or "") for t in found] == [240, 15]


@pytest.mark.parametrize(
    "text",
    [
        case("clock-time", "< 05:00"),
        case("arrow", "a -> 5"),
        case("status-class", "status >= 5xx"),
        case("version", ">= 1.2.3"),
        case("date", "> 2026/12/10"),
        case("no-comparator", "80%"),
        case("per-month", "99.5%/月"),
    ],
)
def test_find_thresholds_negative(text: str) -> None:
    assert find_thresholds(text) == []


# --------------------------------------------------------------------------- clock times

CLOCKS = [
    case("hh-mm", "01:00", [60]),
    case("evening", "21:30", [1290]),
    case("single-digit-hour", "9:05", [545]),
    case("next-day", "翌02:00", [1560]),
    case("next-day-word", "翌日 2:00", [1560]),
    case("plus-1d", "02:00(+1d)", [1560]),
    case("past-24", "25:30", [1530]),
    case("seconds-ignored", "12:34:56", [754]),
    case("iso", "2026-02-19T21:00:00Z", [1260]),
    case("kanji", "21時30分", [1290]),
    case("kanji-half", "2時半", [150]),
    case("pm", "8:00 PM Berlin", [1200]),
    case("gogo", "午後3:15", [915]),
    case("fw", "２１：００", [1260]),
    case("timeline", "| 21:25 | 事前ブリーフィング |\n| 21:30 | 実施 |", [1285, 1290]),
]

NOT_CLOCKS = [
    case("placeholder-hhmm", "HH:MM"),
    case("placeholder-xx", "xx:xx"),
    case("ip-port", "127.0.0.1:8080"),
    case("duration-24h", "24時間"),
    case("ratio-one-digit", "16:9"),
    case("hour-too-big", "99:00"),
]


@pytest.mark.parametrize(("text", "expected"), CLOCKS)
def test_find_clock_times(text: str, expected: list[int]) -> None:
    found = find_clock_times(text)
    assert [c.minute_of_day for c in found] == expected
    assert_spans(text, found)


@pytest.mark.parametrize("text", NOT_CLOCKS)
def test_find_clock_times_negative(text: str) -> None:
    assert find_clock_times(text) == []


# --------------------------------------------------------------------------- windows

D = datetime.date
WINDOWS = [
    case("dated", "2026/12/10 01:00 - 05:00", (D(2026, 12, 10), 60, 300, None)),
    case("iso-date-jst", "2026-02-19 21:00 - 22:00 JST", (D(2026, 2, 19), 1260, 1320, "JST")),
    case("real-release", "2026/02/19 21:00 - 22:00 JST", (D(2026, 2, 19), 1260, 1320, "JST")),
    case("undated-jst", "21:00-22:00 JST", (None, 1260, 1320, "JST")),
    case("ja-date-wave", "2026年12月10日 1:00〜5:00", (D(2026, 12, 10), 60, 300, None)),
    case("overnight-yoku", "22:00 - 翌02:00", (None, 1320, 1560, None)),
    case("overnight-implicit", "23:00 - 01:00", (None, 1380, 1500, None)),
    case("fw-tilde", "01:00～05:00", (None, 60, 300, None)),
    case(
        "two-dates", "2026/12/10(木) 23:00 - 2026/12/11 01:00", (D(2026, 12, 10), 1380, 1500, None)
    ),
    case("tz-both", "21:00 JST - 22:00 JST", (None, 1260, 1320, "JST")),
    case(
        "tz-paren", "作業日時: 2026/02/19 21:00 - 22:00 (JST)", (D(2026, 2, 19), 1260, 1320, "JST")
    ),
    case("utc-offset", "10:00 - 11:00 UTC+9", (None, 600, 660, "UTC+9")),
    case("kara", "21:00から23:30まで", (None, 1260, 1410, None)),
    case("placeholder-date", "202x/MM/DD 10:00 - 12:00", (None, 600, 720, None)),
]


@pytest.mark.parametrize(("text", "expected"), WINDOWS)
def test_parse_window(text: str, expected: tuple[Any, ...]) -> None:
    window = parse_window(text)
    assert window is not None
    assert (window.date, window.start_minute, window.end_minute, window.tz) == expected
    assert window.minutes == expected[2] - expected[1]
    assert_spans(text, [window])


def test_parse_window_span_covers_date_and_tz() -> None:
    text = "**リリース予定日時**: 2026/02/19 21:00 - 22:00 JST  "
    window = parse_window(text)
    assert window is not None
    assert window.text == "2026/02/19 21:00 - 22:00 JST"


@pytest.mark.parametrize(
    "text",
    [
        case("single-time", "毎日 02:00 JST"),
        case("placeholder", "HH:MM - HH:MM"),
        case("list-of-times", "06:00, 10:00, 14:00"),
        case("no-time", "2026/12/10"),
    ],
)
def test_parse_window_negative(text: str) -> None:
    assert parse_window(text) is None


# --------------------------------------------------------------------------- offsets

OFFSETS = [
    case("t-minus-60m", "T-60m", [-60]),
    case("t-plus-15m", "T+15m", [15]),
    case("t-plus-00m", "T+00m", [0]),
    case("t-minus-1-day", "T-1 day", [-1440]),
    case("t-minus-1d", "T-1d", [-1440]),
    case("t-minus-2h", "T-2h", [-120]),
    case("t-plus-1-hour-ja", "T+1時間", [60]),
    case("t-minus-30-min-ja", "T-30分", [-30]),
    case("t-minus-unicode-minus", "T−1日", [-1440]),
    case("t-bare", "T-60", [-60]),
    case("t-zero-heading", "## 3. リリース当日の手順 (T-0)", [0]),
    case("t-plus-24h", "監視確認（T+24hまで）", [1440]),
    case("signed-ja", "+5分", [5]),
    case("fw-t", "Ｔ－６０ｍ", [-60]),
    case("ja-before", "開始30分前", [-30]),
    case("ja-after", "5分後に確認", [5]),
    case("t-compound", "T-1h30m", [-90]),
    case("timeline", "| 1 | T-60m | 凍結 |\n| 2 | T-45m | 確認 |", [-60, -45]),
]

NOT_OFFSETS = [
    case("range", "10-15分"),
    case("list-bullet", "- 5分で完了"),
    case("approx", "5分前後"),
    case("word-hyphen", "a-5m"),
    case("plain-duration", "5分"),
]


@pytest.mark.parametrize(("text", "expected"), OFFSETS)
def test_find_offsets(text: str, expected: list[int]) -> None:
    found = find_offsets(text)
    assert [o.minutes for o in found] == expected
    assert_spans(text, found)


@pytest.mark.parametrize("text", NOT_OFFSETS)
def test_find_offsets_negative(text: str) -> None:
    assert find_offsets(text) == []


# --------------------------------------------------------------------------- frequencies

FREQUENCIES = [
    case("nichiji", "日次", (1440, "periodic")),
    case("mainichi", "毎日", (1440, "periodic")),
    case("daily", "daily", (1440, "periodic")),
    case("nightly", "Nightly full", (1440, "periodic")),
    case("once-a-day-ja", "1日1回", (1440, "periodic")),
    case("twice-a-day-ja", "1日に2回", (720, "periodic")),
    case("maiji", "毎時", (60, "periodic")),
    case("hourly", "hourly", (60, "periodic")),
    case("shuji", "週次", (10080, "periodic")),
    case("weekly", "weekly", (10080, "periodic")),
    case("biweekly", "bi-weekly", (20160, "periodic")),
    case("getsuji", "月次", (43200, "periodic")),
    case("monthly", "monthly", (43200, "periodic")),
    case("once-a-month-ja", "月1回", (43200, "periodic")),
    case("nenji", "年次", (525600, "periodic")),
    case("yearly", "yearly", (525600, "periodic")),
    case("annually", "annually", (525600, "periodic")),
    case("quarterly-ja", "四半期", (129600, "periodic")),
    case("every-15-ja-goto", "15分ごと", (15, "periodic")),
    case("every-15-ja-goto-kanji", "15分毎", (15, "periodic")),
    case("every-15-en", "every 15 minutes", (15, "periodic")),
    case("interval-ja", "5分間隔", (5, "periodic")),
    case("every-hour-en", "every hour", (60, "periodic")),
    case("every-2-weeks", "every 2 weeks", (20160, "periodic")),
    case("every-4h-ja", "4時間毎チェック (06:00, 10:00)", (240, "periodic")),
    case("fw-goto", "１５分ごと", (15, "periodic")),
    case("shortest-wins", "フル: 日次<br>増分: 1時間毎", (60, "periodic")),
    case("daily-with-time", "フルバックアップ: 毎日 02:00 JST", (1440, "periodic")),
    case("real-daily-retention", "日次、保持7日、RPO/RTO 24h", (1440, "periodic")),
    case("joji", "常時", (0, "continuous")),
    case("continuous", "continuous", (0, "continuous")),
    case("renzoku-cell", "| 連続 |", (0, "continuous")),
    case("realtime-ja", "リアルタイム", (0, "realtime")),
    case("realtime-en", "real-time sync", (0, "realtime")),
    case("pitr", "PITR", (5, "pitr")),
    case("pitr-ja", "ポイントインタイムリカバリ", (5, "pitr")),
    case("pitr-en", "point-in-time recovery", (5, "pitr")),
    case("pitr-number", "PITR (5分)", (5, "pitr")),
    case("pitr-interval", "PITR: 15分間隔（連続アーカイブログ）", (15, "pitr")),
    case("pitr-retention-ignored", "PITR (7日保持)", (5, "pitr")),
    case("pitr-beats-daily", "日次スナップショット + PITR", (5, "pitr")),
    case("wal-archive", "WALアーカイブ", (5, "pitr")),
    case("replication-ja", "レプリケーション", (0, "replication")),
    case("replication-en", "replication", (0, "replication")),
    case("replication-lag", "レプリケーション（遅延 1秒以内）", (1 / 60, "replication")),
    case("replication-lag-en", "async replication, lag < 30s", (0.5, "replication")),
]


@pytest.mark.parametrize(("text", "expected"), FREQUENCIES)
def test_parse_frequency(text: str, expected: tuple[float, str]) -> None:
    found = parse_frequency(text)
    assert found is not None
    assert (found.interval_minutes, found.mode) == pytest.approx(expected)
    assert_spans(text, [found])


@pytest.mark.parametrize(
    "text",
    [
        case("none-ja", "バックアップなし"),
        case("consecutive-failures", "連続失敗"),
        case("plain-duration", "5分"),
        case("empty", ""),
    ],
)
def test_parse_frequency_negative(text: str) -> None:
    assert parse_frequency(text) is None


# --------------------------------------------------------------------------- sizes

SIZES = [
    case("gb-space", "500 GB", [500e9]),
    case("tb-decimal", "1.5TB", [1.5e12]),
    case("mb", "200MB", [200e6]),
    case("gib", "10 GiB", [10 * 1024**3]),
    case("kib", "4KiB", [4096]),
    case("range", "100〜200GB", [100e9, 200e9]),
    case("range-hyphen", "約 100MB-500MB (1時間分)", [100e6, 500e6]),
    case("ja-giga", "5ギガバイト", [5e9]),
    case("bytes", "1,024 bytes", [1024]),
    case("fw", "５００ＧＢ", [500e9]),
    case("rate-keeps-size", "200 GB/h", [200e9]),
]


@pytest.mark.parametrize(("text", "expected"), SIZES)
def test_find_sizes(text: str, expected: list[float]) -> None:
    found = find_sizes(text)
    assert [s.bytes for s in found] == pytest.approx(expected)
    assert_spans(text, found)


@pytest.mark.parametrize(
    "text",
    [
        case("hex", "8b049088445ee0ac282bb85eb3d28d94"),
        case("placeholder", "XX GB"),
        case("no-unit", "500"),
    ],
)
def test_find_sizes_negative(text: str) -> None:
    assert find_sizes(text) == []


# --------------------------------------------------------------------------- versions

VERSIONS = [
    case("v-prefixed", "v2.4.0", [((2, 4, 0), None)]),
    case("bare", "1.0.0", [((1, 0, 0), None)]),
    case("prerelease", "v1.0.0-rc.1", [((1, 0, 0), "rc.1")]),
    case("bare-2", "2.3.1", [((2, 3, 1), None)]),
    case("build-metadata", "1.0.1+20231024", [((1, 0, 1), None)]),
    case("image-tag", "image: myapp:v1.2.0", [((1, 2, 0), None)]),
    case("package-hyphen", "nginx-1.25.3", [((1, 25, 3), None)]),
    case("sentence-end", "Release v1.2.3.", [((1, 2, 3), None)]),
    case("ja-particle", "v3.0.0へ更新", [((3, 0, 0), None)]),
    case("v-calver", "v2026.12.10", [((2026, 12, 10), None)]),
    case("fw", "ｖ１．２．３", [((1, 2, 3), None)]),
    case("two", "1.3.1 -> 1.3.2", [((1, 3, 1), None), ((1, 3, 2), None)]),
]

NOT_VERSIONS = [
    case("ip", "10.0.0.1"),
    case("four-part", "1.2.3.4"),
    case("date-dotted", "2026.12.10"),
    case("placeholder", "vX.X.X"),
    case("two-part", "ver 1.2"),
    case("leading-zero-date", "2026.02.19"),
    case("heading-number", "#### 2.1.1 バックアップ要件"),
]


@pytest.mark.parametrize(("text", "expected"), VERSIONS)
def test_find_versions(text: str, expected: list[tuple[tuple[int, ...], str | None]]) -> None:
    found = find_versions(text)
    assert [(v.parts, v.prerelease) for v in found] == expected
    assert_spans(text, found)


@pytest.mark.parametrize("text", NOT_VERSIONS)
def test_find_versions_negative(text: str) -> None:
    assert find_versions(text) == []


# --------------------------------------------------------------------------- to_minutes

TO_MINUTES = [
    case("h", 4, "h", 240),
    case("hours", 2, "hours", 120),
    case("jikan", 1.5, "時間", 90),
    case("m", 15, "m", 15),
    case("min", 15, "min", 15),
    case("fun", 5, "分", 5),
    case("s", 30, "s", 0.5),
    case("byou", 30, "秒", 0.5),
    case("ms", 800, "ms", 800 / 60000),
    case("milli-ja", 800, "ミリ秒", 800 / 60000),
    case("d", 1, "d", 1440),
    case("nichi", 30, "日間", 43200),
    case("eigyoubi", 2, "営業日", 2880),
    case("w", 1, "w", 10080),
    case("kagetsu", 1, "ヶ月", 43200),
    case("tsuki-bare", 1, "月", 43200),
    case("mo", 1, "mo", 43200),
    case("y", 1, "y", 525600),
    case("nen", 1, "年", 525600),
    case("fw-unit", 2, "ｈ", 120),
    case("percent", 5, "%", None),
    case("bytes", 5, "GB", None),
    case("unknown", 5, "furlongs", None),
]


@pytest.mark.parametrize(("value", "unit", "expected"), TO_MINUTES)
def test_to_minutes(value: float, unit: str, expected: float | None) -> None:
    result = to_minutes(value, unit)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


# --------------------------------------------------------------------------- a real line


def test_real_monitoring_row_yields_every_fact() -> None:
    text = "| M01 | Web | CPU使用率 | > 80% (5分継続) | Warning |"
    assert [p.value for p in find_percentages(text)] == [80]
    assert [d.minutes for d in find_durations(text)] == [5]
    (threshold,) = find_thresholds(text)
    assert threshold.duration is not None
    assert text[threshold.duration.start : threshold.duration.end] == "5分"
