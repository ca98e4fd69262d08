"""The documented JSON schemas are the ones the code produces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opslint.reporters.json_report import JsonReport
from opslint.reporters.questions import QuestionsReport

SCHEMAS = Path(__file__).resolve().parent.parent / "docs" / "schema"


@pytest.mark.parametrize(("name", "model"), [("findings-v1.json", JsonReport),
                                             ("questions-v1.json", QuestionsReport)])
def test_schema_file_is_current(name: str, model: type[JsonReport] | type[QuestionsReport]) -> None:
    committed = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    assert committed == model.model_json_schema(), (
        f"docs/schema/{name} is stale; regenerate it with `python -m opslint.schemas`"
    )
