"""`config show` and `config schema`: the effective config and where each value came from,
and the JSON Schema editors validate config files with (docs/configuration.md)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from opslint.cli.app import cli, guard


@cli.group("config")
def config_group() -> None:
    """See and validate the configuration."""


@config_group.command("show")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--config", "config_path",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Config file (default: nearest .opslint.toml / pyproject).")
@click.option("--select", multiple=True, help="As `check --select`: shown as command line.")
@click.option("--ignore", multiple=True, help="As `check --ignore`: shown as command line.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@guard
def show(path: Path | None, config_path: Path | None, select: tuple[str, ...],
         ignore: tuple[str, ...], fmt: str) -> None:
    """The effective config for PATH (default: the current folder), each value with the
    file and key it came from, or `default`. Exit 2 when the config is invalid."""
    from opslint.cli.app import codes, load
    from opslint.configdoc import show_json, show_text
    from opslint.selection import apply_command_line

    config, bundle = load(config_path, [path or Path.cwd()])
    config = apply_command_line(config, bundle, codes(select), codes(ignore))
    if fmt == "json":
        click.echo(json.dumps(show_json(config), ensure_ascii=False, indent=2))
    else:
        click.echo(show_text(config), nl=False)


@config_group.command("schema")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the schema to this file instead of standard output.")
def schema(output: Path | None) -> None:
    """The JSON Schema of config files, for editors (Taplo / Even Better TOML: put
    `#:schema ./opslint.schema.json` on the first line of .opslint.toml)."""
    from opslint.configdoc import config_schema, write_schema

    if output is not None:
        write_schema(output)
        return
    click.echo(json.dumps(config_schema(), ensure_ascii=False, indent=2))
