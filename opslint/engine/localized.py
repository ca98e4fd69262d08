"""Text in both languages, as rule files and vocabularies write it (a pydantic model: the
vocabularies' own models use it as a field type)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ANY_KIND", "Localized"]

ANY_KIND = "any"  # doc_kinds: every kind


class Localized(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ja: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en
