"""docs/rules.md is current, and every item of the specification is checked by a rule."""

from __future__ import annotations

from pathlib import Path

from opslint.lint import Bundle
from opslint.resources import rules_dir
from tests.conftest import load_tool

ROOT = Path(__file__).resolve().parent.parent
_gen = load_tool("gen_rules_doc")
load_spec_items, rules_markdown = _gen.load_spec_items, _gen.rules_markdown


def test_docs_rules_md_is_current(bundle: Bundle) -> None:
    expected = rules_markdown(bundle.rules, load_spec_items(rules_dir()))
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == expected, "docs/rules.md is stale: run `python tools/gen_rules_doc.py`"


def test_every_spec_item_has_a_rule(bundle: Bundle) -> None:
    items = load_spec_items(rules_dir())
    uncovered = [item.id for item in items if not item.rules]
    assert not uncovered, f"specification items without a rule: {uncovered}"


def test_spec_items_name_existing_rules(bundle: Bundle) -> None:
    ids = {r.id for r in bundle.rules}
    unknown = {r for item in load_spec_items(rules_dir()) for r in item.rules} - ids
    assert not unknown


def test_every_gate_question_names_existing_rules(bundle: Bundle) -> None:
    from opslint.gates import load_gates

    ids = {r.id for r in bundle.rules}
    prefixes = {i.rstrip("0123456789") for i in ids}
    for gate in load_gates(rules_dir()):
        for question in gate.questions:
            for selector in question.rules:
                assert selector in ids or selector in prefixes, (gate.gate, question.id, selector)
