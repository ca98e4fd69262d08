"""The release rules' vocabulary (rules/vocab/release.yaml): its models (validated when the
vocabularies load: checks/rel/vocab_models.py), and term tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from opslint.checks.rel.text import Unit
from opslint.checks.rel.vocab_models import (
    VOCAB_FILE,
    CriteriaWords,
    Item,
    Pair,
    Placeholders,
    ReleaseVocab,
)
from opslint.document.normalize import contains_any, normalize, word_pattern
from opslint.engine.context import CheckContext
from opslint.engine.findings import LocalText
from opslint.engine.schema import Localized
from opslint.engine.vocab import DataError

__all__ = ["CriteriaWords", "Item", "Pair", "ReleaseVocab", "affirmed", "local", "negated",
           "release_vocab"]

SHARED_PLACEHOLDERS = "placeholders"


def _shared_placeholders(ctx: CheckContext, families: tuple[str, ...]) -> Placeholders:
    data: Any = ctx.vocab.terms.get(SHARED_PLACEHOLDERS) or {}
    groups: Any = data.get("patterns", {}) if isinstance(data, dict) else {}
    try:
        patterns = [re.compile(p) for f in families for p in groups.get(f, [])]
    except re.error as error:
        raise DataError(f"rules/vocab/{SHARED_PLACEHOLDERS}.yaml: patterns: {error}") from None
    values = data.get("owner_values", []) if isinstance(data, dict) else []
    return Placeholders(families=families, patterns=tuple(patterns),
                        values=tuple(str(v) for v in values))


def release_vocab(ctx: CheckContext) -> ReleaseVocab:
    def build() -> ReleaseVocab:
        vocab = ctx.vocab.model(VOCAB_FILE, ReleaseVocab)
        return vocab.model_copy(
            update={"placeholders": _shared_placeholders(ctx, vocab.placeholders.families)})

    return ctx.vocab.compiled("release:vocab", build)


def local(title: Localized) -> LocalText:
    return LocalText(ja=title.ja, en=title.en)


def negated(unit: Unit, vocab: ReleaseVocab) -> bool:
    """The unit says something is not done ("DROP は行わない"): a whole-line judgement."""
    return contains_any(unit.norm, vocab.negations)


_CLAUSE_END = re.compile(r"[|。.\n]")
_WINDOW = 15


def _term_spans(norm: str, term: str) -> Iterator[tuple[int, int]]:
    needle = normalize(term)
    if needle.isascii() and needle[:1].isalnum():
        pattern = word_pattern(re.escape(needle))
    else:
        pattern = re.escape(needle)
    return (m.span() for m in re.finditer(pattern, norm))


def affirmed(unit: Unit, item: Item, vocab: ReleaseVocab) -> bool:
    """The unit mentions the item other than to say it is absent ("DB変更なし", "no migration").

    Only the words around a mention, within its cell or sentence, can deny it: "エラーなし" in
    the check cell of a migration row does not.
    """
    if not item.found(unit):
        return False
    text = unit.norm
    spans = [s for t in item.terms for s in _term_spans(text, t)]
    spans += [m.span() for p in item.patterns for m in p.finditer(text)]
    for start, end in spans or [(0, len(text))]:
        before = _CLAUSE_END.split(text[max(0, start - _WINDOW):start])[-1]
        after = _CLAUSE_END.split(text[end:end + _WINDOW])[0]
        near = f"{before} {after}"
        if not contains_any(near, vocab.near_negations):
            return True
    return False
