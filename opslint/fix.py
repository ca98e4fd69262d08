"""The fix runner: lint, apply the offered fixes to a fixpoint, write files back byte for byte."""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from collections import Counter
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from opslint.config import Config
from opslint.document.load import (
    LoadError,
    SourceText,
    decode,
    encode,
    read_regular,
    split_lines,
)
from opslint.document.model import Document
from opslint.engine.findings import Finding
from opslint.engine.fixes import MAX_PASSES, Fix, FixError, fixpoint
from opslint.lint import Bundle, LintResult, document_from_source, lint_documents, lint_paths

__all__ = ["FileFix", "FixResult", "WriteError", "fix_paths", "write_atomic", "write_fixes"]


@dataclass(frozen=True)
class FileFix:
    """One file's fixes: the bytes before and after, and the rules whose fixes were applied."""

    path: Path
    original: bytes
    data: bytes
    rules: tuple[str, ...]
    problem: str = ""  # why the file is left unchanged, when it is
    bug: bool = False  # the problem is opslint's (a fix that does not apply or settle)

    @property
    def changed(self) -> bool:
        return not self.problem and self.data != self.original

    def diff(self) -> str:
        """A unified diff of the decoded text (``a/`` and ``b/`` prefixes for relative paths)."""
        before = split_lines(decode(self.original).text, keepends=True)
        after = split_lines(decode(self.data).text, keepends=True)
        name = self.path.as_posix()
        old, new = (name, name) if self.path.is_absolute() else (f"a/{name}", f"b/{name}")
        lines = difflib.unified_diff(before, after, old, new)
        out: list[str] = []
        for line in lines:
            if line.endswith(("\n", "\r")):
                out.append(line)
            else:  # difflib leaves a last line without newline as is; say so, as diff does
                out.append(line + "\n\\ No newline at end of file\n")
        return "".join(out)


@dataclass(frozen=True)
class FixResult:
    files: tuple[FileFix, ...]
    lint: LintResult  # before fixing

    @property
    def changed(self) -> list[FileFix]:
        return [f for f in self.files if f.changed]

    @property
    def failed(self) -> list[FileFix]:
        return [f for f in self.files if f.problem]

    def counts(self) -> Counter[str]:
        """Applied fixes per rule id, over the changed files."""
        return Counter(rule for f in self.changed for rule in f.rules)

    def summary(self, *, dry_run: bool = False) -> str:
        """``Fixed 2 problem(s) in 1 file(s) (REL001 ×2).``"""
        counts = self.counts()
        if not counts:
            return "No fixes to apply."
        rules = ", ".join(f"{rule} ×{n}" for rule, n in sorted(counts.items()))
        verb = "Would fix" if dry_run else "Fixed"
        return f"{verb} {sum(counts.values())} problem(s) in {len(self.changed)} file(s) ({rules})."


def fix_paths(
    paths: Sequence[Path], config: Config, bundle: Bundle, *, unsafe: bool = False,
    force_exclude: bool = False, lang: str | None = None,
) -> FixResult:
    """Lint the paths and compute every target file's fixed bytes; nothing is written."""
    result = lint_paths(paths, config, bundle, lang=lang, force_exclude=force_exclude)
    files: list[FileFix] = []
    for doc in result.targets:
        path = doc.path.as_posix()
        findings = [f for f in result.findings if f.path == path]
        if any(f.fix is not None and f.fix.allowed(unsafe) for f in findings):
            files.append(_fix_document(doc, findings, result, config, bundle, unsafe, lang))
    return FixResult(tuple(files), result)


def _fix_document(
    doc: Document, findings: list[Finding], result: LintResult, config: Config, bundle: Bundle,
    unsafe: bool, lang: str | None,
) -> FileFix:
    try:
        original = read_regular(doc.path, config.max_file_size)
        source = decode(original)
    except LoadError as error:
        return FileFix(doc.path, b"", b"", (), f"cannot read the file again: {error}")
    if source.text != doc.text:
        return FileFix(doc.path, original, original, (), "the file changed while it was linted")
    bom = encode(source, "")
    context = [d for d in result.docset if d is not doc]
    offered: list[tuple[Fix, str]] = []  # keeps every offered Fix alive, so ids stay unique

    def fixes_for(text: str) -> list[Fix]:
        current = findings
        if text != source.text:
            fixed_doc = _reparse(doc, replace(source, text=text), config, bundle)
            current = lint_documents([fixed_doc], context, config, bundle, lang=lang).findings
        fixes = [(f.fix, f.rule_id) for f in current if f.fix is not None and f.fix.allowed(unsafe)]
        offered.extend(fixes)
        return [fix for fix, _ in fixes]

    try:
        outcome = fixpoint(source.text, fixes_for, data=original[len(bom):],
                           encoding=source.encoding)
    except FixError as error:
        return FileFix(doc.path, original, original, (), str(error), bug=True)
    if not outcome.converged:
        return FileFix(doc.path, original, original, (),
                       f"fixes did not settle after {MAX_PASSES} passes, so the file was left "
                       "as it was (an unclosed HTML comment or block at the end can hide "
                       "inserted text)", bug=True)
    rule_of = {id(fix): rule for fix, rule in offered}
    rules = tuple(sorted(rule_of[id(fix)] for fix in outcome.applied))
    return FileFix(doc.path, original, bom + (outcome.data or b""), rules)


def _reparse(doc: Document, source: SourceText, config: Config, bundle: Bundle) -> Document:
    # The kind stays the one first detected: a fix must not move a file to other rules.
    return document_from_source(doc.path, source, bundle, config, doc.kind)


class WriteError(Exception):
    """A fixed file cannot be written (read-only file or folder); the user's to resolve."""


def write_fixes(result: FixResult) -> FixResult:
    """Write every changed file atomically; files that could not be written are returned
    with their problem (and count as failed, not fixed)."""
    files: list[FileFix] = []
    for file in result.files:
        if file.changed:
            try:
                write_atomic(file.path, file.data)
            except WriteError as error:
                file = replace(file, problem=str(error))
        files.append(file)
    return replace(result, files=tuple(files))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace a file's content through a temporary file beside it, keeping its permissions.

    A read-only file is refused (as ruff does): replacing it through a temporary file would
    succeed wherever the folder is writable, silently overriding the author's protection.
    """
    target = path.resolve()  # a symlink keeps pointing at the file it named
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError as error:
        raise WriteError(f"cannot read its permissions ({error.strerror})") from None
    if not mode & 0o222 or not os.access(target, os.W_OK):
        raise WriteError(f"the file is read-only (mode {mode:04o}), so it was not changed; "
                         "make it writable to apply the fixes")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=target.parent)
    except OSError as error:
        raise WriteError(f"cannot create a temporary file in {target.parent.as_posix()} "
                         f"({error.strerror}), so the file was not changed; the folder must "
                         "be writable to apply the fixes") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as error:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise WriteError(f"cannot write the file ({error.strerror}); it was left as it "
                             "was") from None
        raise
