"""`check --report FORMAT:PATH`: several reports from one run (CI lints once).

FORMAT is any `--format` name, or `questions` (the reviewers' Markdown checklist, as
`opslint questions`) or `gates` (the gate table, as `opslint gates`). PATH `-` is stdout,
in place of `--format`. Files are written when the run ends, never in colour, their
folders created as needed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click

from opslint.cli.app import EXIT_USAGE, Report, docs_lang
from opslint.reporters import FORMATS

__all__ = ["REVIEW_FORMATS", "ReportTarget", "parse_reports", "write_reports"]

REVIEW_FORMATS = ("questions", "gates")


@dataclass(frozen=True)
class ReportTarget:
    format: str
    path: str

    @property
    def to_stdout(self) -> bool:
        return self.path == "-"


class _WriteFailed(click.ClickException):
    exit_code = EXIT_USAGE


def parse_reports(_: click.Context, __: click.Parameter, values: tuple[str, ...]
                  ) -> tuple[ReportTarget, ...]:
    known = [*FORMATS, *REVIEW_FORMATS]
    targets: list[ReportTarget] = []
    for value in values:
        fmt, sep, path = value.partition(":")
        if not sep or not path:
            raise click.BadParameter(f"{value!r}: expected FORMAT:PATH, e.g. sarif:opslint.sarif"
                                     " or text:- for stdout.", param_hint="'--report'")
        if fmt not in known:
            raise click.BadParameter(f"{value!r}: unknown format {fmt!r}; one of "
                                     f"{', '.join(known)}.", param_hint="'--report'")
        targets.append(ReportTarget(fmt, path))
    stdout = [t for t in targets if t.to_stdout]
    if len(stdout) > 1:
        raise click.BadParameter("only one report can go to stdout (`-`).",
                                 param_hint="'--report'")
    files = [Path(t.path).absolute() for t in targets if not t.to_stdout]
    if len(set(files)) != len(files):
        raise click.BadParameter("two reports name the same file.", param_hint="'--report'")
    return tuple(targets)


def _review(fmt: str, report: Report, config: Any, documents: Sequence[Any],
            model: Callable[[], Any]) -> str:
    from opslint.gates import build_gates, load_gates, understood_lines
    from opslint.reporters.questions import gates_text, questions_markdown
    from opslint.resources import rules_dir

    lang = docs_lang(None, config.lang, documents)
    statuses = build_gates(report.findings, load_gates(rules_dir()), lang,
                           config.question_severity)
    if fmt == "gates":
        return gates_text(statuses, lang, no_documents=not documents)
    targets = [d.path.as_posix() for d in documents]
    return questions_markdown(statuses, lang, targets, understood_lines(model(), lang))


def write_reports(targets: Sequence[ReportTarget], report: Report, config: Any,
                  documents: Sequence[Any], model: Callable[[], Any]) -> None:
    """Write each ``--report``; ``model`` builds the semantic model the questions report
    summarises (called only when that report is asked for)."""
    from opslint.reporters import render

    for target in targets:
        if target.format in REVIEW_FORMATS:
            text = _review(target.format, report, config, documents, model)
        else:
            color = report.color if target.to_stdout else False
            text = render(replace(report, format=target.format, color=color))
        if target.to_stdout:
            if target.format not in REVIEW_FORMATS and target.format == report.format:
                continue  # already printed (streamed) as the stdout format
            click.echo(text, nl=False, color=report.color)
            continue
        path = Path(target.path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise _WriteFailed(f"cannot write the {target.format} report to {target.path}: "
                               f"{error.strerror or error}") from None
