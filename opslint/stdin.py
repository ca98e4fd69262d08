"""A document read from standard input: ``opslint check -`` and ``opslint fix -``.

``--stdin-filename`` names the document: its kind and language are detected from that name
as for a file, the documents in that name's folder are its context (the file of that name
on disk, if any, is not: the text from stdin stands in for it), and findings carry the
name. Without it the document is called ``-`` and has no context.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from opslint.config import Config
from opslint.discover import display_path
from opslint.document.load import LoadError, decode, encode
from opslint.document.model import Document
from opslint.engine.findings import Finding
from opslint.lint import (
    Bundle,
    LintResult,
    _context_documents,
    _unreadable_finding,
    document_from_source,
    lint_documents,
)

__all__ = ["FixedText", "fix_stdin", "lint_stdin"]

STDIN = "-"


def _name(filename: str | None) -> Path:
    return display_path(Path(filename)) if filename else Path(STDIN)


def _read(data: bytes, name: Path, config: Config, bundle: Bundle
          ) -> tuple[Document, list[Document]]:
    if len(data) > config.max_file_size:
        raise LoadError(f"the input is {len(data):,} bytes, over the limit of "
                        f"{config.max_file_size:,} bytes (max-file-size in the config)")
    doc = document_from_source(name, decode(data), bundle, config)
    if name == Path(STDIN):
        return doc, []
    context, _ = _context_documents([doc], config, bundle)
    return doc, context


def lint_stdin(data: bytes, filename: str | None, config: Config, bundle: Bundle, *,
               lang: str | None = None) -> LintResult:
    """Lint the bytes read from stdin as the document ``filename``."""
    name = _name(filename)
    try:
        doc, context = _read(data, name, config, bundle)
    except LoadError as error:
        finding = _unreadable_finding(name, str(error), bundle, lang or config.lang)
        empty = lint_documents([], [], config, bundle, lang=lang)
        return replace(empty, findings=[finding] if finding else [],
                       unreadable=(name.as_posix(),))
    return lint_documents([doc], context, config, bundle, lang=lang)


@dataclass(frozen=True)
class FixedText:
    """The fixed bytes (the input unchanged when nothing applied), how many fixes applied,
    and the problem that kept them from applying."""

    data: bytes
    applied: int
    problem: str | None = None
    bug: bool = False


def fix_stdin(data: bytes, filename: str | None, config: Config, bundle: Bundle, *,
              unsafe: bool = False) -> FixedText:
    """Apply the offered fixes to the text from stdin, as ``opslint fix`` to a file."""
    from opslint.engine.fixes import MAX_PASSES, Fix, FixError, fixpoint

    name = _name(filename)
    try:
        doc, context = _read(data, name, config, bundle)
    except LoadError as error:
        return FixedText(data, 0, str(error))
    source = decode(data)
    bom = encode(source, "")
    offered: list[Fix] = []  # keeps every offered Fix alive, so ids stay unique

    def fixes_for(text: str) -> list[Fix]:
        current = doc if text == source.text else document_from_source(
            name, replace(source, text=text), bundle, config, doc.kind)
        found: list[Finding] = lint_documents([current], context, config, bundle).findings
        fixes = [f.fix for f in found if f.fix is not None and f.fix.allowed(unsafe)]
        offered.extend(fixes)
        return fixes

    try:
        outcome = fixpoint(source.text, fixes_for, data=data[len(bom):],
                           encoding=source.encoding)
    except FixError as error:
        return FixedText(data, 0, str(error), bug=True)
    if not outcome.converged:
        return FixedText(data, 0, f"fixes did not settle after {MAX_PASSES} passes, so the "
                         "text was left as it was", bug=True)
    return FixedText(bom + (outcome.data or b""), len(outcome.applied))
