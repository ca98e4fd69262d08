"""`opslint diff --format markdown`: short enough for a pull-request comment or the job
summary. Weakened commitments come first, as a table; then the other changes; lists longer
than a few lines are folded in ``<details>``."""

from __future__ import annotations

from collections.abc import Sequence

from opslint.diff.labels import label
from opslint.diff.model import DiffCommitment, DiffReport
from opslint.diff.report_text import (
    commitment_name,
    document_text,
    empty,
    finding_text,
    place_text,
    question_text,
    totals_line,
    value_text,
)

__all__ = ["render_markdown"]

FOLD_AFTER = 5  # a list longer than this is collapsed
LIST_AT_MOST = 50  # a comment stays short: the rest is counted (the JSON has them all)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(changes: Sequence[DiffCommitment], lang: str, *, direction: bool) -> list[str]:
    head = [label("col_commitment", lang), label("col_change", lang)]
    head += [label("col_direction", lang)] if direction else []
    head += [label("col_where", lang)]
    rows = [f"| {' | '.join(head)} |", "|" + "---|" * len(head)]
    for c in changes:
        cells = [commitment_name(c), value_text(c, lang)]
        cells += [c.direction_label] if direction else []
        cells += [f"`{place_text(c.head) or place_text(c.base)}`"]
        rows.append(f"| {' | '.join(_cell(x) for x in cells)} |")
    return rows


def _folded(title: str, lines: Sequence[str], lang: str) -> list[str]:
    if not lines:
        return []
    body = [f"- {_cell(line)}" for line in lines[:LIST_AT_MOST]]
    if len(lines) > LIST_AT_MOST:
        body.append(f"- {label('rest', lang, count=len(lines) - LIST_AT_MOST)}")
    if len(lines) <= FOLD_AFTER:
        return ["", f"### {title} ({len(lines)})", "", *body]
    return ["", f"### {title} ({len(lines)})", "", "<details><summary>"
            f"{label('more', lang, count=len(lines))}</summary>", "", *body, "", "</details>"]


def render_markdown(report: DiffReport) -> str:
    lang = report.lang
    out = [f"## {label('title', lang)}", "",
           label("range", lang, base=f"`{report.base}`", head=f"`{report.head}`"), "",
           f"**{totals_line(report)}**"]
    if empty(report):
        return "\n".join([*out, "", label("nothing", lang)]) + "\n"
    weakened = [c for c in report.commitments if c.direction == "weakened"]
    other = [c for c in report.commitments if c.direction != "weakened"]
    if weakened:
        out += ["", f"### {label('weakened', lang)} ({len(weakened)})", "",
                *_table(weakened, lang, direction=False)]
    if other:
        table = _table(other, lang, direction=True)
        title = f"### {label('other', lang)} ({len(other)})"
        if len(other) <= FOLD_AFTER:
            out += ["", title, "", *table]
        else:
            out += ["", title, "", f"<details><summary>{label('more', lang, count=len(other))}"
                    "</summary>", "", *table, "", "</details>"]
    out += _folded(label("documents", lang), [document_text(d, lang) for d in report.documents],
                   lang)
    out += _folded(label("introduced", lang), [finding_text(f) for f in
                                               report.findings_introduced], lang)
    out += _folded(label("resolved", lang), [finding_text(f) for f in report.findings_resolved],
                   lang)
    out += _folded(label("q_added", lang), [question_text(q, lang)
                                            for q in report.questions_added], lang)
    out += _folded(label("q_answered", lang), [question_text(q, lang)
                                               for q in report.questions_answered], lang)
    return "\n".join(out) + "\n"
