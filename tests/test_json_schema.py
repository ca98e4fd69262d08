"""The documented JSON schemas are the ones the code produces."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from opslint.reporters.json_report import JsonReport
from opslint.reporters.questions import QuestionsReport

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "docs" / "schema"


@pytest.mark.parametrize(("name", "model"), [("findings-v1.json", JsonReport),
                                             ("questions-v1.json", QuestionsReport)])
def test_schema_file_is_current(name: str, model: type[JsonReport] | type[QuestionsReport]) -> None:
    committed = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    assert committed == model.model_json_schema(), (
        f"docs/schema/{name} is stale; regenerate it with `python tools/gen_schemas.py`"
    )


def test_generator_script_writes_the_committed_schemas(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_schemas.py"), str(tmp_path)],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in SCHEMAS.glob("*.json"))
    for name in written:
        assert (tmp_path / name).read_bytes() == (SCHEMAS / name).read_bytes(), (
            f"docs/schema/{name} is stale; regenerate it with `python tools/gen_schemas.py`"
        )
