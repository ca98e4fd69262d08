"""Fast paths of the checks and their shared readings (round 9 of issue 10), each compared
with the exact path it replaces on generated inputs."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

from opslint.lint import Bundle


def _part_patterns(data: Any) -> Iterator[str]:
    """Every ``patterns`` entry of a part (a mapping with a label) in a vocabulary."""
    if isinstance(data, dict):
        if "label" in data and isinstance(data.get("patterns"), list):
            yield from (str(p) for p in data["patterns"])
        for value in data.values():
            yield from _part_patterns(value)
    elif isinstance(data, list):
        for value in data:
            yield from _part_patterns(value)


_EXTRA = [r"(?<![a-z])(?:incidents?|outages?) of(?![a-z])", r"(?<=x)y+", r"(?i)(?<![a-z])abc",
          r"\d{2}\s*件", r"(?<![\d])\d+\s*(?:分|min)(?![a-z])", r"\bv\d+__x\b"]


def _tokens(sources: list[str]) -> list[str]:
    """Pieces of the patterns' literals, digits, spaces and separators of words: joined at
    random they make texts that match, and texts that hold a needle and do not match."""
    pieces = {t for s in sources for t in re.findall(r"[a-z]+|[^\x00-\x7f\\()?:|*+{}\[\]]+", s)}
    pieces |= {"2023", "12", "3", "-", "_", "x", "X", "ABC", "s", "'s", "の", "#"}
    return [*sorted(pieces), " ", " "]  # spaces twice as often as a piece


def test_needled_part_patterns_find_the_units_each_units_own_search_finds(
        bundle: Bundle) -> None:
    from opslint.facts.parts import _SEPARATOR, _compiled, _needles, _term_units, apart

    sources = [*dict.fromkeys(_part_patterns(bundle.vocab.terms)), *_EXTRA]
    needled = [s for s in sources if apart(s) and _needles(s) is not None]
    assert len(needled) >= 8  # the past-incident patterns and the extra ones, at least
    rng = random.Random(9)
    compared = matched = 0
    for source in needled:
        pattern, tokens = _compiled(source), _tokens([source])
        for _ in range(30):  # texts of the pattern's own pieces: many match, many miss
            texts = ["".join(rng.choice(tokens) for _ in range(rng.randint(0, 10)))
                     for _ in range(rng.randint(1, 30))]
            joined = _SEPARATOR.join(texts)
            own = [i for i, t in enumerate(texts) if pattern.search(t)]
            assert list(_term_units(joined, pattern, _needles(source))) == own, source
            assert list(_term_units(joined, pattern)) == own, source
            compared += 1
            matched += bool(own)
    assert matched > compared // 6  # the texts do match, not only miss


def test_a_pattern_with_a_prefix_the_engine_skips_to_is_searched_as_it_is() -> None:
    from opslint.facts.parts import _needles

    assert _needles(r"(?<![a-z])no incident history(?![a-z])") is not None
    assert _needles(r"(?:\d{4}年|昨年)の障害") is not None
    assert _needles(r"(?:障害|インシデント)の(?:実績|履歴)") is None  # a charset prefix
    assert _needles(r"これまでの障害") is None  # a literal prefix
    assert _needles(r"(?<![a-z])\d+") is None  # no needles


def test_a_task_is_mentioned_in_the_texts_each_texts_own_test_finds(bundle: Bundle) -> None:
    from opslint.checks.ops.vocab_models import RoutineVocab
    from opslint.document.normalize import contains_any, normalize

    vocab = bundle.vocab.model("routine", RoutineVocab)
    tasks = [t for by_key in vocab.tasks.values() for t in by_key.values()]
    assert any(t.strip for t in tasks) and any(t.local_terms for t in tasks)
    words = sorted({w for t in tasks for w in (*t.terms, *t.local_terms, *t.objects,
                                                 *t.checks, *t.strip)})
    rng = random.Random(9)
    named = 0
    for _ in range(40):
        norms = [normalize(" ".join(rng.choice([*words, "x", "-", "\0", "a"])
                                    for _ in range(rng.randint(0, 6))))
                 for _ in range(rng.randint(0, 25))]
        for task in tasks:
            own = {i for i, n in enumerate(norms)
                   if contains_any(n, tuple(task.local_terms)) or task.named_in(n)}
            assert task.mentioned_in(norms) == own, task.label
            named += len(own)
    assert named > 100

