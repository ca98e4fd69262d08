"""The term-matching layer answers each question once (issue 10, sixth round), counted
rather than timed.

- A document's tables are read and classified once, however many extractors and checks
  ask for them (``read_tables``).
- A header row is mapped to column keys once per vocabulary and key list, however many
  tables and documents repeat it (``header_columns``); another vocabulary gets its own
  answer.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from opslint.config import Config
from opslint.document.model import DocKind, Document
from opslint.engine.vocab import Vocab
from opslint.facts import reading, table_roles
from opslint.facts.extract import extract_facts
from opslint.facts.reading import header_columns, map_columns
from opslint.lint import Bundle, document_from_text, lint_documents
from tests.conftest import CountCalls

EXAMPLES = Path(__file__).parent.parent / "examples"


def _operation(bundle: Bundle, lang: str) -> Document:
    path = EXAMPLES / lang / "clean" / "17_Operation_Design.md"
    return document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config(),
                              DocKind.OPERATION)


def _vocab_copy(vocab: Vocab, columns: dict[str, object]) -> Vocab:
    """A vocabulary like ``vocab`` whose column synonyms are ``columns`` (a custom rules
    folder), with memos of its own."""
    return dataclasses.replace(vocab, terms={**vocab.terms, "columns": columns})


def test_a_documents_tables_are_read_once(bundle: Bundle, count_calls: CountCalls) -> None:
    calls = count_calls(table_roles, "_read")
    for lang in ("ja", "en"):
        doc = _operation(bundle, lang)
        tables = sum(1 for _ in table_roles._tables(doc.root))
        calls.clear()
        lint_documents([doc], [], Config(), bundle)
        first = table_roles.read_tables(doc, bundle.vocab)
        assert tables > 3 and len(first) == tables
        assert calls["_read"] == tables  # every reader asked; each table was read once
        assert table_roles.read_tables(doc, bundle.vocab) is first
        other = _vocab_copy(bundle.vocab, dict(bundle.vocab.terms["columns"]))
        assert table_roles.read_tables(doc, other) is not first  # another vocabulary reads again


def test_a_header_row_is_mapped_once_per_vocabulary(bundle: Bundle,
                                                    count_calls: CountCalls) -> None:
    doc = _operation(bundle, "ja")
    bundle.vocab._compiled.pop("reading.header_columns", None)
    calls = count_calls(reading, "_map_header")
    extract_facts(doc, bundle.vocab)
    lint_documents([doc], [], Config(), bundle)
    asked = calls["_map_header"]
    distinct = len(bundle.vocab.compiled("reading.header_columns", dict))
    assert 0 < asked == distinct  # each distinct (header, keys) mapped once
    extract_facts(_operation(bundle, "ja"), bundle.vocab)  # a second document, same headers
    assert calls["_map_header"] == asked


def test_header_columns_reads_as_mapping_each_time(bundle: Bundle) -> None:
    header = ("ID", "監視項目", "閾値", "重要度", "通知先", "Owner", "owner")
    keys = ("monitor_id", "item", "threshold", "level", "channel", "owner", "target")
    first = header_columns(header, bundle.vocab, keys)
    assert first == reading._map_header(header, bundle.vocab, keys)
    assert {"monitor_id", "threshold", "level", "channel", "owner"} <= first.keys()
    first["extra"] = 99  # the caller's own dict: the memo is not changed through it
    assert "extra" not in header_columns(header, bundle.vocab, keys)
    # A custom vocabulary with other synonyms gets its own answer, never the memo's.
    columns = dict(bundle.vocab.terms["columns"])
    columns["threshold"] = ["重要度"]
    columns["level"] = ["閾値"]
    other = _vocab_copy(bundle.vocab, columns)
    swapped = header_columns(header, other, keys)
    assert swapped["threshold"] == first["level"] and swapped["level"] == first["threshold"]
    table = next(t.source for t in table_roles.read_tables(_operation(bundle, "ja"),
                                                           bundle.vocab) if t.role)
    assert map_columns(table, other, keys).columns == header_columns(table.header, other, keys)
