"""Parameter models of the XDOC check kinds (light: importable without the checks)."""

from __future__ import annotations

from typing import Literal

from opslint.checks.shared.params import Params

__all__ = ["BackupCoverageParams", "Entities", "MonitorCoverageParams"]

Entities = Literal["components", "datastores"]


class MonitorCoverageParams(Params):
    entities: Entities = "components"


class BackupCoverageParams(Params):
    entities: Entities = "datastores"
