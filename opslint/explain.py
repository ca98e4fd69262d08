"""`opslint explain` and `opslint rules`: rule documentation rendered from the rule files."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Sequence
from typing import TYPE_CHECKING

from opslint.engine.registry import Rule
from opslint.engine.schema import Example
from opslint.reporters.report_text import report_words
from opslint.reporters.terminal import printable

if TYPE_CHECKING:
    from opslint.lint import Bundle

__all__ = ["filled_question", "render_explain", "render_rule_list", "rule_markdown"]

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _kinds(rule: Rule) -> str:
    return ", ".join(k if isinstance(k, str) else k.value for k in rule.spec.doc_kinds)


def _example(example: Example, lang: str) -> str:
    """The example document, then the other documents of its set (cross-document rules)."""
    text = f"```markdown\n{example.markdown.rstrip()}\n```\n\n"
    for kind, context in example.context.items():
        label = report_words("explain", lang)["context"].format(kind=kind.value)
        text += f"{label}:\n\n```markdown\n{context.rstrip()}\n```\n\n"
    return text


def filled_question(rule: Rule, lang: str, bundle: Bundle | None = None) -> str:
    """The reviewer question with its placeholders filled: as the rule asks it about its
    own failing example (with ``bundle``), else with ``…`` for each value."""
    template = rule.spec.question.get(lang)
    if bundle is not None and _PLACEHOLDER.search(template):
        asked = _asked_on_failing_example(rule, lang, bundle)
        if asked:
            return asked
    return _PLACEHOLDER.sub("…", template)


def _asked_on_failing_example(rule: Rule, lang: str, bundle: Bundle) -> str | None:
    from pathlib import Path

    from opslint.config import Config
    from opslint.document.model import DocKind
    from opslint.lint import document_from_text, lint_documents

    example = rule.spec.explain.fail
    kinds = [k for k in rule.spec.doc_kinds if isinstance(k, DocKind)]
    config = Config.model_validate({"select": [rule.id]})
    try:
        doc = document_from_text(example.markdown, Path("example.md"), bundle, config,
                                 kinds[0] if kinds else DocKind.UNKNOWN)
        context = [document_from_text(text, Path(f"context_{kind.value}.md"), bundle, config,
                                      kind) for kind, text in example.context.items()]
        findings = lint_documents([doc], context, config, bundle, lang=lang).findings
    except Exception:
        return None
    return next((f.question for f in findings if f.rule_id == rule.id and f.question), None)


def rule_markdown(rule: Rule, lang: str, bundle: Bundle | None = None) -> str:
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
        f"## {question}\n\n{filled_question(rule, lang, bundle)}\n"
    )


def render_explain(rules: Sequence[Rule], lang: str, fmt: str, *, color: bool,
                   bundle: Bundle | None = None) -> str:
    if fmt == "json":
        data = [r.spec.model_dump(mode="json", by_alias=True) for r in rules]
        return json.dumps(data if len(data) != 1 else data[0], ensure_ascii=False, indent=2) + "\n"
    # User rule files (rule-paths) are text from outside too: no control character passes.
    text = printable("\n".join(rule_markdown(r, lang, bundle) for r in rules), newlines=True)
    if fmt == "markdown" or not color:
        return text
    from rich.console import Console
    from rich.markdown import Markdown

    # The terminal's width: rich wraps by display width (a wide character takes two cells),
    # list items with a hanging indent; a wider fixed width made the terminal wrap instead.
    width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True, width=width).print(Markdown(text))
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
    # Columns padded by display width (ids run from 6 to 8 characters, names are ASCII, the
    # summary is the message in the chosen language with its placeholders elided).
    id_width = max((_cells(r.id) for r in rules), default=6)
    name_width = max((_cells(r.spec.name) for r in rules), default=0)
    lines = [
        f"{_pad(r.id, id_width)}  {_pad(r.spec.name, name_width)}  "
        f"{r.spec.severity.value:<8} gate {r.spec.gate} {r.spec.priority}  "
        f"{_pad(_kinds(r), 20)}  {_PLACEHOLDER.sub('…', r.spec.message.get(lang))}"
        for r in rules
    ]
    return printable("\n".join(lines) + "\n", newlines=True)


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _cells(text), 0)
