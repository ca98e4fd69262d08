"""How often something runs: keywords, explicit intervals, PITR and replication."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Final

from opslint.facts.quantities.durations import _DUR_PIECE, _compound_at
from opslint.facts.quantities.normalise import _normalise
from opslint.facts.quantities.patterns import _CMP_SYM, _DUR_UNIT, _NUM, _WS, _num
from opslint.facts.quantities.types import Frequency
from opslint.facts.quantities.units import to_minutes


def _en(words: str) -> str:
    return rf"(?<![A-Za-z])(?i:{words})(?![A-Za-z])"


_FREQ_WORDS: Final = (
    (re.compile(r"毎分|" + _en("every minute")), 1.0),
    (re.compile(r"毎時間?|" + _en("hourly")), 60.0),
    (
        re.compile(r"毎日|日次|日毎|毎晩|毎朝|毎夜|デイリー|" + _en("daily|nightly|once a day")),
        1440.0,
    ),
    (re.compile(r"隔日|" + _en("every other day")), 2880.0),
    (re.compile(r"毎週|週次|ウィークリー|" + _en("weekly|once a week")), 10080.0),
    (re.compile(r"隔週|" + _en("bi-?weekly|fortnightly")), 20160.0),
    (re.compile(r"毎月|月次|月例|マンスリー|" + _en("monthly|once a month")), 43200.0),
    (re.compile(r"四半期|" + _en("quarterly")), 129600.0),
    (re.compile(r"(?<!四)半期|" + _en("semi-?annual(?:ly)?|bi-?annual(?:ly)?")), 262800.0),
    (re.compile(r"毎年|年次|" + _en("yearly|annual(?:ly)?|once a year")), 525600.0),
)
_FREQ_MODES: Final = (
    (
        re.compile(
            r"常時|継続的|連続(?=$|[\s|)\]、。,]|アーカイブ|バックアップ)|(?<!\d)24/7(?!\d)|24x7|24時間365日|"
            + _en("continuous(?:ly)?")
        ),
        "continuous",
    ),
    (re.compile(r"リアルタイム|即時|" + _en("real[- ]?time")), "realtime"),
    (
        re.compile(
            r"ポイントインタイム(?:リカバリー?|復旧)?|連続アーカイブ|アーカイブログ|トランザクションログ|"
            + _en(
                r"pitr|point[- ]in[- ]time(?:[ ]recovery)?|binlogs?|archive[ ]logs?|log[ ]shipping"
                r"|continuous[ ]archiv[a-z]*"
            )
            + rf"|(?i:wal){_WS}(?:アーカイブ|(?i:archiv[a-z]*))"
        ),
        "pitr",
    ),
    (
        re.compile(
            r"レプリケーション|レプリカ|ミラーリング|同期複製|"
            + _en("replication|replicas?|mirroring")
        ),
        "replication",
    ),
)
# Every keyword and mode cue in one alternation: most texts name none, and one search
# spares the fourteen (a text it misses holds no cue, since each cue is one of its branches).
_ANY_CUE: Final = re.compile(
    "|".join(f"(?:{pattern.pattern})" for pattern, _ in (*_FREQ_WORDS, *_FREQ_MODES)))
_DIGIT: Final = re.compile(r"\d")
_EVERY: Final = re.compile(
    rf"(?<![A-Za-z])(?i:every|rate\(){_WS}(?:(?P<num>{_NUM}){_WS})?(?P<unit>{_DUR_UNIT})"
)
_PER_UNIT: Final = re.compile(
    rf"(?P<num>{_NUM}){_WS}(?P<unit>{_DUR_UNIT}){_WS}"
    r"(?:ごと|毎|おき|置き|間隔|周期|(?i:each|interval)(?![A-Za-z]))"
)
_TIMES_PER: Final = re.compile(
    rf"(?:(?P<num>{_NUM}){_WS}(?P<unit>{_DUR_UNIT})|(?P<bare>時間|日|週|月|年))"
    rf"(?:{_WS}(?:に|あたり|当たり))?{_WS}(?P<k>{_NUM}){_WS}回"
)
_LAG: Final = re.compile(r"遅延|ラグ|" + _en("lag|delay"))
_ADJ_LEAD: Final = re.compile(
    rf"{_WS}[(:]?{_WS}(?:(?i:rpo|interval)|間隔|周期)?{_WS}[:=]?{_WS}(?:{_CMP_SYM}{_WS})?"
)
_RETENTION_AFTER: Final = re.compile(rf"{_WS}(?:保持|保存|(?i:retention|retained|retain))")

# A word every cue of this module holds (the keywords and modes, _EVERY, the suffix of
# _PER_UNIT, the 回 of _TIMES_PER), the English ones lower-cased: a text that holds none
# names no frequency, and one search of literals (which the regex engine scans for by their
# first characters) spares all the finders. Most texts, a table's cells above all, hold none.
_CUE_WORDS: Final = re.compile("|".join(map(re.escape, (
    "毎", "日次", "日毎", "デイリー", "隔", "週次", "ウィークリー", "月次", "月例", "マンスリー",
    "半期", "年次", "常時", "継続的", "連続", "24/7", "24x7", "24時間", "リアルタイム", "即時",
    "ポイントインタイム", "アーカイブ", "トランザクションログ", "レプリ", "ミラーリング",
    "同期複製", "ごと", "おき", "置き", "間隔", "周期", "回",
    "every", "rate(", "hourly", "daily", "nightly", "once a", "weekly", "fortnightly",
    "monthly", "quarterly", "annual", "yearly", "continuous", "real", "pitr", "point",
    "binlog", "archiv", "log shipping", "replica", "mirroring", "each", "interval",
))))
# The letters (?i:) matches to an ASCII one besides its own case: İ and ı to i, ſ to s
# (K, the Kelvin sign, lower-cases to k).
_ODD_FOLDS: Final = (("İ", "i"), ("ı", "i"), ("ſ", "s"))


def _may_name_frequency(text: str) -> bool:
    """Whether the text holds a word some cue needs (false: no finder finds anything)."""
    if not text.isascii():
        for odd, plain in _ODD_FOLDS:
            text = text.replace(odd, plain)
    return _CUE_WORDS.search(text.lower()) is not None


@dataclass(frozen=True)
class _Freq:
    start: int
    end: int
    mode: str
    minutes: float | None
    explicit: bool = False


def _interval(num: str | None, unit: str) -> float:
    half = 0.5 if unit.endswith("半") else 0.0
    return to_minutes((_num(num) if num else 1.0) + half, unit.rstrip("半")) or 0.0


def _explicit_freqs(text: str) -> Iterator[_Freq]:
    # "every day" needs no number but its word (no other letter folds to those of "every"
    # or "rate"); "15分ごと" and "1日2回" need a number.
    lower = text.lower()
    every = _EVERY.finditer(text) if "every" in lower or "rate(" in lower else ()
    numbered = _DIGIT.search(text) is not None
    for match in (*every, *(_PER_UNIT.finditer(text) if numbered else ())):
        yield _Freq(
            match.start(), match.end(), "periodic", _interval(match["num"], match["unit"]), True
        )
    if not numbered:
        return
    for match in _TIMES_PER.finditer(text):
        per = _interval(match["num"], match["unit"] or match["bare"])
        yield _Freq(match.start(), match.end(), "periodic", per / (_num(match["k"]) or 1.0), True)


def _keyword_freqs(text: str) -> Iterator[_Freq]:
    if _ANY_CUE.search(text) is None:
        return
    for pattern, minutes in _FREQ_WORDS:
        yield from (_Freq(m.start(), m.end(), "periodic", minutes) for m in pattern.finditer(text))
    for pattern, mode in _FREQ_MODES:
        zero = 0.0 if mode in ("continuous", "realtime") else None
        yield from (_Freq(m.start(), m.end(), mode, zero) for m in pattern.finditer(text))


def _adjacent_minutes(text: str, pos: int) -> float | None:
    lead = _ADJ_LEAD.match(text, pos)
    span = _compound_at(text, lead.end()) if lead else None
    if span is None or _RETENTION_AFTER.match(text, span.end):
        return None
    return span.minutes


def _lag_minutes(text: str) -> float | None:
    for match in _LAG.finditer(text):
        piece = _DUR_PIECE.search(text, match.end(), match.end() + 24)
        span = _compound_at(text, piece.start()) if piece else None
        if span is not None:
            return span.minutes
    return None


def _with_number(keyword: _Freq, explicit: list[_Freq], text: str) -> _Freq:
    given: float | None = explicit[0].minutes if explicit else None
    if keyword.mode == "pitr":
        # AWS: PITR restores to within about 5 minutes when no archive interval is stated.
        given = given if given is not None else _adjacent_minutes(text, keyword.end)
        default = 5.0
    else:
        lag = _lag_minutes(text)
        given = lag if lag is not None else given
        default = 0.0
    minutes = given if given is not None else default
    return _Freq(keyword.start, keyword.end, keyword.mode, minutes)


def _outermost(found: list[_Freq]) -> list[_Freq]:
    """Drop cues inside a longer one: "weekly" in "bi-weekly", "15分" in "15分ごと"."""
    return [
        f
        for f in found
        if not any(
            o.start <= f.start and f.end <= o.end and o.end - o.start > f.end - f.start
            for o in found
        )
    ]


def _pick_frequency(text: str) -> _Freq | None:
    explicit = sorted(_explicit_freqs(text), key=lambda f: (f.start, -f.end))
    candidates = _outermost([*explicit, *_keyword_freqs(text)])
    candidates.sort(key=lambda f: (f.start, -f.end))
    for mode in ("pitr", "replication"):
        keyed = [f for f in candidates if f.mode == mode]
        if keyed:
            return _with_number(keyed[0], explicit, text)
    return min(candidates, key=lambda f: (f.minutes or 0.0, f.start)) if candidates else None


def _pick_copy(text: str) -> _Freq | None:
    explicit = sorted(_explicit_freqs(text), key=lambda f: (f.start, -f.end))
    candidates = _outermost([*explicit, *_keyword_freqs(text)])
    candidates.sort(key=lambda f: (f.start, -f.end))
    pitr = [f for f in candidates if f.mode == "pitr"]
    if pitr:
        return _with_number(pitr[0], explicit, text)
    # "Continuous" beside a replica is the replica's ("continuous replication").
    replicated = any(f.mode in ("replication", "realtime") for f in candidates)
    kept = [f for f in candidates
            if f.mode == "periodic" or (f.mode == "continuous" and not replicated)]
    return min(kept, key=lambda f: (f.minutes or 0.0, f.start)) if kept else None


def parse_copy_frequency(text: str) -> Frequency | None:
    """How often recovery points are kept that survive damage to the live data: PITR first,
    then the shortest periodic (or continuous) copy. Replication is left out: a replica
    repeats a deletion or a corruption at once, so it is no point to go back to."""
    return _parse(text, _pick_copy)


def parse_frequency(text: str) -> Frequency | None:
    """How often a job runs: ``日次`` → 1440, ``15分ごと`` → 15, ``常時`` → 0. With several cues,
    PITR wins, then replication, then the shortest interval (the one that bounds the RPO)."""
    return _parse(text, _pick_frequency)


# Pure (text, picker) -> frequency, asked again for the same cell by the backup facts and
# the BDR and routine checks: memoised as ``_normalise`` is; the values are frozen.
@functools.lru_cache(maxsize=1024)
def _parse(text: str, pick: Callable[[str], _Freq | None]) -> Frequency | None:
    """The cue ``pick`` chooses in the normalised text, mapped back to the source."""
    norm = _normalise(text)
    picked = pick(norm.text) if _may_name_frequency(norm.text) else None
    if picked is None:
        return None
    source, s, e = norm.source(picked.start, picked.end)
    return Frequency(picked.minutes, picked.mode, source, s, e)
