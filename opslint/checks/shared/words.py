"""The words of message arguments (lists of names, durations, clock times), in both languages.

Messages are data in the rule files; so are the words checks fill into them: every joiner,
bracket and unit comes from ``findings`` in rules/vocab/report_text.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from opslint.engine.findings import LocalText
from opslint.engine.vocab import DataError, Vocab

__all__ = [
    "ELLIPSIS",
    "Words",
    "clip",
    "clock",
    "join_labels",
    "joined",
    "listed",
    "minutes_text",
    "number",
    "period_text",
    "words",
]

# A cut-off text ends with this mark; it is typography, the same in every language.
ELLIPSIS = "…"
_LIST_CAP = 6  # names shown in a list before "and N more"
_DAY = 1440
_YEAR = 525600


@dataclass(frozen=True)
class Words:
    """Word templates by language (``{n}分`` / ``{n} min``)."""

    ja: Mapping[str, str]
    en: Mapping[str, str]

    def get(self, lang: str, key: str) -> str:
        table = self.ja if lang == "ja" else self.en
        try:
            return table[key]
        except KeyError:
            raise DataError(
                f"rules/vocab/report_text.yaml: findings.{lang} has no {key!r}") from None

    def __call__(self, key: str, **values: Any) -> LocalText:
        """One template filled in, in both languages."""
        return LocalText(self.get("ja", key).format(**values),
                         self.get("en", key).format(**values))


def words(vocab: Vocab) -> Words:
    """The ``findings`` words of rules/vocab/report_text.yaml, read once per run."""

    def build() -> Words:
        data: Any = (vocab.terms.get("report_text") or {}).get("findings")
        try:
            return Words({str(k): str(v) for k, v in data["ja"].items()},
                         {str(k): str(v) for k, v in data["en"].items()})
        except (TypeError, KeyError, AttributeError):
            raise DataError("rules/vocab/report_text.yaml: 'findings' needs ja and en words"
                            ) from None

    return vocab.compiled("findings-words", build)


def joined(vocab: Vocab, labels: Sequence[LocalText] | Sequence[str], how: str = "join"
           ) -> LocalText:
    """Labels joined by one joiner (``join``, ``join_tight`` or ``join_or``)."""
    w = words(vocab)
    pairs = [(x.ja, x.en) if isinstance(x, LocalText) else (x, x) for x in labels]
    return LocalText(w.get("ja", how).join(ja for ja, _ in pairs),
                     w.get("en", how).join(en for _, en in pairs))


def join_labels(vocab: Vocab, labels: Sequence[LocalText]) -> LocalText:
    """Several labels as one: "A、B、C" and "A, B and C"."""
    w = words(vocab)

    def one(lang: str, texts: list[str]) -> str:
        if len(texts) < 2:
            return "".join(texts)
        return w.get(lang, "join").join(texts[:-1]) + w.get(lang, "join_last") + texts[-1]

    return LocalText(one("ja", [x.ja for x in labels]), one("en", [x.en for x in labels]))


def listed(vocab: Vocab, names: Iterable[str]) -> LocalText:
    """Names for a message, the first few only: 「A」、「B」ほか 3 件 / "A, B and 3 more"."""
    w = words(vocab)
    items = list(dict.fromkeys(names))
    shown, rest = items[:_LIST_CAP], len(items) - _LIST_CAP

    def one(lang: str) -> str:
        text = w.get(lang, "join").join(w.get(lang, "listed").format(name=n) for n in shown)
        return text + (w.get(lang, "listed_more").format(n=rest) if rest > 0 else "")

    return LocalText(one("ja"), one("en"))


def number(value: float) -> str:
    """A number without trailing zeros: 43.2, 216, 0.05."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def minutes_text(vocab: Vocab, minutes: float) -> LocalText:
    """A duration of a calculation: 43.2分 / 43.2 min, 4時間5分 / 4 h 5 min, 30日間 / 30 days."""
    w = words(vocab)
    whole = round(minutes)
    if minutes >= 2 * _DAY and abs(minutes - whole) < 1e-6 and whole % _DAY == 0:
        return w("days", n=whole // _DAY)
    if minutes >= 60 and abs(minutes - whole) < 1e-6:
        hours, rest = divmod(whole, 60)
        return w("hours_minutes", h=hours, m=rest) if rest else w("hours", h=hours)
    return w("minutes", n=number(minutes))


def period_text(vocab: Vocab, minutes: float) -> LocalText:
    """A retention or objective as people write it: 1年 / 1 year, 90日 / 90 days."""
    w = words(vocab)
    for size, unit in ((_YEAR, "year"), (_DAY, "day"), (60, "hour")):
        if minutes >= size and minutes % size == 0:
            count = int(minutes // size)
            return w(f"period_{unit}" if count == 1 else f"period_{unit}s", n=count)
    return w("period_minutes", n=f"{minutes:g}")


def clock(vocab: Vocab, minute: int) -> LocalText:
    """A clock time on the release day; past midnight reads 翌02:00 / 02:00 (+1 day)."""
    day, rest = divmod(minute, 1440)
    text = f"{rest // 60:02d}:{rest % 60:02d}"
    return words(vocab)("next_day", time=text) if day else LocalText(text, text)


def clip(text: str, limit: int) -> str:
    """A text cut to ``limit`` characters, the cut marked."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS
