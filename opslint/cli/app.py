"""The command group, its exit codes and the options and helpers its commands share."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from opslint import __version__
from opslint.engine.findings import Finding, Severity
from opslint.reporters.terminal import printable

if TYPE_CHECKING:
    from opslint.reporters.stream import Seen

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


def selection_options(command: F) -> F:
    """The rule-selection and config options shared by `check` and `fix`."""
    options = [
        click.option("--select", multiple=True, help="Only these rules (id, prefix or name)."),
        click.option("--ignore", multiple=True, help="Skip these rules (id, prefix or name)."),
        click.option("--config", "config_path",
                     type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Config file (default: nearest .opslint.toml / pyproject)."),
        click.option("--force-exclude", is_flag=True,
                     help="Apply config excludes and .gitignore to files named explicitly "
                     "(pre-commit)."),
        click.option("--respect-gitignore/--no-respect-gitignore", "respect_gitignore",
                     default=None,
                     help="Skip files .gitignore ignores when walking folders (default: "
                     "config `respect-gitignore`, true)."),
        click.option("--stdin-filename", default=None, metavar="PATH",
                     help="With PATH `-`: the name of the document read from stdin (its kind, "
                     "language, sibling documents and the name findings carry)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


LANG_HELP = ("Language (default auto: config `lang`, else the documents' language, else "
             "the locale; docs/cli.md).")


def language_and_config(command: F) -> F:
    """``--lang`` and ``--config``, shared by the reviewer commands (summary, trace, …)."""
    command = click.option("--config", "config_path",
                           type=click.Path(exists=True, dir_okay=False, path_type=Path),
                           help="Config file (default: nearest .opslint.toml / pyproject).",
                           )(command)
    return click.option("--lang", type=click.Choice(["auto", "ja", "en"]), default="auto",
                        show_default=True, help=LANG_HELP)(command)


def color_option(command: F) -> F:
    """``--color auto|always|never``: see ``use_color``."""
    return click.option("--color", type=click.Choice(["auto", "always", "never"]),
                        default="auto", show_default=True,
                        help="Colour the output; auto: not when NO_COLOR is set, yes when "
                        "FORCE_COLOR is set, else only on a terminal.")(command)


def use_color(choice: str) -> bool:
    """The ``--color`` flag, else ``NO_COLOR``, else ``FORCE_COLOR``, else whether stdout is
    a terminal (no-color.org: a flag overrides the environment)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return sys.stdout.isatty()


def locale_lang() -> str:
    """``ja`` when the locale (LC_ALL, else LC_MESSAGES, else LANG) is Japanese, else ``en``."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def ui_lang(lang: str | None, config_lang: str) -> str:
    """The language of a command that reads no document (explain, rules): ``--lang``, else
    config ``lang``, else the locale. Commands that read documents put the documents'
    language before the locale (docs/cli.md, "Language")."""
    if lang in ("ja", "en"):
        return lang
    if config_lang in ("ja", "en"):
        return config_lang
    return locale_lang()


def docs_lang(lang: str | None, config_lang: str, documents: Sequence[Any]) -> str:
    """The language of a report on documents (questions, gates, summary, trace): ``--lang``,
    else config ``lang``, else the documents' language, else (no document) the locale."""
    from opslint.summary import summary_lang

    if lang in ("ja", "en"):
        return lang
    if config_lang in ("ja", "en"):
        return config_lang
    return summary_lang(list(documents), "auto") if documents else locale_lang()


def warn(message: str) -> None:
    click.echo(f"opslint: warning: {printable(message)}", err=True)


def existing(_: click.Context, __: click.Parameter, paths: tuple[Path, ...]
              ) -> tuple[Path, ...]:
    # Like click.Path(exists=True), but a broken symlink exists: it becomes a finding named
    # by the link's own path (META001), and the other paths are still checked. `-` is stdin.
    for path in paths:
        if str(path) == "-":
            if len(paths) > 1:
                raise click.BadParameter("`-` (stdin) cannot be mixed with other paths.",
                                         param_hint="'PATHS...'")
            continue
        if not os.path.lexists(path):
            raise click.BadParameter(f"Path '{path}' does not exist.", param_hint="'PATHS...'")
    return paths


paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path),
                                 callback=existing)


def user_errors() -> tuple[type[Exception], ...]:
    # Imported when an exception is being matched, not on every start: the rule engine's
    # modules cost a check whose results all come from the cache a tenth of its time.
    from opslint.config import ConfigError
    from opslint.engine.vocab import DataError

    return ConfigError, DataError


def guard(command: F) -> F:
    """Turn user errors into exit 2 and opslint bugs into exit 3 with a short message."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = bool(click.get_current_context().find_root().params.get("debug"))
        try:
            return command(*args, **kwargs)
        except user_errors() as error:  # evaluated only when something was raised
            for line in str(error).splitlines() or [""]:  # a problem per line, or more lines
                lead = "" if line[:1].isspace() else "opslint: error: "  # of one problem
                click.echo(f"{lead}{printable(line)}", err=True)
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


# The module that adds each command, imported when the command is asked for (help lists
# them all): `check` imports none of the other commands' modules (click's "lazily loading
# subcommands"). tests/test_cli.py checks the table against the modules.
COMMAND_MODULES = {
    "check": "lint_commands", "fix": "lint_commands",
    "questions": "review_commands", "gates": "review_commands",
    "summary": "review_commands", "trace": "review_commands",
    "explain": "rule_commands", "rules": "rule_commands",
    "baseline": "adoption_commands", "init": "adoption_commands",
    "config": "config_commands", "daemon": "daemon_command", "diff": "diff_command",
    "server": "server_command",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMAND_MODULES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            import importlib

            importlib.import_module(f"opslint.cli.{COMMAND_MODULES[cmd_name]}")
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="opslint")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def cli(debug: bool) -> None:
    """Lint release procedures and operation design documents (リリース手順書・運用設計書)."""


def load(config_path: Path | None, paths: Sequence[Path], *, cache: bool = True
          ) -> tuple[Any, Any]:
    """The config, and the rules it names (loaded on first use, through the cache)."""
    from opslint.cache import Cache
    from opslint.config import find_config, load_config
    from opslint.lint import Bundle
    from opslint.selection import check_config

    start = paths[0] if paths else Path.cwd()
    config = load_config(config_path or find_config(start if start.exists() else Path.cwd()))
    extra = [config.base / p for p in config.rule_paths]
    store = Cache.at(config.base, config.cache_dir) if cache else None
    bundle = Bundle.lazy(extra, cache=store)
    check_config(config, bundle)  # unknown rules in select/ignore/[rules.*] are exit 2
    return config, bundle


def override(config: Any, **changes: Any) -> Any:
    updates = {k: v for k, v in changes.items() if v is not None and v not in ((), [])}
    return config.model_copy(update=updates) if updates else config


def codes(values: Sequence[str]) -> list[str]:
    """Rule selectors from repeated or comma-separated options (``--select REL,OPS001``)."""
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def fails(findings: Iterable[Finding] | Iterable[Seen], fail_on: str) -> bool:
    threshold = Severity(fail_on).rank
    return any(f.severity.rank >= threshold for f in findings)


def default_format(color: bool) -> str:
    # Like yamllint: annotations when running in GitHub Actions and nobody chose a format.
    if color:
        return "text"
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "concise"


def run_fixes(targets: Sequence[Path], config: Any, bundle: Any, *, unsafe: bool,
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
    # "No fixes to apply." only when it is true: never after a fix failed (the fixes were
    # there; they could not be applied), and check --fix says nothing when nothing changed.
    if result.failed and not result.changed:
        if not quiet:
            click.echo(f"Fixed nothing: {len(result.failed)} file(s) could not be fixed.",
                       err=True)
    elif result.changed or not quiet:
        click.echo(result.summary(dry_run=diff), err=True)
    if result.failed:
        sys.exit(EXIT_INTERNAL if any(f.bug for f in result.failed) else EXIT_FINDINGS)
    return bool(result.changed)


def main(argv: Sequence[str] | None = None) -> None:
    from opslint.collector import tune_for_batch

    tune_for_batch()
    cli.main(args=list(argv) if argv is not None else None, prog_name="opslint")
