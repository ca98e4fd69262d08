"""Parameter models of the MON check kinds (light: importable without the checks)."""

from __future__ import annotations

from opslint.checks.shared.params import Field, Params
from opslint.engine.references import ColumnKey, PartKey, PartsFile, Regex, SectionKey

__all__ = ["ColumnsParams", "IdPatternParams", "UnpairedParams"]


class UnpairedParams(Params):
    vocab: PartsFile  # rules/vocab/<vocab>.yaml, whose ``parts`` hold parts and companion
    parts: list[PartKey] = Field(min_length=1)
    companion: PartKey
    scope: list[SectionKey] = Field(min_length=1)


class ColumnsParams(Params):
    columns: list[ColumnKey] = Field(min_length=1)


class IdPatternParams(Params):
    # The ID scheme as a regular expression (full match); it wins over the config option
    # ``monitor_id_pattern``. Without either, IDs are held to the table's most common shape.
    pattern: Regex | None = None
