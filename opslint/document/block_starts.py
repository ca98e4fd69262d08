"""markdown-it's block rules, asked only about lines that can start their block.

markdown-it's block parser asks every rule about every line it reads, and the paragraph,
list, blockquote and table rules ask their terminating rules again about each next line:
about 250,000 calls for 100 design documents, 300,000 for a 50,000-row table, most of them
to learn that a line of text does not start a fence, quote, rule, list, reference, HTML
block, heading or front matter. Each of those rules first reads the line's first character
that is not a space (``src[bMarks[line] + tShift[line]]``) and declines unless it is one of a few
(``_STARTS``). ``install`` puts that test in front of each, so a line of text costs one
look at its first character instead of a call through the rule's logging, indentation and
option checks. A line without such a character (blank) goes to the rule unchanged, and a
rule that is not markdown-it's own function (another version, a plugin) is left alone;
``tests/test_parse_block_starts.py`` compares the tokens with and without on every
document of the corpora.

This module does not import markdown-it (``opslint.document.parse`` is its door): the
ruler and markdown-it's rule functions are passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["install"]

Rule = Callable[[Any, int, int, bool], bool]

# The characters each rule's block can start with, as its code tests them first.
_STARTS = {
    "front_matter": "-",  # mdit_py_plugins' front matter: "---" on the first line
    "fence": "~`",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
}


def install(ruler: Any, rules: Mapping[str, Rule]) -> list[str]:
    """Put the first-character test in front of each rule of ``ruler`` (markdown-it's block
    Ruler) that is still the function ``rules`` names; the names of the rules it did."""
    done: list[str] = []
    for rule in ruler.__rules__:
        starts = _STARTS.get(rule.name)
        own = rules.get(rule.name)
        if starts is not None and own is not None and rule.fn is own:
            rule.fn = _asked_at(own, frozenset(starts))
            done.append(rule.name)
    ruler.__cache__ = None  # the chains are compiled again, with the new functions
    return done


def _asked_at(rule: Rule, starts: frozenset[str]) -> Rule:
    def asked(state: Any, start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        if pos < state.eMarks[start] and state.src[pos] not in starts:
            return False
        return rule(state, start, end, silent)

    asked.__name__ = getattr(rule, "__name__", "rule")
    return asked
