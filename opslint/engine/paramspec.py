"""The base of check parameter and vocabulary models: plain frozen dataclasses, validated
by pydantic (vocabulary models: ``VocabBase``, listed as ``VocabModel`` entries in
opslint/checks/vocabs.py and validated when the vocabularies load).

Loading the rules validates every rule's parameters with pydantic (a ``TypeAdapter`` over
the dataclass, built only then); the cached rules hold the dataclasses, so unpickling them
imports neither pydantic nor its schema building (docs/performance.md). Errors keep the
words of pydantic models ("Extra inputs are not permitted"), which users and tests see.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING, Any, ClassVar, Self, dataclass_transform

if TYPE_CHECKING:
    from pydantic import TypeAdapter

__all__ = ["Field", "ParamsBase", "VocabBase", "VocabModel", "param_fields", "validate_params"]


def Field(default: Any = dataclasses.MISSING, *,  # pydantic's spelling
          default_factory: Any = dataclasses.MISSING, **constraints: Any) -> Any:
    """A field with pydantic's constraints (``min_length``, ``ge``…) kept as its metadata;
    pydantic reads them back when it validates the dataclass."""
    return dataclasses.field(default=default, default_factory=default_factory,
                             metadata=constraints)


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(Field,))
class ParamsBase:
    """Check parameters: unknown keys are errors, and a rule's parameters never change.
    Every subclass is a frozen, keyword-only dataclass."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclasses.dataclass(frozen=True, kw_only=True)(cls)


class VocabBase(ParamsBase):
    """A vocabulary's model (rules/vocab/*.yaml as the fact readers and checks read it): a
    frozen dataclass like check parameters, with the pydantic spellings its callers use.
    Importing a module that defines one imports no pydantic; validating does."""

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        return validate_params(cls, data)  # type: ignore[no-any-return]

    @classmethod
    def prepare(cls, data: Any) -> Any:
        """The file's data as validation takes it (a model may compile its patterns here,
        once, when the vocabularies load): unchanged by default."""
        return data

    def model_copy(self, *, update: Any = None) -> Self:
        return dataclasses.replace(self, **(update or {}))


@dataclasses.dataclass(frozen=True)
class VocabModel:
    """A vocabulary (rules/vocab/<stem>.yaml, or its top-level ``key``) read as a model: a
    frozen dataclass (engine/paramspec.py ``VocabBase``) named ``"<module>:<class>"``.

    Every one is validated when the vocabularies load, which is when the rules cache is
    filled (or on ``--no-cache``, ``opslint rules --check`` and in tests); the loaded
    ``Vocab`` keeps the validated models, so a run with cached rules reads plain frozen
    dataclasses and never imports pydantic (docs/performance.md). ``each``: the value is a
    mapping of names to models (``parts``), each validated alone. The table of them is
    opslint/checks/vocabs.py.
    """

    stem: str
    key: str | None
    model: str
    each: bool = False

    @property
    def name(self) -> str:
        """What readers ask ``Vocab.model`` for: ``"<stem>"`` or ``"<stem>:<key>"``."""
        return self.stem if self.key is None else f"{self.stem}:{self.key}"


def param_fields(model: type) -> list[str]:
    """The parameter names of a model."""
    return [f.name for f in dataclasses.fields(model)]


@functools.cache
def _adapter(model: type) -> TypeAdapter[Any]:
    from pydantic import TypeAdapter

    return TypeAdapter(model)


def validate_params(model: type, data: Any) -> Any:
    """The parameters of ``data`` as a ``model`` (pydantic's ``ValidationError`` if not, in
    the words a pydantic model would use)."""
    from pydantic import ValidationError

    try:
        return _adapter(model).validate_python(data)
    except ValidationError as error:
        raise _as_model_error(error, model.__name__) from None


_RENAMED = ("unexpected_keyword_argument", "dataclass_type")


def _as_model_error(error: Any, title: str) -> Any:
    from pydantic import ValidationError

    if not any(i["type"] in _RENAMED for i in error.errors()):
        return error
    details: list[Any] = []
    for item in error.errors():
        kind, ctx = item["type"], item.get("ctx")
        if kind == "unexpected_keyword_argument":
            kind, ctx = "extra_forbidden", None
        elif kind == "dataclass_type":
            kind, ctx = "model_type", {"class_name": (ctx or {}).get("class_name", "")}
        detail: dict[str, Any] = {"type": kind, "loc": item["loc"], "input": item.get("input")}
        if ctx:
            detail["ctx"] = ctx
        details.append(detail)
    return ValidationError.from_exception_data(title, details)
