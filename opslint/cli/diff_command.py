"""`diff`: what a change to the documents does to the commitments, findings and questions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from opslint.cli.app import (
    EXIT_FINDINGS,
    cli,
    codes,
    docs_lang,
    guard,
    language_and_config,
    load,
    warn,
)

WORK_TREE = "(work tree)"


@cli.command("diff")
@click.argument("revisions", nargs=-1, metavar="[REV | A..B] [PATHS]...")
@click.option("--base-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Compare this folder (the old documents) ...")
@click.option("--head-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="... with this one (the new documents); no git needed.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True,
              help="Output format (markdown: for a pull-request comment or the job summary; "
              "JSON: docs/schema/diff-v1.json).")
@click.option("--fail-on", "fail_on", multiple=True,
              type=click.Choice(["weakened", "new-findings"]),
              help="Exit 1 when a commitment is weakened / when the change introduces a "
              "finding at or above config `fail-on`. Repeatable.")
@click.option("--select", multiple=True, help="Only these rules (id, prefix or name).")
@click.option("--ignore", multiple=True, help="Skip these rules (id, prefix or name).")
@language_and_config
@guard
def diff(revisions: tuple[str, ...], base_dir: Path | None, head_dir: Path | None, fmt: str,
         fail_on: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...],
         lang: str, config_path: Path | None) -> None:
    """Compare the documents of two revisions: commitments weakened or strengthened (SLOs,
    monitors, RTO/RPO, release window…), findings introduced and resolved, open questions
    added and answered, documents renamed.

    `opslint diff REV [PATHS]...`: the work tree against a git revision;
    `opslint diff A..B [PATHS]...`: two revisions (A...B: from their merge base);
    `opslint diff --base-dir OLD --head-dir NEW`: two folders. Base documents are read
    from git, never checked out. Exit 0, or 1 with --fail-on; 2 on a usage error (not a
    repository, an unknown revision).
    """
    from opslint.diff.compare import diff_sides
    from opslint.diff.sources import read_side
    from opslint.selection import apply_command_line

    if (base_dir is None) != (head_dir is None):
        raise click.UsageError("--base-dir and --head-dir go together.")
    if base_dir is not None and revisions:
        raise click.UsageError("give either a revision or --base-dir and --head-dir, not both.")
    if base_dir is None and not revisions:
        raise click.UsageError("name a revision to compare with (`opslint diff origin/main`) "
                               "or two folders (--base-dir OLD --head-dir NEW).")
    start = [head_dir] if head_dir is not None else [Path(p) for p in revisions[1:]]
    config, bundle = load(config_path, [p for p in start if p.exists()])
    config = apply_command_line(config, bundle, codes(select), codes(ignore))
    if base_dir is not None and head_dir is not None:
        from opslint.diff.sources import folder_source

        base_source, head_source = folder_source(base_dir, config), folder_source(head_dir,
                                                                                   config)
        renames: dict[str, str] = {}
    else:
        base_source, head_source, renames = _git_sources(revisions, config)
    base, head = read_side(base_source, config, bundle), read_side(head_source, config, bundle)
    for path, problem in [*base.problems, *head.problems]:
        warn(f"{path}: {problem}; not compared.")
    if not base.targets and not head.targets:
        warn("no Markdown documents found on either side; nothing was compared.")
    out_lang = docs_lang(lang, config.lang, head.targets or base.targets)
    report = diff_sides(base, head, renames, config, bundle, out_lang)
    click.echo(_render(report, fmt), nl=False)
    if _fails(report, fail_on, config.fail_on):
        sys.exit(EXIT_FINDINGS)


def _git_sources(revisions: tuple[str, ...], config: Any) -> tuple[Any, Any, dict[str, str]]:
    from opslint.diff.git import Repo
    from opslint.diff.sources import git_source, worktree_source

    repo = Repo(Path.cwd())
    spec, paths = revisions[0], revisions[1:]
    scopes = [repo.relative(Path(p)) for p in paths] or [repo.relative(Path("."))]
    if ".." in spec:
        three = "..." in spec
        left, right = spec.split("...", 1) if three else spec.split("..", 1)
        head_commit = repo.commit(right or "HEAD")
        base_commit = repo.commit(left or "HEAD")
        if three:
            base_commit = repo.git("merge-base", base_commit, head_commit).decode().strip()
        head = git_source(repo, head_commit, right or "HEAD", scopes, config)
        base = git_source(repo, base_commit, left or "HEAD", scopes, config)
        return base, head, repo.renames(base_commit, head_commit)
    base_commit = repo.commit(spec)
    return (git_source(repo, base_commit, spec, scopes, config),
            worktree_source(repo, scopes, config, WORK_TREE), repo.renames(base_commit, None))


def _render(report: Any, fmt: str) -> str:
    if fmt == "json":
        from opslint.diff.report_json import render_json

        return render_json(report)
    if fmt == "markdown":
        from opslint.diff.report_markdown import render_markdown

        return render_markdown(report)
    from opslint.diff.report_text import render_text

    return str(render_text(report))


def _fails(report: Any, fail_on: tuple[str, ...], severity: str) -> bool:
    from opslint.engine.findings import Severity

    if "weakened" in fail_on and report.totals.weakened:
        return True
    threshold = Severity(severity).rank
    return "new-findings" in fail_on and any(
        Severity(f.severity).rank >= threshold for f in report.findings_introduced)
