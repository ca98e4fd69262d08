"""markdown-it's strong emphasis, as inline_simple reads ``**label**`` without it.

inline_simple._strong reasons about how markdown-it scans a run of "*" (its flanking),
pushes it, pairs it with another (balance_pairs) and makes the pair strong (emphasis's
postProcess, then fragments_join). ``known`` tells whether the installed markdown-it's code
is the code that reasoning was made on (a digest of its source, markdown-it-py 4.3.0);
``flanks`` is scanDelims' flanking test, made of markdown-it's own character tests.
``tests/test_perf_wt9_parse.py`` compares the texts read with markdown-it's tokens.

This module does not import markdown-it (``opslint.document.parse`` is its door): the
functions are passed in.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Iterable
from typing import Any

from opslint.document.code_digest import files_digest
from opslint.document.inline_simple import Flanks

__all__ = ["CODE", "Flanks", "flanks", "known"]

# The functions of markdown_it.rules_inline's modules read, after StateInline.scanDelims
# and StateInline.push, in this order.
CODE = (("balance_pairs", "processDelimiters"), ("balance_pairs", "link_pairs"),
        ("emphasis", "tokenize"), ("emphasis", "_postProcess"), ("emphasis", "postProcess"),
        ("fragments_join", "fragments_join"))
_KNOWN = {"7b400d4957fde3065ee340f1a4fe6e646a2ba501b859e88445bfb335718ed477"}


# The files holding those functions (their sorted paths' contents, joined), as
# markdown-it-py 4.3.0 installs them: a match settles ``known`` without ``inspect``, whose
# reading of eight functions' source cost 6.5 ms of every process that parses (1.5 % of a
# one-file check). Stricter than the functions' digest: any edit of those files falls
# through to it.
_KNOWN_FILES = {"8ec2d5fe1edfcb8e09cd89174ac5d35755e49d03f22b93379efabfd782f12a77"}


def known(functions: Iterable[Callable[..., Any]]) -> bool:
    """Whether ``functions`` (scanDelims, push, then CODE's) are the code of _KNOWN."""
    functions = list(functions)
    if _files_digest(functions) in _KNOWN_FILES:
        return True
    try:
        source = "\n".join(inspect.getsource(function) for function in functions)
    except (OSError, TypeError):  # no source to compare: **label** goes to markdown-it
        return False
    return hashlib.sha256(source.encode()).hexdigest() in _KNOWN


def _files_digest(functions: list[Callable[..., Any]]) -> str | None:
    """SHA-256 of the source files of ``functions`` (sorted by path), or None."""
    try:
        paths = {function.__code__.co_filename for function in functions}
    except AttributeError:
        return None
    return files_digest(paths)


def flanks(is_white_space: Callable[[int], bool], is_punct_char: Callable[[str], bool],
           is_md_ascii_punct: Callable[[int], bool]) -> Flanks:
    """(left-flanking, right-flanking) of a run of "*" between two characters, as
    StateInline.scanDelims decides them, with its character tests."""

    def flanking(before: str, after: str) -> tuple[bool, bool]:
        before_punct = is_md_ascii_punct(ord(before)) or is_punct_char(before)
        after_punct = is_md_ascii_punct(ord(after)) or is_punct_char(after)
        before_space = is_white_space(ord(before))
        after_space = is_white_space(ord(after))
        left = not (after_space or (after_punct and not (before_space or before_punct)))
        right = not (before_space or (before_punct and not (after_space or after_punct)))
        return left, right

    return flanking
