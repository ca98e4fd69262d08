"""The parse stage does less work per document (issue 10, seventh round); counted, never timed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from opslint.document import parse
from opslint.document.load import SourceText


def _reference_href(url: str) -> str | None:
    md = parse._inline_parser()
    href = md.normalizeLink(url)
    return href if md.validateLink(href) else None


# Characters mdurl treats specially (host ends, auth, port, escapes, dots of other scripts)
_URL_CHARS = st.sampled_from(list("aZ09-._~:/?#@%;=+$,!*'[]{}|^`\"\\ ") + [
    "%41", "%4", "%zz", "é", "例", "\u3002", "xn--", "a" * 63, "a" * 64, "." * 2])


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["https://", "http://", "HTTP://", "https:", "//", "mailto:", ""]),
       st.lists(_URL_CHARS, max_size=12))
def test_a_link_href_is_the_one_markdown_it_gives(scheme: str, parts: list[str]) -> None:
    url = scheme + "".join(parts)
    assert parse._link_href(url) == _reference_href(url)


def test_long_hosts_and_escapes_are_normalised_by_markdown_it() -> None:
    for url in ("https://" + ".".join(["a" * 60] * 5) + "/x", "https://e.com/%41%zz",
                "https://e.com/%4", "https://a@b/c", "https://e.com:/x",
                "https://例え.jp/パス", "https://e.com/a b"):
        assert parse._link_href(url) == _reference_href(url), url


def test_plain_link_destinations_skip_markdown_its_url_normaliser(count_calls: Any) -> None:
    # 5 MB of design text links 14,000 distinct pages: mdurl's parse took 45 µs each.
    text = "\n\n".join(f"- [RB-{n}](https://wiki.example.com/rb/{n}?v=1#step-{n})"
                       for n in range(300))
    calls = count_calls(parse, "_normalized_href")
    document = parse.parse_document(Path("links.md"), SourceText(text, "utf-8", False, "\n"))
    assert calls["_normalized_href"] == 0
    assert [item.text for item in document.root.items()][:2] == ["RB-0", "RB-1"]
