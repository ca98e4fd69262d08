"""Semantic versions, skipping dates and heading numbers."""

from __future__ import annotations

import re
from typing import Final

from opslint.facts.quantities.normalise import _normalise
from opslint.facts.quantities.types import Version

_VERSION: Final = re.compile(
    r"(?<![A-Za-z0-9.])(?P<v>[vV])?(?P<major>0|[1-9]\d*)\.(?P<minor>0|[1-9]\d*)"
    r"\.(?P<patch>0|[1-9]\d*)(?:-(?P<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?![0-9A-Za-z]|\.\d)"
)


# "#### 2.1.1 バックアップ要件": heading numbering, not a release.
_HEADING_PREFIX: Final = re.compile(r"[ \t]*#{1,6}[ \t]+")


def _is_heading_number(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return _HEADING_PREFIX.fullmatch(text, line_start, start) is not None


def _looks_like_date(parts: tuple[int, ...]) -> bool:
    year, month, day = parts
    return 1900 <= year <= 2199 and 1 <= month <= 12 and 1 <= day <= 31


def find_versions(text: str) -> list[Version]:
    """Semantic versions (``v2.4.0``, ``1.0.0-rc.1``); not IPs, 4-part numbers or dates."""
    norm = _normalise(text)
    if norm.digitless:
        return []
    found: list[Version] = []
    for match in _VERSION.finditer(norm.text):
        parts = (int(match["major"]), int(match["minor"]), int(match["patch"]))
        if match["v"] is None and (
            _looks_like_date(parts) or _is_heading_number(norm.text, match.start())
        ):
            continue
        source, s, e = norm.source(match.start(), match.end())
        found.append(Version(source, parts, match["pre"], s, e))
    return found
