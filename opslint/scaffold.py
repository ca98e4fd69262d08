"""``opslint init``: a new project's documents from the outlines, placeholders included.

The release procedure and the operation design are written exactly as ``fix`` completes an
empty document (title, header fields, every chapter with its skeleton), so a fresh scaffold
raises its placeholder questions and nothing else. The design documents, the config and the
pre-commit snippet are data in ``rules/scaffold/design.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from opslint.engine.outlines import Outline
from opslint.engine.schema import Localized
from opslint.engine.yamlio import load_yaml
from opslint.resources import rules_dir

__all__ = ["CONFIG_FILE", "PRE_COMMIT_FILE", "Scaffold", "scaffold"]

CONFIG_FILE = ".opslint.toml"
PRE_COMMIT_FILE = ".pre-commit-config.yaml"
# The outlines' documents and the names the spec gives them.
_OUTLINE_FILES = {"release": "16_Release_Procedure.md", "operation": "17_Operation_Design.md"}


class _DesignDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    file: str
    ja: str
    en: str


class _ScaffoldData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    documents: list[_DesignDoc]
    config: Localized
    pre_commit: str


@dataclass(frozen=True)
class Scaffold:
    """The files of a new project: documents and config (name → text), and the pre-commit
    snippet, written or printed by the command."""

    documents: Mapping[str, str]
    config: str
    pre_commit: str


def _load(path: Path) -> Any:
    return load_yaml(path.read_text(encoding="utf-8"))


def outline_document(outline: Outline, lang: Literal["ja", "en"]) -> str:
    """Title, header fields and every chapter with its skeleton, as ``fix`` writes them
    into an empty document (opslint/checks/shared/outline.py)."""
    parts = [f"# {outline.title.get(lang)}"]
    if outline.header is not None:
        parts.append(outline.header.get(lang))
    for entry in outline.sections:
        skeleton = entry.skeleton.get(lang) if entry.skeleton else "TBD"
        parts.append(f"## {entry.title.get(lang)}\n\n{skeleton}")
    return "\n\n".join(parts) + "\n"


def scaffold(lang: Literal["ja", "en"], *, with_design: bool) -> Scaffold:
    """Everything ``init`` writes, in the language asked."""
    root = rules_dir()
    documents: dict[str, str] = {}
    data = _ScaffoldData.model_validate(_load(root / "scaffold" / "design.yaml"))
    if with_design:
        for doc in data.documents:
            documents[doc.file] = (doc.ja if lang == "ja" else doc.en) + "\n"
    for kind, name in _OUTLINE_FILES.items():
        outline = Outline.model_validate(_load(root / "outlines" / f"{kind}.yaml"))
        documents[name] = outline_document(outline, lang)
    return Scaffold(dict(sorted(documents.items())), data.config.get(lang) + "\n",
                    data.pre_commit + "\n")
