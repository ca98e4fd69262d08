"""The check helpers the extractors share (column synonyms, prose lines), imported lazily.

opslint.checks imports the facts (its check kinds read them), so the facts import
opslint.checks.common only when called: either package can then be imported first.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from opslint.document.model import Document, Table
from opslint.engine.vocab import Vocab

if TYPE_CHECKING:
    from opslint.checks.shared.common import ColumnMap, Line

__all__ = ["map_columns", "scan_lines"]


def map_columns(table: Table, vocab: Vocab, keys: Sequence[str]) -> ColumnMap:
    """``opslint.checks.common.map_columns``: each column key's index in a table's header."""
    from opslint.checks.shared.common import map_columns as _map_columns

    return _map_columns(table, vocab, keys)


def scan_lines(doc: Document) -> Iterator[Line]:
    """``opslint.checks.common.scan_lines``: prose lines, without front matter, comments, code."""
    from opslint.checks.shared.common import scan_lines as _scan_lines

    return _scan_lines(doc)
