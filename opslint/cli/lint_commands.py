"""`check` and `fix`: lint the documents, apply the fixes rules offer."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from opslint.cli.adoption_commands import baseline_filter
from opslint.cli.app import (
    EXIT_FINDINGS,
    Report,
    cli,
    codes,
    default_format,
    fails,
    guard,
    load,
    override,
    paths_argument,
    run_fixes,
    selection_options,
)
from opslint.reporters import FORMATS
from opslint.reporters.terminal import printable


@cli.command()
@paths_argument
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="Output format (default: text on a terminal, github in GitHub Actions, "
              "concise otherwise).")
@click.option("--fix", "apply_fixes", is_flag=True,
              help="Apply safe fixes first (insert missing sections), then report what is left.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix, also apply unsafe fixes.")
@click.option("--lang", type=click.Choice(["auto", "ja", "en"]), default=None,
              help="Message language; auto follows each document.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: error).")
@selection_options
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--show-files", is_flag=True,
              help="List the files that would be checked, with kind and language, and exit.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
              help="Lint in this many processes (0: one per CPU; default: config `jobs`, 1).")
@click.option("--no-cache", is_flag=True,
              help="Neither read nor write the cache (.opslint_cache/, docs/performance.md).")
@click.option("--baseline", "baseline", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Report only findings not in this baseline file "
              "(written by `opslint baseline`; default: config `baseline`).")
@guard
def check(paths: tuple[Path, ...], fmt: str | None, lang: str | None, fail_on: str | None,
          select: tuple[str, ...], ignore: tuple[str, ...], config_path: Path | None,
          force_exclude: bool, exit_zero: bool, show_files: bool, apply_fixes: bool = False,
          unsafe_fixes: bool = False, jobs: int | None = None, no_cache: bool = False,
          baseline: Path | None = None) -> None:
    """Check Markdown files and folders (default: the current folder)."""
    from opslint.cache import Cache
    from opslint.docsets import ReportExtra, check_paths
    from opslint.reporters import render

    targets = list(paths) or [Path(".")]
    config, bundle = load(config_path, targets, cache=not no_cache)
    config = override(config, lang=lang, fail_on=fail_on, select=codes(select),
                       ignore=[*config.ignore, *codes(ignore)] if ignore else None)
    if apply_fixes and not show_files:
        run_fixes(targets, config, bundle, unsafe=unsafe_fixes, force_exclude=force_exclude,
                   diff=False, quiet=True)
    store = None if no_cache else Cache.at(config.base, config.cache_dir)
    result = check_paths(targets, config, bundle, force_exclude=force_exclude,
                         jobs=config.jobs if jobs is None else jobs, cache=store)
    if show_files:
        for doc in result.docset:
            role = "" if doc in result.targets else "  (context)"
            click.echo(f"{printable(doc.path.as_posix())}\t{doc.kind.value}\t{doc.lang}{role}")
        return
    result = baseline_filter(result, baseline, config)
    color = sys.stdout.isatty()
    fmt = fmt or default_format(color)
    files = [d.path.as_posix() for d in result.targets] + list(result.unreadable)
    extra = ReportExtra(bundle, result.targets)  # read only by the formats that need it
    click.echo(render(Report(result.findings, files, color, fmt, extra)), nl=False)
    if not exit_zero and fails(result.findings, config.fail_on):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@paths_argument
@click.option("--unsafe-fixes", is_flag=True,
              help="Also apply unsafe fixes (those that change existing text).")
@click.option("--diff", is_flag=True,
              help="Print a unified diff instead of writing; exit 1 when there would be changes.")
@selection_options
@guard
def fix(paths: tuple[Path, ...], unsafe_fixes: bool, diff: bool, select: tuple[str, ...],
        ignore: tuple[str, ...], config_path: Path | None, force_exclude: bool) -> None:
    """Apply the fixes rules offer: insert missing sections with their skeletons."""
    targets = list(paths) or [Path(".")]
    config, bundle = load(config_path, targets)
    config = override(config, select=codes(select),
                       ignore=[*config.ignore, *codes(ignore)] if ignore else None)
    changed = run_fixes(targets, config, bundle, unsafe=unsafe_fixes,
                         force_exclude=force_exclude, diff=diff)
    if diff and changed:
        sys.exit(EXIT_FINDINGS)
