"""What the language server asks of opslint, without the protocol: find the config of a
document as the command line does, lint a buffer with the other open buffers as context,
and remember what each lint saw (for hover and code actions).

Nothing here writes a file: the rules are loaded without the on-disk cache, so the server
leaves no ``.opslint_cache`` in the folder an editor happens to start it in.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from opslint.config import Config, find_config, load_config
from opslint.discover import expand_paths, is_markdown
from opslint.engine.findings import Finding
from opslint.lint import Bundle, lint_buffer
from opslint.server.positions import Lines

if TYPE_CHECKING:
    from opslint.document.model import Document

__all__ = ["Engine", "Linted", "Settings"]


@dataclass(frozen=True)
class Settings:
    """The config a document falls under and the rules it names."""

    config: Config
    bundle: Bundle


@dataclass
class Linted:
    """One lint of one buffer: the text it saw, its findings and the parsed document."""

    path: Path
    version: int | None
    text: str
    findings: list[Finding]
    settings: Settings
    document: Document | None  # None when the text could not be read (META001)
    encoding: str = "utf-16"
    buffers: Mapping[Path, str] = field(default_factory=dict)  # the other open buffers
    root: Path | None = None  # the workspace folder documents are shown relative to
    lines: Lines = field(init=False)

    def __post_init__(self) -> None:
        self.lines = Lines(self.text, self.encoding)

    def span(self, finding: Finding) -> tuple[int, int]:
        """The text offsets a finding covers: from its column to the end of its last line."""
        start = min(self.lines.line_start(finding.line) + max(finding.column, 1) - 1,
                    self.lines.line_end(finding.line))
        return start, self.lines.line_end(max(finding.end_line, finding.line))


class Engine:
    """Configs and rule bundles, cached per config file (reloaded when the file changes)."""

    def __init__(self) -> None:
        self._configs: dict[tuple[str | None, int], Config] = {}
        self._bundles: dict[tuple[str, ...], Bundle] = {}

    def settings(self, path: Path) -> Settings:
        """The nearest ``.opslint.toml`` / ``pyproject.toml`` above the document, as ``check``
        finds it; raises ConfigError or DataError (the user's to fix)."""
        found = find_config(path.parent if path.parent.exists() else Path.cwd())
        stamp = _mtime(found)
        key = (str(found) if found else None, stamp)
        config = self._configs.get(key)
        if config is None:
            config = load_config(found)
            self._configs = {k: v for k, v in self._configs.items() if k[0] != key[0]}
            self._configs[key] = config
        extra = tuple(str(config.base / p) for p in config.rule_paths)
        bundle = self._bundles.get(extra)
        if bundle is None:
            bundle = self._bundles[extra] = Bundle.load([Path(p) for p in extra])
        return Settings(config, bundle)

    def lint(self, path: Path, text: str, *, version: int | None = None,
             buffers: Mapping[Path, str] | None = None, root: Path | None = None,
             encoding: str = "utf-16") -> Linted | None:
        """Lint one buffer; None when opslint does not check this file (not Markdown, or
        excluded by the config's ``exclude``)."""
        if not is_markdown(path):
            return None
        settings = self.settings(path)
        config = settings.config
        if not expand_paths(
                [path], config.exclude, config.base, force_exclude=True).files:
            return None
        others = {p: t for p, t in (buffers or {}).items() if p != path}
        result = lint_buffer(path, text, config, settings.bundle, buffers=others, root=root)
        document = result.targets[0] if result.targets else None
        return Linted(path, version, text, list(result.findings), settings, document, encoding,
                      others, root)


def _mtime(path: Path | None) -> int:
    if path is None:
        return 0
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0
