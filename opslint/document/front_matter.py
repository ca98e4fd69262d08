"""Front matter: the YAML between ``---`` lines at the top, read tolerantly but never silently."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from opslint.document.model import ReadProblem

if TYPE_CHECKING:
    import yaml  # imported when a document has front matter: most have none

__all__ = ["read_front_matter"]

# "---", then a line that starts like a YAML key: front matter, even when never closed.
_OPENED = re.compile(r"---[ \t]*(?:\r\n|\r|\n)[A-Za-z_][\w-]*[ \t]*:")


# A line "key: value" whose value is a plain scalar or a flow sequence of plain scalars, in
# the subset whose reading needs no YAML parser: no quotes, comments, anchors, tags, block
# scalars or nested collections, no ": " inside, no indicator first.
_KEY_VALUE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,127}): +(\S(?:[^\n]*\S)?) *")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_STR = "tag:yaml.org,2002:str"


def _simple(text: str) -> dict[str, Any] | None:
    """The keys of a front matter of "key: value" lines whose keys and values (or items of
    ``[a, b]``) PyYAML's own resolver reads as strings: what ``yaml.load`` gives, without
    its scanner, parser and composer (a third of the parse of a small document); None when
    the text is anything else (PyYAML reads it)."""
    import yaml

    resolve: Callable[..., str] = _resolver().resolve
    data: dict[str, Any] = {}
    for line in text.split("\n"):
        match = _KEY_VALUE.fullmatch(line)
        if match is None:
            if line:
                return None
            continue
        key, value = match.groups()
        if resolve(yaml.ScalarNode, key, (True, False)) != _STR:
            return None
        if value[0] == "[" and value[-1] == "]":
            items = [item.strip(" ") for item in value[1:-1].split(",")]
            if items == [""]:
                data[key] = []
                continue
            if not all(_plain(item, ",?[]{}:") and resolve(yaml.ScalarNode, item, (True, False))
                       == _STR for item in items):
                return None
            data[key] = items
        elif _plain(value, "#") and ": " not in value and not value.endswith(":") \
                and resolve(yaml.ScalarNode, value, (True, False)) == _STR:
            data[key] = value
        else:
            return None
    return data or None


def _plain(value: str, excluded: str) -> bool:
    """Whether ``value`` is a plain scalar of the subset: printable (no tab, no character
    YAML refuses), no indicator first, none of ``excluded`` nor "#" anywhere."""
    return (value != "" and value[0] not in _INDICATORS and value.isprintable()
            and "#" not in value and not any(char in value for char in excluded))


@functools.cache
def _resolver() -> yaml.resolver.Resolver:
    import yaml

    return yaml.resolver.Resolver()  # SafeLoader's: it decides each plain scalar's type


def _load(text: str) -> tuple[dict[str, Any], str, int]:
    """The front matter's keys, why it could not be read ("" when it could) and the line
    of the front matter where the problem is (1 for the opening ``---``)."""
    if not text.strip():
        return {}, "", 1
    simple = _simple(text)
    if simple is not None:
        return simple, "", 1
    import yaml

    try:  # SafeLoader keeps the last value of a duplicated key (cloud.gov's files have some)
        data = yaml.load(text, Loader=yaml.SafeLoader)
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
