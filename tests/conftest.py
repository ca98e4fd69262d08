"""Shared test helpers: the loaded rule bundle and in-memory linting."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from opslint.config import Config
from opslint.document.model import DocKind, Document
from opslint.engine.findings import Finding
from opslint.lint import Bundle, document_from_text, lint_documents

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "real"


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    return Bundle.load()


def lint_text(
    bundle: Bundle,
    markdown: str,
    kind: DocKind | None = None,
    *,
    select: tuple[str, ...] = (),
    context: Mapping[DocKind, str] | None = None,
    name: str = "doc.md",
    lang: str = "auto",
) -> list[Finding]:
    """Lint one in-memory document (plus optional context documents by kind)."""
    config = Config(select=list(select))
    doc = document_from_text(markdown, Path(name), bundle, config, kind)
    others: list[Document] = [
        document_from_text(text, Path(f"context_{k.value}.md"), bundle, config, k)
        for k, text in (context or {}).items()
    ]
    return lint_documents([doc], others, config, bundle, lang=lang).findings
