"""``opslint server``: a Language Server (LSP) over stdio, built on pygls (the ``lsp`` extra).

``engine``, ``actions`` and ``positions`` are opslint alone; ``lsp`` and ``convert`` are the
door to pygls and lsprotocol. docs/editor.md tells how editors use it.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

__all__ = ["serve"]


def serve(*, log_file: Path | None = None, verbose: bool = False) -> None:
    """Serve one client over stdin/stdout until it says exit (or closes the pipe)."""
    handler: logging.Handler = (logging.FileHandler(log_file, encoding="utf-8") if log_file
                                else logging.StreamHandler(sys.stderr))
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        handlers=[handler], force=True)
    from opslint.server.lsp import create_server

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the protocol stream
    create_server().start_io(stdin, stdout)
