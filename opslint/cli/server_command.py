"""`server`: the language server for editors (docs/editor.md)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import click

from opslint.cli.app import EXIT_USAGE, cli

INSTALL = 'pip install "opslint[lsp]"'


@cli.command()
@click.option("--stdio", is_flag=True, default=True,
              help="Speak LSP over stdin and stdout (the default and only transport).")
@click.option("--log-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the server's log here instead of to stderr.")
@click.option("--verbose", "-v", is_flag=True, help="Log every request (debugging).")
def server(stdio: bool, log_file: Path | None, verbose: bool) -> None:
    """Run the language server: diagnostics as you type, hover, quick fixes.

    Editors start it as `opslint server`; it needs the `lsp` extra.
    """
    missing = [m for m in ("pygls", "lsprotocol") if importlib.util.find_spec(m) is None]
    if missing:
        click.echo(f"opslint: error: `opslint server` needs {' and '.join(missing)}; "
                   f"install it with: {INSTALL}", err=True)
        sys.exit(EXIT_USAGE)
    from opslint.server import serve

    serve(log_file=log_file, verbose=verbose)
