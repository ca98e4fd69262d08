"""Reading past the parser's nesting limit instead of losing the rest of the document.

markdown-it-py stops at ``maxNesting`` token levels (a list level is two: the list and its
item) and then silently skips everything up to the end of the enclosing block, which for a
top-level list is the end of the document (issue 10: every later chapter looked missing).
``parse.py`` raises the limit to a bound; past it, this module resumes parsing at the first
line that closes every open container and reports the lines in between as unread.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

__all__ = ["BlockLike", "TokenLike", "last_text_line", "recover", "unclosed_block"]

# A line at column 0 after a blank line ends every list and block quote; an ATX heading at
# column 0 ends them even without the blank line (it cannot be a lazy continuation).
_ATX = re.compile(r"#{1,6}(?:[ \t]|$)")
_MARKERS = re.compile(r"^(?:\s*(?:>|[-+*]|\d{1,9}[.)])(?=\s|$))*\s*")


class TokenLike(Protocol):
    """What is read of a markdown-it token (only parse.py imports markdown-it)."""

    map: list[int] | None

    @property
    def type(self) -> str: ...

    @property
    def nesting(self) -> int: ...

    @property
    def level(self) -> int: ...


T = TypeVar("T", bound=TokenLike)


def _truncated(token: TokenLike, limit: int) -> bool:
    # The parser refuses to read inside a container whose content would reach the limit.
    return (token.nesting == 1 and token.type in ("list_item_open", "blockquote_open")
            and token.level + 1 >= limit and token.map is not None)


def _resume_line(lines: Sequence[str], start: int, end: int) -> int:
    for number in range(start + 1, end):
        line = lines[number]
        if line[:1] and not line[:1].isspace() and (
            _ATX.match(line) or not lines[number - 1].strip()
        ):
            return number
    return end


def _holds_text(lines: Sequence[str], start: int, end: int) -> bool:
    first = _MARKERS.sub("", lines[start]) if start < len(lines) else ""
    return bool(first.strip()) or any(line.strip() for line in lines[start + 1 : end])


def recover(
    tokens: list[T], lines: Sequence[str], limit: int, parse: Callable[[int, int], list[T]],
) -> tuple[list[T], list[tuple[int, int]]]:
    """The tokens with the skipped parts parsed again where possible, and the 0-based
    half-open line ranges that could still not be read.

    ``parse(start, end)`` parses lines of the document at top level (no front matter), with
    absolute line maps. Each re-read stops at the next deep region, where markdown-it skips
    to the end at once, so the whole is linear in the document's size. A work stack, not
    recursion: a document may hold thousands of deep regions.
    """
    out: list[T] = []
    unread: list[tuple[int, int]] = []
    stack: list[tuple[list[T], int]] = [(tokens, 0)]
    while stack:
        current, index = stack.pop()
        while index < len(current):
            token = current[index]
            out.append(token)
            index += 1
            if not _truncated(token, limit):
                continue
            assert token.map is not None
            start, end = token.map
            # Nothing inside the skipped range became a token: only closing tokens follow.
            while index < len(current) and not (
                current[index].map and current[index].map[0] >= end  # type: ignore[index]
            ):
                out.append(current[index])
                index += 1
            resume = _resume_line(lines, start, end)
            if _holds_text(lines, start, resume):
                unread.append((start, resume))
            if resume < end:
                stack.append((current, index))  # the rest of this list, after the re-read
                stack.append((parse(resume, end), 0))
                break
    return out, unread


def last_text_line(lines: Sequence[str], start: int, end: int) -> int:
    """The last line (1-based) of lines ``start`` to ``end`` (0-based, half open) that holds
    text, ``start + 1`` when none does."""
    last = end
    while last > start + 1 and not lines[last - 1].strip():
        last -= 1
    return last


class BlockLike(TokenLike, Protocol):
    @property
    def content(self) -> str: ...

    @property
    def markup(self) -> str: ...


# Raw HTML blocks that run until a closing sequence (CommonMark's HTML block kinds 1-5).
_RAW_HTML = (
    (re.compile(r"<(?:script|pre|style|textarea)(?:\s|>|$)", re.IGNORECASE),
     re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE), "<{tag}>"),
    (re.compile(r"<!--"), re.compile(r"-->"), "<!--"),
    (re.compile(r"<\?"), re.compile(r"\?>"), "<?"),
    (re.compile(r"<![A-Za-z]"), re.compile(r">"), "<!"),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>"), "<![CDATA["),
)
_FENCE_CLOSE = re.compile(r"^\s*(`{3,}|~{3,})\s*$")


def unclosed_block(tokens: Sequence[BlockLike], lines: Sequence[str]) -> tuple[int, str] | None:
    """A block that is never closed and so swallows the rest of the document: its 0-based
    line and how it opens (``<!--``, a code fence), or None.

    Text inserted after it would be hidden too, so fixes there are withheld.
    """
    total = len(lines) - (1 if lines and lines[-1] == "" else 0)
    for token in tokens:
        if token.map is None or token.map[1] < total:
            continue
        start = token.map[0]
        if token.type == "html_block":
            opening = token.content.lstrip()
            for opener, closer, label in _RAW_HTML:
                found = opener.match(opening)
                # "<!-->" and "<?>" close themselves, as markdown-it reads them.
                if found and not closer.search(opening, found.start() + 2):
                    return start, label.format(tag=found.group(0).strip("<> \t").lower())
        elif token.type == "fence" and token.map[1] - start >= 1:
            last = lines[token.map[1] - 1] if token.map[1] - 1 > start else ""
            close = _FENCE_CLOSE.match(last)
            marker = token.markup
            if not (close and close.group(1)[0] == marker[:1]
                    and len(close.group(1)) >= len(marker)):
                return start, marker
    return None
