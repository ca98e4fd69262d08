"""Which code of markdown-it-py is installed: a SHA-256 digest of its source files.

The parse's shortcuts (``emphasis``, ``block_rules``) stand in for markdown-it code they
were checked against; each runs only while the digest of the files holding that code is
one it knows (any other version runs markdown-it's own code: slower, the same tokens).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

__all__ = ["files_digest"]


def files_digest(paths: Iterable[str]) -> str | None:
    """SHA-256 of the files (sorted by path, contents joined), or None when unreadable."""
    digest = hashlib.sha256()
    try:
        for path in sorted(paths):
            with open(path, "rb") as source:
                digest.update(source.read())
    except OSError:
        return None
    return digest.hexdigest()
