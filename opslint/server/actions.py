"""Hover text and code actions as plain text edits (offsets into the linted buffer).

Fixes are the ones ``opslint fix`` applies (safe fixes only insert text). A suppression
comment is offered only where it is known to work: the edited text is parsed again, and the
comment must cover the finding while the document reads exactly as before (the same
sections and blocks), so the comment never splits a table, a list or a paragraph.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from opslint.document.load import LoadError, decode, split_lines
from opslint.document.model import Document, Table
from opslint.engine.findings import Finding
from opslint.engine.fixes import Edit, Fix, FixError, apply_edits, fixpoint
from opslint.engine.suppress import parse_directives
from opslint.lint import document_from_source, lint_buffer
from opslint.server.engine import Linted

__all__ = ["Action", "fix_action", "fix_all", "hover_markdown", "suppress_actions"]


@dataclass(frozen=True)
class Action:
    title: str
    kind: str  # "quickfix" or "source.fixAll"
    edits: tuple[Edit, ...]
    preferred: bool = False


def hover_markdown(linted: Linted, findings: Sequence[Finding]) -> str:
    """Each finding's message, then its rule's explanation (``opslint explain``), in the
    language the finding was written in."""
    from opslint.explain import render_explain

    parts: list[str] = []
    seen: set[str] = set()
    for finding in findings:
        parts.append(f"**{finding.rule_id}** {_escape(finding.message)}")
        rule = linted.settings.bundle.rule(finding.rule_id)
        if rule is not None and finding.rule_id not in seen:
            seen.add(finding.rule_id)
            parts.append(render_explain([rule], finding.lang, "markdown", color=False).strip())
    return "\n\n---\n\n".join(parts)


def _escape(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


def fix_action(finding: Finding) -> Action | None:
    """The safe fix the finding's rule offers, as one action."""
    fix = finding.fix
    if fix is None or not fix.allowed(False) or not fix.edits:
        return None
    edits = tuple(sorted(fix.edits, key=lambda e: (e.start, e.end)))
    if any(a.overlaps(b) for a, b in combinations(edits, 2)):
        return None
    return Action(f"{finding.rule_id}: {_fix_title(finding)}", "quickfix", edits, True)


def _fix_title(finding: Finding) -> str:
    return ("不足している節を挿入する" if finding.lang == "ja"
            else "Insert the missing section") + f" ({_escape(finding.message)})"


def fix_all(linted: Linted) -> Action | None:
    """Every safe fix of the buffer to a fixpoint, as ``opslint fix`` would write it."""
    if linted.document is None:
        return None
    settings = linted.settings

    def fixes_for(text: str) -> list[Fix]:
        findings = linted.findings if text == linted.text else lint_buffer(
            linted.path, text, settings.config, settings.bundle, buffers=linted.buffers,
            root=linted.root).findings
        return [f.fix for f in findings if f.fix is not None and f.fix.allowed(False)]

    try:
        outcome = fixpoint(linted.text, fixes_for)
    except FixError:
        return None
    if not outcome.converged or outcome.text == linted.text:
        return None
    title = ("opslint: 自動修正できる問題をすべて修正する" if linted.document.lang == "ja"
             else "opslint: fix all auto-fixable problems")
    return Action(title, "source.fixAll", tuple(_diff(linted.text, outcome.text)))


def _diff(before: str, after: str) -> Iterator[Edit]:
    """Line-level edits turning ``before`` into ``after`` (insertions, for safe fixes)."""
    old, new = split_lines(before, keepends=True), split_lines(after, keepends=True)
    starts = [0]
    for line in old:
        starts.append(starts[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            yield Edit(starts[i1], starts[i2], "".join(new[j1:j2]))


def suppress_actions(linted: Linted, finding: Finding) -> list[Action]:
    """"Disable RULE for this line" and "… for this file", where each is known to work."""
    doc = linted.document
    if doc is None or finding.rule_id.startswith("META"):
        return []
    ja = finding.lang == "ja"
    actions: list[Action] = []
    line_edit = next((e for e in _line_candidates(linted, finding)
                      if _works(linted, doc, finding, e)), None)
    if line_edit is not None:
        title = (f"{finding.rule_id} をこの行で無効にする" if ja
                 else f"Disable {finding.rule_id} for this line")
        actions.append(Action(title, "quickfix", (line_edit,)))
    file_edit = _file_edit(linted, doc, finding)
    if _works(linted, doc, finding, file_edit):
        title = (f"{finding.rule_id} をこのファイルで無効にする" if ja
                 else f"Disable {finding.rule_id} for this file")
        actions.append(Action(title, "quickfix", (file_edit,)))
    return actions


def _line_candidates(linted: Linted, finding: Finding) -> Iterator[Edit]:
    """A comment at the end of the finding's line (inside a table row's last cell), then a
    comment line above it."""
    lines = linted.lines
    start, end = lines.line_start(finding.line), lines.line_end(finding.line)
    text = linted.text[start:end]
    comment = f"<!-- opslint-disable-line {finding.rule_id} -->"
    stripped = text.rstrip()
    if stripped.lstrip().startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        before_pipe = start + len(stripped) - 1
        yield Edit(before_pipe, before_pipe, f"{comment} ")
    elif stripped:
        yield Edit(start + len(stripped), start + len(stripped), f" {comment}")
    newline = linted.document.source.newline if linted.document else "\n"
    yield Edit(start, start, f"<!-- opslint-disable-next-line {finding.rule_id} -->{newline}")


def _file_edit(linted: Linted, doc: Document, finding: Finding) -> Edit:
    """A comment line at the top, after the front matter when there is one."""
    at = linted.lines.line_start(doc.front_matter_end + 1) if doc.front_matter_end else 0
    if doc.front_matter_end >= len(linted.lines.starts):  # front matter ends the text
        at = len(linted.text)
    newline = doc.source.newline
    prefix = newline if at == len(linted.text) and at and not linted.text.endswith(
        ("\n", "\r")) else ""
    return Edit(at, at, f"{prefix}<!-- opslint-disable-file {finding.rule_id} -->{newline}")


def _works(linted: Linted, doc: Document, finding: Finding, edit: Edit) -> bool:
    """The edit's comment covers the finding and the document reads as it did."""
    bundle, config = linted.settings.bundle, linted.settings.config
    try:
        text = apply_edits(linted.text, [edit])
        edited = document_from_source(doc.path, decode(text.encode("utf-8")), bundle, config,
                                      doc.kind)
    except (FixError, LoadError):
        return False
    shift = len(split_lines(edit.content + "x")) - 1  # line breaks the edit inserts
    line = finding.line + (shift if edit.start <= linted.lines.line_start(finding.line) else 0)
    known = [(r.id, r.spec.name) for r in bundle.rules]
    covered = parse_directives(edited, known).covers(finding.rule_id, finding.name, line)
    return covered and _shape(edited) == _shape(doc)


def _shape(doc: Document) -> list[tuple[object, ...]]:
    """What the rules read of a document, without line numbers or spacing."""
    shape: list[tuple[object, ...]] = [("title", doc.title, doc.kind, len(doc.problems))]
    for section in doc.root.walk():
        shape.append(("section", section.level, section.norm))
        for block in section.blocks:
            if isinstance(block, Table):
                shape.append(("table", _words(" | ".join(block.header)),
                              *(_words(" | ".join(r.cells)) for r in block.rows)))
            else:
                shape.append((type(block).__name__, _words(block.text)))
    return shape


def _words(text: str) -> str:
    return " ".join(text.split())
