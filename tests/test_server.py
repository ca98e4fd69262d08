"""`opslint server` through a real LSP client (pygls's LanguageClient) over stdio.

Each test starts `python -m opslint server` as a subprocess in a workspace folder of its
own (a release procedure and the three design documents it is checked against, written
for these tests), speaks the protocol to it and shuts it down.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

if not os.environ.get("CI"):  # CI installs the lsp extra (with test): there it must run
    pytest.importorskip("pygls", reason='needs the lsp extra: pip install -e ".[dev]"')

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 240  # seconds per test: the machine running the suite may be busy
WAIT = 90.0  # seconds to wait for one message from the server

ARCHITECTURE = """# アーキテクチャ設計書

## 1. 概要
通知配信サービス「Hibari」の構成を記す。

## 2. コンポーネント
| コンポーネント | 役割 |
| -- | -- |
| hibari-api | 配信依頼の受付 |
| hibari-worker | メールとプッシュの送信 |

## 3. データストア
| ストア | 用途 |
| -- | -- |
| PostgreSQL 15 | 配信履歴 |

## 4. デプロイ方式
ブルーグリーンデプロイで切り替える。旧環境は切り替え後 1時間残す。

## 5. 監視
Prometheus で 5xx 率と配信遅延を監視する。
"""

BASIC_DESIGN = """# 基本設計書

## 1. 目的
社内の各サービスからの通知配信を一か所にまとめる。

## 2. システム構成
hibari-api と hibari-worker の 2 コンポーネントで構成する。

## 3. 非機能要件
- 可用性: 月間 99.9%
- 配信遅延: 95% が 60秒以内
"""

SECURITY = """# セキュリティ設計書

## 1. 方針
最小権限を原則とする。

## 2. リリース承認
本番リリースはサービス責任者 佐藤 が承認する。
"""

# Deploys by rolling update where the architecture says blue-green (XDOC010), and has no
# contacts chapter (REL001, which `fix` inserts).
RELEASE = """# リリース手順書

## 1. リリース概要
Hibari v3.2.0 を本番へリリースする。
- 日時: 2026/11/20 22:00 - 23:00
- 方式: ローリングアップデート
- 承認者: 佐藤

## 2. 事前確認・準備 (T-1 day)
- [x] PostgreSQL のスナップショット取得を確認した

## 3. リリース当日の手順 (T-0)
| 時刻 | 作業項目 | 担当 | 確認項目 |
| -- | -- | -- | -- |
| 22:00 | hibari-api をデプロイ | 田中 | `/healthz` が 200 を返す |
| 22:20 | hibari-worker をデプロイ | 田中 | 配信キューの滞留が 100 件未満 |

## 4. 切り戻し手順 (Rollback)
5xx 率が 1% を 5分超えたら、田中が判断して v3.1.4 を再デプロイする。

## 5. リリース後確認
ダッシュボードで 5xx 率と配信遅延を 30分確認する。
"""

RELEASE_NAME = "16_Release_Procedure.md"


def _workspace(folder: Path) -> Path:
    for name, text in (("03_Architecture.md", ARCHITECTURE),
                       ("04_Basic_Design.md", BASIC_DESIGN),
                       ("10_Security_Design.md", SECURITY), (RELEASE_NAME, RELEASE)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


class Session:
    """A started server, the diagnostics it published and the messages it showed."""

    def __init__(self, client: LanguageClient, folder: Path) -> None:
        self.client = client
        self.folder = folder
        self.published: list[types.PublishDiagnosticsParams] = []
        self.shown: list[str] = []
        self.changed = asyncio.Event()
        self.versions: dict[str, int] = {}

    def uri(self, name: str) -> str:
        return str(from_fs_path(str(self.folder / name)))

    def open(self, name: str, text: str | None = None) -> str:
        uri = self.uri(name)
        self.versions[uri] = 1
        content = (self.folder / name).read_text(encoding="utf-8") if text is None else text
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1,
                                                 text=content)))
        return uri

    def change(self, uri: str, text: str) -> int:
        self.versions[uri] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri,
                                                                version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
        return self.versions[uri]

    async def diagnostics(self, uri: str, *, version: int | None = None,
                          where: Callable[[list[types.Diagnostic]], bool] = lambda d: True,
                          ) -> list[types.Diagnostic]:
        """The first diagnostics published for a buffer (at a version) that satisfy where."""
        async def wait() -> list[types.Diagnostic]:
            seen = 0
            while True:
                for params in self.published[seen:]:
                    if params.uri == uri and (version is None or params.version == version) \
                            and where(params.diagnostics):
                        return params.diagnostics
                seen = len(self.published)
                self.changed.clear()
                await self.changed.wait()

        return await asyncio.wait_for(wait(), WAIT)


async def _run(folder: Path, body: Callable[[Session], Awaitable[None]],
               capabilities: types.ClientCapabilities | None = None,
               options: dict[str, Any] | None = None) -> int | None:
    client = LanguageClient("opslint-tests", "1")
    session = Session(client, folder)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        session.published.append(params)
        session.changed.set()

    @client.feature(types.WINDOW_SHOW_MESSAGE)
    def shown(params: types.ShowMessageParams) -> None:
        session.shown.append(params.message)
        session.changed.set()

    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    await client.start_io(sys.executable, "-m", "opslint", "server", cwd=str(folder),
                          env={**os.environ, "PYTHONPATH": path})
    await asyncio.wait_for(client.initialize_async(types.InitializeParams(
        process_id=os.getpid(),
        capabilities=capabilities or types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(
                workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True)),
            text_document=types.TextDocumentClientCapabilities(
                code_action=types.CodeActionClientCapabilities(
                    resolve_support=types.ClientCodeActionResolveOptions(
                        properties=["edit"])))),
        workspace_folders=[types.WorkspaceFolder(uri=str(from_fs_path(str(folder))),
                                                 name="docs")],
        initialization_options={"debounce": 50, **(options or {})},
    )), WAIT)
    client.initialized(types.InitializedParams())
    server = client._server
    assert server is not None
    try:
        await body(session)
        await asyncio.wait_for(client.shutdown_async(None), WAIT)
        client.exit(None)
        return await asyncio.wait_for(server.wait(), WAIT)
    finally:
        if server.returncode is None:  # a failed test: do not wait for a server left running
            server.kill()
        await client.stop()


def _serve(folder: Path, body: Callable[[Session], Awaitable[None]], **kwargs: Any
           ) -> int | None:
    return asyncio.run(_run(folder, body, **kwargs))


def _codes(diagnostics: list[types.Diagnostic]) -> set[str]:
    return {str(d.code) for d in diagnostics}


def _offset(text: str, position: types.Position) -> int:
    """A UTF-16 LSP position in text (lines broken at \\n, as these fixtures are)."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position.line])
    line, units, index = lines[position.line] if position.line < len(lines) else "", 0, 0
    while index < len(line) and units < position.character:
        units += 2 if ord(line[index]) > 0xFFFF else 1
        index += 1
    return start + index


def _apply(text: str, edit: types.WorkspaceEdit | None, uri: str) -> str:
    assert edit is not None and edit.document_changes, edit
    (change,) = edit.document_changes
    assert isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri
    edits = sorted(change.edits, key=lambda e: (e.range.start.line, e.range.start.character),
                   reverse=True)
    for e in edits:
        start, end = _offset(text, e.range.start), _offset(text, e.range.end)
        text = text[:start] + e.new_text + text[end:]
    return text


@pytest.mark.timeout(TIMEOUT)
def test_round_trip_diagnostics_change_hover_fix_and_exit(tmp_path: Path) -> None:
    folder = _workspace(tmp_path)
    state: dict[str, Any] = {}

    async def body(s: Session) -> None:
        uri = s.open(RELEASE_NAME)
        first = await s.diagnostics(uri, version=1)
        assert {"XDOC010", "REL001"} <= _codes(first)
        rel001 = next(d for d in first if d.code == "REL001")
        assert rel001.source == "opslint"
        assert rel001.severity == types.DiagnosticSeverity.Error
        assert "連絡網" in rel001.message  # the document's language: Japanese
        xdoc = next(d for d in first if d.code == "XDOC010")
        assert xdoc.range.start.line == RELEASE.split("\n").index("- 方式: ローリングアップデート")

        # Hover on the diagnostic: the rule's explanation, in Japanese.
        hover = await asyncio.wait_for(s.client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=rel001.range.start)), WAIT)
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        assert hover.contents.kind == types.MarkupKind.Markdown
        assert "REL001" in hover.contents.value and "## 検査内容" in hover.contents.value

        # The quick fix inserts the missing chapter and keeps every character written.
        actions = await asyncio.wait_for(s.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), range=rel001.range,
                context=types.CodeActionContext(diagnostics=[rel001]))), WAIT)
        assert actions
        fix = next(a for a in actions if isinstance(a, types.CodeAction)
                   and a.title.startswith("REL001:"))
        assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
        fixed = _apply(RELEASE, fix.edit, uri)
        assert "## 6. 連絡網" in fixed
        inserted = len(fixed) - len(RELEASE)
        at = next(i for i, (a, b) in enumerate(zip(RELEASE, fixed, strict=False)) if a != b) \
            if fixed[: len(RELEASE)] != RELEASE else len(RELEASE)
        assert fixed[:at] + fixed[at + inserted:] == RELEASE

        # Editing the buffer (not the file): the deployment method now agrees, and the
        # inserted chapter is there; diagnostics follow the unsaved text.
        edited = fixed.replace("ローリングアップデート", "ブルーグリーンデプロイ")
        version = s.change(uri, edited)
        after = await s.diagnostics(uri, version=version)
        assert "XDOC010" not in _codes(after) and "REL001" not in _codes(after)
        assert (folder / RELEASE_NAME).read_text(encoding="utf-8") == RELEASE
        state["done"] = True

    assert _serve(folder, body) == 0
    assert state == {"done": True}


@pytest.mark.timeout(TIMEOUT)
def test_open_buffers_are_the_context_instead_of_the_files(tmp_path: Path) -> None:
    folder = _workspace(tmp_path)

    async def body(s: Session) -> None:
        uri = s.open(RELEASE_NAME)
        assert "XDOC010" in _codes(await s.diagnostics(uri, version=1))
        # The architecture's unsaved buffer now says rolling update too: the release
        # procedure is linted again against the buffer, and agrees with it.
        s.open("03_Architecture.md", ARCHITECTURE.replace(
            "ブルーグリーンデプロイで切り替える。", "ローリングアップデートで入れ替える。"))
        await s.diagnostics(uri, where=lambda d: "XDOC010" not in _codes(d))

    assert _serve(folder, body) == 0


@pytest.mark.timeout(TIMEOUT)
def test_suppression_and_fix_all_actions(tmp_path: Path) -> None:
    folder = _workspace(tmp_path)

    async def body(s: Session) -> None:
        uri = s.open(RELEASE_NAME)
        first = await s.diagnostics(uri, version=1)
        xdoc = next(d for d in first if d.code == "XDOC010")
        actions = await asyncio.wait_for(s.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), range=xdoc.range,
                context=types.CodeActionContext(diagnostics=[xdoc]))), WAIT)
        titles = [a.title for a in actions or [] if isinstance(a, types.CodeAction)]
        line = next(a for a in actions or [] if isinstance(a, types.CodeAction)
                    and a.title == "XDOC010 をこの行で無効にする")
        assert "XDOC010 をこのファイルで無効にする" in titles
        silenced = _apply(RELEASE, line.edit, uri)
        assert "<!-- opslint-disable-line XDOC010 -->" in silenced
        version = s.change(uri, silenced)
        after = await s.diagnostics(uri, version=version)
        assert "XDOC010" not in _codes(after) and "REL001" in _codes(after)

        # Fix all, asked for as on save (source.fixAll), with the edit resolved.
        every = await asyncio.wait_for(s.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(start=types.Position(line=0, character=0),
                                  end=types.Position(line=0, character=0)),
                context=types.CodeActionContext(diagnostics=[],
                                                only=[types.CodeActionKind.SourceFixAll]))),
            WAIT)
        (fix_all,) = [a for a in every or [] if isinstance(a, types.CodeAction)]
        assert fix_all.kind == "source.fixAll.opslint"
        if fix_all.edit is None:
            fix_all = await asyncio.wait_for(s.client.code_action_resolve_async(fix_all), WAIT)
        assert "## 6. 連絡網" in _apply(silenced, fix_all.edit, uri)

    assert _serve(folder, body) == 0


@pytest.mark.timeout(TIMEOUT)
def test_bad_input_and_a_broken_config_do_not_stop_the_server(tmp_path: Path) -> None:
    folder = _workspace(tmp_path)

    async def body(s: Session) -> None:
        binary = s.open("notes.md", "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 50)
        unreadable = await s.diagnostics(binary, version=1)
        assert _codes(unreadable) <= {"META001"}
        s.open("untitled.txt", "# not markdown")  # not linted, not fatal
        (folder / ".opslint.toml").write_text("selectt = ['REL']\n", encoding="utf-8")
        uri = s.open(RELEASE_NAME)
        await s.diagnostics(uri, version=1, where=lambda d: not d)
        assert any(".opslint.toml" in m for m in s.shown), s.shown
        (folder / ".opslint.toml").write_text("ignore = ['XDOC']\n", encoding="utf-8")
        version = s.change(uri, RELEASE + "\n")
        after = await s.diagnostics(uri, version=version)
        assert "REL001" in _codes(after) and "XDOC010" not in _codes(after)

    assert _serve(folder, body) == 0


@pytest.mark.timeout(TIMEOUT)
def test_rapid_changes_publish_the_last_version(tmp_path: Path) -> None:
    folder = _workspace(tmp_path)

    async def body(s: Session) -> None:
        uri = s.open(RELEASE_NAME)
        await s.diagnostics(uri, version=1)
        for n in range(5):
            last = s.change(uri, RELEASE.replace("v3.2.0", f"v3.2.{n}"))
        final = await s.diagnostics(uri, version=last)
        assert "XDOC010" in _codes(final)
        assert all(p.version in (1, last) for p in s.published if p.uri == uri)
        xdoc = next(d for d in final if d.code == "XDOC010")
        assert xdoc.code_description is not None
        assert xdoc.code_description.href == "https://example.org/rules.md#xdoc010"

    options = {"debounce": 400, "ruleDocsUrl": "https://example.org/rules.md#{id_lower}"}
    assert _serve(folder, body, options=options) == 0


@pytest.mark.timeout(TIMEOUT)
def test_columns_count_in_the_encoding_the_client_chose(tmp_path: Path) -> None:
    folder = _workspace(tmp_path)
    line = "- 方式: ローリングアップデート"

    async def body(s: Session) -> None:
        uri = s.open(RELEASE_NAME)
        xdoc = next(d for d in await s.diagnostics(uri, version=1) if d.code == "XDOC010")
        assert xdoc.range.end.character == len(line.encode("utf-8"))  # not len(line)

    utf8 = types.ClientCapabilities(general=types.GeneralClientCapabilities(
        position_encodings=[types.PositionEncodingKind.Utf8]))
    assert _serve(folder, body, capabilities=utf8) == 0


def test_server_without_pygls_exits_2_with_the_install_command(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from opslint.cli import cli, server_command

    real = server_command.importlib.util.find_spec

    def hidden(name: str, *args: Any) -> Any:
        return None if name == "pygls" else real(name, *args)

    monkeypatch.setattr(server_command.importlib.util, "find_spec", hidden)
    result = CliRunner().invoke(cli, ["server"])
    assert result.exit_code == 2
    assert 'pip install "opslint[lsp]"' in result.output


def test_server_help() -> None:
    from click.testing import CliRunner

    from opslint.cli import cli

    result = CliRunner().invoke(cli, ["server", "--help"])
    assert result.exit_code == 0 and "language server" in result.output
