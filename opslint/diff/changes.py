"""What `opslint diff` reports: a commitment that changed between two revisions.

A commitment is a fact a team promises to keep (an SLO target, a monitor, an RTO, a release
window, an approver); ``CommitmentChange`` holds one change to one of them, structured so
every output (text, Markdown, JSON) renders it in either language. The words for kinds,
fields and directions live in ``opslint.diff.words``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["CommitmentChange", "Direction", "Place"]

# strengthened: the team now promises more (99.5 % → 99.9 %, RTO 4 h → 1 h, a monitor added);
# weakened: it promises less; neutral: changed without a direction (a renamed channel).
Direction = Literal["strengthened", "weakened", "neutral"]


@dataclass(frozen=True)
class Place:
    """Where a commitment is written: the document's path (as given to the run) and line."""

    path: str
    line: int


@dataclass(frozen=True)
class CommitmentChange:
    """One commitment added, removed or changed.

    ``kind`` names the commitment (``slo``, ``monitor``, ``rto``, ``release_window``…);
    ``key`` identifies the one changed within its kind as the documents name it (an SLO's
    name, a monitor's ID, a backup's target), so base and head are matched by meaning, not
    by line; ``field`` is the attribute that changed (``target``, ``threshold``, ``level``,
    ``channel``…) or "" when the whole commitment was added or removed. ``old`` / ``new`` are
    the values as written (None when added / removed); ``base`` / ``head`` where they are.
    """

    kind: str
    key: str
    field: str
    old: str | None
    new: str | None
    direction: Direction
    base: Place | None
    head: Place | None

    @property
    def added(self) -> bool:
        return self.old is None and self.new is not None

    @property
    def removed(self) -> bool:
        return self.new is None and self.old is not None
