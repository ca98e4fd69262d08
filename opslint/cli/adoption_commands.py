"""`baseline` and `init`: adopt opslint on existing documents, or start a new project."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from opslint.cli.app import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    cli,
    codes,
    guard,
    load,
    override,
    paths_argument,
    selection_options,
)
from opslint.reporters.terminal import printable
from opslint.selection import apply_command_line

_BASELINE_DEFAULT = ".opslint-baseline.json"  # baseline.DEFAULT_BASELINE, not imported at start


def baseline_file(option: Path | None, config: Any) -> Path | None:
    """The baseline ``check`` uses: the option, else the config's ``baseline`` key (shown
    relative to the working folder when it is below it)."""
    if option is not None:
        return option
    if not config.baseline:
        return None
    file = Path(os.path.abspath(config.base / config.baseline))
    return file.relative_to(Path.cwd()) if file.is_relative_to(Path.cwd()) else file


def baseline_filter(result: Any, option: Path | None, config: Any) -> Any:
    """``check --baseline``: the result without baselined findings; a note on stale entries."""
    file = baseline_file(option, config)
    if file is None:
        return result
    from opslint.baseline import filter_findings, stale_note

    checked = [d.path.as_posix() for d in result.targets]
    filtered = filter_findings(result.findings, file, checked)
    if filtered.stale:
        click.echo(printable(stale_note(filtered.stale, file)), err=True)
    return replace(result, findings=filtered.findings)


@cli.command("baseline")
@paths_argument
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Baseline file to write (default: config `baseline`, else "
              f"{_BASELINE_DEFAULT}).")
@click.option("--stale", is_flag=True,
              help="Write nothing: list the entries of the baseline that no longer match a "
              "finding, and exit 1 when there are any.")
@selection_options
@guard
def baseline(paths: tuple[Path, ...], output: Path | None, stale: bool, select: tuple[str, ...],
             ignore: tuple[str, ...], config_path: Path | None, force_exclude: bool,
             respect_gitignore: bool | None = None, stdin_filename: str | None = None) -> None:
    """Record today's findings so `check --baseline` reports only new ones."""
    if stdin_filename is not None or Path("-") in paths:
        raise click.UsageError("baseline records files, not stdin.")
    from opslint.baseline import describe, filter_findings, write_baseline
    from opslint.docsets import check_paths

    targets = list(paths) or [Path(".")]
    config, bundle = load(config_path, targets)
    config = override(config, respect_gitignore=respect_gitignore)
    config = apply_command_line(config, bundle, codes(select), codes(ignore))
    file = output or baseline_file(None, config) or Path(_BASELINE_DEFAULT)
    result = check_paths(targets, config, bundle, force_exclude=force_exclude, jobs=config.jobs)
    if stale:
        checked = [d.path.as_posix() for d in result.targets]
        entries = filter_findings(result.findings, file, checked).stale
        for entry in entries:
            click.echo(printable(describe(entry)))
        noun = "entry" if len(entries) == 1 else "entries"
        click.echo(f"{len(entries)} stale baseline {noun} in {printable(file.as_posix())}.",
                   err=True)
        if entries:
            sys.exit(EXIT_FINDINGS)
        return
    count = write_baseline(result.findings, file)
    noun = "finding" if count == 1 else "findings"
    click.echo(f"Wrote {count} {noun} of {len(result.targets)} file(s) to "
               f"{printable(file.as_posix())}.", err=True)


@cli.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["ja", "en"]), required=True,
              help="Language of the documents and the config.")
@click.option("--with-design", is_flag=True,
              help="Also write skeletons of 03_Architecture, 04_Basic_Design, 10_Security_Design.")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@guard
def init(folder: Path, lang: str, with_design: bool, force: bool) -> None:
    """Start a project: the release procedure and the operation design from the outlines,
    a config and a pre-commit hook. Placeholders become `opslint questions`."""
    from opslint.scaffold import CONFIG_FILE, PRE_COMMIT_FILE, scaffold

    files = scaffold("ja" if lang == "ja" else "en", with_design=with_design)
    writes = {**files.documents, CONFIG_FILE: files.config}
    existing = [name for name in writes if (folder / name).exists()]
    if existing and not force:
        names = ", ".join(printable((folder / n).as_posix()) for n in existing)
        click.echo(f"opslint: error: {names} already exist(s); nothing was written "
                   "(--force overwrites them).", err=True)
        sys.exit(EXIT_USAGE)
    hook = folder / PRE_COMMIT_FILE
    if not hook.exists():  # never overwritten, even with --force: it holds other hooks too
        writes[PRE_COMMIT_FILE] = files.pre_commit
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in writes.items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
        click.echo(f"wrote {printable((folder / name).as_posix())}", err=True)
    if PRE_COMMIT_FILE not in writes:
        click.echo(f"{printable(hook.as_posix())} exists; add this hook to it:", err=True)
        click.echo(files.pre_commit, nl=False)
    click.echo(f"Next: fill in the placeholders; `opslint questions "
               f"{printable(folder.as_posix())}` lists them.", err=True)


__all__ = ["baseline", "baseline_file", "baseline_filter", "init"]
