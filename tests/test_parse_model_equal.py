"""The parse stage's shortcuts leave the model equal: every example and fixture document
parsed with them and with markdown-it's inline parser alone dumps to the same text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.document import parse
from opslint.document.load import LoadError, load_file
from tests.parse_model_dump import dump, markdown_files

_ROOT = Path(__file__).resolve().parent.parent
_DOCUMENTS = sorted(markdown_files([_ROOT / "examples", _ROOT / "tests" / "fixtures"]))


def _dumps(paths: list[Path]) -> dict[Path, str]:
    dumps: dict[Path, str] = {}
    for path in paths:
        try:
            source = load_file(path)
        except LoadError:
            continue
        dumps[path] = dump(parse.parse_document(path, source))
    return dumps


def test_the_dump_names_every_field_of_the_model() -> None:
    path = _ROOT / "examples" / "ja" / "clean"
    text = _dumps(sorted(markdown_files([path]))[:1]).popitem()[1]
    for name in ("path", "source", "kind", "lang", "title", "root", "front_matter",
                 "front_matter_end", "comments", "lines", "problems", "partial", "holds",
                 "blocks", "children", "end_line", "norm", "number"):
        assert f".{name}:" in text, name


def test_simple_inline_texts_give_the_model_markdown_it_gives(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(_DOCUMENTS) > 100
    fast = _dumps(_DOCUMENTS)
    monkeypatch.setattr(parse, "_simple_inline_known", lambda: False)
    slow = _dumps(_DOCUMENTS)
    assert fast.keys() == slow.keys()
    different = [path for path in fast if fast[path] != slow[path]]
    assert different == []
