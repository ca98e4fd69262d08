"""Parameter models of the SLO check kinds (light: importable without the checks)."""

from __future__ import annotations

from typing import Annotated, Literal

from opslint.checks.shared.params import Params
from opslint.engine.references import Ref

__all__ = ["StatementParams"]

SloPart = Annotated[str, Ref.vocab("slo", "parts")]


class StatementParams(Params):
    sli: Annotated[str, Ref.vocab("slo", "sli_kinds")]
    require: SloPart  # the part a definition of the kind should show
    offending: SloPart | None = None  # when set, only statements showing it are reported
    exempt: SloPart | None = None  # statements showing this part are not definitions ("参考値")
    # any: one statement showing the part is enough; each: every statement must show it.
    mode: Literal["any", "each"] = "any"
