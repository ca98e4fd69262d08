"""Percentile latency targets such as ``p95 < 500ms``."""

from __future__ import annotations

import functools
import re
from typing import Final

from opslint.facts.quantities.normalise import _Norm, _normalise
from opslint.facts.quantities.patterns import _CMP_EN, _CMP_SYM, _NUM, _WS, _cmp_name, _num
from opslint.facts.quantities.types import Latency
from opslint.facts.quantities.units import to_minutes

_LAT_UNIT: Final = (
    r"(?:(?i:milliseconds?|msecs?|ms|microseconds?|μs|us|seconds?|secs?|s|minutes?|mins?)"
    r"(?![A-Za-z0-9])|ミリ秒|マイクロ秒|秒|分)"
)
_LATENCY: Final = re.compile(
    r"(?:(?<![A-Za-z0-9])[pP](?P<p1>100|\d{1,2}(?:\.\d+)?)(?![\d.])"
    rf"|(?<![\d.])(?P<p2>\d{{1,2}}(?:\.\d+)?)(?i:th|st|nd|rd)?{_WS}"
    r"(?:パーセンタイル|(?i:percentile)|%ile))"
    # "99th percentile per cluster-day <= 1s": the aggregation unit between percentile and
    # target, perhaps with a footnote mark ("cluster-day¹", read as "cluster-day1")
    rf"(?:{_WS}(?i:per)[ ][A-Za-z]+(?:-[A-Za-z]+)?(?:\d|\[\d\])?)?"
    rf"(?:{_WS}(?:(?i:latency|response[ ]time)|レイテンシー?|応答時間|レスポンスタイム"
    r"|レスポンス時間))?"
    rf"{_WS}(?:[:=]{_WS})?(?:(?P<cmp>{_CMP_SYM}|{_CMP_EN}){_WS})?"
    rf"(?P<num>{_NUM}){_WS}(?P<unit>{_LAT_UNIT})"
    rf"(?:{_WS}(?P<post>以下|未満|以内|以上|超過|超))?"
)


def _latency(norm: _Norm, match: re.Match[str]) -> Latency:
    minutes = to_minutes(_num(match["num"]), match["unit"]) or 0.0
    raw_cmp = match["cmp"] or match["post"]
    text, s, e = norm.source(match.start(), match.end())
    return Latency(
        percentile=float(match["p1"] or match["p2"]),
        ms=round(minutes * 60_000, 6),
        comparator=_cmp_name(raw_cmp) if raw_cmp else None,
        text=text,
        start=s,
        end=e,
    )


def find_latencies(text: str) -> list[Latency]:
    """Percentile latencies: ``p95 < 500ms``, ``P99 1.5 秒``, ``95パーセンタイル 300ms``."""
    return list(_latencies_of(text))


# Pure str -> latencies, asked for each monitor row's item and threshold, which monitor
# tables repeat (14,000 rows of the 5 MB document, 1,421 distinct texts): memoised as
# ``_normalise`` is; the values are frozen.
@functools.lru_cache(maxsize=1024)
def _latencies_of(text: str) -> tuple[Latency, ...]:
    norm = _normalise(text)
    if norm.digitless:
        return ()
    return tuple(_latency(norm, m) for m in _LATENCY.finditer(norm.text))
