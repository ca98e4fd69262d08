"""A canonical text form of a parsed Document: every field, section, block and line.

Used to show that a change to the parse stage leaves the model equal, not only the
findings: ``python -m tests.parse_model_dump OUTDIR PATH...`` writes one dump per Markdown
file found under the paths; compare two such directories with ``diff -r``.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator, Mapping
from enum import Enum
from pathlib import Path
from typing import Any

from opslint.document.load import LoadError, load_file
from opslint.document.model import Document
from opslint.document.parse import parse_document


def canonical(value: Any, indent: str = "") -> Iterator[str]:
    """One line per leaf, each field named, nested values indented."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield f"{indent}{type(value).__name__}"
        for field in dataclasses.fields(value):
            yield f"{indent}  .{field.name}:"
            yield from canonical(getattr(value, field.name), indent + "    ")
    elif isinstance(value, Mapping):
        yield f"{indent}mapping {len(value)}"
        for key in value:
            yield f"{indent}  [{key!r}]:"
            yield from canonical(value[key], indent + "    ")
    elif isinstance(value, (tuple, list, frozenset, set)):
        items = sorted(value, key=repr) if isinstance(value, (frozenset, set)) else value
        yield f"{indent}{type(value).__name__} {len(items)}"
        for item in items:
            yield from canonical(item, indent + "  ")
    elif isinstance(value, Enum):
        yield f"{indent}{type(value).__name__}.{value.name}"
    else:
        yield f"{indent}{type(value).__name__} {value!r}"


def dump(document: Document) -> str:
    return "\n".join(canonical(document)) + "\n"


def markdown_files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_file():
            yield path
        else:
            yield from sorted(path.rglob("*.md"))


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in markdown_files([Path(p) for p in argv[1:]]):
        try:
            source = load_file(path)
        except LoadError as error:  # recorded: a document that cannot load has no model
            text = f"load error {type(error).__name__}: {error}\n"
        else:
            text = dump(parse_document(path, source))
        name = str(path.resolve()).strip("/").replace("/", "__")
        (out / name).write_text(text, encoding="utf-8")
        count += 1
    print(f"dumped {count} documents to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
