"""Release-day steps written as a list: each item with its nested lines ("- 担当：山下"), and
items written as fields with one separator ("T+00:10 — step — owner — check"), mapped by the
document's own legend ("Each item reads: time — step — owner — verification") or by place."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from opslint.document.model import ListItem, Paragraph, Section
from opslint.document.normalize import contains_any, normalize
from opslint.engine.vocab import Vocab
from opslint.facts.reading import column_terms
from opslint.facts.release_time import TimePoint, reading_terms, time_points

__all__ = ["FIELD_KEYS", "ListStep", "list_steps"]

FIELD_KEYS = ("time", "task", "owner", "check")
_LEAD = 3  # a step's time starts within the first characters of its item
_PLACES = {4: FIELD_KEYS}  # fields read by place when no legend names them


@dataclass(frozen=True)
class ListStep:
    """One list item of the release day, with the lines nested under it."""

    line: int
    text: str  # the item and its nested items, one per line
    time: TimePoint | None  # the time the item starts with
    task: str  # the work: the task field, else the item after its time
    owner: str | None  # the owner field, when the items are written as fields
    check: str | None  # the check field, likewise


def _leading(text: str, vocab: Vocab) -> TimePoint | None:
    first = next(iter(time_points(text, vocab)), None)
    return first if first is not None and first.start <= _LEAD else None


def _with_children(items: Sequence[ListItem]) -> list[tuple[ListItem, str]]:
    """Top-level items, each with the text of the deeper items that follow it."""
    found: list[tuple[ListItem, list[str]]] = []
    for item in items:
        if item.depth == 0:
            found.append((item, [item.text]))
        elif found:
            found[-1][1].append(item.text)
    return [(item, "\n".join(lines)) for item, lines in found]


def _candidates(section: Section, vocab: Vocab, timed: Callable[[str], bool] | None
                ) -> list[tuple[ListItem, str]]:
    items = _with_children([b for b in section.all_blocks() if isinstance(b, ListItem)])
    ordered = [(i, t) for i, t in items if i.ordered]
    return ordered or [(i, t) for i, t in items if _leading(i.text, vocab) is not None
                       or (timed is not None and timed(i.text))]


def _separator(texts: Sequence[str], vocab: Vocab) -> tuple[str, int] | None:
    """The separator that splits every timed item into the same number (3+) of fields."""
    for separator in reading_terms(vocab, "field_separators"):
        counts = Counter(len(t.split(separator)) for t in texts)
        if not counts:
            return None
        fields, seen = counts.most_common(1)[0]
        if fields >= 3 and min(counts) >= fields - 1 and seen * 5 >= len(texts) * 4:
            return separator, fields
    return None


def _legend(section: Section, separator: str, fields: int, vocab: Vocab
            ) -> tuple[str, ...] | None:
    """Field names a paragraph gives for the items ("Each item reads: time — step — owner")."""
    for block in section.all_blocks():
        if not isinstance(block, Paragraph):
            continue
        for line in block.text.split("\n"):
            parts = line.split(separator)
            if len(parts) != fields:
                continue
            parts[0] = parts[0].rsplit(":", 1)[-1].rsplit("：", 1)[-1]
            keys = tuple(_field_key(p, vocab) for p in parts)
            if sum(k != "" for k in keys) >= 3 and "time" in keys:
                return keys
    return None


def _field_key(text: str, vocab: Vocab) -> str:
    norm = normalize(text.strip(" .。"))
    return next((k for k in FIELD_KEYS if contains_any(norm, column_terms(vocab, k))), "")


def _fields(text: str, separator: str, keys: Sequence[str]) -> dict[str, str]:
    parts = text.split("\n", 1)[0].split(separator, len(keys) - 1)
    return {k: p.strip() for k, p in zip(keys, parts, strict=False) if k}


def list_steps(section: Section, vocab: Vocab, timed: Callable[[str], bool] | None = None
               ) -> list[ListStep]:
    """The steps of a release-day chapter written as a list (empty when it has none): its
    ordered items, else the items that start with a time (or that ``timed`` accepts: a
    template's ``HH:MM``)."""
    items = _candidates(section, vocab, timed)
    with_time = [t for i, t in items if _leading(i.text, vocab) is not None]
    split = _separator([t.split("\n", 1)[0] for t in with_time], vocab) if with_time else None
    keys = None
    if split is not None:
        keys = _legend(section, *split, vocab) or _PLACES.get(split[1])
    steps = []
    for item, text in items:
        time = _leading(item.text, vocab)
        fields = _fields(text, split[0], keys) if split and keys and time else {}
        task = fields.get("task") or (item.text[time.end :] if time else item.text)
        steps.append(ListStep(item.line, text, time, task.strip(" :：-–—"),
                              fields.get("owner"), fields.get("check")))
    return steps
