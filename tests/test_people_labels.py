"""People inside brackets are read with the one label reader ("Team (Lead: Name)")."""

from __future__ import annotations

from pathlib import Path

from opslint.config import Config
from opslint.lint import Bundle, extract_model, read_documents
from opslint.summary_facts import build_facts

_EN = """# Operation Design

## Contacts

Escalations go to the storage crew (Lead: Ingrid Solberg) and then to the on-call manager.
"""

_JA = """# 運用設計書

## 連絡体制

障害時は基盤チーム（リーダー：松本 理沙）に連絡する。参考（https://status.example.org）。
"""


def _members(tmp_path: Path, bundle: Bundle, text: str) -> str:
    path = tmp_path / "17_Operation_Design.md"
    path.write_text(text, encoding="utf-8")
    docs = read_documents([tmp_path], Config(), bundle)
    facts = build_facts(extract_model(docs.targets, docs.context, bundle))
    return " ".join(f"{r.role}={r.members}" for r in facts.roles)


def test_a_bracketed_label_names_the_person(tmp_path: Path, bundle: Bundle) -> None:
    assert "Lead=Ingrid Solberg" in _members(tmp_path, bundle, _EN)


def test_a_bracketed_japanese_label_names_the_person(tmp_path: Path, bundle: Bundle) -> None:
    members = _members(tmp_path, bundle, _JA)
    assert "リーダー=松本 理沙" in members
    assert "https" not in members
