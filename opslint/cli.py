"""Command line: argument plumbing and exit codes only (0 clean, 1 findings, 2 usage, 3 bug)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from opslint import __version__
from opslint.engine.findings import Finding, Severity
from opslint.reporters import FORMATS
from opslint.reporters.terminal import printable

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Report:
    """The input every reporter receives (see opslint.reporters.ReportInput)."""

    findings: Sequence[Finding]
    files: Sequence[str]
    color: bool
    format: str
    extra: Mapping[str, Any] = field(default_factory=dict)


def _selection_options(command: F) -> F:
    """The rule-selection and config options shared by `check` and `fix`."""
    options = [
        click.option("--select", multiple=True, help="Only these rules (id, prefix or name)."),
        click.option("--ignore", multiple=True, help="Skip these rules (id, prefix or name)."),
        click.option("--config", "config_path",
                     type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Config file (default: nearest .opslint.toml / pyproject)."),
        click.option("--force-exclude", is_flag=True,
                     help="Apply config excludes to files named explicitly (pre-commit)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _language_and_config(command: F) -> F:
    """``--lang`` and ``--config``, shared by the reviewer commands (summary, trace, …)."""
    command = click.option("--config", "config_path",
                           type=click.Path(exists=True, dir_okay=False, path_type=Path),
                           help="Config file (default: nearest .opslint.toml / pyproject).",
                           )(command)
    return click.option("--lang", type=click.Choice(["auto", "ja", "en"]), default="auto",
                        show_default=True, help="Language; auto follows the documents.",
                        )(command)


def _existing(_: click.Context, __: click.Parameter, paths: tuple[Path, ...]
              ) -> tuple[Path, ...]:
    # Like click.Path(exists=True), but a broken symlink exists: it becomes a finding named
    # by the link's own path (META001), and the other paths are still checked.
    for path in paths:
        if not os.path.lexists(path):
            raise click.BadParameter(f"Path '{path}' does not exist.", param_hint="'PATHS...'")
    return paths


_paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path),
                                 callback=_existing)


def _user_errors() -> tuple[type[Exception], ...]:
    # Imported when an exception is being matched, not on every start: the rule engine's
    # modules cost a check whose results all come from the cache a tenth of its time.
    from opslint.config import ConfigError
    from opslint.engine.vocab import DataError

    return ConfigError, DataError


def _guard(command: F) -> F:
    """Turn user errors into exit 2 and opslint bugs into exit 3 with a short message."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = bool(click.get_current_context().find_root().params.get("debug"))
        try:
            return command(*args, **kwargs)
        except _user_errors() as error:  # evaluated only when something was raised
            click.echo(f"opslint: error: {printable(str(error))}", err=True)
            sys.exit(EXIT_USAGE)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:
            if debug:
                raise
            from opslint.engine.run import CheckCrash  # not before: it imports every fact

            where = f" ({error.rule_id} on {error.path})" if isinstance(error, CheckCrash) else ""
            click.echo(
                f"opslint: internal error{printable(where)}: {printable(str(error))}\n"
                "This is a bug in opslint. Please report it with the command you ran; "
                "rerun with --debug for the traceback.",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="opslint")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def cli(debug: bool) -> None:
    """Lint release procedures and operation design documents (リリース手順書・運用設計書)."""


def _load(config_path: Path | None, paths: Sequence[Path], *, cache: bool = True
          ) -> tuple[Any, Any]:
    """The config, and the rules it names (loaded on first use, through the cache)."""
    from opslint.cache import Cache
    from opslint.config import find_config, load_config
    from opslint.lint import Bundle

    start = paths[0] if paths else Path.cwd()
    config = load_config(config_path or find_config(start if start.exists() else Path.cwd()))
    extra = [config.base / p for p in config.rule_paths]
    store = Cache.at(config.base, config.cache_dir) if cache else None
    return config, Bundle.lazy(extra, cache=store)


def _override(config: Any, **changes: Any) -> Any:
    updates = {k: v for k, v in changes.items() if v not in (None, (), [])}
    return config.model_copy(update=updates) if updates else config


def _codes(values: Sequence[str]) -> list[str]:
    """Rule selectors from repeated or comma-separated options (``--select REL,OPS001``)."""
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _fails(findings: Sequence[Finding], fail_on: str) -> bool:
    threshold = Severity(fail_on).rank
    return any(f.severity.rank >= threshold for f in findings)


def _default_format(color: bool) -> str:
    # Like yamllint: annotations when running in GitHub Actions and nobody chose a format.
    if color:
        return "text"
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "concise"


def _run_fixes(targets: Sequence[Path], config: Any, bundle: Any, *, unsafe: bool,
               force_exclude: bool, diff: bool, quiet: bool = False) -> bool:
    """Apply (or, with diff, show) fixes; True when a file changed or would change.

    ``quiet`` (check --fix) says nothing when there was nothing to fix.
    """
    from opslint.fix import fix_paths, write_fixes

    result = fix_paths(targets, config, bundle, unsafe=unsafe, force_exclude=force_exclude)
    if diff:
        tty = sys.stdout.isatty()  # a diff for `patch` stays byte-exact; a terminal is safe
        for file in result.changed:
            click.echo(printable(file.diff(), newlines=True) if tty else file.diff(), nl=False)
    else:
        result = write_fixes(result)
    for failed in result.failed:
        note = " This is a bug in opslint; please report it." if failed.bug else ""
        where = printable(f"{failed.path.as_posix()}: {failed.problem}")
        click.echo(f"opslint: error: {where}.{note}", err=True)
    if result.files or not quiet:
        click.echo(result.summary(dry_run=diff), err=True)
    if result.failed:
        sys.exit(EXIT_INTERNAL if any(f.bug for f in result.failed) else EXIT_FINDINGS)
    return bool(result.changed)


@cli.command()
@_paths_argument
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
@_selection_options
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--show-files", is_flag=True,
              help="List the files that would be checked, with kind and language, and exit.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
              help="Lint in this many processes (0: one per CPU; default: config `jobs`, 1).")
@click.option("--no-cache", is_flag=True,
              help="Neither read nor write the cache (.opslint_cache/, docs/performance.md).")
@_guard
def check(paths: tuple[Path, ...], fmt: str | None, lang: str | None, fail_on: str | None,
          select: tuple[str, ...], ignore: tuple[str, ...], config_path: Path | None,
          force_exclude: bool, exit_zero: bool, show_files: bool, apply_fixes: bool = False,
          unsafe_fixes: bool = False, jobs: int | None = None, no_cache: bool = False) -> None:
    """Check Markdown files and folders (default: the current folder)."""
    from opslint.cache import Cache
    from opslint.docsets import ReportExtra, check_paths
    from opslint.reporters import render

    targets = list(paths) or [Path(".")]
    config, bundle = _load(config_path, targets, cache=not no_cache)
    config = _override(config, lang=lang, fail_on=fail_on, select=_codes(select),
                       ignore=[*config.ignore, *_codes(ignore)] if ignore else None)
    if apply_fixes and not show_files:
        _run_fixes(targets, config, bundle, unsafe=unsafe_fixes, force_exclude=force_exclude,
                   diff=False, quiet=True)
    store = None if no_cache else Cache.at(config.base, config.cache_dir)
    result = check_paths(targets, config, bundle, force_exclude=force_exclude,
                         jobs=config.jobs if jobs is None else jobs, cache=store)
    if show_files:
        for doc in result.docset:
            role = "" if doc in result.targets else "  (context)"
            click.echo(f"{printable(doc.path.as_posix())}\t{doc.kind.value}\t{doc.lang}{role}")
        return
    color = sys.stdout.isatty()
    fmt = fmt or _default_format(color)
    files = [d.path.as_posix() for d in result.targets] + list(result.unreadable)
    extra = ReportExtra(bundle, result.targets)  # read only by the formats that need it
    click.echo(render(Report(result.findings, files, color, fmt, extra)), nl=False)
    if not exit_zero and _fails(result.findings, config.fail_on):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("rule", required=False)
@click.option("--all", "show_all", is_flag=True, help="Explain every rule.")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True)
@_guard
def explain(rule: str | None, show_all: bool, lang: str, fmt: str) -> None:
    """Explain a rule: what it checks, why, a failing and a passing example, how to fix."""
    from opslint.explain import render_explain

    _, bundle = _load(None, [])
    if show_all:
        rules = list(bundle.rules)
    elif rule:
        found = bundle.rule(rule.upper()) or bundle.rule(rule)
        if found is None:
            click.echo(f"opslint: error: unknown rule {rule!r}; see `opslint rules`", err=True)
            sys.exit(EXIT_USAGE)
        rules = [found]
    else:
        click.echo("opslint: error: name a rule (e.g. REL001) or pass --all", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(render_explain(rules, lang, fmt, color=sys.stdout.isatty()), nl=False)


@cli.command(name="rules")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="en", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@_guard
def list_rules(lang: str, fmt: str) -> None:
    """List every rule: id, name, severity, document kinds, gate and priority."""
    from opslint.explain import render_rule_list

    _, bundle = _load(None, [])
    click.echo(render_rule_list(list(bundle.rules), lang, fmt), nl=False)


def _gate_statuses(paths: tuple[Path, ...], lang: str | None, config_path: Path | None
                   ) -> tuple[Any, Any, str, Any]:
    from opslint.gates import build_gates, load_gates
    from opslint.lint import lint_paths
    from opslint.resources import rules_dir
    from opslint.summary import summary_lang

    targets = list(paths) or [Path(".")]
    config, bundle = _load(config_path, targets)
    report_lang = None if lang in (None, "auto") else lang
    result = lint_paths(targets, config, bundle, lang=report_lang)
    out_lang = summary_lang(result.targets, lang or "auto")
    statuses = build_gates(result.findings, load_gates(rules_dir()), out_lang,
                           config.question_severity)
    return result, statuses, out_lang, bundle


@cli.command()
@_paths_argument
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True)
@_language_and_config
@_guard
def questions(paths: tuple[Path, ...], fmt: str, lang: str, config_path: Path | None) -> None:
    """Open questions for reviewers, grouped by confirmation gate, P1 first."""
    from opslint.gates import understood_lines
    from opslint.reporters.questions import questions_json, questions_markdown

    result, statuses, out_lang, _ = _gate_statuses(paths, lang, config_path)
    targets = [d.path.as_posix() for d in result.targets]
    understood = understood_lines(result.model, out_lang)
    render = questions_json if fmt == "json" else questions_markdown
    click.echo(render(statuses, out_lang, targets, understood), nl=False)


@cli.command()
@_paths_argument
@click.option("--require", type=click.IntRange(0, 6), default=None,
              help="Exit 1 while any gate up to this number is open.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@_language_and_config
@_guard
def gates(paths: tuple[Path, ...], require: int | None, fmt: str, lang: str,
          config_path: Path | None) -> None:
    """One row per confirmation gate: open or answered, with question counts."""
    from opslint.reporters.questions import gates_json, gates_text

    result, statuses, out_lang, _ = _gate_statuses(paths, lang, config_path)
    targets = [d.path.as_posix() for d in result.targets]
    text = gates_json(statuses, out_lang, targets) if fmt == "json" else gates_text(
        statuses, out_lang)
    click.echo(text, nl=False)
    if require is not None and any(s.open for s in statuses if s.gate <= require):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@_paths_argument
@click.option("--unsafe-fixes", is_flag=True,
              help="Also apply unsafe fixes (those that change existing text).")
@click.option("--diff", is_flag=True,
              help="Print a unified diff instead of writing; exit 1 when there would be changes.")
@_selection_options
@_guard
def fix(paths: tuple[Path, ...], unsafe_fixes: bool, diff: bool, select: tuple[str, ...],
        ignore: tuple[str, ...], config_path: Path | None, force_exclude: bool) -> None:
    """Apply the fixes rules offer: insert missing sections with their skeletons."""
    targets = list(paths) or [Path(".")]
    config, bundle = _load(config_path, targets)
    config = _override(config, select=_codes(select),
                       ignore=[*config.ignore, *_codes(ignore)] if ignore else None)
    changed = _run_fixes(targets, config, bundle, unsafe=unsafe_fixes,
                         force_exclude=force_exclude, diff=diff)
    if diff and changed:
        sys.exit(EXIT_FINDINGS)



@cli.command()
@_paths_argument
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format (JSON: docs/summary.md).")
@_language_and_config
@_guard
def summary(paths: tuple[Path, ...], fmt: str, lang: str, config_path: Path | None) -> None:
    """What opslint understood: infrastructure, deploy method, monitors, SLOs, RTO/RPO."""
    from opslint.lint import lint_paths
    from opslint.reporters.summary_text import render_json, render_text
    from opslint.summary import build_summary

    targets = list(paths) or [Path(".")]
    config, bundle = _load(config_path, targets)
    result = lint_paths(targets, config, bundle)
    report = build_summary(result.model, result.findings, lang)
    text = render_json(report) if fmt == "json" else render_text(report, sys.stdout.isatty())
    click.echo(text, nl=False)


@cli.command()
@_paths_argument
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format (JSON: docs/trace.md).")
@_language_and_config
@_guard
def trace(paths: tuple[Path, ...], fmt: str, lang: str, config_path: Path | None) -> None:
    """The SLI → SLO → monitor → alert level → channel → action matrix.

    Built from the operation designs among PATHS. Text is a table on a terminal and
    indented text when piped. JSON (schema_version 1, docs/trace.md) has `rows` (one per
    SLI: sli, kind, evidence, slos, monitors, covered), `unlinked_monitors` (each monitor:
    id, item, threshold, level, level_label, channels, pages, action, indirect,
    sli_status, evidence) and `gaps` (the counts MON060–MON062 report on).
    """
    from opslint.lint import extract_model, read_documents
    from opslint.reporters.trace_text import render_json, render_text
    from opslint.summary import summary_lang
    from opslint.trace import build_trace

    targets = list(paths) or [Path(".")]
    config, bundle = _load(config_path, targets)
    documents = read_documents(targets, config, bundle)  # the matrix needs no rule to run
    model = extract_model(documents.targets, documents.context, bundle)
    report = build_trace(model, summary_lang(list(model.docs), lang))
    text = render_json(report) if fmt == "json" else render_text(report, sys.stdout.isatty())
    click.echo(text, nl=False)


def main(argv: Sequence[str] | None = None) -> None:
    cli.main(args=list(argv) if argv is not None else None, prog_name="opslint")
