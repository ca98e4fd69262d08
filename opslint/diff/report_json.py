"""`opslint diff --format json`: the DiffReport model (docs/schema/diff-v1.json)."""

from __future__ import annotations

import json

from opslint.diff.model import DiffReport

__all__ = ["DiffReport", "render_json"]


def render_json(report: DiffReport) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
