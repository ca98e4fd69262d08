"""The partial-document fixtures (tests/fixtures/partial/), shared by the tests that read them."""

from __future__ import annotations

import shutil
from pathlib import Path

from opslint.bundle import Bundle
from opslint.document.model import Document
from opslint.lint import document_from_text

FIXTURES = Path(__file__).parent / "fixtures" / "partial"


def alone(tmp_path: Path, name: str) -> Path:
    """The fixture in a folder of its own: the others would be its cross-document context."""
    folder = tmp_path / Path(name).stem
    folder.mkdir()
    return Path(shutil.copy(FIXTURES / name, folder / name))


def parsed(bundle: Bundle, name: str) -> Document:
    """The fixture read as a document (kind, partial kind and held chapters decided)."""
    return document_from_text((FIXTURES / name).read_text(encoding="utf-8"), Path(name), bundle)
