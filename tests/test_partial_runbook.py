"""The operations runbook collection (運用手順書, operations manual) as a partial kind: it
holds the chapters it has a heading for (routine work, alert handling, incidents, team and
escalation, backup), is not asked for what it leaves to the documents it links (SLOs, DR,
the incident policy), and a whole operation design titled like a runbook stays whole
(rules/partial_kinds.yaml, opslint/facts/links.py, docs/partial_kinds.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opslint.config import Config
from opslint.document.model import DocKind
from opslint.engine.partial import describe_kind
from opslint.facts.links import document_links, linked_subjects
from opslint.lint import Bundle, document_from_text, lint_paths
from tests.partial_docs import FIXTURES, alone, parsed

HOLDS = {
    "ops_runbook_ja_fail.md": {"routine", "observability", "incident", "team"},
    "ops_runbook_en_fail.md": {"routine", "observability", "incident", "team", "backup_dr"},
}
# True findings a runbook must still be told (a daily routine without a backup check, no
# postmortem template, an approver left as a placeholder, no time before escalating).
EXPECTED = {
    "ops_runbook_ja_fail.md": {"OPS021", "INC007", "MON014", "GATE001"},
    "ops_runbook_en_fail.md": {"OPS021", "INC007", "INC009", "BDR001", "GATE001"},
}
# What a runbook collection is not asked: the outline of a whole design, the principles
# chapter (SLOs, error budget, toil), and what the documents it links hold.
NOT_ASKED = {"OPS001", "OPS002", "OPS003", "OPS004", "OPS005", "OPS006", "OPS026",
             "BDR004", "BDR005", "BDR006", "INC001", "INC006"}
WHOLE = ["ops_manual_ja_whole.md", "ops_manual_en_whole.md"]
_PRINCIPLES = re.compile(r"## 1\..*?(?=## 2\.)", re.S)


def _findings(bundle: Bundle, tmp_path: Path, name: str, text: str | None = None) -> set[str]:
    path = alone(tmp_path, name)
    if text is not None:
        path.write_text(text, encoding="utf-8")
    return {f.rule_id for f in lint_paths([path], Config(), bundle).findings}


@pytest.mark.parametrize("name", sorted(HOLDS))
def test_recognised(bundle: Bundle, name: str) -> None:
    doc = parsed(bundle, name)
    assert (doc.kind, doc.partial, set(doc.holds)) == (DocKind.OPERATION, "ops_runbook",
                                                         HOLDS[name])
    assert describe_kind(doc) == "operation (partial: operations runbook)"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_only_the_chapters_it_holds(bundle: Bundle, tmp_path: Path, name: str) -> None:
    found = _findings(bundle, tmp_path, name)
    assert found >= EXPECTED[name]
    assert not found & NOT_ASKED, found & NOT_ASKED
    assert not {r for r in found if r.startswith("SLO")}, found


def test_a_link_to_the_incident_policy_answers_for_severities(
        bundle: Bundle, tmp_path: Path) -> None:
    """Without the link to the incident policy, the runbook is asked for severity levels
    and user notification again: the link, not the kind, is what answers them."""
    name = "ops_runbook_ja_fail.md"
    text = (FIXTURES / name).read_text(encoding="utf-8")
    unlinked = re.sub(r"\[インシデント管理規程\]\([^)]*\)", "インシデント管理規程", text)
    assert unlinked != text
    found = _findings(bundle, tmp_path, name, unlinked)
    assert {"INC001", "INC006"} <= found
    assert not found & {"OPS001", "SLO001"}


def test_a_link_to_the_dr_plan_answers_for_rto_and_failover(
        bundle: Bundle, tmp_path: Path) -> None:
    name = "ops_runbook_en_fail.md"
    text = (FIXTURES / name).read_text(encoding="utf-8")
    unlinked = re.sub(r"\[disaster recovery plan\]\([^)]*\)", "disaster recovery plan", text)
    assert unlinked != text
    found = _findings(bundle, tmp_path, name, unlinked)
    assert "BDR004" in found
    assert not found & {"OPS001", "SLO001", "INC001"}


@pytest.mark.parametrize("name", WHOLE)
def test_a_whole_design_titled_like_a_runbook_stays_whole(bundle: Bundle, name: str) -> None:
    doc = parsed(bundle, name)
    assert (doc.kind, doc.partial, doc.holds) == (DocKind.OPERATION, None, frozenset())


@pytest.mark.parametrize("name", WHOLE)
def test_a_design_that_lost_its_principles_stays_whole(bundle: Bundle, name: str) -> None:
    """A missing principles chapter alone is a defect of the design (OPS001), not a
    runbook; a link to the document that holds the service levels makes it one."""
    text = _PRINCIPLES.sub("", (FIXTURES / name).read_text(encoding="utf-8"))
    doc = document_from_text(text, Path(name), bundle)
    assert (doc.kind, doc.partial) == (DocKind.OPERATION, None)
    linked = text.replace("## 2.", "Targets: [SLO policy](../slo/slo-policy.md)\n\n## 2.", 1)
    doc = document_from_text(linked, Path(name), bundle)
    assert (doc.kind, doc.partial) == (DocKind.OPERATION, "ops_runbook")


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        # A release procedure keeps its kind, however many procedures it holds.
        ("16_Release_Procedure.md",
         "# リリース手順書\n\n## 作業体制\n\n- 担当: 西田（連絡先 内線 10）\n\n## 当日作業\n\n"
         "1. 手順に従いデプロイする。\n```bash\nrelctl deploy v2\n```\n2. アラートを確認する。\n\n"
         "## 切り戻し\n\n- 月次の定例とは別に、エスカレーションは西田へ。\n"
         "- [障害対応規程](../policy/incident.md) と [SLA](../policy/sla.md) を参照。\n",
         DocKind.RELEASE),
        ("release.md",
         "# Release runbook: v4.2\n\n## Team\n\n- Release lead: Ann (contact: #rel)\n\n"
         "## Release day\n\n1. Run the deploy command.\n```bash\nrel deploy 4.2\n```\n"
         "2. Watch alerts; escalate to Ann.\n\n## Rollback\n\nDaily and weekly checks resume "
         "after the release. See the [SLA](sla.md) and the "
         "[incident policy](incident-policy.md).\n",
         DocKind.RELEASE),
        # One page per alert: steps, commands and contacts, but none of the chapters.
        ("runbook.md",
         "# Runbook: QueueBacklogHigh\n\nThe alert fires when the queue backlog grows.\n\n"
         "1. Check the consumers with the command below.\n```bash\nq status\n```\n"
         "2. Escalate to the on-call lead (contact: #queue) after 15 minutes.\n"
         "Daily, weekly and monthly checklists are in the [operations manual](ops.md); "
         "shift handover notes in the [SLA](sla.md).\n",
         DocKind.UNKNOWN),
    ],
)
def test_other_documents_keep_their_kind(bundle: Bundle, name: str, text: str,
                                          kind: DocKind) -> None:
    doc = document_from_text(text, Path(name), bundle)
    assert (doc.kind, doc.partial, doc.holds) == (kind, None, frozenset())


# --- links (opslint/facts/links.py) ---------------------------------------------------

_LINKS = """---
title: Notes
related:
  - ../policy/backup-and-restore.md
---
# Notes

See [the contents](#contents), the [SLA][sla] and <https://example.org/x>.

```markdown
[not a link](./disaster-recovery.md)
```

The policy is `docs/incident-policy.md`; metrics detail: DD-Observability-Metrics.md.

- [監視設計書](./monitoring-design.md)

[sla]: ../policy/service-level-agreement.md
"""


def test_links_leave_the_document_outside_code(bundle: Bundle) -> None:
    """Links and file names in prose or code spans; not in a code block, not an anchor."""
    doc = document_from_text(_LINKS, Path("notes.md"), bundle)
    targets = [link.target for link in document_links(doc)]
    assert targets == ["../policy/backup-and-restore.md", "docs/incident-policy.md",
                       "DD-Observability-Metrics.md", "./monitoring-design.md",
                       "../policy/service-level-agreement.md"]


def test_linked_subjects_read_text_and_target(bundle: Bundle) -> None:
    from opslint.engine.partial import partial_rules

    doc = document_from_text(_LINKS, Path("notes.md"), bundle)
    assert linked_subjects(doc, partial_rules().links) == {
        "backup_dr", "incident", "observability", "principles"}
    # A dashboard's web page is not a monitoring design; a document file named for it is.
    web = document_from_text("# N\n\n[Observability dashboard](https://grafana.example.org/d/1)\n",
                             Path("n.md"), bundle)
    assert linked_subjects(web, partial_rules().links) == frozenset()
