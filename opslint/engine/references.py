"""What rule parameters name, checked against the rules data when the rules load.

A parameter model marks each field whose values name something: ``SectionKey`` (a key of
rules/vocab/sections.yaml), ``ColumnKey`` (rules/vocab/columns.yaml), ``PartsFile`` and
``PartKey`` (a vocabulary with ``parts``, and one of them), ``Regex``, and, through
``Ref.outline`` and ``Ref.vocab``, an outline's chapters or the keys under a path of one
vocabulary file. ``check_references`` looks every marked value up, so a typo in a user's
rule is an error at load that names the key, the value and the closest valid one, rather
than a crash (exit 3) or a rule that silently never matches.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

if TYPE_CHECKING:
    from opslint.document.model import DocKind
    from opslint.engine.outlines import Outline
    from opslint.engine.vocab import Vocab

__all__ = [
    "ColumnKey",
    "PartKey",
    "PartsFile",
    "Ref",
    "References",
    "Regex",
    "SectionKey",
    "check_references",
]

RefKind = Literal["section", "column", "outline", "vocab", "regex"]
_SHOWN = 20  # known values listed in full up to this many; else the file is named


@dataclass(frozen=True)
class Ref:
    """What the values of a parameter name (the metadata of an ``Annotated[str, …]``)."""

    kind: RefKind
    name: str | None = None  # the outline's document kind, or the vocabulary file's stem
    path: tuple[str, ...] = ()  # the key path inside the vocabulary file
    file_field: str | None = None  # the parameter naming the vocabulary file (``vocab``)

    @classmethod
    def outline(cls, kind: str) -> Ref:
        """A chapter key of the outline of a document kind (rules/outlines/<kind>.yaml)."""
        return cls("outline", kind)

    @classmethod
    def vocab(cls, stem: str | None, *path: str, file_field: str | None = None) -> Ref:
        """A key under ``path`` in rules/vocab/<stem>.yaml (or the file ``file_field`` names);
        with no path, the stem of a vocabulary file."""
        return cls("vocab", stem, path, file_field)


SectionKey = Annotated[str, Ref("section")]
ColumnKey = Annotated[str, Ref("column")]
Regex = Annotated[str, Ref("regex")]
# A vocabulary file with a ``parts`` mapping, and a part of the file the ``vocab`` field names.
PartsFile = Annotated[str, Ref.vocab(None, "parts")]
PartKey = Annotated[str, Ref.vocab(None, "parts", file_field="vocab")]


@dataclass(frozen=True)
class References:
    """The loaded data rule parameters may name."""

    vocab: Vocab
    outlines: Mapping[DocKind, Outline]


def check_references(params: Any, refs: References) -> list[str]:
    """Problems of a rule's parameters, each "key 'check.<field>': <what is wrong>"."""
    return [f"key 'check.{key}': {problem}" for key, problem in _problems(params, refs, "")]


@functools.cache
def _hints(model: type) -> dict[str, Any]:
    return typing.get_type_hints(model, include_extras=True)


def _problems(params: Any, refs: References, prefix: str) -> Iterator[tuple[str, str]]:
    hints = _hints(params.__class__)
    for field in (f.name for f in dataclasses.fields(params)):
        value = getattr(params, field)
        key = f"{prefix}{field}"
        if dataclasses.is_dataclass(value):
            yield from _problems(value, refs, f"{key}.")
            continue
        ref = _ref_of(hints.get(field))
        if ref is None or value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            problem = _problem(ref, str(item), params, refs)
            if problem is not None:
                yield key, problem


def _ref_of(annotation: Any) -> Ref | None:
    """The Ref anywhere in a type (``SectionKey``, ``list[SectionKey]``, ``PartKey | None``)."""
    if typing.get_origin(annotation) is Annotated:
        found = next((m for m in annotation.__metadata__ if isinstance(m, Ref)), None)
        if found is not None:
            return found
    for argument in typing.get_args(annotation):
        found = _ref_of(argument)
        if found is not None:
            return found
    return None


def _problem(ref: Ref, value: str, params: Any, refs: References) -> str | None:
    if ref.kind == "regex":
        try:
            re.compile(value)
        except re.error as error:
            return f"invalid regular expression {value!r}: {error}"
        return None
    known, what, where = _known(ref, params, refs)
    if known is None or value in known:
        return None
    return _unknown(what, value, known, where)


def _known(ref: Ref, params: Any, refs: References
           ) -> tuple[Sequence[str] | None, str, str]:
    """(valid values, what they are, where they are defined); None when the vocabulary file
    a value depends on is itself wrong (that one is reported on its own)."""
    if ref.kind == "section":
        return list(refs.vocab.sections), "a section key", "rules/vocab/sections.yaml"
    if ref.kind == "column":
        return _keys(refs.vocab.terms.get("columns")), "a column key", "rules/vocab/columns.yaml"
    if ref.kind == "outline":
        outline = next((o for k, o in refs.outlines.items() if k.value == ref.name), None)
        keys = [s.key for s in outline.sections] if outline else []
        return keys, "a chapter key", f"rules/outlines/{ref.name}.yaml"
    stem = str(getattr(params, ref.file_field)) if ref.file_field else ref.name
    if stem is None:  # a vocabulary file, which must hold the mapping under ``path``
        files = [s for s, data in refs.vocab.terms.items() if _at(data, ref.path) is not None]
        holding = f" with '{'.'.join(ref.path)}'" if ref.path else ""
        return files, f"a vocabulary file{holding}", "rules/vocab/"
    if stem not in refs.vocab.terms:
        return None, "", ""
    keys = _keys(_at(refs.vocab.terms[stem], ref.path))
    return keys, f"a key of '{'.'.join(ref.path)}'", f"rules/vocab/{stem}.yaml"


def _at(data: Any, path: Sequence[str]) -> Any:
    for part in path:
        data = data.get(part) if isinstance(data, Mapping) else None
    return data


def _keys(data: Any) -> list[str]:
    return [str(k) for k in data] if isinstance(data, Mapping) else []


def _unknown(what: str, value: str, known: Sequence[str], where: str) -> str:
    message = f"{value!r} is not {what} in {where}"
    close = difflib.get_close_matches(value, known, n=1)
    if close:
        message += f"; did you mean {close[0]!r}?"
    if len(known) <= _SHOWN:
        message += f" (known: {', '.join(sorted(known))})"
    return message
