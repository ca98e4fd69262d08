"""Text in both languages, as rule files and vocabularies write it: a frozen dataclass
(engine/paramspec.py ``VocabBase``), so the cached rules unpickle without pydantic.

A pydantic model that holds one validates it through a twin pydantic model of the same name
(engine/localized_model.py, imported only then), so its errors and JSON schema keep the
model's words ("Extra inputs are not permitted").
"""

from __future__ import annotations

from typing import Any

from opslint.engine.paramspec import Field, VocabBase

__all__ = ["ANY_KIND", "Localized"]

ANY_KIND = "any"  # doc_kinds: every kind


class Localized(VocabBase):
    ja: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from opslint.engine.localized_model import core_schema_of

        return core_schema_of(cls, handler)
