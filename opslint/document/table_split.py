"""markdown-it's table rule splits every table line into cells with ``escapedSplit``, a
Python loop over each character (about 7 % of the parse of the 5 MB benchmark document,
a quarter of a 50,000-row table's). A line without a backslash splits exactly as
``str.split("|")`` does; ``install`` makes the rule take that path for such lines and ask
markdown-it's own function for the rest. It is installed only when markdown-it's function
gives ``str.split``'s answer on probes (a version that kept pipes inside code spans, as
markdown-it-py did before 3.0, is left alone); ``tests/test_parse_table_split.py`` compares
both on every table line of the examples and on generated lines.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

__all__ = ["install"]

_PROBES = ("a|b|c", "|a|b|", "a|`b|c`|d", "||", "a", "", " | x | ", "`|`")


def install(rule: ModuleType) -> bool:
    """Put the fast split in markdown-it's table rule (``markdown_it.rules_block.table``,
    given by document/parse.py, markdown-it's door); whether it is there."""
    current: Callable[[str], list[str]] = rule.escapedSplit
    if getattr(current, "_opslint_original", None) is not None:
        return True
    if any(current(probe) != probe.split("|") for probe in _PROBES):
        return False

    def escaped_split(line: str) -> list[str]:
        if "\\" in line:
            return current(line)
        return line.split("|")

    escaped_split._opslint_original = current  # type: ignore[attr-defined]
    rule.escapedSplit = escaped_split  # type: ignore[attr-defined]
    return True
