"""The pydantic twin of ``Localized`` (engine/localized.py): validates it with a model's
words and JSON schema, and hands back the dataclass. Imported only when validating."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import core_schema

__all__ = ["core_schema_of"]


class Localized(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ja: str = Field(min_length=1)
    en: str = Field(min_length=1)


def core_schema_of(plain: type[Any], handler: Any) -> Any:
    """The model's schema, taking and giving the dataclass ``plain``."""

    def from_plain(value: Any) -> Any:
        return {"ja": value.ja, "en": value.en} if isinstance(value, plain) else value

    def to_plain(model: Localized) -> Any:
        return plain(ja=model.ja, en=model.en)

    return core_schema.no_info_before_validator_function(
        from_plain,
        core_schema.no_info_after_validator_function(to_plain, handler.generate_schema(Localized)),
        serialization=core_schema.plain_serializer_function_ser_schema(
            lambda value: {"ja": value.ja, "en": value.en}),
    )
