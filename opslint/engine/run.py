"""Run rules over documents, apply suppressions, and turn hits into findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from opslint.document.model import DocKind, Document
from opslint.engine.context import CheckContext
from opslint.engine.findings import (
    COLLAPSE_AFTER,
    Finding,
    Hit,
    LocalText,
    Text,
    collapse_groups,
    collapsed,
)
from opslint.engine.fixes import Applicability, Fix
from opslint.engine.memo import LastKept
from opslint.engine.outlines import ChapterGates
from opslint.engine.partial import runs_on
from opslint.engine.registry import CheckFunction, Rule
from opslint.engine.schema import ContextAnswer
from opslint.engine.selectors import selected
from opslint.engine.suppress import Suppressions, parse_directives

__all__ = ["CheckCrash", "Selection", "make_finding", "run_rules"]


class CheckCrash(Exception):
    """A check raised: an opslint bug. Carries the rule and file for the bug report."""

    def __init__(self, rule_id: str, path: str, error: BaseException) -> None:
        super().__init__(f"rule {rule_id} crashed on {path}: {type(error).__name__}: {error}")
        self.rule_id = rule_id
        self.path = path
        self.error = error


@dataclass(frozen=True)
class Selection:
    """Which rules run: select/ignore by id, prefix or name (ruff style)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def enabled(self, rule: Rule) -> bool:
        return selected(rule.id, rule.spec.name, self.select, self.ignore)


def _render(template: str, values: Mapping[str, str]) -> str:
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError):
        return template


def _render_bare(template: str) -> str:
    """A template rendered without arguments (most hits carry none), worked out once per
    template: ``_render`` is pure, so the kept string is the one it would give again. The
    templates are the loaded rules' messages and questions: a bounded set."""
    rendered = _BARE.get(template)
    if rendered is None:
        if len(_BARE) >= 4096:  # a daemon reloading edited rules: never unbounded
            _BARE.clear()
        rendered = _BARE[template] = _render(template, {})
    return rendered


_BARE: dict[str, str] = {}


def make_finding(rule: Rule, doc: Document, hit: Hit, lang: str,
                 gate: int | None = None, *, path: str | None = None) -> Finding:
    """A finding from a hit; ``gate`` overrides the rule's gate (chapter-dependent rules);
    ``path``: the document's path as posix, when the caller made it once for its hits."""
    spec = rule.spec
    if hit.args:
        values = {k: v.get(lang) if isinstance(v, LocalText) else v
                  for k, v in hit.args.items()}
        message = _render(spec.message.get(lang), values)
        question = _render(spec.question.get(lang), values)
    else:
        message = _render_bare(spec.message.get(lang))
        question = _render_bare(spec.question.get(lang))
    fix = _applicable(_rule_fix(rule, hit), doc)
    return Finding(
        rule_id=spec.id,
        name=spec.name,
        severity=spec.severity,
        path=doc.path.as_posix() if path is None else path,
        line=hit.line,
        column=hit.column,
        end_line=hit.end_line or hit.line,
        message=message,
        question=question,
        gate=spec.gate if gate is None else gate,
        priority=spec.priority,
        doc_kind=doc.kind.value,
        lang=lang,
        related=hit.related,
        key=hit.key or spec.topic or spec.id,
        fixable=fix is not None,
        fix=fix,
    )


def _rule_fix(rule: Rule, hit: Hit) -> Fix | None:
    """The hit's fix when the rule file offers one (``fix:``); either side can make it unsafe."""
    if hit.fix is None or rule.spec.fix is None:
        return None
    if rule.spec.fix.applicability == Applicability.UNSAFE.value:
        return replace(hit.fix, applicability=Applicability.UNSAFE)
    return hit.fix


def _applicable(fix: Fix | None, doc: Document) -> Fix | None:
    """The fix, unless its text would land where the document cannot be read back.

    Text inserted after a block that is never closed would be hidden in it (META006), and
    the fix would never settle; a document with unread parts (META004) might already hold
    the chapter a fix inserts.
    """
    if fix is None or not doc.problems:
        return fix
    hidden = doc.hidden_from
    if not doc.fully_read or (hidden is not None and any(e.start > hidden for e in fix.edits)):
        return None
    return fix


def _unanswered(ctx: CheckContext, spec: ContextAnswer, hits: list[Hit]) -> list[Hit]:
    """The hits a context document does not answer (``answered_by_context``)."""
    from opslint.facts.context import context_answer

    if context_answer(ctx, spec) is None:
        return hits
    return [h for h in hits if spec.keys and h.key not in spec.keys]


def _named(selector: str, rule_id: str) -> bool:
    return selector == rule_id or (selector.isalpha() and rule_id.startswith(selector))


def _lang(doc: Document, lang: str) -> str:
    return doc.lang if lang == "auto" else lang


def run_rules(
    rules: Sequence[Rule],
    targets: Iterable[Document],
    context: CheckContext,
    *,
    lang: str = "auto",
    meta: dict[str, Rule] | None = None,
    known: Sequence[Rule] = (),
) -> list[Finding]:
    """Findings for every target document, suppressions applied, deterministically sorted.

    ``context`` supplies the document set, vocabularies and options; its ``doc`` is replaced
    per target. ``meta`` holds the engine's own rules (unused or invalid suppressions);
    ``known`` every loaded rule, so a directive naming a deselected rule is still valid.
    """
    plan = _PLANS.get((rules, known, meta), lambda: _Plan(rules, known, meta))
    every = plan.every
    ran: set[str] | None = None  # the ids and names of the rules that run, when needed
    findings: list[Finding] = []
    by_kind = plan.by_kind
    functions = plan.functions
    for doc in targets:
        ctx = replace(context, doc=doc)
        # Read lazily: most documents hold no directive (and no read problem) at all.
        suppressions = parse_directives(doc, ((r.id, r.spec.name) for r in every))
        doc_lang = _lang(doc, lang)
        chapter_gates: ChapterGates | None = None  # matched on the first finding that needs it
        runnable = by_kind.get(doc.kind)
        if runnable is None:
            runnable = by_kind[doc.kind] = _runnable(rules, doc.kind)
        for rule in runnable:
            if doc.holds and not runs_on(rule, doc):  # a partial document (DR plan, SLO…)
                continue
            function = functions.get(id(rule))
            if function is None:
                assert rule.check is not None  # _runnable keeps the rules with a check
                function = functions[id(rule)] = rule.check.function
            try:
                hits = list(function(ctx, rule.params))
            except Exception as error:  # a check bug must name its rule and file
                raise CheckCrash(rule.id, doc.path.as_posix(), error) from error
            if not hits:
                continue  # most rules on most documents
            if rule.spec.answered_by_context is not None:
                hits = _unanswered(ctx, rule.spec.answered_by_context, hits)
            if suppressions.directives:  # most documents hold none
                hits = [h for h in hits
                        if not suppressions.covers(rule.id, rule.spec.name, h.line)]
            if rule.spec.gate_from_section and chapter_gates is None \
                    and any(h.gate is None for h in hits):
                chapter_gates = ChapterGates(doc, ctx.outlines.get(doc.kind), ctx.vocab)
            findings.extend(_findings(rule, doc, hits, doc_lang,
                                      chapter_gates if rule.spec.gate_from_section else None))
        if not doc.problems and not suppressions.directives:
            continue
        if ran is None:
            ran = {key for r in rules for key in (r.id, r.spec.name)}
        findings.extend(f for f in _problem_findings(doc, meta or {}, doc_lang, ran)
                        if not suppressions.covers(f.rule_id, f.name, f.line))
        suppressions.mark_used()
        findings.extend(_directive_findings(doc, suppressions, meta or {}, doc_lang, ran))
    return sorted(findings, key=Finding.sort_key)


class _Plan:
    """What ``run_rules`` works out of its rule lists before any document: the rules a
    directive may name, the runnable rules of each kind of document and each rule's check
    function, as they are first needed. ``run_rules`` is called once per document set (one
    document at a time, in a run of many), with the same lists (``configured_rules`` gives
    one per bundle and config): the plan of the last lists is kept, not made again for
    every set. It holds only the lists' rules and their functions: bounded by the rules."""

    def __init__(self, rules: Sequence[Rule], known: Sequence[Rule],
                 meta: dict[str, Rule] | None) -> None:
        self.every = (*known, *rules, *(meta or {}).values())
        self.by_kind: dict[DocKind, list[Rule]] = {}
        self.functions: dict[int, CheckFunction] = {}  # by id(rule): imported on first run


# Keyed by the lists' identity (LastKept holds them, so an identity is not reused).
_PLANS: LastKept[_Plan] = LastKept()


def _runnable(rules: Sequence[Rule], kind: DocKind) -> list[Rule]:
    """The rules with a check that apply to a kind of document: chosen once per kind in a
    run, not asked of every rule on every document."""
    return [rule for rule in rules if rule.check is not None and rule.spec.applies_to(kind)]


def _findings(rule: Rule, doc: Document, hits: Sequence[Hit], lang: str,
              chapter_gates: ChapterGates | None) -> list[Finding]:
    """One rule's findings (``chapter_gates``: given when the rule's gate depends on the
    chapter of a hit) on one document, its repeats in a table collapsed
    (``collapse_groups``): planned on the hits, so that only the findings that survive are
    made (a 50,000-row table: one finding, not 50,000 made and then dropped)."""
    path = doc.path.as_posix()
    if len(hits) <= COLLAPSE_AFTER:  # collapse_groups plans nothing: no table span needed
        groups: dict[int, list[int]] = {}
        lines: list[int] = []
    else:
        lines = [h.line for h in hits]
        groups = collapse_groups(
            lines, lambda i: _applicable(_rule_fix(rule, hits[i]), doc) is not None,
            doc.table_spans)
    dropped = {i for members in groups.values() for i in members[1:]} if groups else ()
    found: list[Finding] = []
    for index, hit in enumerate(hits):
        if index in dropped:
            continue
        gate = hit.gate
        if gate is None and chapter_gates is not None:
            gate = chapter_gates.at(hit.line)
        finding = make_finding(rule, doc, hit, lang, gate, path=path)
        members = groups.get(index)
        if members is not None:
            finding = collapsed(finding, [lines[j] for j in members])
        found.append(finding)
    return found


def _directive_findings(
    doc: Document, suppressions: Suppressions, meta: dict[str, Rule], lang: str, ran: set[str]
) -> list[Finding]:
    out: list[Finding] = []
    for directive in suppressions.directives:
        # Unused only when every rule it names actually ran: --select must not make it "unused".
        all_ran = all(any(_named(s, r) for r in ran) for s in directive.selectors)
        if directive.problem and "invalid" in meta and meta["invalid"].id in ran:
            rule = meta["invalid"]
            hit = Hit(directive.line, args={"problem": directive.problem})
        elif (not directive.problem and not directive.used and all_ran
              and "unused" in meta and meta["unused"].id in ran):
            rule = meta["unused"]
            hit = Hit(directive.line, args={"rules": " ".join(directive.selectors)})
        else:
            continue
        out.append(make_finding(rule, doc, hit, lang))
    return out



def _problem_findings(doc: Document, meta: dict[str, Rule], lang: str, ran: set[str]
                      ) -> list[Finding]:
    """What the parser could not read (ReadProblem kinds are META roles), when selected."""
    out: list[Finding] = []
    for problem in doc.problems:
        rule = meta.get(problem.kind)
        if rule is None or rule.id not in ran:
            continue
        args: dict[str, Text] = {
            "first": str(problem.line), "last": str(problem.end_line), "limit": problem.detail,
            "problem": problem.detail, "opening": problem.detail,
            "count": str(problem.end_line - problem.line),
        }
        hit = Hit(problem.line, end_line=problem.end_line, args=args)
        out.append(make_finding(rule, doc, hit, lang))
    return out
