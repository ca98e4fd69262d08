"""The section-title memo of a Vocab stays bounded over many distinct titles, and its
answers are those of a fresh vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.engine import vocab as vocab_module
from opslint.lint import Bundle, document_from_text


def test_many_distinct_titles_keep_the_memo_bounded_and_the_answers_unchanged(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    vocab = bundle.vocab
    keys = list(vocab.sections)[:6]
    titles = [f"## {n}. ロールバック手順 {n}" if n % 3 == 0 else f"## {n}. Section {n}"
              for n in range(400)]
    doc = document_from_text("# Release\n\n" + "\n\ntext\n\n".join(titles) + "\n",
                             Path("16_Release_Procedure.md"), bundle)
    expected = {key: [s.line for s in vocab.find_sections(doc, key)] for key in keys}
    vocab._matches.clear()
    monkeypatch.setattr(vocab_module, "_MATCHES_KEPT", 500)
    for _ in range(2):
        for key in keys:
            assert [s.line for s in vocab.find_sections(doc, key)] == expected[key]
            assert len(vocab._matches) <= 500
    assert any(expected.values())  # the rollback titles are found by some key
