"""Document kinds: config globs, front matter, file name, then title."""

from __future__ import annotations

from pathlib import Path

import pytest

from opslint.config import Config
from opslint.document.model import DocKind
from opslint.lint import Bundle, document_from_text


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("16_Release_Procedure.md", "本文\n", DocKind.RELEASE),
        ("17_Operation_Design.md", "本文\n", DocKind.OPERATION),
        ("03_Architecture.md", "本文\n", DocKind.ARCHITECTURE),
        ("04_Basic_Design.md", "本文\n", DocKind.BASIC_DESIGN),
        ("10_Security_Design.md", "本文\n", DocKind.SECURITY),
        ("リリース手順書.md", "本文\n", DocKind.RELEASE),
        ("運用設計書.md", "本文\n", DocKind.OPERATION),
        ("release-procedure.md", "body\n", DocKind.RELEASE),
        ("operations_manual.md", "body\n", DocKind.OPERATION),
        ("notes.md", "# リリース手順書\n", DocKind.RELEASE),
        ("notes.md", "# 運用設計書 / 運用手順書\n", DocKind.OPERATION),
        ("notes.md", "# アーキテクチャ設計書\n", DocKind.ARCHITECTURE),
        ("notes.md", "# 基本設計書\n", DocKind.BASIC_DESIGN),
        ("notes.md", "# セキュリティ設計書\n", DocKind.SECURITY),
        ("notes.md", "# Release Procedure: v2\n", DocKind.RELEASE),
        ("notes.md", "---\ntitle: Operation Design\n---\n", DocKind.OPERATION),
        ("notes.md", "---\nopslint:\n  kind: security\n---\n# Whatever\n", DocKind.SECURITY),
        ("RELEASE.md", "# Releases\nHow we publish the library.\n", DocKind.UNKNOWN),
        ("README.md", "# Project\n", DocKind.UNKNOWN),
        ("postmortem.md", "# Postmortem: outage\n", DocKind.UNKNOWN),
    ],
)
def test_detect_kind(bundle: Bundle, name: str, text: str, kind: DocKind) -> None:
    assert document_from_text(text, Path(name), bundle).kind is kind


def test_config_globs_win(bundle: Bundle) -> None:
    config = Config.model_validate({"documents": {"release": ["docs/**/deploy-*.md"]}})
    doc = document_from_text("# 運用設計書\n", Path("docs/x/deploy-v2.md"), bundle, config)
    assert doc.kind is DocKind.RELEASE
