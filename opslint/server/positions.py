"""Offsets and 1-based lines in opslint's text ↔ LSP positions (0-based, in code units).

opslint counts lines as markdown-it does (``\\r\\n``, ``\\r``, ``\\n``: LINE_BREAK), and so
does the LSP; ``str.splitlines`` would also break at U+2028 and form feeds, so positions are
computed here rather than by pygls's text document. Columns are code units of the encoding
the client and server agreed on: UTF-16 unless the client offered another.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from opslint.document.load import LINE_BREAK

__all__ = ["Lines"]


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)  # UTF-16 surrogate pairs


@dataclass(frozen=True)
class Lines:
    """One text's line table, for one position encoding ("utf-8", "utf-16" or "utf-32")."""

    text: str
    encoding: str = "utf-16"

    @cached_property
    def starts(self) -> tuple[int, ...]:
        return (0, *(m.end() for m in LINE_BREAK.finditer(self.text)))

    def _content_end(self, index: int) -> int:
        """Offset of the end of line ``index`` (0-based), before its line break."""
        if index + 1 < len(self.starts):
            end = self.starts[index + 1]
            return end - (2 if self.text[end - 2:end] == "\r\n" else 1)
        return len(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of a text offset, both 0-based, character in code units."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return line, _units(self.text[start:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The text offset of an LSP position; past the end of a line is its end."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self._content_end(line)
        units = 0
        for index in range(start, end):
            if units >= character:
                return index
            units += _units(self.text[index], self.encoding)
        return end

    def line_span(self, first: int, last: int, column: int = 1) -> tuple[tuple[int, int],
                                                                      tuple[int, int]]:
        """The LSP range of 1-based lines ``first``..``last`` from a 1-based code-point column
        to the end of the last line's text; lines past the end clamp to the last one."""
        count = len(self.starts)
        first = max(1, min(first, count))
        last = max(first, min(last, count))
        begin = self.starts[first - 1]
        start = min(begin + max(column, 1) - 1, self._content_end(first - 1))
        return self.position(start), self.position(self._content_end(last - 1))

    def line_end(self, line: int) -> int:
        """Offset of the end of 1-based ``line``'s text (before its line break)."""
        return self._content_end(max(0, min(line, len(self.starts)) - 1))

    def line_start(self, line: int) -> int:
        return self.starts[max(0, min(line, len(self.starts)) - 1)]
