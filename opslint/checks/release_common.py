"""Where a release check looks: the doc's chapters, matched as the outline rules match them."""

from __future__ import annotations

from collections.abc import Mapping

from opslint.document.model import DocKind, Section
from opslint.engine.context import CheckContext
from opslint.engine.outlines import match_outline

__all__ = ["chapters"]


def chapters(ctx: CheckContext) -> Mapping[str, Section]:
    """The release doc's chapters by outline key, matched as the outline rules match them."""
    key = ("release-chapters", str(ctx.doc.path))
    cached = ctx.cache.get(key)
    if cached is None:
        outline = ctx.outlines.get(DocKind.RELEASE)
        cached = match_outline(ctx.doc, outline, ctx.vocab) if outline else {}
        ctx.cache[key] = cached
    return cached
