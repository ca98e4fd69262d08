"""opslint's findings and edits as LSP values (lsprotocol types)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.uris import from_fs_path

from opslint.engine.findings import Finding, LocalText, Severity
from opslint.engine.fixes import Edit
from opslint.server.actions import Action
from opslint.server.engine import Linted

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer

__all__ = ["code_action", "diagnostic", "diagnostics", "fix_all_action", "span_range",
           "workspace_edit"]

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def _range(linted: Linted, start: int, end: int) -> types.Range:
    (l1, c1), (l2, c2) = linted.lines.position(start), linted.lines.position(end)
    return types.Range(start=types.Position(line=l1, character=c1),
                       end=types.Position(line=l2, character=c2))


def span_range(linted: Linted, finding: Finding) -> types.Range:
    return _range(linted, *linted.span(finding))


def diagnostics(linted: Linted, docs_url: str | None, root: Path | None
                ) -> list[types.Diagnostic]:
    return [diagnostic(linted, f, docs_url, root) for f in linted.findings]


def diagnostic(linted: Linted, finding: Finding, docs_url: str | None, root: Path | None
               ) -> types.Diagnostic:
    """Range from the finding's line and column to the end of its last line; code = rule id."""
    href = None
    if docs_url:
        href = (docs_url.replace("{id}", finding.rule_id).replace("{name}", finding.name)
                .replace("{id_lower}", finding.rule_id.lower()))
    return types.Diagnostic(
        range=span_range(linted, finding),
        severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.rule_id,
        code_description=types.CodeDescription(href=href) if href else None,
        source="opslint",
        message=finding.message,
        related_information=_related(finding, root) or None,
        data={"rule": finding.rule_id, "name": finding.name},
    )


def _related(finding: Finding, root: Path | None) -> list[types.DiagnosticRelatedInformation]:
    out: list[types.DiagnosticRelatedInformation] = []
    for location in finding.related:
        path = Path(location.path)
        if not path.is_absolute():
            if root is None:
                continue
            path = root / path
        uri = from_fs_path(str(path))
        note = location.note.get(finding.lang) if isinstance(location.note, LocalText) else (
            location.note)
        line = max(location.line - 1, 0)
        out.append(types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=types.Range(
                start=types.Position(line=line, character=0),
                end=types.Position(line=line, character=0))),
            message=note or location.path))
    return out


def workspace_edit(server: LanguageServer, linted: Linted, uri: str, edits: Sequence[Edit]
                   ) -> types.WorkspaceEdit:
    """Text edits on the version that was linted: a client refuses them once the buffer has
    changed, so an edit never lands on text it was not computed for."""
    text_edits: list[types.TextEdit | types.AnnotatedTextEdit | types.SnippetTextEdit] = [
        types.TextEdit(range=_range(linted, e.start, e.end), new_text=e.content)
        for e in edits]
    capabilities = server.client_capabilities.workspace
    versioned = bool(capabilities and capabilities.workspace_edit
                     and capabilities.workspace_edit.document_changes)
    if versioned:
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(
                uri=uri, version=linted.version),
            edits=text_edits)])
    return types.WorkspaceEdit(changes={uri: [e for e in text_edits
                                              if isinstance(e, types.TextEdit)]})


def code_action(server: LanguageServer, linted: Linted, uri: str, action: Action,
                diagnostics: list[types.Diagnostic]) -> types.CodeAction:
    return types.CodeAction(
        title=action.title, kind=types.CodeActionKind.QuickFix, diagnostics=diagnostics,
        is_preferred=action.preferred or None,
        edit=workspace_edit(server, linted, uri, action.edits))


def fix_all_action(server: LanguageServer, linted: Linted, uri: str, kind: str,
                   fixed: Action | None) -> types.CodeAction:
    """"Fix all": with its edit when computed, else resolved later (codeAction/resolve)."""
    ja = linted.document is not None and linted.document.lang == "ja"
    title = ("opslint: 自動修正できる問題をすべて修正する" if ja
             else "opslint: fix all auto-fixable problems")
    return types.CodeAction(
        title=title, kind=kind,
        edit=workspace_edit(server, linted, uri, fixed.edits) if fixed else None,
        data={"uri": uri, "version": linted.version})


def supports_resolve(server: LanguageServer) -> bool:
    document = server.client_capabilities.text_document
    action = document.code_action if document else None
    support = action.resolve_support if action else None
    return bool(support and "edit" in support.properties)
