"""How the release facts read times, T-0, time zones, list steps and the rollback's length."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.document.load import decode
from opslint.document.model import DocKind
from opslint.document.parse import parse_document
from opslint.engine.vocab import Vocab, load_vocab
from opslint.facts.extract import extract_facts
from opslint.facts.model import ReleaseFacts
from opslint.facts.release_steps import list_steps
from opslint.facts.release_time import dates_in, time_points
from opslint.resources import rules_dir


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return load_vocab(rules_dir())


def release(vocab: Vocab, text: str) -> ReleaseFacts:
    doc = parse_document(Path("16_Release_Procedure.md"), decode(text.encode("utf-8")),
                         DocKind.RELEASE)
    return extract_facts(doc, vocab).release


@pytest.mark.parametrize(("text", "expected"), [
    ("T+00:10 — deploy", [(None, 10)]),
    ("3. T+01:30 作業", [(None, 90)]),
    ("T-00:30 freeze", [(None, -30)]),
    ("Ｔ＋０２：１５ 完了", [(None, 135)]),
    ("T-60m announce", [(None, -60)]),
    ("22時00分 開始", [(1320, None)]),
    ("21 時 05 分　開始", [(1265, None)]),
    ("T+02:15 (09:15 UTC)", [(None, 135), (555, None)]),
])
def test_time_points_tell_offsets_from_clock_times(
        vocab: Vocab, text: str, expected: list[tuple[int | None, int | None]]) -> None:
    assert [(p.clock, p.offset) for p in time_points(text, vocab)] == expected


def test_a_spaced_japanese_clock_keeps_its_place_in_the_text(vocab: Vocab) -> None:
    text = "準備は 20 時 55 分 までに終える"
    (point,) = time_points(text, vocab)
    assert text[point.start : point.end] == point.text == "20 時 55 分"


def test_a_zone_written_after_a_clock_time_is_kept(vocab: Vocab) -> None:
    zones = [p.zone for p in time_points("07:00Z, 16:00 JST, 21:30 (UTC), 08:00 at", vocab)]
    assert zones == ["Z", "JST", "UTC", None]


@pytest.mark.parametrize(("text", "days"), [
    ("最終判定は 6月30日 18時00分", [(6, 30)]),
    ("2026/07/01 01:00 に開始", [(7, 1)]),
    ("held until 11/14 03:10", [(11, 14)]),
    ("on 2 August at 10:00", [(8, 2)]),
    ("replicas 3/3 ready", []),
])
def test_dates(text: str, days: list[tuple[int, int]]) -> None:
    assert [(d.month, d.day) for d in dates_in(text)] == days


ANCHORED = """\
# Release procedure: Quill Mail 9.0

**Release window:** 2026-04-21 06:00-08:00 UTC

## 3. Release-day steps (T-0)

T+00:00 is 06:00 UTC.

| T+ | Step | Owner | Check |
| -- | -- | -- | -- |
| T+00:00 | Open the bridge | Uma Reyes | everyone present |
| T+01:20 | Deploy 9.0 | Sol Vega | pods ready |
| T+02:30 | Close | Uma Reyes | closed |
"""


def test_offsets_are_placed_on_the_clock_of_the_stated_t_zero(vocab: Vocab) -> None:
    steps = release(vocab, ANCHORED).timeline
    assert [(s.offset, s.minute) for s in steps] == [(0, 360), (80, 440), (150, 510)]


def test_without_a_stated_t_zero_offsets_stay_relative(vocab: Vocab) -> None:
    steps = release(vocab, ANCHORED.replace("T+00:00 is 06:00 UTC.\n", "")).timeline
    assert [(s.offset, s.minute) for s in steps] == [(0, None), (80, None), (150, None)]


def test_t_zero_from_a_relative_to_sentence_in_another_zone(vocab: Vocab) -> None:
    text = ANCHORED.replace("T+00:00 is 06:00 UTC.", "Times are relative to 15:00 JST.")
    assert [s.minute for s in release(vocab, text).timeline] == [360, 440, 510]


def test_t_zero_from_a_japanese_base_time(vocab: Vocab) -> None:
    text = """\
# リリース手順書（ハナミズキ会計 v3.3.0）

・リリース予定日時：2026年8月20日（木）23時00分〜翌1時00分

## 3. 当日作業（T-0）

時刻は 23時00分 を基準とする。

1. T+0:00　作業開始（担当：本田）
2. T+1:10　動作確認（担当：村井）
"""
    assert [s.minute for s in release(vocab, text).timeline] == [1380, 1450]


def test_a_clock_column_beside_a_relative_one_is_read_in_its_zone(vocab: Vocab) -> None:
    text = """\
# Release procedure: Quill Mail 9.0

**Release window:** 2026-04-21 06:00-08:00 UTC

## 3. Release-day steps (T-0)

| T+ | JST | Step | Owner |
| -- | -- | -- | -- |
| T+00:00 | 15:00 | Open the bridge | Uma Reyes |
| T+01:20 | 16:20 | Deploy 9.0 | Sol Vega |
"""
    assert [s.minute for s in release(vocab, text).timeline] == [360, 440]


def test_a_window_with_weekday_names_is_read(vocab: Vocab) -> None:
    text = ("# Release procedure: Quill Mail 9.0\n\nThe window is Friday 2026-04-24 23:00 to "
            "Saturday 2026-04-25 01:30 JST.\n\n## 1. Overview\n\nScope: mail 9.0.\n")
    window = release(vocab, text).window
    assert window is not None
    assert (window.start, window.end, window.window.tz) == (1380, 1530, "JST")


def _section(vocab: Vocab, text: str) -> list[tuple[str | None, str, str | None, str | None]]:
    doc = parse_document(Path("r.md"), decode(text.encode("utf-8")), DocKind.RELEASE)
    section = next(s for s in doc.sections() if s.level == 2)
    return [(s.time.text if s.time else None, s.task, s.owner, s.check)
            for s in list_steps(section, vocab)]


def test_list_items_written_as_fields_follow_their_legend(vocab: Vocab) -> None:
    text = """\
# Release procedure

## Steps

Every line: time / owner / step / check.

1. 10:00 / Ivy Cole / Pause the sync job / job paused
2. 10:20 / Ned Park / Deploy 4.2 / rollout done
"""
    assert _section(vocab, text) == [
        ("10:00", "Pause the sync job", "Ivy Cole", "job paused"),
        ("10:20", "Deploy 4.2", "Ned Park", "rollout done"),
    ]


def test_list_items_keep_their_nested_lines(vocab: Vocab) -> None:
    text = ("# リリース手順書\n\n## 当日作業\n\n"
            "1. 21時00分　開始\n   - 担当：堀\n2. 21時10分　デプロイ\n")
    doc = parse_document(Path("r.md"), decode(text.encode("utf-8")), DocKind.RELEASE)
    section = next(s for s in doc.sections() if s.level == 2)
    steps = list_steps(section, vocab)
    assert [s.text for s in steps] == ["21時00分　開始\n担当：堀", "21時10分　デプロイ"]
    assert [s.owner for s in steps] == [None, None]  # not fields: the check finds the label


ROLLBACK = """\
# リリース手順書（ヤマセミ物流 v6.1.0）

・リリース予定日時：2026年9月3日（木）21時00分〜23時00分

## 3. 当日作業（T-0）

| 時刻 | 作業 | 担当 | 確認 |
| -- | -- | -- | -- |
| 21時00分 | 開始 | 今村 | 点呼 |
| 21時20分 | DB マイグレーション（Flyway） | 須藤 | 成功 |

## 4. 切り戻し

### 4-1 判断基準

次のどれかで切り戻す。判断から 5分 以内に宣言する。

- マイグレーションが失敗した
- 22時10分 までに完了宣言ができない

### 4-2 手順

1. アプリを v6.0.2 に戻す（10分）。
2. `db-rollback` ジョブで戻し用 SQL を適用する（5分）。
3. 手順 2 が失敗した場合は、復元ポイントまで PITR で戻す（約 60分）。
4. 通常画面に戻す（3分）。
"""


def test_a_fallback_step_counts_as_the_alternative_of_the_step_before(vocab: Vocab) -> None:
    plan = release(vocab, ROLLBACK).rollback
    assert plan.minutes == 10 + 60 + 3


def test_a_fallback_said_to_extend_the_window_is_not_planned_time(vocab: Vocab) -> None:
    text = ROLLBACK.replace("（約 60分）。", "（約 60分）。この場合は作業枠を延長する。")
    assert release(vocab, text).rollback.minutes == 10 + 5 + 3


def test_a_total_stated_in_prose_is_the_rollback_time(vocab: Vocab) -> None:
    total = "所要時間の目安は 20分（アプリ 10分、DB 5分、確認 5分）。\n\n"
    text = ROLLBACK.replace("### 4-2 手順\n\n", "### 4-2 手順\n\n" + total)
    plan = release(vocab, text).rollback
    assert plan.minutes == 20 and plan.totals[0].line == 23


def test_criteria_are_the_listed_items_with_their_last_time(vocab: Vocab) -> None:
    criteria = release(vocab, ROLLBACK).rollback_criteria
    assert [(c.line, c.deadline) for c in criteria] == [(18, None), (19, 1330)]


def test_a_decision_time_stated_in_a_sentence(vocab: Vocab) -> None:
    said = "22時10分 に判断しても 22時40分 に終わる。"
    text = ROLLBACK.replace("次のどれかで切り戻す。", "次のどれかで切り戻す。" + said)
    deadline = release(vocab, text).rollback_deadline
    assert deadline is not None and deadline.minute == 1330


def test_a_go_no_go_of_the_day_before_is_no_decision_point(vocab: Vocab) -> None:
    text = ROLLBACK.replace("## 3. 当日作業（T-0）\n", "## 3. 当日作業（T-0）\n\n"
                            "Go/No-Go 判定は 9月2日 17時00分 に行う。\n")
    assert release(vocab, text).go_no_go is None


PAUSED = """\
# リリース手順書（ツグミ請求 v1.5.0）

・リリース予定日時：2026年6月2日（火）22時00分〜翌0時00分

## 1. リリース概要

・サービス停止：なし（請求書の閲覧はリリース中も使える）

## 3. 当日作業（T-0）

| 時刻 | 作業 | 担当 | 確認 |
| -- | -- | -- | -- |
| 22時05分 | メンテナンスモード ON（請求書の発行のみ） | 秋山 | 発行画面がメンテナンス表示 |
| 22時50分 | メンテナンスモード OFF | 秋山 | 発行画面が通常表示 |
"""


def test_a_maintenance_mode_while_the_service_runs_is_partial(vocab: Vocab) -> None:
    facts = release(vocab, PAUSED)
    assert facts.no_downtime
    assert facts.maintenance is not None and facts.maintenance.partial


def test_a_downtime_choice_left_open_says_nothing(vocab: Vocab) -> None:
    facts = release(vocab, PAUSED.replace("なし（請求書の閲覧はリリース中も使える）", "あり/なし"))
    assert not facts.no_downtime
    assert facts.maintenance is not None and not facts.maintenance.partial


def test_the_rollback_database_steps(vocab: Vocab) -> None:
    reverts = release(vocab, ROLLBACK).database_reverts
    assert [(r.line, r.keeps) for r in reverts] == [(24, False), (25, False)]
    kept = ROLLBACK.replace("`db-rollback` ジョブで戻し用 SQL を適用する", "DB はそのままとする")
    kept = kept.replace("手順 2 が失敗した場合は、復元ポイントまで PITR で戻す", "通知する")
    assert [(r.line, r.keeps) for r in release(vocab, kept).database_reverts] == [(24, True)]


def test_t_zero_named_as_a_clock_time(vocab: Vocab) -> None:
    text = ANCHORED.replace("T+00:00 is 06:00 UTC.", "T0 = 06:00 UTC.")
    assert [s.minute for s in release(vocab, text).timeline] == [360, 440, 510]


def test_a_japanese_legend_with_full_width_slashes(vocab: Vocab) -> None:
    text = """\
# リリース手順書

## 当日作業

書式：時刻／作業／担当／確認

1. 22時10分／デプロイ／木村／全 Pod が Ready
2. 22時40分／動作確認／安藤／全ケース成功
"""
    assert _section(vocab, text) == [
        ("22時10分", "デプロイ", "木村", "全 Pod が Ready"),
        ("22時40分", "動作確認", "安藤", "全ケース成功"),
    ]
