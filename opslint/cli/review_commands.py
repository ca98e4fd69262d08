"""The reviewer commands: `questions`, `gates`, `summary`, `trace`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from opslint.cli.app import (
    EXIT_FINDINGS,
    cli,
    color_option,
    docs_lang,
    guard,
    language_and_config,
    load,
    paths_argument,
    use_color,
    warn,
)


def _nothing_checked(paths: tuple[Path, ...], documents: Any) -> None:
    if not documents:
        names = ", ".join(p.as_posix() for p in paths or (Path("."),))
        warn(f"no Markdown files found in {names}; nothing was checked.")


def _gate_statuses(paths: tuple[Path, ...], lang: str | None, config_path: Path | None
                   ) -> tuple[Any, Any, str, Any]:
    from opslint.gates import build_gates, covered_gates, load_gates
    from opslint.lint import lint_paths
    from opslint.resources import rules_dir

    targets = list(paths) or [Path(".")]
    config, bundle = load(config_path, targets)
    report_lang = None if lang in (None, "auto") else lang
    result = lint_paths(targets, config, bundle, lang=report_lang)
    _nothing_checked(paths, [*result.targets, *result.unreadable])
    out_lang = docs_lang(lang, config.lang, result.targets)
    statuses = build_gates(result.findings, load_gates(rules_dir()), out_lang,
                           config.question_severity,
                           covered_gates(result.targets, bundle.outlines))
    return result, statuses, out_lang, bundle


@cli.command()
@paths_argument
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True)
@language_and_config
@guard
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
@paths_argument
@click.option("--require", type=click.IntRange(0, 6), default=None,
              help="Exit 1 while any gate up to this number is open.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@language_and_config
@guard
def gates(paths: tuple[Path, ...], require: int | None, fmt: str, lang: str,
          config_path: Path | None) -> None:
    """One row per confirmation gate: open or answered, with question counts."""
    from opslint.reporters.questions import gates_json, gates_text

    result, statuses, out_lang, _ = _gate_statuses(paths, lang, config_path)
    targets = [d.path.as_posix() for d in result.targets]
    text = gates_json(statuses, out_lang, targets) if fmt == "json" else gates_text(
        statuses, out_lang, no_documents=not targets)
    click.echo(text, nl=False)
    # A gate is answered by documents: with none checked, no gate is answered.
    # A gate no checked document covers (partial documents only) is not answered either.
    if require is not None and (not targets or any(s.open or not s.covered for s in statuses
                                                   if s.gate <= require)):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@paths_argument
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format (JSON: docs/summary.md).")
@language_and_config
@color_option
@guard
def summary(paths: tuple[Path, ...], fmt: str, lang: str, config_path: Path | None,
            color: str = "auto") -> None:
    """What opslint understood: infrastructure, deploy method, monitors, SLOs, RTO/RPO."""
    from opslint.lint import lint_paths
    from opslint.reporters.summary_text import render_json, render_text
    from opslint.summary import build_summary

    targets = list(paths) or [Path(".")]
    config, bundle = load(config_path, targets)
    result = lint_paths(targets, config, bundle)
    _nothing_checked(paths, [*result.targets, *result.unreadable])
    report = build_summary(result.model, result.findings,
                           docs_lang(lang, config.lang, result.targets))
    colored = use_color(color)
    text = render_json(report) if fmt == "json" else render_text(report, colored)
    click.echo(text, nl=False, color=colored)


@cli.command()
@paths_argument
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format (JSON: docs/trace.md).")
@language_and_config
@color_option
@guard
def trace(paths: tuple[Path, ...], fmt: str, lang: str, config_path: Path | None,
          color: str = "auto") -> None:
    """The SLI → SLO → monitor → alert level → channel → action matrix.

    Built from the operation designs among PATHS. Text is a table on a terminal and
    indented text when piped. JSON (schema_version 1, docs/trace.md) has `rows` (one per
    SLI: sli, kind, evidence, slos, monitors, covered), `unlinked_monitors` (each monitor:
    id, item, threshold, level, level_label, channels, pages, action, indirect,
    sli_status, evidence) and `gaps` (the counts MON060–MON062 report on).
    """
    from opslint.lint import extract_model, read_documents
    from opslint.reporters.trace_text import render_json, render_text
    from opslint.trace import build_trace

    targets = list(paths) or [Path(".")]
    config, bundle = load(config_path, targets)
    documents = read_documents(targets, config, bundle)  # the matrix needs no rule to run
    model = extract_model(documents.targets, documents.context, bundle)
    _nothing_checked(paths, [*documents.targets, *documents.problems])
    report = build_trace(model, "ja" if docs_lang(lang, config.lang, list(model.docs)) == "ja"
                         else "en")
    colored = use_color(color)
    text = render_json(report) if fmt == "json" else render_text(report, colored)
    click.echo(text, nl=False, color=colored)
