"""A loaded rule's spec: frozen dataclasses built from the pydantic models that validate the
rule files (engine/rulefile.py).

The rules cache (opslint/cache.py) holds these, so loading the cached rules builds no pydantic
model class for them; ``RuleSpec.model_validate`` validates with the pydantic models (their
errors are what users see), ``model_dump`` writes through them. ``Localized`` stays a pydantic
model: the vocabularies' own models use it as a field type.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

from opslint.document.model import DocKind
from opslint.engine.findings import Severity
from opslint.engine.localized import ANY_KIND, Localized

__all__ = ["CheckSpec", "ContextAnswer", "Example", "Explain", "FixSpec", "Localized", "RuleSpec"]


@dataclass(frozen=True)
class Example:
    """A Markdown document, in one language, for a rule's explain docs and doc tests."""

    lang: Literal["ja", "en"]
    markdown: str
    # Other documents of the set (by kind), for cross-document rules.
    context: dict[DocKind, str]


@dataclass(frozen=True)
class Explain:
    what: Localized
    why: Localized
    fix: Localized
    fail: Example
    passing: Example  # "pass" in the file (a Python keyword)


@dataclass(frozen=True)
class CheckSpec:
    """``check: {kind: section-present, section: rollback}``: the kind plus its parameters."""

    kind: str
    extra: dict[str, Any] = field(default_factory=dict)  # the parameters, as written

    def params(self) -> dict[str, Any]:
        return dict(self.extra)


@dataclass(frozen=True)
class FixSpec:
    kind: Literal["insert-skeleton"]
    applicability: Literal["safe", "unsafe"]


@dataclass(frozen=True)
class ContextAnswer:
    """``answered_by_context``: a finding is answered when a design document read as
    context (architecture, basic design, security design, or as listed) mentions the part
    (``part: <vocab stem>:<parts mapping>:<key>``, e.g. ``incident:parts:past_incidents``).
    ``keys``: only findings of these keys (all when empty)."""

    part: str
    kinds: list[DocKind]
    keys: list[str]


@dataclass(frozen=True)
class RuleSpec:
    """A rule file's contents (the fields of engine/rulefile.RuleSpec, which documents them)."""

    id: str
    name: str
    severity: Severity
    doc_kinds: list[DocKind | Literal["any"]]
    gate: int
    gate_from_section: bool
    priority: Literal["P1", "P2", "P3"]
    topic: str | None
    check: CheckSpec
    message: Localized
    question: Localized
    explain: Explain
    fix: FixSpec | None
    answered_by_context: ContextAnswer | None
    tags: list[str]

    @classmethod
    def model_validate(cls, data: Any) -> RuleSpec:
        """A rule file's data validated by the pydantic model (its ``ValidationError`` if not)."""
        from opslint.engine import rulefile

        spec: RuleSpec = _plain(rulefile.RuleSpec.model_validate(data))
        return spec

    def model_copy(self, *, update: dict[str, Any] | None = None) -> RuleSpec:
        return replace(self, **(update or {}))

    def model_dump(self, **options: Any) -> dict[str, Any]:
        """The rule as the pydantic model dumps it (``mode``, ``by_alias``… as pydantic's)."""
        from opslint.engine import rulefile

        dumped: dict[str, Any] = rulefile.RuleSpec.model_validate(_data(self)).model_dump(
            **options)
        return dumped

    def applies_to(self, kind: DocKind) -> bool:
        return ANY_KIND in self.doc_kinds or kind in self.doc_kinds


# The pydantic model of engine/rulefile.py -> the dataclass of this module.
_PLAIN: dict[str, type] = {"Example": Example, "Explain": Explain, "CheckSpec": CheckSpec,
                           "FixSpec": FixSpec, "ContextAnswer": ContextAnswer,
                           "RuleSpec": RuleSpec}
_ALIASES = {"passing": "pass"}


def _plain(value: Any) -> Any:
    """A validated rule-file model as this module's dataclasses (Localized kept as it is)."""
    target = (_PLAIN.get(type(value).__name__)
              if type(value).__module__ == "opslint.engine.rulefile" else None)
    if target is not None:
        values = {f.name: _plain(getattr(value, f.name)) for f in fields(target)
                  if f.name != "extra"}
        if target is CheckSpec:
            values["extra"] = dict(value.model_extra or {})
        return target(**values)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _data(value: Any) -> Any:
    """The dataclasses back as the rule file's data, for the pydantic model."""
    if isinstance(value, CheckSpec):
        return {"kind": value.kind, **value.extra}
    if type(value) in _PLAIN.values():
        return {_ALIASES.get(f.name, f.name): _data(getattr(value, f.name))
                for f in fields(value)}
    if isinstance(value, list):
        return [_data(item) for item in value]
    if isinstance(value, dict):
        return {key: _data(item) for key, item in value.items()}
    return value
