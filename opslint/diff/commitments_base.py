"""The matching and direction machinery of the commitment comparison.

Each family (``commitments_ops``, ``commitments_release``, ``commitments_people``) turns the
facts of one document into ``Item`` s: one commitment with the keys it is matched by (in
order of priority: an ID, then a name or target…) and its fields as ``Value`` s. ``compare``
matches the items of base and head by meaning, never by line, and computes a direction for
every field that differs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from opslint.diff.changes import CommitmentChange, Direction, Place
from opslint.engine.vocab import Vocab
from opslint.facts.placeholders import is_placeholder

__all__ = ["Item", "Value", "compare", "fmt_minutes", "norm_key", "sign_direction", "stated"]

# A field's own comparison: (old, new) → direction, for values a single number cannot order
# (a monitor's thresholds, an alert route's channels).
Compare = Callable[["Value", "Value"], Direction]


@dataclass(frozen=True)
class Value:
    """One field of a commitment as written (``text``) and as parsed.

    ``token`` decides whether the field changed (the parsed value; the folded text when
    None). The direction comes from ``compare`` when given, else from ``number`` and
    ``better`` ("higher" or "lower": which way the team promises more), else neutral.
    ``presence`` is the direction when the field appears (its opposite when it goes).
    """

    text: str
    number: float | None = None
    better: str | None = None
    token: Hashable = None
    compare: Compare | None = field(default=None, compare=False)
    presence: Direction = "neutral"
    extra: object = field(default=None, compare=False)  # parsed data ``compare`` reads

    @property
    def identity(self) -> Hashable:
        if self.token is not None:
            return self.token
        if self.number is not None:
            return self.number
        return norm_key(self.text)


@dataclass(frozen=True)
class Item:
    """One commitment of one document: its matching keys, label, line and fields."""

    keys: tuple[str, ...]
    label: str
    line: int
    fields: tuple[tuple[str, Value], ...] = ()
    added: Direction = "strengthened"  # the direction when it appears
    removed: Direction = "weakened"  # the direction when it goes


_SPACES = re.compile(r"[\s\u3000*_`]+")


def norm_key(text: str) -> str:
    """Folded text for matching: width, case, spaces and emphasis marks ignored."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).casefold()


def stated(text: str, vocab: Vocab) -> bool:
    """Whether a cell states something: not empty, a dash, "none" or a placeholder ("TBD")."""
    folded = unicodedata.normalize("NFKC", text).strip(" *_`").casefold()
    nothing = {unicodedata.normalize("NFKC", t).casefold() for t in vocab.term_list("diff", "none")}
    return bool(folded) and folded not in nothing and not is_placeholder(text, vocab)


def sign_direction(signs: Iterable[int]) -> Direction:
    """strengthened when every sign is ≥ 0 and one is > 0; weakened the other way round."""
    found = set(signs)
    if 1 in found and -1 not in found:
        return "strengthened"
    if -1 in found and 1 not in found:
        return "weakened"
    return "neutral"


_UNITS = {
    "ja": ((525600.0, "年"), (1440.0, "日"), (60.0, "時間"), (1.0, "分")),
    "en": ((525600.0, " y"), (1440.0, " d"), (60.0, " h"), (1.0, " min")),
}


def fmt_minutes(minutes: float, lang: str) -> str:
    """A short duration: "1 h", "30 min", "7 d" (ja: "1時間", "30分", "7日")."""
    units = _UNITS["ja" if lang == "ja" else "en"]
    if minutes <= 0:
        return "0分" if lang == "ja" else "0 min"
    for size, unit in units:
        if minutes >= size and (minutes / size).is_integer():
            return f"{minutes / size:g}{unit}"
    if minutes < 1:
        return f"{minutes * 60:g}秒" if lang == "ja" else f"{minutes * 60:g} s"
    for size, unit in units:
        if minutes >= size:
            return f"{minutes / size:.3g}{unit}"
    return f"{minutes:g}{units[-1][1]}"


def _direction(old: Value, new: Value) -> Direction:
    if new.compare is not None:
        return new.compare(old, new)
    if old.number is None or new.number is None or new.better is None:
        return "neutral"
    if new.number == old.number:
        return "neutral"
    higher = new.number > old.number
    return "strengthened" if higher == (new.better == "higher") else "weakened"


_OPPOSITE: dict[Direction, Direction] = {
    "strengthened": "weakened", "weakened": "strengthened", "neutral": "neutral"}


def _presence(value: Value) -> Direction:
    """A field that appears: its own direction, else stronger when it has an order (a
    retention, a frequency now stated)."""
    if value.presence != "neutral" or (value.better is None and value.compare is None):
        return value.presence
    return "strengthened"


def _field_changes(kind: str, key: str, old: Item, new: Item, base: Place,
                   head: Place) -> list[CommitmentChange]:
    before, after = dict(old.fields), dict(new.fields)
    names = [n for n, _ in old.fields] + [n for n, _ in new.fields if n not in before]
    changes = []
    for name in names:
        was, now = before.get(name), after.get(name)
        if was is not None and now is not None:
            if was.identity == now.identity:
                continue
            direction = _direction(was, now)
        elif now is not None:
            direction = _presence(now)
        elif was is not None:
            direction = _OPPOSITE[_presence(was)]
        else:
            continue
        changes.append(CommitmentChange(
            kind, key, name, was.text if was else None, now.text if now else None,
            direction, base, head))
    return changes


def _keyed(items: list[Item], level: int) -> dict[str, list[Item]]:
    found: dict[str, list[Item]] = {}
    for item in items:
        if level < len(item.keys) and item.keys[level]:
            found.setdefault(item.keys[level], []).append(item)
    return found


def _match(old: Sequence[Item], new: Sequence[Item]) -> list[tuple[Item | None, Item | None]]:
    """Pair items by their keys in order: a key pairs two items when it is unique among the
    items left on both sides; what is left after every key pairs in order of its last key."""
    left_old, left_new = list(old), list(new)
    pairs: list[tuple[Item | None, Item | None]] = []
    depth = max((len(i.keys) for i in [*old, *new]), default=0)
    level = 0
    while level < depth:
        by_old, by_new = _keyed(left_old, level), _keyed(left_new, level)
        matched = False
        for key, olds in by_old.items():
            news = by_new.get(key, [])
            if len(olds) == 1 and len(news) == 1:
                pairs.append((olds[0], news[0]))
                left_old.remove(olds[0])
                left_new.remove(news[0])
                matched = True
        # A pair found by a later key may leave an earlier key unique: start again.
        level = 0 if matched and level else level + 1
    # Identical duplicates (the same key on two rows on both sides): pair them in order.
    for item in list(left_old):
        twin = next((n for n in left_new if n.keys == item.keys), None)
        if twin is not None:
            pairs.append((item, twin))
            left_old.remove(item)
            left_new.remove(twin)
    pairs += [(item, None) for item in left_old]
    pairs += [(None, item) for item in left_new]
    return pairs


def compare(kind: str, old: Sequence[Item], new: Sequence[Item], base_path: str | None,
            head_path: str | None) -> list[CommitmentChange]:
    """The changes of one kind of commitment between two paired documents."""
    changes: list[CommitmentChange] = []
    for was, now in _match(old, new):
        base = Place(base_path, was.line) if was is not None and base_path else None
        head = Place(head_path, now.line) if now is not None and head_path else None
        if was is not None and now is not None:
            changes += _field_changes(kind, now.label, was, now, base or Place("", 0),
                                      head or Place("", 0))
        elif now is not None:
            changes.append(CommitmentChange(kind, now.label, "", None, _summary(now),
                                            now.added, None, head))
        elif was is not None:
            changes.append(CommitmentChange(kind, was.label, "", _summary(was), None,
                                            was.removed, base, None))
    return changes


def _summary(item: Item) -> str:
    """An added or removed commitment in one line: its label and its main fields."""
    values = [v.text for _, v in item.fields if v.text and v.text != item.label]
    return " / ".join([p for p in (item.label, *values[:3]) if p])
