"""Monitor-table checks beyond the fixtures: the ID-pattern option and the reading helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from opslint.checks.mon.table import level_of, monitor_levels, monitor_rows, monitor_tables
from opslint.config import Config
from opslint.document.model import DocKind
from opslint.engine.context import CheckContext
from opslint.facts.semantic import SemanticModel
from opslint.lint import Bundle, document_from_text, lint_documents

TABLE = """# 運用設計書

## 2. 監視設計 (Observability)
| 監視ID | 対象 | 項目 | 閾値 | 通知レベル | アクション | SLI |
| -- | -- | -- | -- | -- | -- | -- |
| MON-001 | API | 5xx率 | > 1% が 5分継続 | Critical | 一次オンコールが切り戻す | エラー率 |
| MON-002 | DB | CPU使用率 | > 80% が 10分継続 | 警告 | Slack で調査 | なし |
| M-003 | DB | 接続数 | > 400 が 5分継続 | Warning | Slack で調査 | なし |
"""


def _lint(bundle: Bundle, text: str, options: dict[str, object]) -> list[tuple[int, str]]:
    config = Config(select=["MON007"], options=options)
    doc = document_from_text(text, Path("17_Operation_Design.md"), bundle, config,
                             DocKind.OPERATION)
    return [(f.line, f.message) for f in lint_documents([doc], [], config, bundle).findings]


def test_default_flags_the_minority_shape(bundle: Bundle) -> None:
    assert [line for line, _ in _lint(bundle, TABLE, {})] == [8]


def test_configured_pattern_replaces_the_majority_rule(bundle: Bundle) -> None:
    found = _lint(bundle, TABLE, {"monitor_id_pattern": r"M-\d{3}"})
    assert [line for line, _ in found] == [6, 7]
    assert "M-\\d{3}" in found[0][1]


def test_invalid_pattern_is_refused_with_the_config(bundle: Bundle) -> None:
    # The config validates *_pattern options when it is loaded (exit 2 from the CLI); a
    # Config built in code is a plain dataclass and is not validated.
    with pytest.raises(ValidationError) as raised:
        Config.model_validate({"select": ["MON007"], "options": {"monitor_id_pattern": "M-(\\d"}})
    assert "monitor_id_pattern" in str(raised.value)
    assert "invalid regular expression" in str(raised.value)


def test_reading_helpers_give_rows_and_levels(bundle: Bundle) -> None:
    doc = document_from_text(TABLE, Path("x.md"), bundle, None, DocKind.OPERATION)
    ctx = CheckContext(doc, SemanticModel.of([doc], bundle.vocab, dict(bundle.outlines)))
    rows = list(monitor_rows(monitor_tables(doc, bundle.vocab)))
    levels = monitor_levels(ctx)
    assert [r.cell("monitor_id") for r in rows] == ["MON-001", "MON-002", "M-003"]
    assert [level_of(r.cell("level"), levels) for r in rows] == ["critical", "warning", "warning"]
    assert level_of("Warning（15分継続で Critical）", levels) == "warning"
