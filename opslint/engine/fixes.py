"""Fixes: text edits on source ranges, applied bottom-up without overlaps, to a fixpoint."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from opslint.document.load import LINE_BREAK

__all__ = [
    "MAX_PASSES",
    "Applicability",
    "Edit",
    "Fix",
    "FixError",
    "Outcome",
    "apply_edits",
    "fixpoint",
    "line_starts",
    "select",
    "splice_bytes",
]

# Each outline fix lands in one pass; more passes than this means a fix that undoes itself.
MAX_PASSES = 10


class FixError(Exception):
    """A fix cannot be applied without changing bytes outside its edits."""


class Applicability(StrEnum):
    """Safe fixes only add text; unsafe ones change what the author wrote (STYLE.md rule 8)."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``content``; offsets index the decoded text (no BOM)."""

    start: int
    end: int
    content: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid edit range {self.start}..{self.end}")

    @property
    def is_insertion(self) -> bool:
        return self.start == self.end

    def overlaps(self, other: Edit) -> bool:
        """Whether two edits touch the same text; insertions at one point may stack."""
        if self.is_insertion and other.is_insertion:
            return False
        if self.is_insertion:
            return other.start < self.start < other.end
        if other.is_insertion:
            return self.start < other.start < self.end
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Fix:
    """The edits that resolve one finding; ``rank`` orders insertions at the same offset."""

    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    rank: int = 0

    @classmethod
    def insert(cls, offset: int, content: str, *, rank: int = 0) -> Fix:
        return cls((Edit(offset, offset, content),), Applicability.SAFE, rank)

    def allowed(self, unsafe: bool) -> bool:
        return unsafe or self.applicability is Applicability.SAFE

    def order(self) -> tuple[int, int, int]:
        """Document order of fixes: where they start, then their rank."""
        return (min(e.start for e in self.edits), self.rank, max(e.end for e in self.edits))


def line_starts(text: str) -> tuple[int, ...]:
    """Offset where each line begins (index 0 is line 1), counting lines as markdown-it does."""
    return (0, *(m.end() for m in LINE_BREAK.finditer(text)))


def select(fixes: Iterable[Fix]) -> tuple[list[Fix], list[Edit]]:
    """Fixes that can be applied together, and their edits in application (bottom-up) order.

    Fixes are taken in document order; one that overlaps a taken fix waits for the next pass.
    """
    taken: list[Fix] = []
    ranked: list[tuple[int, int, int, int, Edit]] = []
    for fix in sorted((f for f in fixes if f.edits), key=Fix.order):
        if any(e.overlaps(r[4]) for e in fix.edits for r in ranked):
            continue
        if any(a.overlaps(b) for i, a in enumerate(fix.edits) for b in fix.edits[i + 1 :]):
            continue  # a fix that overlaps itself is a check bug; never half-apply it
        taken.append(fix)
        for edit in fix.edits:
            ranked.append((edit.start, edit.end, fix.rank, len(ranked), edit))
    ranked.sort(key=lambda r: r[:4])
    return taken, [r[4] for r in reversed(ranked)]


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply edits already in bottom-up order (as ``select`` returns them)."""
    for edit in edits:
        if edit.end > len(text):
            raise FixError(f"edit {edit.start}..{edit.end} is past the end of the text")
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text


def _byte_offset(data: bytes, text: str, offset: int, encoding: str) -> int:
    position = len(text[:offset].encode(encoding))
    try:
        same = data[:position].decode(encoding) == text[:offset]
    except UnicodeDecodeError:
        same = False
    if not same:
        raise FixError(f"cannot map text offset {offset} to a byte offset in {encoding}")
    return position


def splice_bytes(data: bytes, text: str, edits: Sequence[Edit], encoding: str) -> bytes:
    """Apply bottom-up edits to the encoded body, leaving every other byte as it was.

    Working on bytes keeps what a decode/encode round trip could alter (CP932 has several
    byte sequences for one character), so a fix never rewrites text it did not touch.
    """
    for edit in edits:
        start = _byte_offset(data, text, edit.start, encoding)
        end = _byte_offset(data, text, edit.end, encoding)
        data = data[:start] + edit.content.encode(encoding) + data[end:]
        text = text[: edit.start] + edit.content + text[edit.end :]
    return data


@dataclass(frozen=True)
class Outcome:
    text: str
    data: bytes | None  # the encoded body (no BOM), when bytes were given
    applied: tuple[Fix, ...]
    passes: int  # passes that changed the text
    converged: bool  # False when fixes were still offered after MAX_PASSES


def fixpoint(
    text: str,
    fixes_for: Callable[[str], Sequence[Fix]],
    *,
    data: bytes | None = None,
    encoding: str = "utf-8",
    max_passes: int = MAX_PASSES,
) -> Outcome:
    """Re-lint and apply until no fix is offered, at most ``max_passes`` times."""
    applied: list[Fix] = []
    for passes in range(max_passes + 1):
        fixes = fixes_for(text)
        if not fixes:
            return Outcome(text, data, tuple(applied), passes, converged=True)
        if passes == max_passes:
            break
        taken, edits = select(fixes)
        fixed = apply_edits(text, edits)
        if fixed == text:  # fixes that change nothing are offered again forever; stop here
            return Outcome(text, data, tuple(applied), passes, converged=True)
        if data is not None:
            data = splice_bytes(data, text, edits, encoding)
        text = fixed
        applied.extend(taken)
    return Outcome(text, data, tuple(applied), max_passes, converged=False)
