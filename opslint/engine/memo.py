"""The value computed for the last key asked: the per-document memo of readers that get a
Document rather than the check's context (``SemanticModel.read`` is the memo of those that
get the context).

Several rules ask one reader the same question about the same document in a row; keeping
the last answer only, with its key compared by identity (the key's objects are held, so an
identity cannot be reused), makes the repeats free while memory stays bounded by one
document. The CLI, ``--jobs`` workers and the language server's single lint thread ask from
one thread at a time.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

__all__ = ["Bounded", "LastKept", "PerText"]

K = TypeVar("K")
T = TypeVar("T")


class LastKept(Generic[T]):
    """``get(key, compute)``: ``compute()`` unless ``key`` is, object for object, the last
    key asked, whose value is returned."""

    def __init__(self) -> None:
        self._last: tuple[tuple[object, ...], T] | None = None

    def get(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        last = self._last
        if last is not None:  # the keys compared inline: asked about 900 times per document
            held = last[0]
            if len(held) == len(key) and all(map(_is, held, key)):
                return last[1]
        value = compute()
        self._last = (key, value)
        return value


_is = operator.is_  # a global, not an attribute read per call


_MISSING = object()


class Bounded(Generic[K, T]):
    """``get(key, compute, *args)``: ``compute(*args)``, kept per key; at most ``kept`` keys,
    then all forgotten at once (a table or a run repeats its questions in bursts, so a
    cleared memo fills again with what is asked now).

    For answers that depend only on the vocabulary and the key: the memo is kept on the
    ``Vocab`` (``vocab.compiled(name, Bounded)``), so another rules folder has its own,
    and bounded, for the peak-memory goal on 1,000 documents.
    """

    def __init__(self, kept: int = 4096) -> None:
        self._known: dict[K, T] = {}
        self._kept = kept

    def __len__(self) -> int:  # the keys kept now
        return len(self._known)

    @property
    def known(self) -> Mapping[K, T]:
        """The answers kept now, to read (never to change): a caller asked hundreds of
        thousands of times looks its key up here first and calls ``get`` only on a miss.
        The same mapping for the memo's life (it is cleared, never replaced)."""
        return self._known

    def get(self, key: K, compute: Callable[..., T], *args: object) -> T:
        known = self._known
        found = known.get(key, _MISSING)
        if found is _MISSING:
            if len(known) >= self._kept:
                known.clear()
            found = known[key] = compute(*args)
        return found  # type: ignore[return-value]


class PerText(Generic[T]):
    """``get(key, text, answer)``: ``answer(text)``, kept per text while ``key`` stays, object
    for object, the last key asked (as ``LastKept``); at most ``kept`` texts, then forgotten.

    For a question asked of every row's cell: a table repeats its cells ("Warning", "-",
    "TBD") row after row, so a distinct text is answered once, not once per row.
    """

    def __init__(self, kept: int = 4096) -> None:
        self._key: tuple[object, ...] = ()
        self._known: dict[str, T] = {}
        self._kept = kept

    def get(self, key: tuple[object, ...], text: str, answer: Callable[[str], T]) -> T:
        held = self._key  # compared inline (no call): asked for every cell of every table
        if len(held) != len(key) or not all(map(_is, held, key)):
            self._key, self._known = key, {}
        known = self._known
        found = known.get(text, _MISSING)
        if found is _MISSING:
            if len(known) >= self._kept:
                known.clear()
            found = known[text] = answer(text)
        return found  # type: ignore[return-value]
