"""DR strategies a document describes without naming them ("the standby cluster in the
second region runs small and is scaled out on failover" is a warm standby).

The cues are data (rules/vocab/facts.yaml ``dr_described``): a unit under a DR heading, or
with a DR word, that holds a term of every group of a strategy describes it. A reader infers
the strategy; the mention says so (``inferred``), and is made only where the document names
no DR strategy of its own.
"""

from __future__ import annotations

from opslint.document.model import Document
from opslint.document.normalize import contains_any
from opslint.engine.vocab import Vocab
from opslint.facts.folded_units import folded_units
from opslint.facts.model import TechMention
from opslint.facts.polarity import ADOPTED, polarity
from opslint.facts.text import Terms, Unit

__all__ = ["described_strategies"]

_CATEGORY = "dr_strategy"


def _groups(terms: Terms, strategy: str) -> list[tuple[str, ...]]:
    out = []
    for n in range(1, 10):
        group = terms(f"dr_described_{strategy}_{n}")
        if not group:
            break
        out.append(group)
    return out


def _dr_lines(doc: Document, vocab: Vocab) -> set[int]:
    return {n for s in vocab.find_sections(doc, "dr") for n in range(s.line, s.end_line + 1)}


def _describes(vocab: Vocab, unit: Unit, groups: list[tuple[str, ...]]) -> bool:
    """Every group has a term in the unit, and the first group's term is adopted there."""
    if not groups or not all(contains_any(unit.norm, g) for g in groups):
        return False
    spans = [s for t in groups[0] if (s := Terms.first(unit.text, t)) is not None]
    return bool(spans) and polarity(vocab, unit.text, min(spans), min(spans) + 1) == ADOPTED


def described_strategies(doc: Document, vocab: Vocab) -> tuple[TechMention, ...]:
    """The inferred DR strategy, as one mention per unit describing it: the first strategy
    of ``dr_described`` (the most specific) that some unit describes."""
    terms = Terms(vocab)
    dr_lines = _dr_lines(doc, vocab)
    context = terms("dr_context")
    read = folded_units(doc)
    # A unit with a DR word: of those it may stand in, normalised (not every unit).
    worded = read.holding(vocab, "dr_context")
    scoped = [u for i, u in enumerate(read.units)
              if u.line in dr_lines or (i in worded and contains_any(u.norm, context))]
    for name in terms("dr_described"):
        groups = _groups(terms, name)
        found = tuple(TechMention(_CATEGORY, name, "", u.line, u.text, inferred=True)
                      for u in scoped if _describes(vocab, u, groups))
        if found:
            return found
    return ()
