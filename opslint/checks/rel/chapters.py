"""Where a release check looks: the doc's chapters, matched as the outline rules match them."""

from __future__ import annotations

from collections.abc import Mapping

from opslint.document.model import DocKind, Document, Section
from opslint.engine.context import CheckContext
from opslint.engine.outlines import match_outline
from opslint.facts.semantic import Reading, SemanticModel

__all__ = ["chapters"]


def _chapters(doc: Document, model: SemanticModel) -> Mapping[str, Section]:
    outline = model.outlines.get(DocKind.RELEASE)
    return match_outline(doc, outline, model.vocab) if outline else {}


CHAPTERS = Reading("release-chapters", _chapters)


def chapters(ctx: CheckContext) -> Mapping[str, Section]:
    """The release doc's chapters by outline key, matched as the outline rules match them."""
    return ctx.read(CHAPTERS)
