"""`opslint summary`: what opslint understood of a document set, from its facts.

The spec asks a reviewer to state first what they understood (infrastructure, deploy method,
main monitoring points) before asking questions; this is that statement, in the documents'
language. JSON output is the ``Summary`` model below (schema version 1, docs/summary.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, Field

from opslint.document.model import Document
from opslint.engine.findings import Finding
from opslint.engine.vocab import Vocab
from opslint.facts.model import DocumentFacts, Slo, TechMention
from opslint.facts.semantic import SemanticModel
from opslint.facts.technology import TechIndex
from opslint.summary_facts import FactSet, build_facts

__all__ = ["Summary", "build_summary", "summary_lang"]

_INFRA = ("platform", "compute", "edge", "datastore", "messaging", "topology")
_DEPLOY = ("deploy_strategy", "migration_strategy", "ci_cd", "registry", "iac", "migration")
_MONITORING = ("monitoring", "alerting", "channel")
_KEY_MONITORS = 8
_MONTH = 30 * 1440.0


class Evidence(BaseModel):
    path: str
    line: int = Field(ge=1)


class Named(BaseModel):
    """A technology or practice, by canonical name, with its display label and first mention."""

    name: str
    label: str
    evidence: Evidence


class SloItem(BaseModel):
    name: str = Field(description="The SLI the objective is for, as written")
    kind: str = Field(description="availability, success, error_rate, latency or other")
    target: str = Field(description="99.9% or p95 < 400ms")
    window: str | None = Field(description="Evaluation window as written, if any")
    error_budget_minutes: float | None = Field(
        description="(1 − SLO) × window for percentage targets; a bare month counts 30 days")
    month_as_30_days: bool = Field(description="The window is a month with no day count")
    evidence: Evidence


class ObjectiveItem(BaseModel):
    kind: Literal["RTO", "RPO"]
    minutes: float
    scope: str = Field(description="Scenario or target the value is for; empty for the service")
    evidence: Evidence


class MonitorItem(BaseModel):
    id: str
    target: str
    item: str
    threshold: str
    level: str
    evidence: Evidence


class ReleaseItem(BaseModel):
    version: str | None
    window: str | None
    no_downtime: bool = Field(description="The release is stated to run without downtime")
    downtime_minutes: float | None
    downtime_limit_minutes: float | None = Field(description="A stated maximum, e.g. 15分以内")
    downtime_partial: bool
    downtime_excluded_from_slo: bool
    rollback_steps: int
    rollback_minutes: float | None = Field(description="Worst case, post-rollback checks excluded")
    post_rollback_check_minutes: float | None
    evidence: Evidence


class Questions(BaseModel):
    total: int = Field(description="Findings with priority P1 or P2")
    p1: int
    p2: int


class DocItem(BaseModel):
    path: str
    kind: str
    lang: str
    partial: str | None = Field(None, description="A partial kind (rules/partial_kinds.yaml)")
    holds: list[str] = Field(default_factory=list,
                             description="The outline chapters a partial document holds")


class Summary(BaseModel):
    schema_version: Literal[1] = 1
    lang: Literal["ja", "en"]
    documents: list[DocItem]
    infrastructure: dict[str, list[Named]] = Field(description="By vocabulary category")
    deploy: dict[str, list[Named]]
    release: ReleaseItem | None
    integrations: list[Named] = Field(description="External systems from the design documents")
    monitoring: dict[str, list[Named]]
    key_monitors: list[MonitorItem] = Field(description="Critical monitors first, at most 8")
    monitor_count: int
    slos: list[SloItem]
    objectives: list[ObjectiveItem]
    dr_strategies: list[Named]
    open_questions: Questions
    facts: FactSet = Field(description="Every fact of the semantic model, with its source")


def summary_lang(docs: Sequence[Document], lang: str) -> Literal["ja", "en"]:
    """--lang auto: the release/operation documents' language, else the majority's."""
    if lang in ("ja", "en"):
        return "ja" if lang == "ja" else "en"
    main = [d for d in docs if d.kind.value in ("release", "operation")] or list(docs)
    counts = Counter(d.lang for d in main)
    return "en" if counts["en"] > counts["ja"] else "ja"


def _ev(facts: DocumentFacts, line: int) -> Evidence:
    return Evidence(path=facts.path.as_posix(), line=max(line, 1))


def _named(all_facts: Sequence[DocumentFacts], categories: Iterable[str], index: TechIndex,
           lang: str) -> dict[str, list[Named]]:
    found: dict[str, list[Named]] = {}
    for category in categories:
        seen: dict[str, Named] = {}
        for facts in all_facts:
            for mention in facts.named(category):
                seen.setdefault(mention.name, _named_item(facts, mention, index, lang))
        # "Aurora PostgreSQL" says "Aurora" and "PostgreSQL" already.
        implied = {name for n in seen for e in [index.entry(category, n)] if e
                   for name in e.implies}
        if seen:
            found[category] = [item for name, item in seen.items() if name not in implied]
    return found


def _named_item(facts: DocumentFacts, mention: TechMention, index: TechIndex, lang: str
                ) -> Named:
    entry = index.entry(mention.category, mention.name)
    label = entry.text("label", lang) if entry else mention.name
    return Named(name=mention.name, label=label, evidence=_ev(facts, mention.line))


def _slo_item(facts: DocumentFacts, slo: Slo) -> SloItem:
    if slo.latency is not None:
        target = slo.latency.text
        budget = None
    else:
        sign = {"<": "< ", "<=": "≤ ", ">": "> ", ">=": "≥ "}.get(slo.comparator or "", "")
        target = f"{sign}{slo.percent:g}%" if slo.percent is not None else ""
        window = slo.window_minutes or (_MONTH if slo.window_kind == "month" else None)
        budget = (round((1 - (slo.percent or 0) / 100) * window, 2)
                  if window and slo.kind in ("availability", "success") else None)
    return SloItem(name=slo.name, kind=slo.kind, target=target,
                   window=slo.window_text or None, error_budget_minutes=budget,
                   month_as_30_days=slo.window_kind == "month", evidence=_ev(facts, slo.line))


def _slos(all_facts: Sequence[DocumentFacts]) -> list[SloItem]:
    items = [_slo_item(f, s) for f in all_facts for s in f.operation.slos]
    if items:
        return items
    for facts in all_facts:  # no operation design: the design documents' NFR figures
        for figure in facts.design.nfr:
            if figure.key == "availability" and figure.percent is not None:
                slo = Slo(figure.key, "availability", figure.line, figure.text,
                          percent=figure.percent, window_minutes=figure.window_minutes,
                          window_kind=figure.window_kind, window_text=figure.value)
                items.append(_slo_item(facts, slo))
            elif figure.key == "latency" and figure.latency is not None:
                items.append(_slo_item(facts, Slo(figure.key, "latency", figure.line,
                                                  figure.text, latency=figure.latency)))
    return items


def _objectives(all_facts: Sequence[DocumentFacts]) -> list[ObjectiveItem]:
    items = [ObjectiveItem(kind="RTO" if o.kind == "RTO" else "RPO", minutes=o.minutes,
                           scope=o.scope, evidence=_ev(f, o.line))
             for f in all_facts for o in f.operation.objectives]
    if not items:
        items = [ObjectiveItem(kind="RTO" if n.key == "rto" else "RPO", minutes=n.minutes,
                               scope="", evidence=_ev(f, n.line))
                 for f in all_facts for n in f.design.nfr
                 if n.key in ("rto", "rpo") and n.minutes is not None]
    unique: dict[tuple[str, float, str], ObjectiveItem] = {}
    for item in items:
        unique.setdefault((item.kind, item.minutes, item.scope), item)
    return list(unique.values())


def _monitors(all_facts: Sequence[DocumentFacts], vocab: Vocab) -> tuple[list[MonitorItem], int]:
    from opslint.facts.text import Terms

    terms = Terms(vocab)
    rows = [(f, m) for f in all_facts for m in f.operation.monitors]
    ranked = sorted(rows, key=lambda fm: (not terms.has(fm[1].level.casefold(),
                                                        "level_critical"), fm[1].line))
    items = [MonitorItem(id=m.id, target=m.target, item=m.item, threshold=m.threshold,
                         level=m.level, evidence=_ev(f, m.line))
             for f, m in ranked[:_KEY_MONITORS]]
    return items, len(rows)


def _release(all_facts: Sequence[DocumentFacts]) -> ReleaseItem | None:
    for facts in all_facts:
        release = facts.release
        if facts.kind != "release":
            continue
        down = release.maintenance
        excluded = any(f.slo_exclusion is not None for f in all_facts)
        post = release.rollback.post_check
        return ReleaseItem(
            version=release.version.version if release.version else None,
            window=release.window.window.text if release.window else None,
            no_downtime=release.no_downtime,
            downtime_minutes=down.minutes if down else None,
            downtime_limit_minutes=(release.downtime_limit.minutes if release.downtime_limit
                                    else None),
            downtime_partial=bool(down and down.partial),
            downtime_excluded_from_slo=excluded,
            rollback_steps=len(release.rollback.steps),
            rollback_minutes=release.rollback.minutes,
            post_rollback_check_minutes=post.minutes if post else None,
            evidence=_ev(facts, release.window.line if release.window else 1),
        )
    return None


def _questions(findings: Iterable[Finding]) -> Questions:
    counts = Counter(f.priority for f in findings)
    return Questions(total=counts["P1"] + counts["P2"], p1=counts["P1"], p2=counts["P2"])


def build_summary(model: SemanticModel, findings: Iterable[Finding],
                  lang: str = "auto") -> Summary:
    """The summary of a document set (the linted documents and their context)."""
    docs = list(model.docs)
    vocab, index = model.vocab, model.tech_index
    chosen = summary_lang(docs, lang)
    all_facts = model.all_facts()
    key, count = _monitors(all_facts, vocab)
    dr = _named(all_facts, ("dr_strategy",), index, chosen).get("dr_strategy", [])
    return Summary(
        lang=chosen,
        documents=[DocItem(path=d.path.as_posix(), kind=d.kind.value, lang=d.lang,
                           partial=d.partial, holds=sorted(d.holds)) for d in docs],
        infrastructure=_named(all_facts, _INFRA, index, chosen),
        deploy=_named(all_facts, _DEPLOY, index, chosen),
        release=_release(all_facts),
        integrations=[Named(name=i.name, label=i.name, evidence=_ev(f, i.line))
                      for f in all_facts for i in f.design.integrations if i.name],
        monitoring=_named(all_facts, _MONITORING, index, chosen),
        key_monitors=key, monitor_count=count,
        slos=_slos(all_facts), objectives=_objectives(all_facts), dr_strategies=dr,
        open_questions=_questions(findings),
        facts=build_facts(model),
    )


