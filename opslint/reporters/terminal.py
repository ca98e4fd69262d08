"""Text from documents made safe for a terminal: control characters are shown, never obeyed.

A document (or a file name, or a user's rule file) can carry escape sequences: an OSC that
sets the window title (``\\x1b]0;…\\x07``), a clear screen (``\\x1b[2J``), a carriage return
that overwrites the line. Every human-facing rendering passes its text through
``printable``; JSON and SARIF escape control characters themselves.
"""

from __future__ import annotations

import re

__all__ = ["printable"]

# C0 controls but tab, DEL, C1 controls (U+009B is a one-character CSI on some terminals),
# and the bidirectional overrides and isolates that reorder what is displayed.
_CONTROLS = "\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{_CONTROLS}]")
_UNSAFE_KEEPING_LINES = re.compile(f"\r\n|\n|[{_CONTROLS}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape_but_lines(match: re.Match[str]) -> str:
    return match.group(0) if match.group(0) in ("\n", "\r\n") else _escape(match)


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control character written as an escape (``\\x1b``).

    With ``newlines``, line breaks (LF, CRLF) are kept, for multi-line renderings; without,
    a line break is escaped too, so one finding stays one line.
    """
    if not _UNSAFE.search(text):
        return text
    if newlines:
        return _UNSAFE_KEEPING_LINES.sub(_escape_but_lines, text)
    return _UNSAFE.sub(_escape, text)
