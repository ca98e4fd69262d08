"""Manual work in the release-day steps (OPS050), read against what the chapter states: in a
chapter whose steps all run through automation, a deploy tool's command names what a stage
runs, not a command typed by hand."""

from __future__ import annotations

from collections.abc import Iterator

from opslint.checks.ops.params import ManualParams
from opslint.checks.ops.toil import manual_step
from opslint.checks.rel.params import PipelineManualParams
from opslint.checks.rel.vocab import release_vocab
from opslint.engine.context import CheckContext
from opslint.engine.findings import Hit

__all__ = ["manual_release_step"]


def manual_release_step(ctx: CheckContext, params: PipelineManualParams) -> Iterator[Hit]:
    """A release-day step done by hand; tool commands of a chapter whose every step is a
    pipeline stage are what the stage runs."""
    automated = ctx.facts().release.automated_steps_line is not None
    commands = release_vocab(ctx).pipeline_commands
    hand = [f for f in params.families if f not in params.stage_families]
    hits = list(manual_step(ctx, ManualParams(sections=params.sections, families=hand))
                ) if hand else []
    staged = [f for f in params.families if f in params.stage_families]
    if staged:
        hits += [hit for hit in manual_step(
                     ctx, ManualParams(sections=params.sections, families=staged))
                 if not (automated and any(p.search(str(hit.args.get("term", "")))
                                           for p in commands))]
    found: dict[int, Hit] = {}
    for hit in sorted(hits, key=lambda h: (h.line, h.column or 0)):
        found.setdefault(hit.line, hit)  # one finding per line: its first manual term
    yield from found.values()
