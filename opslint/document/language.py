"""The language of a document, judged on its prose (code is English everywhere)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from opslint.document.model import Block, CodeBlock, ListItem, Paragraph, Section, Table

__all__ = ["detect_language", "prose"]

# Counted a bounded chunk at a time (counts add up), never a string per letter: findall on
# a 5 MB document's prose made two million one-letter strings (50 MiB, the parse stage's
# peak; issue 10), and a generator step per run took 1.5 million steps on 1,000 documents.
# Japanese letters: what removing their runs takes off the chunk (a run holds only such
# letters, and every one is in a run). Latin letters (ASCII): the bytes left when the chunk
# is encoded to ASCII dropping everything else (one byte per ASCII character) and every
# byte that is not a letter is deleted; seven times faster than the runs of [A-Za-z].
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]+")
_NOT_LATIN = bytes(byte for byte in range(256) if not chr(byte).isascii()
                   or not chr(byte).isalpha())
_CHUNK = 1 << 13  # characters: what a chunk makes stays near 50 KB


def _chunks(text: str) -> Iterator[str]:
    for start in range(0, len(text), _CHUNK):
        yield text[start:start + _CHUNK]  # the text itself when it is one chunk


def _cjk_letters(text: str) -> int:
    return sum(len(chunk) - len(_CJK.sub("", chunk)) for chunk in _chunks(text))


def _latin_letters(text: str) -> int:
    return sum(len(chunk.encode("ascii", "ignore").translate(None, _NOT_LATIN))
               for chunk in _chunks(text))


# The Japanese letters are counted a smaller chunk at a time, until they settle the answer.
_JA_CHUNK = 1 << 10


def detect_language(text: str) -> str:
    """"ja" when Japanese script is a real share of the letters, else "en"."""
    latin = _latin_letters(text)
    # The answer is "ja" once the Japanese letters counted so far are enough: counting
    # more only adds to them, so the rest of the text is not read (a Japanese document's
    # first kilobytes usually settle it; counting them all was two thirds of the time).
    needed = max(5, -(-latin // 4))  # the least count with cjk >= 5 and cjk * 4 >= latin
    cjk = 0
    for start in range(0, len(text), _JA_CHUNK):
        chunk = text[start:start + _JA_CHUNK]
        cjk += len(chunk) - len(_CJK.sub("", chunk))
        if cjk >= needed:
            return "ja"
    return "en"


def prose(root: Section) -> str:
    """Headings and non-code blocks: what the language is judged on (code is English)."""
    parts: list[str] = []
    for section in root.walk():
        parts.append(section.title)
        # a paragraph's or item's text read here (most blocks), without a call of _prose_of
        parts += [block.text if isinstance(block, (Paragraph, ListItem)) else _prose_of(block)
                  for block in section.blocks if not isinstance(block, CodeBlock)]
    return "\n".join(parts)


def _prose_of(block: Block) -> str:
    if isinstance(block, Table):
        return " ".join([*block.header, *(c for r in block.rows for c in r.cells)])
    return block.text
