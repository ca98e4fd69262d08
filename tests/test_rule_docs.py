"""Each rule's explain examples behave as documented: the failing one fails, the other passes."""

from __future__ import annotations

import pytest

from opslint.document.model import DocKind
from opslint.lint import Bundle
from tests.conftest import lint_text

_BUNDLE = Bundle.load()
_CHECKED = [r for r in _BUNDLE.rules if r.check is not None]


def _kind(rule_kinds: list[object]) -> DocKind:
    first = rule_kinds[0]
    return first if isinstance(first, DocKind) else DocKind.UNKNOWN


@pytest.mark.parametrize("rule", _CHECKED, ids=[r.id for r in _CHECKED])
def test_failing_example_fails(bundle: Bundle, rule: object) -> None:
    spec = rule.spec  # type: ignore[attr-defined]
    example = spec.explain.fail
    findings = lint_text(bundle, example.markdown, _kind(spec.doc_kinds), select=(spec.id,),
                         context=example.context)
    assert any(f.rule_id == spec.id for f in findings), "the failing example raised nothing"


@pytest.mark.parametrize("rule", _CHECKED, ids=[r.id for r in _CHECKED])
def test_passing_example_passes(bundle: Bundle, rule: object) -> None:
    spec = rule.spec  # type: ignore[attr-defined]
    example = spec.explain.passing
    findings = lint_text(bundle, example.markdown, _kind(spec.doc_kinds), select=(spec.id,),
                         context=example.context)
    assert [f for f in findings if f.rule_id == spec.id] == []


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
