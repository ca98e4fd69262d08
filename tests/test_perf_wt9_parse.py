"""The ninth round's parse shortcuts, each compared with the exact path it replaces."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

import opslint.packed
from opslint.document import language
from opslint.lint import Bundle, document_from_text
from opslint.packed import PackedDocuments, pack, unpack

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").rglob("*.md"))


def test_packs_past_the_raw_budget_are_written_compressed_and_read_back(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [document_from_text(p.read_text("utf-8"), p, bundle) for p in EXAMPLES[:3]]
    packs = [pack(doc) for doc in docs]
    monkeypatch.setattr(opslint.packed, "RAW_FILE_BUDGET", len(packs[0]))
    store = PackedDocuments()
    for number, packed in enumerate(packs):
        store.put(str(number), packed)
    assert [place[2] for place in store._in_file.values()] == [False, True, True]
    assert store._end < sum(map(len, packs))  # the later ones smaller than pickled
    assert [store.get(str(number)) for number in range(3)] == docs
    store.close()


def test_packs_held_in_memory_are_compressed_and_counted_as_pickled(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = document_from_text(EXAMPLES[0].read_text("utf-8"), EXAMPLES[0], bundle)
    packed = pack(doc)
    monkeypatch.setattr(opslint.packed, "FILE_BUDGET", 0)
    store = PackedDocuments()
    store.put("a", packed)
    held, length = store._in_memory["a"]
    assert len(held) < length == len(packed) == store._memory
    assert store.get("a") == doc == unpack(packed)
    store.drop("a")
    assert store._memory == 0


def _letters_by_runs(pattern: re.Pattern[str], text: str) -> int:
    """The count as the runs' lengths (the code before the ninth round)."""
    return sum(run.end() - run.start() for run in pattern.finditer(text))


@pytest.mark.parametrize("seed", range(20))
def test_letters_are_counted_as_the_runs_lengths(seed: int, monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:
    monkeypatch.setattr(language, "_CHUNK", 7)  # runs cut across chunks
    rng = random.Random(seed)
    alphabet = "abcXYZ 09-_\n\tあいうアイウ漢字ｱｲ、。ー…é😀\u3040\u30ff\u3400\u9fff\uff66\uff9f"
    for _ in range(50):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
        for pattern in (language._CJK, language._LATIN):
            assert language._letters(pattern, text) == _letters_by_runs(pattern, text)


@pytest.mark.parametrize("path", EXAMPLES[:20], ids=lambda p: p.name)
def test_the_language_is_judged_as_before(path: Path, bundle: Bundle) -> None:
    doc = document_from_text(path.read_text("utf-8"), path, bundle)
    text = language.prose(doc.root)
    cjk = _letters_by_runs(language._CJK, text)
    latin = _letters_by_runs(language._LATIN, text)
    assert language._letters(language._CJK, text) == cjk
    assert language._letters(language._LATIN, text) == latin
    assert doc.lang == ("ja" if cjk >= 5 and cjk * 4 >= latin else "en")
