"""Front matter: the YAML between ``---`` lines at the top, read tolerantly but never silently."""

from __future__ import annotations

import re
from typing import Any

import yaml

from opslint.document.model import ReadProblem

__all__ = ["read_front_matter"]

# "---", then a line that starts like a YAML key: front matter, even when never closed.
_OPENED = re.compile(r"---[ \t]*(?:\r\n|\r|\n)[A-Za-z_][\w-]*[ \t]*:")


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that keeps the last value of a duplicated key (cloud.gov does that)."""


def _load(text: str) -> tuple[dict[str, Any], str, int]:
    """The front matter's keys, why it could not be read ("" when it could) and the line
    of the front matter where the problem is (1 for the opening ``---``)."""
    if not text.strip():
        return {}, "", 1
    try:
        data = yaml.load(text, Loader=_TolerantLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or type(error).__name__
        return {}, str(problem), (mark.line + 2) if mark is not None else 1  # + 1 for "---"
    except RecursionError:  # PyYAML composes nested collections recursively
        return {}, "nested too deeply", 1
    if not isinstance(data, dict):
        return {}, f"a YAML {type(data).__name__}, not a mapping of keys", 1
    return data, "", 1


def read_front_matter(
    text: str, block: str | None, end_line: int
) -> tuple[dict[str, Any], ReadProblem | None]:
    """The keys of the front matter ``block`` (None when the parser found none) and the
    problem that made it unreadable, if any. YAML that does not parse is ignored, and said so.
    """
    if block is None:
        if _OPENED.match(text):  # the plugin needs a closing "---"; without it, no block
            return {}, ReadProblem("front_matter", 1, 1, "not closed by a --- line")
        return {}, None
    data, problem, line = _load(block)
    if not problem:
        return data, None
    line = min(line, max(end_line - 1, 1))  # an error at the end of the YAML: its last line
    return data, ReadProblem("front_matter", line, max(end_line, line), problem)
