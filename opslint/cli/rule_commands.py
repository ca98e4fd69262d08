"""`explain` and `rules`: what each rule checks, from the rule files."""

from __future__ import annotations

import sys

import click

from opslint.cli.app import (
    EXIT_USAGE,
    LANG_HELP,
    cli,
    color_option,
    guard,
    load,
    ui_lang,
    use_color,
)

_LANG = click.Choice(["auto", "ja", "en"])


@cli.command()
@click.argument("rule", required=False)
@click.option("--all", "show_all", is_flag=True, help="Explain every rule.")
@click.option("--lang", type=_LANG, default="auto", show_default=True, help=LANG_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True)
@color_option
@guard
def explain(rule: str | None, show_all: bool, lang: str, fmt: str, color: str = "auto") -> None:
    """Explain a rule: what it checks, why, a failing and a passing example, how to fix."""
    from opslint.explain import render_explain

    config, bundle = load(None, [])
    lang = ui_lang(lang, config.lang)
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
    colored = use_color(color)
    click.echo(render_explain(rules, lang, fmt, color=colored, bundle=bundle), nl=False,
               color=colored)


@cli.command(name="rules")
@click.option("--lang", type=_LANG, default="auto", show_default=True, help=LANG_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@guard
def list_rules(lang: str, fmt: str) -> None:
    """List every rule: id, name, severity, gate, priority, document kinds and message."""
    from opslint.explain import render_rule_list

    config, bundle = load(None, [])
    click.echo(render_rule_list(list(bundle.rules), ui_lang(lang, config.lang), fmt), nl=False)
