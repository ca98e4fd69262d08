"""Facts every document kind can state: technology mentions, stated durations, exclusions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Exclusion",
    "Polarity",
    "StatedDuration",
    "TechMention",
]

# What a text unit says of a product it names (facts/polarity.py).
Polarity = Literal["adopted", "negated", "planned", "example", "out_of_scope"]


@dataclass(frozen=True)
class TechMention:
    """A named product or practice from rules/vocab/technology.yaml (``Datadog``, ``blue_green``).

    ``category`` is the vocabulary section (datastore, compute, ci_cd, monitoring, alerting,
    channel, deploy_strategy, dr_strategy, topology…), ``name`` its canonical name and
    ``alias`` the form written in the document. ``polarity`` is what the mention's clause
    says of it (facts/polarity.py): ``adopted``, or ``negated``, ``planned``, ``example``,
    ``out_of_scope``; only adopted mentions are evidence that the system uses it.
    """

    category: str
    name: str
    alias: str
    line: int
    text: str
    polarity: Polarity = "adopted"
    # Read from a description rather than the name ("the standby cluster is scaled out on
    # failover" → warm_standby; facts/dr_described.py).
    inferred: bool = False


@dataclass(frozen=True)
class StatedDuration:
    """A duration the document states for something (a total, a check, a limit), in minutes."""

    minutes: float
    line: int
    text: str


@dataclass(frozen=True)
class Exclusion:
    """A statement that planned maintenance does not count against the SLO/error budget."""

    line: int
    text: str
