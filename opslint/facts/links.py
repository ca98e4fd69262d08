"""Links to other documents, and the subjects they name (issue 9 §6).

A runbook collection links its SLA, its disaster-recovery plan and its incident policy; a
monitoring design cites the metrics design it leaves the detail to. Such a link says that a
subject is held ELSEWHERE: rules that ask the document to state that subject are not its
business. A link counts when it leaves the document (an anchor ``#…`` into the same page
is a table of contents, not a delegation) and is written outside code; its subject is read
from its text and its target together (``[運用SLA](../policies/operational-sla.md)``).

Read from the Markdown text: inline links ``[text](target)``, reference definitions
``[id]: target`` (with the text of the references that use them), Markdown file names
written in prose or in a code span (``詳細: DD-Observability-Logging.md``; the file name is
the subject) and path-like values of the front matter (``related_docs: [02_monitoring.md]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from opslint.document.model import Document
from opslint.document.normalize import normalize
from opslint.engine.memo import LastKept

__all__ = ["Link", "document_links", "linked_subjects"]

_INLINE = re.compile(r"(?<!!)\[([^\]\n]{1,200})\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_DEFINITION = re.compile(r"^\s{0,3}\[([^\]\n]{1,200})\]:\s*<?(\S+?)>?(?:\s+.*)?$")
_REFERENCE = re.compile(r"\[([^\]\n]{1,200})\]\[([^\]\n]*)\]")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"`[^`\n]*`")
# A document named by its file name in prose or in a code span, not linked:
# `詳細: DD-Observability-Logging.md`, `` `docs/ops/incident-response.md` ``.
_FILE_NAME = re.compile(
    r"(?<![\w/.\-])((?:\.{0,2}/)?[\w\-]+(?:/[\w\-.]+)*\.(?:md|markdown))(?![\w/])", re.IGNORECASE)
_INLINE_ANY = re.compile(r"\[[^\]\n]*\]\([^)\n]*\)")
# A front-matter value that names another document.
_PATH = re.compile(r"^\S+\.(md|markdown|html?|pdf|docx?|xlsx?)$|^https?://\S+$", re.IGNORECASE)
# Separators of file names and URLs read as spaces: `disaster-recovery_plan.md`.
_SEPARATORS = re.compile(r"[\-_/.#?=&%+]+")


@dataclass(frozen=True)
class Link:
    """A link that leaves the document: its text, its target and its line (1-based)."""

    text: str
    target: str
    line: int

    @property
    def subject(self) -> str:
        """Text and target as words, normalised: ``運用sla policies operational sla md``."""
        target = re.sub(r"^[a-z]+://[^/]+", " ", self.target.casefold())
        return normalize(f"{self.text} {_SEPARATORS.sub(' ', target)}")


def _leaves(target: str) -> bool:
    return bool(target) and not target.startswith("#") and not target.startswith("mailto:")


def _front_matter_links(front_matter: Mapping[str, Any]) -> Iterator[Link]:
    def values(value: Any) -> Iterable[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, Mapping):
            for item in value.values():
                yield from values(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from values(item)

    for key, value in front_matter.items():
        if key == "opslint":
            continue
        for text in values(value):
            if _PATH.match(text.strip()):
                yield Link(text="", target=text.strip(), line=1)


def _read(doc: Document) -> tuple[Link, ...]:
    found: list[Link] = list(_front_matter_links(doc.front_matter))
    definitions: dict[str, tuple[str, int]] = {}
    references: dict[str, list[str]] = {}
    fence: str | None = None
    lines = doc.lines or tuple(doc.text.splitlines())
    for number, line in enumerate(lines, start=1):
        if number <= doc.front_matter_end:
            continue  # read above, as values
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        if line.startswith(("    ", "\t")) and not line.lstrip().startswith(("-", "*", "|")):
            continue  # an indented code block (or a continuation: links there are rare)
        definition = _DEFINITION.match(line)
        if definition:
            definitions[definition.group(1).casefold()] = (definition.group(2), number)
            continue
        prose = _CODE_SPAN.sub(" ", line)
        found.extend(Link(text=m.group(1), target=m.group(2), line=number)
                     for m in _INLINE.finditer(prose))
        found.extend(Link(text="", target=m.group(1), line=number)
                     for m in _FILE_NAME.finditer(_INLINE_ANY.sub(" ", line).replace("`", " ")))
        for m in _REFERENCE.finditer(prose):
            key = (m.group(2) or m.group(1)).casefold()
            references.setdefault(key, []).append(m.group(1))
    for key, (target, number) in definitions.items():
        found.append(Link(text=" ".join(references.get(key, [key])), target=target, line=number))
    return tuple(link for link in found if _leaves(link.target))


_LAST: LastKept[tuple[Link, ...]] = LastKept()


def document_links(doc: Document) -> tuple[Link, ...]:
    """The links of a document that lead out of it, outside code, in document order."""
    return _LAST.get((doc,), lambda: _read(doc))


def linked_subjects(doc: Document, subjects: Mapping[str, Sequence[re.Pattern[str]]]
                    ) -> frozenset[str]:
    """The subjects (keys of ``subjects``: outline chapters, say) that a link of the document
    names in its text or its target: held in another document."""
    links = document_links(doc)
    return frozenset(
        key for key, patterns in subjects.items()
        if any(p.search(link.subject) for link in links for p in patterns)
    )
