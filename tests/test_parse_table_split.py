"""document/table_split.py: markdown-it's table rule splits lines as before, faster."""

from __future__ import annotations

import importlib
import random
from pathlib import Path

from opslint.document import table_split
from opslint.document.parse import _parser

ROOT = Path(__file__).resolve().parent.parent
rule = importlib.import_module("markdown_it.rules_block.table")


def _original() -> object:
    _parser()  # installs it
    return getattr(rule.escapedSplit, "_opslint_original", None)


def test_it_is_installed_on_this_markdown_it() -> None:
    assert _original() is not None
    assert table_split.install(rule)  # twice: still one wrapper
    assert getattr(rule.escapedSplit._opslint_original, "_opslint_original",
                   None) is None


def test_every_table_line_splits_as_markdown_it_splits_it() -> None:
    original = _original()
    assert callable(original)
    lines = [line for path in sorted(ROOT.glob("examples/**/*.md"))
             for line in path.read_text("utf-8").splitlines() if "|" in line]
    rng = random.Random(7)
    alphabet = "ab |\\`*テ\t"
    lines += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
              for _ in range(20_000)]
    assert len(lines) > 20_000
    assert [rule.escapedSplit(line) for line in lines] == [original(line) for line in lines]


def test_an_older_split_is_left_alone(monkeypatch: object) -> None:
    import types

    def code_span_aware(line: str) -> list[str]:  # markdown-it-py before 3.0 kept `a|b`
        return ["a", "`b|c`", "d"] if line == "a|`b|c`|d" else line.split("|")

    fake = types.ModuleType("fake_table")
    fake.escapedSplit = code_span_aware  # type: ignore[attr-defined]
    assert not table_split.install(fake)
    assert fake.escapedSplit is code_span_aware  # type: ignore[attr-defined]
