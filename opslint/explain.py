"""`opslint explain` and `opslint rules`: rule documentation rendered from the rule files."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

from opslint.engine.registry import Rule
from opslint.engine.schema import Example
from opslint.reporters.report_text import report_words
from opslint.reporters.terminal import printable

__all__ = ["render_explain", "render_rule_list", "rule_markdown"]



def _kinds(rule: Rule) -> str:
    return ", ".join(k if isinstance(k, str) else k.value for k in rule.spec.doc_kinds)


def _example(example: Example, lang: str) -> str:
    """The example document, then the other documents of its set (cross-document rules)."""
    text = f"```markdown\n{example.markdown.rstrip()}\n```\n\n"
    for kind, context in example.context.items():
        label = report_words("explain", lang)["context"].format(kind=kind.value)
        text += f"{label}:\n\n```markdown\n{context.rstrip()}\n```\n\n"
    return text


def rule_markdown(rule: Rule, lang: str) -> str:
    spec = rule.spec
    w = report_words("explain", lang)
    what, why, fail, passing, fix, question, autofix = (
        w["what"], w["why"], w["fail"], w["pass"], w["fix"], w["question"], w["autofix"])
    fixable = w[f"fix_{spec.fix.applicability}"] if spec.fix else w["fix_none"]
    meta = (
        f"- severity: {spec.severity.value} / gate: {spec.gate} / priority: {spec.priority}\n"
        f"- doc kinds: {_kinds(rule)}\n- {autofix}: {fixable}\n"
    )
    return (
        f"# {spec.id} {spec.name}\n\n{meta}\n"
        f"## {what}\n\n{spec.explain.what.get(lang)}\n\n"
        f"## {why}\n\n{spec.explain.why.get(lang)}\n\n"
        f"## {fail}\n\n{_example(spec.explain.fail, lang)}"
        f"## {passing}\n\n{_example(spec.explain.passing, lang)}"
        f"## {fix}\n\n{spec.explain.fix.get(lang)}\n\n"
        f"## {question}\n\n{spec.question.get(lang)}\n"
    )


def render_explain(rules: Sequence[Rule], lang: str, fmt: str, *, color: bool) -> str:
    if fmt == "json":
        data = [r.spec.model_dump(mode="json", by_alias=True) for r in rules]
        return json.dumps(data if len(data) != 1 else data[0], ensure_ascii=False, indent=2) + "\n"
    # User rule files (rule-paths) are text from outside too: no control character passes.
    text = printable("\n".join(rule_markdown(r, lang) for r in rules), newlines=True)
    if fmt == "markdown" or not color:
        return text
    from rich.console import Console
    from rich.markdown import Markdown

    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True, width=100).print(Markdown(text))
    return buffer.getvalue()


def render_rule_list(rules: Sequence[Rule], lang: str, fmt: str) -> str:
    if fmt == "json":
        rows = [
            {"id": r.id, "name": r.spec.name, "severity": r.spec.severity.value,
             "doc_kinds": _kinds(r).split(", "), "gate": r.spec.gate,
             "priority": r.spec.priority, "fixable": r.spec.fix is not None,
             "message": r.spec.message.get(lang)}
            for r in rules
        ]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    lines = [
        f"{r.id}  {r.spec.name:<40} {r.spec.severity.value:<8} gate {r.spec.gate} "
        f"{r.spec.priority}  {_kinds(r)}"
        for r in rules
    ]
    return printable("\n".join(lines) + "\n", newlines=True)
