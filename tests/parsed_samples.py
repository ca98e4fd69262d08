"""Our own example and fixture documents, parsed: the sample that tests comparing a fast
reading with the exact one share."""

from __future__ import annotations

from pathlib import Path

from opslint.document.load import LoadError, decode
from opslint.document.model import Document
from opslint.document.parse import parse_document

_ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*(_ROOT / "examples").rglob("*.md"), *(_ROOT / "tests/fixtures").rglob("*.md")])


def parsed_samples(step: int) -> list[Document]:
    """Every ``step``-th file of `FILES`, parsed (fixtures that cannot be read left out)."""
    found = []
    for path in FILES[::step]:
        try:
            found.append(parse_document(path, decode(path.read_bytes())))
        except LoadError:
            continue  # fixtures of unreadable files
    return found
