"""Each rule's explain examples behave as documented: the failing one fails, the other passes."""

from __future__ import annotations

import pytest

from opslint.document.model import DocKind
from opslint.engine.registry import Rule
from opslint.lint import Bundle
from tests.conftest import lint_text

_BUNDLE = Bundle.load()
_CHECKED = [r for r in _BUNDLE.rules if r.check is not None]


def _kind(rule_kinds: list[object]) -> DocKind:
    first = rule_kinds[0]
    return first if isinstance(first, DocKind) else DocKind.UNKNOWN


@pytest.mark.parametrize("side", ["fail", "pass"])
@pytest.mark.parametrize("rule", _CHECKED, ids=[r.id for r in _CHECKED])
def test_example_behaves_as_documented(bundle: Bundle, rule: Rule, side: str) -> None:
    """The failing example raises the rule; the passing one does not."""
    spec = rule.spec
    example = spec.explain.fail if side == "fail" else spec.explain.passing
    findings = lint_text(bundle, example.markdown, _kind(list(spec.doc_kinds)),
                         select=(spec.id,), context=example.context)
    raised = any(f.rule_id == spec.id for f in findings)
    assert raised is (side == "fail"), f"the {side}ing example of {spec.id} misbehaves"


@pytest.mark.parametrize("rule", _BUNDLE.rules, ids=[r.id for r in _BUNDLE.rules])
def test_rule_text_is_bilingual_and_formats(rule: object) -> None:
    spec = rule.spec  # type: ignore[attr-defined]
    for text in (spec.message, spec.question):
        ja_fields = set(_fields(text.ja))
        en_fields = set(_fields(text.en))
        assert ja_fields == en_fields, f"{spec.id}: placeholders differ between ja and en"


def _fields(template: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(template) if name]
