"""Write the JSON Schemas of opslint's JSON outputs to docs/schema/.

Run ``python tools/gen_schemas.py`` from the repository root after changing a JSON model.
A development tool, not part of the installed package.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# The checkout's opslint, not an installed (possibly older) copy.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pydantic import BaseModel

from opslint.baseline import BaselineFile
from opslint.configdoc import write_schema as write_config_schema  # not a model: post-edited
from opslint.diff.model import DiffReport
from opslint.reporters.json_report import JsonReport
from opslint.reporters.questions import QuestionsReport
from opslint.summary import Summary

SCHEMAS: dict[str, type[BaseModel]] = {
    "baseline-v1.json": BaselineFile,
    "diff-v1.json": DiffReport,
    "findings-v1.json": JsonReport,
    "questions-v1.json": QuestionsReport,
    "summary-v1.json": Summary,
}


def main(folder: str = "docs/schema") -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, model in SCHEMAS.items():
        text = json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
        (out / name).write_text(text, encoding="utf-8")
    write_config_schema(out / "config-v1.json")


if __name__ == "__main__":
    main(*sys.argv[1:])
