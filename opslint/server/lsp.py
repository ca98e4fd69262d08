"""The language server: pygls and lsprotocol are imported here and in ``convert`` only.

Each open Markdown buffer is linted as ``opslint check FILE`` lints the file, on its unsaved
text, with the other open buffers in place of their files on disk. Changes are debounced;
lints run one at a time in a worker thread, and a result is published only when the buffer
has not changed since. Nothing a document or a config holds can stop the server: every
failure is logged, shown once, and the buffer's diagnostics are left empty.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from opslint import __version__
from opslint.server import convert
from opslint.server.actions import fix_action, fix_all, hover_markdown, suppress_actions
from opslint.server.engine import Engine, Linted

__all__ = ["OpslintServer", "create_server"]

log = logging.getLogger("opslint.server")
DEFAULT_DEBOUNCE = 0.3  # seconds after the last change before a buffer is linted again
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.opslint"
MAX_SUPPRESS = 8  # findings under a cursor for which suppression comments are tried


class OpslintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("opslint", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.engine = Engine()
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.debounce = DEFAULT_DEBOUNCE
        self.docs_url: str | None = None
        self.shown: set[str] = set()  # error messages already shown to the user
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="opslint-lint")

    # -- documents -----------------------------------------------------------------------

    def path_of(self, uri: str) -> Path | None:
        path = to_fs_path(uri)
        return Path(path) if path else None

    def root_of(self, path: Path) -> Path | None:
        """The innermost workspace folder holding the document (paths are shown from it)."""
        folders = [Path(p) for f in self.workspace.folders.values()
                   if (p := to_fs_path(f.uri))]
        if not folders and self.workspace.root_path:
            folders = [Path(self.workspace.root_path)]
        holding = [f for f in folders if path.is_relative_to(f)]
        return max(holding, key=lambda f: len(f.parts)) if holding else None

    def open_buffers(self) -> dict[Path, str]:
        buffers: dict[Path, str] = {}
        for uri, document in self.workspace.text_documents.items():
            path = self.path_of(uri)
            if path is not None:
                buffers[path] = document.source
        return buffers

    def schedule(self, uri: str, delay: float) -> None:
        """Lint the buffer after ``delay`` seconds, replacing a lint still waiting."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.pending[uri] = asyncio.ensure_future(self._lint_later(uri, delay))

    def relint(self, uri: str, delay: float) -> None:
        """Lint this buffer after ``delay``, and its neighbours after the debounce."""
        self.schedule(uri, delay)
        self.schedule_neighbours(uri, self.debounce)

    def schedule_neighbours(self, uri: str, delay: float) -> None:
        """Lint again the open documents that read this one as context (same folder)."""
        path = self.path_of(uri)
        if path is None:
            return
        for other, linted in list(self.linted.items()):
            if other != uri and linted.path.parent == path.parent and linted.document and (
                    linted.document.kind.value in ("release", "operation")):
                self.schedule(other, delay)

    async def _lint_later(self, uri: str, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            await self._lint(uri)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # never let one document stop the server
            log.exception("linting %s failed", uri)
            self.tell(f"opslint could not lint {uri}: {error}")
            self.publish(uri, [], None)
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    async def _lint(self, uri: str) -> None:
        path = self.path_of(uri)
        document = self.workspace.text_documents.get(uri)
        if path is None or document is None:
            return
        version, text = document.version, document.source
        chosen = self.workspace.position_encoding or "utf-16"
        encoding = str(getattr(chosen, "value", chosen))  # "utf-8", "utf-16" or "utf-32"
        buffers, root = self.open_buffers(), self.root_of(path)
        loop = asyncio.get_running_loop()
        try:
            linted = await loop.run_in_executor(
                self.worker, lambda: self.engine.lint(
                    path, text, version=version, buffers=buffers, root=root,
                    encoding=encoding))
        except _user_errors() as error:
            self.tell(f"opslint: {error}")
            self.linted.pop(uri, None)
            self.publish(uri, [], version)
            return
        current = self.workspace.text_documents.get(uri)
        if current is None or current.version != version:
            return  # changed or closed meanwhile: its own lint is on the way
        if linted is None:
            self.linted.pop(uri, None)
            self.publish(uri, [], version)
            return
        self.linted[uri] = linted
        self.publish(uri, convert.diagnostics(linted, self.docs_url, root), version)

    def publish(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None
                ) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    def tell(self, message: str) -> None:
        """Log a problem and show it once (the same message is not shown on every key)."""
        log.error("%s", message)
        if message not in self.shown:
            self.shown.add(message)
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=message))

    def current(self, uri: str) -> Linted | None:
        """The last lint of a buffer, when the buffer has not changed since."""
        linted = self.linted.get(uri)
        document = self.workspace.text_documents.get(uri)
        if linted is None or document is None or document.version != linted.version:
            return None
        return linted


def _user_errors() -> tuple[type[Exception], ...]:
    from opslint.config import ConfigError
    from opslint.engine.vocab import DataError

    return ConfigError, DataError


def create_server() -> OpslintServer:
    server = OpslintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: OpslintServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict):
            debounce = options.get("debounce")
            if isinstance(debounce, int | float) and 0 <= debounce <= 10_000:
                ls.debounce = debounce / 1000
            url = options.get("ruleDocsUrl")
            ls.docs_url = url if isinstance(url, str) and url else None

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: OpslintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.relint(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: OpslintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.relint(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: OpslintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.relint(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: OpslintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        waiting = ls.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        ls.linted.pop(uri, None)
        ls.publish(uri, [], None)
        ls.schedule_neighbours(uri, ls.debounce)  # they read the file on disk again

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: OpslintServer, params: types.HoverParams) -> types.Hover | None:
        linted = ls.current(params.text_document.uri)
        if linted is None:
            return None
        offset = linted.lines.offset(params.position.line, params.position.character)
        found = [f for f in linted.findings if _within(linted.span(f), offset)]
        if not found:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                         value=hover_markdown(linted, found)),
            range=convert.span_range(linted, found[0]))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL],
                                resolve_provider=True))
    async def code_action(ls: OpslintServer, params: types.CodeActionParams
                          ) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        linted = ls.current(uri)
        if linted is None:
            return None
        only = params.context.only
        first = linted.lines.offset(params.range.start.line, params.range.start.character)
        last = linted.lines.offset(params.range.end.line, params.range.end.character)
        under = [f for f in linted.findings if _overlaps(linted.span(f), first, last)]
        actions: list[types.CodeAction] = []
        if _wanted(only, types.CodeActionKind.QuickFix.value):
            for index, finding in enumerate(under):
                diagnostic = convert.diagnostic(linted, finding, ls.docs_url, linted.root)
                fix = fix_action(finding)
                if fix is not None:
                    actions.append(convert.code_action(ls, linted, uri, fix, [diagnostic]))
                if index < MAX_SUPPRESS:
                    actions.extend(convert.code_action(ls, linted, uri, action, [diagnostic])
                                   for action in suppress_actions(linted, finding))
        fixable = any(f.fix is not None and f.fix.allowed(False) for f in linted.findings)
        asked = only is not None and _wanted(only, FIX_ALL)
        if fixable and (asked or (only is None and any(f.fix is not None for f in under))):
            fixed = None
            if asked or not convert.supports_resolve(ls):  # computed now: it re-lints
                loop = asyncio.get_running_loop()
                fixed = await loop.run_in_executor(ls.worker, fix_all, linted)
            if fixed is not None or convert.supports_resolve(ls):
                actions.append(convert.fix_all_action(ls, linted, uri, FIX_ALL, fixed))
        return actions

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def resolve(ls: OpslintServer, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        if action.edit is not None or not isinstance(uri, str):
            return action
        linted = ls.current(uri)
        if linted is None or data.get("version") != linted.version:
            return action
        loop = asyncio.get_running_loop()
        fixed = await loop.run_in_executor(ls.worker, fix_all, linted)
        if fixed is not None:
            action.edit = convert.workspace_edit(ls, linted, uri, fixed.edits)
        return action

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: OpslintServer, *_: Any) -> None:
        for task in ls.pending.values():
            task.cancel()
        ls.pending.clear()
        ls.worker.shutdown(wait=False, cancel_futures=True)

    return server


def _within(span: tuple[int, int], offset: int) -> bool:
    return span[0] <= offset <= span[1]


def _overlaps(span: tuple[int, int], first: int, last: int) -> bool:
    return span[0] <= last and first <= span[1]


def _wanted(only: Sequence[str] | None, kind: str) -> bool:
    """Whether a requested ``only`` list covers an action kind (kinds are hierarchical)."""
    asked = [str(getattr(o, "value", o)) for o in only or ()]
    return only is None or any(kind == o or kind.startswith(f"{o}.") for o in asked)
