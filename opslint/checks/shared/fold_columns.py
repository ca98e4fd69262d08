"""Where each character of a folded line came from (``text.fold``): the source columns of a
line whose characters did not all fold to one, read from its pieces."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import overload

__all__ = ["FoldColumns"]


class FoldColumns(Sequence[int]):
    """The source column of each folded character, read from the line's pieces instead of
    kept one per character: a run copied as is maps column for column, a character
    normalised alone maps every character it became to its own column. Building the table
    per character was most of the cost of folding a line (3 folds per line on a 5 MB
    document), and only the columns of matches are ever read."""

    __slots__ = ("_length", "_sources", "_starts", "_whole")

    def __init__(self, length: int, starts: list[int], sources: list[int],
                 whole: list[bool]) -> None:
        # Piece i starts at folded index starts[i] and at source index sources[i]; a whole
        # piece is a copied run (column for column), else one character normalised alone.
        self._length, self._starts, self._sources, self._whole = length, starts, sources, whole

    def __len__(self) -> int:
        return self._length + 1

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...

    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index == self._length:  # one past the end
            return self._sources[-1] + 1
        piece = bisect_right(self._starts, index) - 1  # an empty piece yields to the next
        offset = index - self._starts[piece] if self._whole[piece] else 0
        return self._sources[piece] + offset + 1
