"""Meaning-preserving rewrites of a Markdown document, each a named, reusable transformation.

A transformation maps a document's text to a new text and says where each original line
went, so findings can be compared place for place. They leave fenced code, HTML comments,
table separator rows and URLs alone: a rewrite must change the house style, never the
meaning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

LineMap = Callable[[int], int]

_CJK = r"\u3040-\u30ff\u3400-\u9fff\uff01-\uff60"
_FENCE = re.compile(r"^\s*(```|~~~)")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


@dataclass(frozen=True)
class Transform:
    name: str
    rewrite: Callable[[str], tuple[str, LineMap]]


def _same(line: int) -> int:
    return line


def _prose_lines(text: str, edit: Callable[[str], str]) -> tuple[str, LineMap]:
    """Apply ``edit`` to every line outside fences, comments and table separators."""
    out, fenced, comment = [], False, False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            out.append(line)
            continue
        if "<!--" in line and "-->" not in line:
            comment = True
        if fenced or comment or _SEPARATOR.match(line) or "<!--" in line:
            out.append(line)
        else:
            out.append(_outside_urls_and_code(line, edit))
        if comment and "-->" in line:
            comment = False
    return "\n".join(out), _same


_PROTECTED = re.compile(r"`[^`]*`|https?://\S+|\[[^\]]*\]\([^)]*\)")


def _outside_urls_and_code(line: str, edit: Callable[[str], str]) -> str:
    parts, last = [], 0
    for match in _PROTECTED.finditer(line):
        parts.append(edit(line[last:match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(edit(line[last:]))
    return "".join(parts)


# --------------------------------------------------------------------------- labels

_BOLD_LABEL = re.compile(r"\*\*([^*\n]{1,40}?)\*\*(\s*[:：])")
_PLAIN_LABEL = re.compile(
    rf"^(\s*[-*]\s+)([A-Za-z{_CJK}][^:：|*`\n\d]{{0,30}}?)([:：])(?!//)(\s)")


def plain_labels(text: str) -> tuple[str, LineMap]:
    """`**Owner:**`, `**担当**：` → `Owner:`, `担当：`."""
    return _prose_lines(text, lambda s: _BOLD_LABEL.sub(r"\1\2", s))


def bold_labels(text: str) -> tuple[str, LineMap]:
    """`- 担当：値` → `- **担当**：値` (list items whose label is words only)."""
    return _prose_lines(text, lambda s: _PLAIN_LABEL.sub(r"\1**\2**\3\4", s))


# --------------------------------------------------------------------------- widths

_TO_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


_LIST_MARKER = re.compile(r"^(\s*\d+[.)]\s)")


def fullwidth_digits(text: str) -> tuple[str, LineMap]:
    """Half-width digits → full-width in Japanese prose lines. An ordered-list marker keeps
    its digits: "１." would no longer be a list item, which changes the document."""
    def edit(s: str) -> str:
        if not re.search(f"[{_CJK}]", s):
            return s
        marker = _LIST_MARKER.match(s)
        head = marker.group(1) if marker else ""
        return head + s[len(head):].translate(_TO_FULL)
    return _prose_lines(text, edit)


_PUNCT = re.compile(r"(?<!\d):(?!\d|//)|\(|\)")


def fullwidth_punctuation(text: str) -> tuple[str, LineMap]:
    """Colons and parentheses → full-width in Japanese prose (times and URLs kept)."""
    table = {":": "：", "(": "（", ")": "）"}

    def edit(s: str) -> str:
        if not re.search(f"[{_CJK}]", s):
            return s
        return _PUNCT.sub(lambda m: table[m.group(0)], s)
    return _prose_lines(text, edit)


# --------------------------------------------------------------------------- spacing

_CJK_LATIN = re.compile(rf"(?<=[{_CJK}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])(?=[{_CJK}])")
_CJK_SPACE_LATIN = re.compile(rf"(?<=[{_CJK}]) (?=[A-Za-z0-9])|(?<=[A-Za-z0-9%]) (?=[{_CJK}])")


def add_latin_cjk_spaces(text: str) -> tuple[str, LineMap]:
    return _prose_lines(text, lambda s: _CJK_LATIN.sub(" ", s))


def remove_latin_cjk_spaces(text: str) -> tuple[str, LineMap]:
    return _prose_lines(text, lambda s: _CJK_SPACE_LATIN.sub("", s))


# --------------------------------------------------------------------------- headings

_NUMBER = re.compile(r"^((?:第\d+章|\d+(?:[.-]\d+)*\.?)\s*)")


def _headings(text: str, edit: Callable[[int, str], str]) -> tuple[str, LineMap]:
    out, fenced = [], False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        out.append(f"{match.group(1)} {edit(len(match.group(1)), match.group(2))}"
                   if match else line)
    return "\n".join(out), _same


def unnumbered_headings(text: str) -> tuple[str, LineMap]:
    """`## 4. 切り戻し手順` → `## 切り戻し手順`."""
    return _headings(text, lambda _level, title: _NUMBER.sub("", title))


def chapter_numbered_headings(text: str) -> tuple[str, LineMap]:
    """`## 4. X` → `## 第4章 X`; `### 4.2 Y` → `### 4-2 Y`."""
    def edit(level: int, title: str) -> str:
        match = re.match(r"^(\d+)(?:\.(\d+))?\.?\s+(.*)$", title)
        if not match:
            return title
        if match.group(2):
            return f"{match.group(1)}-{match.group(2)} {match.group(3)}"
        return f"第{match.group(1)}章 {match.group(3)}" if level == 2 else title
    return _headings(text, edit)


def setext_headings(text: str) -> tuple[str, LineMap]:
    """Level-1 and level-2 ATX headings → unnumbered Setext (one line more after each)."""
    out: list[str] = []
    inserted: list[int] = []  # original line numbers after which a line was added
    fenced = False
    for number, line in enumerate(text.split("\n"), start=1):
        if _FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match and len(match.group(1)) <= 2 and match.group(2).strip():
            # "1. Title" over a Setext underline would be an ordered list item, so Setext
            # chapters go unnumbered, as teams that write them do.
            out.append(_NUMBER.sub("", match.group(2)))
            out.append(("=" if len(match.group(1)) == 1 else "-") * 8)
            inserted.append(number)
        else:
            out.append(line)

    def where(line: int) -> int:
        return line + sum(1 for n in inserted if n < line)
    return "\n".join(out), where


_SYNONYMS = (("改訂履歴", "変更履歴"), ("切り戻し手順", "ロールバック手順"),
             ("定常作業", "定例作業"), ("Revision history", "Changelog"),
             ("Rollback", "Backout plan"), ("Routine work", "Recurring operations"))


def chapter_synonyms(text: str) -> tuple[str, LineMap]:
    """Chapter names replaced by synonyms (改訂履歴 → 変更履歴, Rollback → Backout plan…)."""
    def edit(_level: int, title: str) -> str:
        for old, new in _SYNONYMS:
            title = title.replace(old, new)
        return title
    return _headings(text, edit)


# --------------------------------------------------------------------------- tables


def permuted_columns(text: str) -> tuple[str, LineMap]:
    """The last two columns of every table swapped (header, separator and rows)."""
    def swap(line: str) -> str:
        stripped = line.strip()
        if not (stripped.startswith("|") and stripped.endswith("|")):
            return line
        cells = stripped[1:-1].split("|")
        if len(cells) < 3 or any("\\" in c for c in cells):
            return line
        cells[-1], cells[-2] = cells[-2], cells[-1]
        indent = line[: len(line) - len(line.lstrip())]
        return f"{indent}|{'|'.join(cells)}|"
    out, fenced = [], False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        out.append(line if fenced else swap(line))
    return "\n".join(out), _same


# --------------------------------------------------------------------------- bytes


def crlf(text: str) -> tuple[str, LineMap]:
    return text.replace("\r\n", "\n").replace("\n", "\r\n"), _same


def bom(text: str) -> tuple[str, LineMap]:
    return "\ufeff" + text, _same


def front_matter(text: str) -> tuple[str, LineMap]:
    """A YAML front matter block (three lines) before the document."""
    if text.startswith("---"):
        return text, _same
    return "---\nowner: platform-team\n---\n" + text, lambda line: line + 3


TRANSFORMS = tuple(Transform(f.__name__, f) for f in (
    plain_labels, bold_labels, fullwidth_digits, fullwidth_punctuation,
    add_latin_cjk_spaces, remove_latin_cjk_spaces, unnumbered_headings,
    chapter_numbered_headings, setext_headings, chapter_synonyms, permuted_columns,
    crlf, bom, front_matter,
))
