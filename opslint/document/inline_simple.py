"""The inline tokens of common simple texts, without markdown-it's inline parser.

Most inline texts of a design document are plain text with a few code spans, links of the
form ``[label](https://...)``, task markers (``[x]``), ``<br>`` and comparison signs
(``< 3``). For those, markdown-it's rules give a short, fixed token list; building it
directly skips the parser's state, its rule loop per stop character and its link label
scan. Any text outside these shapes (emphasis, escapes, entities, images, other HTML,
reference links, unusual destinations) returns None and goes to markdown-it unchanged.
``tests/test_parse_inline_simple.py`` compares the tokens with markdown-it's own for every
inline text of the corpora and for generated texts.

``simple_text`` gives what the walker reads of those tokens (walk.py's ``Walker.text``: the
texts, code and link labels, a newline for a break or a ``<br>``), without making them. It
also reads strong emphasis of the form ``**label**`` (the walker reads the label and
nothing of the emphasis tokens), where markdown-it's emphasis rules are known to pair
them (see ``_strong``).

This module does not import markdown-it (``opslint.document.parse`` is its door): the token
class and the link normaliser are passed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["Piece", "first_active", "simple_inline", "simple_text", "unchanged_href"]

# The characters at which one of markdown-it's enabled inline rules (commonmark with
# strikethrough) can start: newline, escape, backticks, strikethrough, emphasis, link,
# image, autolink, html_inline and entity. The text rule stops at more characters, but at
# the others every rule declines and the character joins the pending text.
_ACTIVE = re.compile(r"[\n\\`~*_\[!<&]")
# Where a text's first such character is; None for plain text: one text token, the text.
first_active = _ACTIVE.search
_BACKTICKS = re.compile(r"`+")
# An inline link whose label holds no active character (one text token) and whose
# destination is a plain absolute URL, directly closed (no spaces, no title).
_LINK = re.compile(r"\[([^\[\]\n\\`~*_!<&]+)\]\((https?://[^\s()<>\\`&\x00-\x1f\x7f]*)\)")
# The same with any destination markdown-it's parseLinkDestination reads whole (no space,
# control character, parenthesis, angle bracket, backslash, backtick or "&"): simple_text
# reads only the label, once ``link_href`` accepts the destination (a relative path, say).
_ANY_LINK = re.compile(r"\[([^\[\]\n\\`~*_!<&]+)\]\(([^\s()<>\\`&\x00-\x1f\x7f]+)\)")
# A bracketed label without active characters, which is a link only when "(" follows
# (or a reference definition exists).
_LABEL = re.compile(r"\[[^\[\]\n\\`~*_!<&]*\]")
_BREAK_TAGS = ("<br>", "<br/>", "<br />")
# After "<", the characters that can start an HTML tag or an autolink (scheme or e-mail).
_TAG_START = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-")
# Strong emphasis around a label without active characters, its closing run of exactly two.
_STRONG = re.compile(r"\*\*([^\n\\`~*_\[!<&]+)\*\*(?!\*)")
# (left-flanking, right-flanking) of a delimiter run between two characters, as
# markdown-it's scanDelims decides them (a text's start and end count as a space).
Flanks = Callable[[str, str], tuple[bool, bool]]
_ENTITY = re.compile(r"&(?:#(?:x[a-f0-9]{1,6}|[0-9]{1,7});|[a-z][a-z0-9]{1,31};)",
                     re.IGNORECASE)


# An http(s) URL that markdown-it's normalizeLink returns unchanged: mdurl parses it into
# protocol, a host of ASCII labels (each ≤ 63 characters, ≤ 255 in all, as mdurl keeps
# them; punycode leaves ASCII labels alone), a port and a path, query and hash of the
# characters mdurl.encode keeps (letters, digits, ";/?:@=+$,-_.!~*'#" and "%XX"), and
# formats them back as they were; validateLink accepts it. The path's kept characters are
# read a run at a time (``++``: possessive, "%" is not one of them, so a run ends where an
# escape or anything else begins and the strings matched are the same as one character at a
# time; the regex engine's loop per character took most of a link's reading).
_PLAIN_URL = re.compile(
    r"https?://(?P<host>[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*)(?::[0-9]+)?"
    r"(?:[/?#](?:[A-Za-z0-9;/?:@=+$,\-_.!~*'#]++|%[0-9A-Fa-f]{2})*)?")
_HOST_MAX = 255


def unchanged_href(url: str) -> bool:
    """Whether markdown-it's link normaliser gives ``url`` as it is and accepts it (a plain
    http(s) URL, ``_PLAIN_URL``)."""
    plain = _PLAIN_URL.fullmatch(url)
    return plain is not None and len(plain.group("host")) <= _HOST_MAX


class Piece:
    """An inline token as the walker reads it: its type and content, nothing else.

    ``simple_inline(content, Piece, ...)`` builds these instead of markdown-it's tokens
    (a dataclass of 13 fields, three times the cost) when only the text is read.
    """

    __slots__ = ("content", "type")

    def __init__(self, type: str, tag: str, nesting: int, *, content: str = "",
                 **fields: Any) -> None:
        self.type = type
        self.content = content


# A text's pieces as _read finds them: (kind, content, extra, what the walker reads).
# kind is a token type, or "link_text" for a link's label (a text token one level down);
# extra is a code span's backticks or a link's href.
_Pieces = list[tuple[str, str, str, str]]


def simple_inline(content: str, token: Callable[..., Any],
                  link_href: Callable[[str], str | None],
                  references: bool) -> list[Any] | None:
    """The tokens markdown-it gives for content, or None when content is not simple.

    ``token`` is markdown-it's Token class, or Piece when only types and contents are
    read; ``link_href`` gives a destination's href as
    markdown-it normalises it, None when markdown-it would not accept it; ``references``
    tells whether the document defines link references (then "[label]" may be a link).
    """
    if _ACTIVE.search(content) is None:  # plain text: one token (half of all texts)
        return [token("text", "", 0, content=content)] if content else []
    pieces = _read(content, link_href, references)
    if pieces is None:
        return None
    tokens: list[Any] = []
    for kind, text, extra, _ in pieces:
        if kind == "text":
            tokens.append(token("text", "", 0, content=text))
        elif kind == "code_inline":
            tokens.append(token("code_inline", "code", 0, markup=extra, content=text))
        elif kind == "link_open":
            tokens.append(token("link_open", "a", 1, attrs={"href": extra}))
        elif kind == "link_text":
            tokens.append(token("text", "", 0, level=1, content=text))
        elif kind == "link_close":
            tokens.append(token("link_close", "a", -1))
        elif kind == "html_inline":
            tokens.append(token("html_inline", "", 0, content=text))
        else:  # softbreak, hardbreak
            tokens.append(token(kind, "br", 0))
    return tokens


def simple_text(content: str, link_href: Callable[[str], str | None],
                references: bool, flanks: Flanks | None = None) -> str | None:
    """What the walker reads of simple_inline's tokens for content (their texts, a newline
    for each break and ``<br>``), or None when content is not simple; with ``flanks``,
    ``**label**`` is read too (its label). Links to any destination markdown-it reads
    whole and accepts are read (their label), not only those to http(s) URLs."""
    if _ACTIVE.search(content) is None:
        return content
    pieces = _read(content, link_href, references, flanks, _ANY_LINK)
    if pieces is None:
        return None
    return "".join([piece[3] for piece in pieces])


def _read(content: str, link_href: Callable[[str], str | None], references: bool,
          flanks: Flanks | None = None, links: re.Pattern[str] = _LINK) -> _Pieces | None:
    """The pieces of a text with at least one active character, None when not simple;
    ``**label**`` only with ``flanks`` (its pieces are not tokens: simple_text's only);
    ``links``: the inline links read (their label, then their destination)."""
    pieces: _Pieces = []
    pending: list[str] = []  # the text since the last piece that is not text
    pos = 0
    end = len(content)
    while True:
        match = _ACTIVE.search(content, pos)
        if match is None:
            pending.append(content[pos:])
            break
        at = match.start()
        pending.append(content[pos:at])
        char = content[at]
        following = content[at + 1] if at + 1 < end else ""
        if char == "`":
            pos = _code_span(content, at, pieces, pending)
        elif char == "\n":
            _line_break(pieces, pending)
            pos = at + 1
            while pos < end and content[pos] in " \t":
                pos += 1
        elif char == "[":
            link = links.match(content, at)
            if link is not None:
                href = link_href(link.group(2))
                if href is None:
                    return None
                _flush(pieces, pending)
                label = link.group(1)
                pieces += [("link_open", "", href, ""), ("link_text", label, "", label),
                           ("link_close", "", "", "")]
                pos = link.end()
            elif references or (label_match := _LABEL.match(content, at)) is None \
                    or content.startswith("(", label_match.end()):
                return None
            else:
                pending.append("[")
                pos = at + 1
        elif char == "!" and following != "[":
            pending.append("!")
            pos = at + 1
        elif char == "<" and following not in _TAG_START:
            pending.append("<")
            pos = at + 1
        elif char == "<" and (tag := _break_tag(content, at)):
            _flush(pieces, pending)
            pieces.append(("html_inline", tag, "", "\n"))
            pos = at + len(tag)
        elif char == "&" and _ENTITY.match(content, at) is None:
            pending.append("&")
            pos = at + 1
        elif char == "*" and flanks is not None:
            strong = _strong(content, at, flanks)
            if strong is None:
                return None
            _flush(pieces, pending)
            label = strong.group(1)
            pieces += [("strong_open", "", "**", ""), ("strong_text", label, "", label),
                       ("strong_close", "", "**", "")]
            pos = strong.end()
        else:
            return None
    _flush(pieces, pending)
    return pieces


def _strong(content: str, at: int, flanks: Flanks) -> re.Match[str] | None:
    """``**label**`` at ``at`` when markdown-it makes it strong emphasis, else None.

    Each "*" of a text is a delimiter, and _read accepts one only as part of a pair read
    here, so every delimiter before ``at`` is matched already: in balance_pairs a matched
    closer no longer opens and a matched opener no longer closes, so none of them can take
    these four. The label holds no delimiter, no bracket and no backtick, so the runs are
    the two nearest to each other: the closing run (which can close: right-flanking) pairs
    each of its two markers with the opening run's (which can open: left-flanking); the
    rule of three never applies (2 + 2). emphasis's postProcess makes the pair strong and
    leaves the label one text token; the walker reads the label, and the runs' empty texts
    add nothing.
    """
    strong = _STRONG.match(content, at)
    if strong is None:
        return None
    label = strong.group(1)
    before = content[at - 1] if at > 0 else " "
    after = content[strong.end()] if strong.end() < len(content) else " "
    if not flanks(before, label[0])[0] or not flanks(label[-1], after)[1]:
        return None
    return strong


def _flush(pieces: _Pieces, pending: list[str]) -> None:
    """The pending text as one text piece (none when empty)."""
    text = "".join(pending)
    if text:
        pieces.append(("text", text, "", text))
    pending.clear()


def _code_span(content: str, at: int, pieces: _Pieces, pending: list[str]) -> int:
    """markdown-it's backticks rule at ``at``: a code span, or the run as text."""
    opener = _BACKTICKS.match(content, at)
    assert opener is not None
    marker = opener.group()
    for run in _BACKTICKS.finditer(content, opener.end()):
        if len(run.group()) == len(marker):
            code = content[opener.end():run.start()].replace("\n", " ")
            if code.startswith(" ") and code.endswith(" ") and code.strip(" "):
                code = code[1:-1]
            _flush(pieces, pending)
            pieces.append(("code_inline", code, marker, code))
            return run.end()
    pending.append(marker)
    return opener.end()


def _line_break(pieces: _Pieces, pending: list[str]) -> None:
    """markdown-it's newline rule: a soft break, or a hard one after two spaces."""
    text = "".join(pending)
    pending.clear()
    kind = "softbreak"
    if text.endswith("  "):
        text, kind = text.rstrip(" "), "hardbreak"
    elif text.endswith(" "):
        text = text[:-1]
    pending.append(text)
    _flush(pieces, pending)
    pieces.append((kind, "", "", "\n"))


def _break_tag(content: str, at: int) -> str | None:
    return next((tag for tag in _BREAK_TAGS if content.startswith(tag, at)), None)
