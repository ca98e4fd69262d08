"""`check` and `fix`: lint the documents, apply the fixes rules offer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from opslint.cli.adoption_commands import baseline_file, baseline_filter
from opslint.cli.app import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    Report,
    cli,
    codes,
    color_option,
    default_format,
    fails,
    guard,
    load,
    override,
    paths_argument,
    run_fixes,
    selection_options,
    use_color,
    warn,
)
from opslint.cli.reports import REVIEW_FORMATS, ReportTarget, parse_reports, write_reports
from opslint.reporters import FORMATS
from opslint.reporters.terminal import printable
from opslint.selection import apply_command_line

if TYPE_CHECKING:
    from opslint.workers import Jobs

STDIN = Path("-")


def _jobs(_: click.Context, __: click.Parameter, value: str | None) -> Jobs | None:
    if value is None:
        return None
    if value == "auto":
        return "auto"
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise click.BadParameter(f"{value!r} is neither a number of processes (0 or more) "
                                 "nor 'auto'.")
    return number


@cli.command()
@paths_argument
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="Output format on stdout (default: text on a terminal, github in GitHub "
              "Actions, concise otherwise).")
@click.option("--report", "reports", multiple=True, metavar="FORMAT:PATH",
              callback=parse_reports,
              help="Also write a report: a --format name, `questions` or `gates`, to PATH "
              "(`-`: stdout, instead of --format). Repeatable.")
@click.option("--fix", "apply_fixes", is_flag=True,
              help="Apply safe fixes first (insert missing sections), then report what is left.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix, also apply unsafe fixes.")
@click.option("--lang", type=click.Choice(["auto", "ja", "en"]), default=None,
              help="Message language (default: config `lang`, else each document's own; "
              "docs/cli.md).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: error).")
@selection_options
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--show-files", is_flag=True,
              help="List the files that would be checked, with kind and language, and exit.")
@click.option("--jobs", "-j", callback=_jobs, default=None, metavar="N|auto",
              help="Lint in this many processes (0: one per CPU; auto: one per CPU from "
              "256 KiB of text; default: config `jobs`, auto).")
@click.option("--no-cache", is_flag=True,
              help="Neither read nor write the cache (.opslint_cache/, docs/performance.md).")
@color_option
@click.option("--baseline", "baseline", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Report only findings not in this baseline file "
              "(written by `opslint baseline`; default: config `baseline`).")
@guard
def check(paths: tuple[Path, ...], fmt: str | None, lang: str | None, fail_on: str | None,
          select: tuple[str, ...], ignore: tuple[str, ...], config_path: Path | None,
          force_exclude: bool, exit_zero: bool, show_files: bool, apply_fixes: bool = False,
          unsafe_fixes: bool = False, jobs: Jobs | None = None, no_cache: bool = False,
          reports: tuple[ReportTarget, ...] = (), color: str = "auto",
          respect_gitignore: bool | None = None, stdin_filename: str | None = None,
          baseline: Path | None = None) -> None:
    """Check Markdown files and folders (default: the current folder; `-`: stdin)."""
    from opslint.cache import Cache
    from opslint.docsets import check_paths
    from opslint.report_extra import ReportExtra
    from opslint.reporters.stream import Streamer

    targets = list(paths) or [Path(".")]
    from_stdin = targets == [STDIN]
    config, bundle = load(config_path, _config_start(targets, stdin_filename),
                          cache=not no_cache)
    config = override(config, lang=lang, fail_on=fail_on, respect_gitignore=respect_gitignore)
    config = apply_command_line(config, bundle, codes(select), codes(ignore))
    stdout_reports = [r for r in reports if r.to_stdout]
    if stdout_reports and fmt:
        raise click.UsageError("--format and --report FORMAT:- both write to stdout: "
                               "choose one.")
    colored = use_color(color)
    fmt = stdout_reports[0].format if stdout_reports else fmt or default_format(
        sys.stdout.isatty())
    if from_stdin:
        if apply_fixes or show_files:
            raise click.UsageError("--fix and --show-files need files, not stdin "
                                   "(use `opslint fix -` to fix text from stdin).")
        _check_stdin(stdin_filename, config, bundle, fmt, colored, reports, exit_zero)
        return
    if apply_fixes and not show_files:
        run_fixes(targets, config, bundle, unsafe=unsafe_fixes, force_exclude=force_exclude,
                   diff=False, quiet=True)
    store = None if no_cache else Cache.at(config.base, config.cache_dir)
    streamer = None
    if not show_files and fmt not in REVIEW_FORMATS:
        streamer = Streamer(fmt, colored, lambda text: click.echo(text, nl=False,
                                                                  color=colored),
                            progress=sys.stderr.isatty())
    # A baseline filters the whole run's findings: print them at the end.
    listener = streamer if baseline_file(baseline, config) is None else None
    # Printed as they come and counted, not kept, when nothing else reads them (issue 10:
    # memory would grow with the run's findings).
    keep = not (listener is not None and listener.streams and not reports)
    result = check_paths(targets, config, bundle, force_exclude=force_exclude,
                         jobs=config.jobs if jobs is None else jobs, cache=store,
                         listener=listener, keep=keep)
    if show_files:
        for doc in result.docset:
            role = "" if doc in result.targets else "  (context)"
            click.echo(f"{printable(doc.path.as_posix())}\t{doc.kind.value}\t{doc.lang}{role}")
        return
    result = baseline_filter(result, baseline, config)
    files = [d.path.as_posix() for d in result.targets] + list(result.unreadable)
    extra = ReportExtra(bundle, result.targets)  # read only by the formats that need it
    findings = result.findings if keep else streamer.seen  # type: ignore[union-attr]
    if streamer is not None:
        click.echo(streamer.finish(findings, files, extra), nl=False, color=colored)
    if not files:
        warn("no Markdown files found in " + ", ".join(p.as_posix() for p in targets)
             + "; nothing was checked.")
    write_reports(reports, Report(result.findings, files, colored, fmt, extra), config,
                  result.targets, lambda: _model(targets, config, bundle, force_exclude))
    if not exit_zero and fails(findings, config.fail_on):
        sys.exit(EXIT_FINDINGS)


def _config_start(targets: list[Path], stdin_filename: str | None) -> list[Path]:
    if targets == [STDIN]:
        return [Path(stdin_filename)] if stdin_filename else []
    return targets


def _model(targets: list[Path], config: Any, bundle: Any, force_exclude: bool) -> Any:
    """What the questions report summarises: the semantic model of the run (built only
    when that report is asked for)."""
    from opslint.lint import extract_model, read_documents

    documents = read_documents(targets, config, bundle, force_exclude=force_exclude)
    return extract_model(documents.targets, documents.context, bundle)


def _check_stdin(filename: str | None, config: Any, bundle: Any, fmt: str, colored: bool,
                 reports: tuple[ReportTarget, ...], exit_zero: bool) -> None:
    from opslint.report_extra import ReportExtra
    from opslint.reporters import render
    from opslint.stdin import lint_stdin

    result = lint_stdin(sys.stdin.buffer.read(), filename, config, bundle)
    files = [d.path.as_posix() for d in result.targets] + list(result.unreadable)
    extra = ReportExtra(bundle, result.targets)
    report = Report(result.findings, files, colored, fmt, extra)
    if fmt not in REVIEW_FORMATS:
        click.echo(render(report), nl=False, color=colored)
    write_reports(reports, report, config, result.targets, lambda: result.model)
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
        ignore: tuple[str, ...], config_path: Path | None, force_exclude: bool,
        respect_gitignore: bool | None = None, stdin_filename: str | None = None) -> None:
    """Apply the fixes rules offer: insert missing sections with their skeletons.

    With PATH `-`, the fixed text of stdin is written to stdout (name it with
    --stdin-filename)."""
    targets = list(paths) or [Path(".")]
    config, bundle = load(config_path, _config_start(targets, stdin_filename))
    config = override(config, respect_gitignore=respect_gitignore)
    config = apply_command_line(config, bundle, codes(select), codes(ignore))
    if targets == [STDIN]:
        _fix_stdin(stdin_filename, config, bundle, unsafe_fixes, diff)
        return
    changed = run_fixes(targets, config, bundle, unsafe=unsafe_fixes,
                         force_exclude=force_exclude, diff=diff)
    if diff and changed:
        sys.exit(EXIT_FINDINGS)


def _fix_stdin(filename: str | None, config: Any, bundle: Any, unsafe: bool,
               diff: bool) -> None:
    from opslint.stdin import fix_stdin

    if diff:
        raise click.UsageError("--diff needs files; `opslint fix -` writes the fixed text.")
    fixed = fix_stdin(sys.stdin.buffer.read(), filename, config, bundle, unsafe=unsafe)
    sys.stdout.buffer.write(fixed.data)  # byte for byte, as a file would be written
    sys.stdout.flush()
    if fixed.problem:
        note = " This is a bug in opslint; please report it." if fixed.bug else ""
        name = printable(filename or "-")
        click.echo(f"opslint: error: {name}: {printable(fixed.problem)}.{note}", err=True)
        sys.exit(EXIT_INTERNAL if fixed.bug else EXIT_FINDINGS)
    if fixed.applied:
        click.echo(f"Fixed {fixed.applied} problem(s) in stdin.", err=True)
