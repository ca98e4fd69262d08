"""The language of a document, judged on its prose (code is English everywhere)."""

from __future__ import annotations

import re

from opslint.document.model import Block, CodeBlock, Section, Table

__all__ = ["detect_language", "prose"]

# Counted as what removing their runs takes off the text, never a string per letter:
# findall on a 5 MB document's prose made two million one-letter strings (50 MiB, the parse
# stage's peak; issue 10), and a generator step per run took 1.5 million steps on 1,000
# documents. A run holds only letters of its class and every such letter is in a run, so
# the length removed is their count; counts add up, so the text is taken a bounded chunk at
# a time (the copy without the runs is never longer than the chunk).
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]+")
_LATIN = re.compile(r"[A-Za-z]+")
_CHUNK = 1 << 16  # characters


def _letters(pattern: re.Pattern[str], text: str) -> int:
    count = 0
    for start in range(0, len(text), _CHUNK):
        chunk = text[start:start + _CHUNK]  # the text itself when it is one chunk
        count += len(chunk) - len(pattern.sub("", chunk))
    return count


def detect_language(text: str) -> str:
    """"ja" when Japanese script is a real share of the letters, else "en"."""
    cjk = _letters(_CJK, text)
    latin = _letters(_LATIN, text)
    return "ja" if cjk >= 5 and cjk * 4 >= latin else "en"


def prose(root: Section) -> str:
    """Headings and non-code blocks: what the language is judged on (code is English)."""
    parts: list[str] = []
    for section in root.walk():
        parts.append(section.title)
        parts.extend(_prose_of(b) for b in section.blocks if not isinstance(b, CodeBlock))
    return "\n".join(parts)


def _prose_of(block: Block) -> str:
    if isinstance(block, Table):
        return " ".join([*block.header, *(c for r in block.rows for c in r.cells)])
    return block.text
