"""Parameter models of the SLO check kinds (light: importable without the checks)."""

from __future__ import annotations

from typing import Literal

from opslint.checks.shared.params import Params

__all__ = ["StatementParams"]


class StatementParams(Params):
    sli: str  # an sli_kinds key of rules/vocab/slo.yaml
    require: str  # the part a definition of the kind should show
    offending: str | None = None  # when set, only statements showing this part are reported
    exempt: str | None = None  # statements showing this part are not definitions ("参考値")
    # any: one statement showing the part is enough; each: every statement must show it.
    mode: Literal["any", "each"] = "any"
