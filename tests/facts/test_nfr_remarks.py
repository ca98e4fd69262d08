"""A key–value NFR table reads the same whatever its column order: the remarks column does
not stand between a label and its value."""

from __future__ import annotations

from pathlib import Path

from opslint.config import Config
from opslint.lint import Bundle, lint_paths

_TABLE = """# アーキテクチャ設計書

## 8. 非機能要件

| 項目 | {a} | {b} |
| -- | -- | -- |
| RTO（目標復旧時間） | {ra} | {rb} |
| RPO | {pa} | {pb} |
"""


def _nfr(tmp_path: Path, bundle: Bundle, remarks_first: bool) -> list[tuple[str, float | None]]:
    cells = {"a": "目標値", "b": "備考", "ra": "2時間", "rb": "ゾーン障害とリージョン障害の両方",
             "pa": "15分", "pb": "ログの継続転送による"}
    if remarks_first:
        cells = {"a": "備考", "b": "目標値", "ra": cells["rb"], "rb": cells["ra"],
                 "pa": cells["pb"], "pb": cells["pa"]}
    path = tmp_path / "03_Architecture.md"
    path.write_text(_TABLE.format(**cells), encoding="utf-8")
    result = lint_paths([path], Config(select=["OPS001"]), bundle)
    return [(n.key, n.minutes) for n in result.model.facts(result.targets[0]).design.nfr]


def test_remarks_column_before_the_value(tmp_path: Path, bundle: Bundle) -> None:
    expected = _nfr(tmp_path, bundle, remarks_first=False)
    assert ("rto", 120.0) in expected and ("rpo", 15.0) in expected
    assert _nfr(tmp_path, bundle, remarks_first=True) == expected
