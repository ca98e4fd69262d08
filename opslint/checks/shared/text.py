"""Line-scanning helpers shared by the text checks: per-character NFKC with exact source
columns, vocabulary regexes, section scopes and quotation marks (where a match sits:
``places.py``)."""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from opslint.checks.shared.common import Line
from opslint.checks.shared.fold_columns import FoldColumns
from opslint.document.normalize import NFKC_STABLE_RUN, NFKC_UNSTABLE_CHAR
from opslint.engine.context import CheckContext
from opslint.engine.memo import LastKept
from opslint.engine.vocab import DataError
from opslint.facts.folding import fold_each
from opslint.facts.joined import CHUNK
from opslint.facts.prefilter import Prefilter, prefilter

__all__ = ["VOCAB", "Folded", "either", "family_regexes", "fold", "fold_lines", "fold_texts",
           "lines_may_match", "may_match", "quoted", "regexes", "scope_lines", "spans",
           "vocab_value"]

VOCAB = "placeholders"


@dataclass(frozen=True)
class Folded:
    """A source line after per-character NFKC, with each character's source column."""

    raw: str
    text: str
    # 1-based, one entry per folded character plus one past the end: a range when the line
    # folds to itself, else read from its pieces (``FoldColumns``). Only indexed, never changed.
    columns: Sequence[int]

    def column(self, index: int) -> int:
        return self.columns[min(index, len(self.columns) - 1)]

    def source(self, start: int, end: int) -> str:
        """The source text of a folded span, as the author wrote it (「（仮）」, not "(仮)")."""
        return self.raw[self.column(start) - 1 : self.column(end) - 1]


# Memoised: the placeholder rules fold the same lines and cells again (111 k calls for
# 38 k lines on 100 docs). Folded is frozen, so sharing one is safe. 1024 entries keep 90%
# of the calls on 100 docs (16 k would keep 91.5% at several MB more peak memory).
@functools.lru_cache(maxsize=1024)
def fold(text: str) -> Folded:
    """NFKC character by character, so "ＴＢＤ" reads as TBD and columns stay exact."""
    if text.isascii():  # every ASCII character is NFKC-stable on its own
        return _folded(text, text)
    # Each character outside the stable runs replaced by its NFKC alone, in one pass in C
    # (a stable run's NFKC is itself, character by character): the folded text by
    # definition. When the line keeps its length, every character became exactly one
    # (none becomes none: ``_alone``), so each folded character sits at its own column.
    # Nearly every line: kanji, kana, full-width parentheses and digits, "≠".
    folded = _fold_chars(text)
    if len(folded) == len(text) and not _SHRINKS:
        return _folded(text, folded)
    chars: list[str] = []
    starts: list[int] = []  # the pieces of FoldColumns
    sources: list[int] = []
    whole: list[bool] = []
    size = 0
    # Runs of characters NFKC leaves alone one by one are copied whole; only the rest (full-
    # width forms and the like) is normalised a character at a time.
    pos = 0
    for run in [*NFKC_STABLE_RUN.finditer(text), None]:
        stop = run.start() if run is not None else len(text)
        for index in range(pos, stop):
            char = text[index]
            folded = _ALONE.get(char) or _alone(char)
            chars.append(folded)
            starts.append(size)
            sources.append(index)
            whole.append(False)
            size += len(folded)
        if run is None:
            break
        chars.append(run.group())
        starts.append(size)
        sources.append(stop)
        whole.append(True)
        size += run.end() - stop
        pos = run.end()
    if len(starts) == 1 and whole[0]:  # the line folds to itself
        return _folded(text, text)
    sources.append(len(text))  # one past the end: the column after the line
    return Folded(text, "".join(chars), FoldColumns(size, starts, sources, whole))


class _DocFolds:
    """The folds of one document's lines: each distinct line's folded text by its text
    (``folds``), the ``Folded`` of the lines a scan yields (``made``: most lines are only
    screened, never read a column of), and, for each run of lines asked again (the model's
    scope lines, a tuple held for the document), its distinct texts and their folded texts,
    in order."""

    __slots__ = ("folds", "made", "runs")

    def __init__(self) -> None:
        self.folds: dict[str, str] = {}
        self.made: dict[str, Folded] = {}
        # id(lines) -> (lines, distinct texts, their folded texts); the entry holds the
        # lines, so their identity is not reused while it is kept.
        self.runs: dict[int, tuple[Sequence[Line], list[str], list[str]]] = {}

    def line(self, text: str) -> Folded:
        """The ``Folded`` of a line whose text was folded (``_run``): ``fold(text)``."""
        made = self.made.get(text)
        if made is None:
            made = self.made[text] = _made(text, self.folds[text])
        return made


# The folds of the last document scanned: the placeholder rules (GATE001, GATE002, GATE004),
# the toil and blame rules each scan the same scope lines, and the fold cache above holds
# 1024 lines, not a 5 MB document's 60 k, so each line was folded once per rule. Bounded by
# one document: released when the next document is asked about.
_FOLDED: LastKept[_DocFolds] = LastKept()


def fold_lines(ctx: CheckContext, lines: Sequence[Line],
               patterns: tuple[re.Pattern[str], ...] = ()) -> Iterator[tuple[Line, Folded]]:
    """Each line with its fold, each distinct line folded once per document; given
    patterns, only the lines where one of them may match: their literals are searched
    once in the joined folded lines (``prefilter.py``), not line by line."""
    doc_folds = _FOLDED.get((ctx.doc,), _DocFolds)
    made = doc_folds.line
    _, texts, folded = _run(doc_folds, lines)
    screen = _entry(patterns)[2] if patterns else None
    if screen is None:
        yield from ((line, made(line.text)) for line in lines)
        return
    held = {texts[i] for i in screen.holding(folded)}
    yield from ((line, made(line.text)) for line in lines if line.text in held)


def _run(doc_folds: _DocFolds, lines: Sequence[Line]
         ) -> tuple[Sequence[Line], list[str], list[str]]:
    """The distinct texts of the lines and their folded texts, the texts not folded yet
    for the document folded together (``fold_texts``); kept for a tuple of lines (the
    model's scope lines, the same tuple for the same keys of one document), worked out
    again for any other sequence."""
    if isinstance(lines, tuple):
        run = doc_folds.runs.get(id(lines))
        if run is not None and run[0] is lines:
            return run
    memo = doc_folds.folds
    texts = list(dict.fromkeys(map(_TEXT, lines)))  # each distinct line once, in C
    new = [text for text in texts if text not in memo]
    if new:
        memo.update(zip(new, fold_texts(new), strict=True))
    run = (lines, texts, list(map(memo.__getitem__, texts)))
    if isinstance(lines, tuple):
        doc_folds.runs[id(lines)] = run
    return run


def fold_texts(texts: Sequence[str]) -> list[str]:
    """``[fold(t).text for t in texts]``, the texts' characters outside the stable runs
    replaced a chunk of texts at a time (``folding.fold_each``): one substitution per chunk,
    not one call of ``fold`` per line. ``fold``'s text is that substitution of its line
    (``fold`` itself: the piece-by-piece path, where a character folds to more or fewer
    than one, gives the same text), and the substitution reads one character at a time
    and never touches ``APART`` (a stable character) nor makes one (no character but NUL
    folds to NUL; a text holding one falls back to a call per text), so it cuts at
    ``APART`` as ``fold_each`` needs. tests/test_perf_wt12_checks.py compares both."""
    return fold_each(texts, _fold_chars, CHUNK)


def _fold_chars(text: str) -> str:
    """Each character of a text outside the stable runs replaced by its NFKC alone."""
    return NFKC_UNSTABLE_CHAR.sub(_alone_match, text)


def _made(text: str, folded: str) -> Folded:
    """``fold(text)`` given its folded text: made at once for a line that kept its length
    (as ``fold`` does; ``_SHRINKS`` only grows, so empty now, it was empty at the fold),
    else folded again by ``fold`` for its columns."""
    if len(folded) == len(text) and not _SHRINKS:
        return _folded(text, folded)
    return fold(text)


_TEXT = operator.attrgetter("text")
_new = object.__new__


def _folded(raw: str, text: str) -> Folded:
    """``Folded(raw, text, range(1, len(raw) + 2))``, a line whose every character folds to
    one, made without the frozen dataclass's ``__init__`` (a guarded ``setattr`` per
    field): the instance's ``__dict__`` is the one ``__init__`` leaves."""
    folded = _new(Folded)
    fields = folded.__dict__
    fields["raw"] = raw
    fields["text"] = text
    fields["columns"] = range(1, len(raw) + 2)
    return folded


# Each character's NFKC alone, for the characters outside the stable runs: a few hundred
# distinct ones in real documents (full-width forms, circled numbers), each looked up
# thousands of times.
_ALONE: dict[str, str] = {}
# Whether a character was seen to fold to nothing (none does in Unicode 15, but ``fold``'s
# one-for-one reading of a line that keeps its length relies on it): from then on every
# line that is not stable takes the piece-by-piece path.
_SHRINKS: list[str] = []


def _alone(char: str) -> str:
    """A character's NFKC alone, kept in ``_ALONE``."""
    if len(_ALONE) >= 65536:  # bounded, whatever a long-lived server reads
        _ALONE.clear()
    folded = _ALONE[char] = unicodedata.normalize("NFKC", char)
    if not folded:
        _SHRINKS.append(char)
    return folded


def _alone_match(match: re.Match[str]) -> str:
    char = match.group()
    return _ALONE.get(char) or _alone(char)


def vocab_value(ctx: CheckContext, name: str, *path: str) -> Any:
    """The value of rules/vocab/<name>.yaml at a key path, or None when a key is absent."""
    data: Any = ctx.vocab.terms.get(name, {})
    for part in path:
        data = data.get(part) if isinstance(data, Mapping) else None
    return data


def regexes(ctx: CheckContext, name: str, *path: str) -> tuple[re.Pattern[str], ...]:
    """Compiled regexes of rules/vocab/<name>.yaml at a key path (a string or a list)."""

    def build() -> tuple[re.Pattern[str], ...]:
        data = vocab_value(ctx, name, *path) or []
        items = [data] if isinstance(data, str) else list(data)
        try:
            return tuple(re.compile(str(item)) for item in items)
        except re.error as error:
            raise DataError(
                f"rules/vocab/{name}.yaml: key '{'.'.join(path)}': bad regex "
                f"{error.pattern!r}: {error}"
            ) from None

    return ctx.vocab.compiled(f"regex:{name}:{'/'.join(path)}", build)


def spans(patterns: Sequence[re.Pattern[str]], text: str) -> list[tuple[int, int]]:
    """Non-overlapping match spans of several patterns, leftmost and longest first.

    A pattern with a group named ``word`` reports that group (the context around it only
    anchors the match).
    """
    entry = _entry(tuple(patterns))  # a tuple passes through as itself
    if not _may(entry, text):
        return []
    found = {m.span(group) for p, group in zip(entry[0], entry[3], strict=True)
             for m in p.finditer(text) if m.end() > m.start()}
    if len(found) < 2:
        return list(found)  # most lines that match: one match
    kept: list[tuple[int, int]] = []
    for start, end in sorted(found, key=_leftmost_longest):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _leftmost_longest(span: tuple[int, int]) -> tuple[int, int]:
    return span[0], -span[1]


def may_match(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    """False when none of the patterns matches in the text; True when one may. Most lines
    match none: a search for the literals every match holds (``prefilter.py``) rejects most
    of them, then one search of the patterns' alternation, not one per pattern."""
    return _may(_entry(patterns), text)


def _may(entry: _Entry, text: str) -> bool:
    _, joined, screen, _ = entry
    if screen is not None and not screen.admits(text):
        return False
    return joined is None or joined.search(text) is not None


def lines_may_match(patterns: tuple[re.Pattern[str], ...], texts: Sequence[str]) -> list[int]:
    """The indices of the texts (a document's lines) where one of the patterns may match, in
    order: their literals searched once in the joined texts (``prefilter.py``), the patterns'
    alternation then only in the texts holding one (``may_match``), not in every text."""
    screen = _entry(patterns)[2]
    held = range(len(texts)) if screen is None else sorted(screen.holding(texts))
    return [i for i in held if may_match(patterns, texts[i])]


def _either(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """The joined alternation of a tuple of patterns (it matches somewhere exactly when one
    of them does; None when they cannot be joined)."""
    return _entry(patterns)[1]


# The patterns, their alternation, their prefilter and the group each reports (``spans``).
_Entry = tuple[tuple[re.Pattern[str], ...], re.Pattern[str] | None, Prefilter | None,
               tuple[str | int, ...]]


def _entry(patterns: tuple[re.Pattern[str], ...]) -> _Entry:
    """A tuple of patterns with its joined alternation and its literal prefilter, looked up
    by the tuple's identity: a compiled pattern hashes its whole program, so a look-up by
    value cost 2.5 µs for the placeholder families, on every line of every document. The
    entry holds the tuple, so its identity cannot be reused while it is cached; rules pass
    the same tuple for each line."""
    entry = _BY_IDENTITY.get(id(patterns))
    if entry is not None and entry[0] is patterns:
        return entry
    if len(_BY_IDENTITY) >= 256:
        _BY_IDENTITY.clear()
    entry = _BY_IDENTITY[id(patterns)] = (
        patterns, _joined(patterns), prefilter(patterns),
        tuple("word" if "word" in p.groupindex else 0 for p in patterns))
    return entry


_BY_IDENTITY: dict[int, _Entry] = {}
either = _either  # for line scans of their own (rel/mentions.py); tests read the private name


_LEADING_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")
_SCOPED = re.I | re.M | re.S | re.X
# Groups that only open: plain, scoped flags ("(?i:human error)"), lookarounds, named. They
# keep their meaning inside an alternation; any other "(?" (a conditional on a group
# number, a group reference) refuses the join.
_PLAIN_GROUP = re.compile(r"\(\?(?:[imsx]*(?:-[imsx]+)?:|=|!|<=|<!|P<)")


@functools.lru_cache(maxsize=256)
def _joined(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """One alternation of the patterns, each with its own flags, that matches somewhere
    exactly when one of them does; None (search each) when they cannot be joined safely:
    group references, duplicate group names, flags other than i, m, s and x (scoped to a
    group, they join)."""
    parts: list[str] = []
    for pattern in patterns:
        body = _LEADING_FLAGS.sub("", pattern.pattern, count=1)
        if pattern.flags & ~(_SCOPED | re.UNICODE) or re.search(r"\\[1-9]|\(\?P=", body) \
                or _LEADING_FLAGS.search(body) or "(?" in _PLAIN_GROUP.sub("", body):
            return None
        flags = "".join(f for f, bit in (("i", re.I), ("m", re.M), ("s", re.S), ("x", re.X))
                        if pattern.flags & bit)
        parts.append(f"(?{flags}:{body})" if flags else f"(?:{body})")
    if len(parts) < 2:
        return None
    try:
        joined = re.compile("|".join(parts))
    except re.error:
        return None  # e.g. one group name used by two patterns
    return joined


def scope_lines(ctx: CheckContext, sections: Sequence[str]) -> tuple[Line, ...]:
    """Prose lines of the sections with these keys (the whole document when none): read
    once per document and keys by the model (``SCOPE_LINES``), several rules ask again.
    The model's own tuple, the same for the same keys of a document (``fold_lines`` keeps
    its folds by it): read, never changed."""
    from opslint.facts.reading import SCOPE_LINES

    lines: tuple[Line, ...] = ctx.read(SCOPE_LINES, tuple(sections))
    return lines


def family_regexes(ctx: CheckContext, name: str, key: str,
                   families: Sequence[str]) -> tuple[re.Pattern[str], ...]:
    """The regexes of several families of rules/vocab/<name>.yaml ``key`` (``regexes`` of
    each, in order), as one tuple kept per vocabulary: the same tuple for every document,
    so its alternation and prefilter are found by identity (``_entry``), not built or
    looked up by value (hashing compiled patterns) on every call."""
    return ctx.vocab.compiled(
        f"regexes:{name}:{key}:{tuple(families)!r}",
        lambda: tuple(p for family in families for p in regexes(ctx, name, key, family)))


# Parentheses are not quotes: "（TBD）" is a real open item, "（ヒューマンエラー）" a real label.
_OPENING = "「『“‘\"'`"
_CLOSING = "」』”’\"'`"


def quoted(text: str, start: int, end: int) -> bool:
    """Whether a match is wrapped in quotation marks: a mention of the word, not a use."""
    return start > 0 and end < len(text) and text[start - 1] in _OPENING and text[end] in _CLOSING
