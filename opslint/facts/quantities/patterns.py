"""Regex pieces shared by the finders: numbers, units, comparators, dates, time zones."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

_WS: Final = r"[^\S\r\n]*"
# Digit lookarounds, not \b: CJK letters are \w. "1,500" is one number; "1.2.3" is none.
# The first digit comes before the lookbehinds, which look past it (``(?<![\d.].)`` is
# ``(?<![\d.])`` before that digit): the same matches, but a pattern starting with a number
# lets the engine skip to the digits instead of trying every position, about 4x faster
# (tests/test_perf_relops.py keeps the old form and compares every finder's matches).
_NUM: Final = r"\d(?<![\d.].)(?<!\d,.)(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?(?!\d|\.\d)"
_SEP: Final = r"(?:〜|~|-|–|—|から|(?<![A-Za-z])to(?![A-Za-z]))"

_EN_DUR: Final = (
    r"(?i:(?:business|working)[ ]days?|seconds?|secs?|minutes?|mins?|hours?|hrs?"
    r"|days?|weeks?|wks?|months?|mos?|years?|yrs?)(?![A-Za-z])"
)
# A single letter may be followed by digits only when they start the next piece ("1h30m"),
# which keeps hex such as "5d9f" out.
_ONE_LETTER_DUR: Final = r"[smhdwy](?![A-Za-z])(?!\d+(?:\.\d+)?(?![smhdwy\d]))"
_JP_DUR: Final = (
    r"(?:秒間?|分(?![の類割野])間?|時間(?!帯)|営業日|日(?![本曜次付])間?|週(?!次)間?"
    r"|[かヶヵカケ箇]月間?|年(?![度次])間?)(?!目)半?"
)
_DUR_UNIT: Final = rf"(?:{_EN_DUR}|{_ONE_LETTER_DUR}|{_JP_DUR})"
_MS_UNIT: Final = (
    r"(?:(?i:milliseconds?|msecs?|ms|microseconds?|μs|us)(?![A-Za-z0-9])|ミリ秒|マイクロ秒)"
)
_SIZE_UNIT: Final = (
    r"(?:(?i:[kmgtpe]i?b|bytes?)(?![A-Za-z0-9])|(?:キロ|メガ|ギガ|テラ|ペタ)?バイト)"
)
_RATE_UNIT: Final = (
    r"(?:(?:(?i:requests?|reqs?|queries|query|ops|errors?)|件|回|リクエスト)"
    rf"{_WS}/{_WS}(?:(?i:sec|s|min|m)(?![A-Za-z])|秒|分)|(?i:rps|qps|tps|rpm)(?![A-Za-z]))"
)
_COUNT_UNIT: Final = r"(?:件|回|個|台|人|(?i:times|errors?|count|requests?|reqs?)(?![A-Za-z]))"
# "%20", "%3F": URL escapes, not percentages.
_PCT_UNIT: Final = r"(?:%(?!ile|[0-9A-Fa-f]{2})|パーセント|(?i:percent|pct)(?![A-Za-z]))"
_FACTOR_UNIT: Final = r"(?:x(?![A-Za-z0-9])|×|倍)"
_ANY_UNIT: Final = (
    rf"(?:{_RATE_UNIT}|{_PCT_UNIT}|{_MS_UNIT}|{_SIZE_UNIT}|{_DUR_UNIT}|{_COUNT_UNIT}"
    rf"|{_FACTOR_UNIT})"
)
_CMP_SYM: Final = r"(?:>=|<=|!=|==|=<|<>|≧|≦|≥|≤|⩾|⩽|≠|&gt;=|&lt;=|&gt;|&lt;|>|<)"
_CMP_EN: Final = (
    r"(?<![A-Za-z])(?i:more than|greater than|less than|fewer than|at least|at most"
    r"|above|below|exceeds?|exceeding|(?:older|longer|higher|larger|later) than"
    r"|(?:newer|shorter|lower|smaller|earlier) than)(?![A-Za-z])"
)
# Equality with a number: "= 0", "equals 0" before it; "0 の状態", "0 のまま", "0 になる" after.
_CMP_EQ_PRE: Final = (
    r"(?:(?<=\s)|^)(?:=(?!=)|(?i:equals?|equal to|stays at|remains at)(?![A-Za-z]))"
)
_CMP_EQ_POST: Final = r"(?:の状態|のまま|[にと]な[るっ])"
_CMP_POST: Final = (
    r"(?:以上|以下|超過|超|未満|以内|を超える|を超えた|を上回る|を下回る|より大きい|より小さい"
    r"|(?i:or more|or less|or above|or below|or greater|or fewer)(?![A-Za-z]))"
)
_DATE: Final = (
    r"(?<!\d)(?:(?P<y>\d{4})[/.\-](?P<mo>\d{1,2})[/.\-](?P<d>\d{1,2})"
    rf"|(?P<jy>\d{{4}})年{_WS}(?P<jmo>\d{{1,2}})月{_WS}(?P<jd>\d{{1,2}})日)(?!\d)"
)
_WEEKDAY: Final = r"\((?:[月火水木金土日]|(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?)\)"
_TZ: Final = (
    rf"(?:(?:UTC|GMT)(?:{_WS}[+\-−]{_WS}\d{{1,2}}(?::?\d{{2}})?)?|JST|KST|CET|CEST|EET|PST"
    r"|PDT|EST|EDT|CST|CDT|MST|MDT|BST|IST|AEST|AEDT|SGT|HKT|日本時間|[+\-]\d{2}:?\d{2}|Z)"
    r"(?![A-Za-z])"
)

_CMP_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        **dict.fromkeys([">=", "≧", "≥", "⩾", "&gt;=", "以上", "at least"], ">="),
        **dict.fromkeys(["or more", "or above", "or greater"], ">="),
        **dict.fromkeys(["<=", "=<", "≦", "≤", "⩽", "&lt;=", "以下", "以内", "at most"], "<="),
        **dict.fromkeys(["or less", "or below", "or fewer"], "<="),
        **dict.fromkeys([">", "&gt;", "超", "超過", "を超える", "を超えた", "を上回る"], ">"),
        **dict.fromkeys(["より大きい", "more than", "greater than", "above"], ">"),
        **dict.fromkeys(["exceed", "exceeds", "exceeding"], ">"),
        **dict.fromkeys(["<", "&lt;", "未満", "を下回る", "より小さい", "less than"], "<"),
        **dict.fromkeys(["fewer than", "below"], "<"),
        **dict.fromkeys(["==", "=", "equal", "equals", "equal to", "stays at"], "=="),
        **dict.fromkeys(["remains at", "の状態", "のまま", "になる", "になっ", "となる"], "=="),
        **dict.fromkeys(["となっ"], "=="),
        **dict.fromkeys(["older than", "longer than", "higher than", "larger than"], ">"),
        **dict.fromkeys(["later than"], ">"),
        **dict.fromkeys(["newer than", "shorter than", "lower than", "smaller than"], "<"),
        **dict.fromkeys(["earlier than"], "<"),
        **dict.fromkeys(["!=", "≠", "<>"], "!="),
    }
)


def _cmp_name(raw: str) -> str:
    return _CMP_NAMES.get(raw.lower(), raw)


def _num(raw: str) -> float:
    return float(raw.replace(",", ""))
