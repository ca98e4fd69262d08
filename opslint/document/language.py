"""The language of a document, judged on its prose (code is English everywhere)."""

from __future__ import annotations

import re

from opslint.document.model import Block, CodeBlock, Section, Table

__all__ = ["detect_language", "prose"]

# Counted by runs, never a string per letter: findall on a 5 MB document's prose made
# two million one-letter strings (50 MiB, the parse stage's peak; issue 10).
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]+")
_LATIN = re.compile(r"[A-Za-z]+")


def _letters(pattern: re.Pattern[str], text: str) -> int:
    return sum(run.end() - run.start() for run in pattern.finditer(text))


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
