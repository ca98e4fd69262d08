"""Report words exist in both languages with the same keys and placeholders."""

from __future__ import annotations

import string

import yaml

from opslint.resources import rules_dir


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_report_has_the_same_words_in_ja_and_en() -> None:
    data = yaml.safe_load((rules_dir() / "vocab" / "report_text.yaml").read_text("utf-8"))
    for report, langs in data.items():
        assert set(langs) == {"ja", "en"}, report
        assert set(langs["ja"]) == set(langs["en"]), report
        for key, text in langs["ja"].items():
            assert _fields(str(text)) == _fields(str(langs["en"][key])), (report, key)
