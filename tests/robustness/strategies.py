"""Hypothesis strategies: arbitrary text, and Markdown-shaped text built from the pieces that
broke opslint before (deep nesting, unclosed blocks, odd line breaks, control characters)."""

from __future__ import annotations

from hypothesis import strategies as st

from opslint.lint import Bundle

BUNDLE = Bundle.load()
TITLES = sorted({t for o in BUNDLE.outlines.values() for s in o.sections
                 for t in (s.title.ja, s.title.en)}
                | {"リリース手順書", "運用設計書", "Release Procedure"})
ODD = ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x00", "\x1b[2J", "\x1b]0;t\x07", "\t",
       "\ufeff", "\u202e", "\r", "\U0001f600", "ｱ", "①", "\\", "`", "|", "<", ">", "&"]
WORDS = ["TBD", "未定", "[Name]", "YYYY/MM/DD", "HH:MM", "99.9%", "5分", "p99 < 300ms",
         "RTO: 1時間", "RPO 15 min", "MON-001", "Critical", "ロールバック", "rollback",
         "backup", "SLO", "kubectl apply", "AKIAABCDEFGHIJKLMNOP", "http://x", "**太字**",
         "<br>", "T-60m", "v1.2.3", "1.", "- [ ]", "---", "==="]

fragment = st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD), st.sampled_from(TITLES),
                     st.text(max_size=12))
inline = st.lists(fragment, max_size=6).map(" ".join)


@st.composite
def _block(draw: st.DrawFn) -> list[str]:
    kind = draw(st.integers(0, 11))
    text = draw(inline)
    if kind == 0:
        return [f"{'#' * draw(st.integers(1, 7))} {draw(st.sampled_from(TITLES))} {text}"]
    if kind == 1:
        depth = draw(st.sampled_from([0, 1, 3, 10, 59, 60, 61, 70]))
        return [f"{'  ' * i}{draw(st.sampled_from(['-', '*', '1.']))} {text}"
                for i in range(depth + 1)]
    if kind == 2:
        cells = draw(st.lists(inline, min_size=1, max_size=4))
        rows = draw(st.lists(st.lists(inline, max_size=5), max_size=4))
        return ["| " + " | ".join(cells) + " |", "|" + "--|" * len(cells),
                *("| " + " | ".join(r) + " |" for r in rows)]
    if kind == 3:
        fence = draw(st.sampled_from(["```", "~~~", "````"]))
        closed = draw(st.booleans())
        return [fence + draw(st.sampled_from(["", "bash", "sql"])), text, *([fence] * closed)]
    if kind == 4:
        body = draw(st.sampled_from(["", "opslint-disable-next-line REL001", "opslint-disable",
                                     "opslint-disable GATE001 -- reason", "opslint-enable",
                                     "opslint-disable-file SEC", "expect: X"]))
        return [f"<!-- {body} {text}" + ("" if draw(st.booleans()) else " -->")]
    if kind == 5:
        return [">" * draw(st.integers(1, 130)) + " " + text]
    if kind == 6:
        return [draw(st.sampled_from(["<pre>", "<table><tr><td>x", "<?x", "<![CDATA[", "<div>"])),
                text]
    if kind == 7:
        return [text, draw(st.sampled_from(["===", "---", "***"]))]
    return [text]


@st.composite
def markdown(draw: st.DrawFn) -> str:
    """A Markdown-shaped document, sometimes with front matter, in one newline style."""
    lines: list[str] = []
    if draw(st.integers(0, 4)) == 0:
        lines += ["---", draw(st.sampled_from(["title: x", "title: [x", "- a", "kind: {"])),
                  *(["---"] * draw(st.booleans()))]
    for block in draw(st.lists(_block(), max_size=12)):
        lines += [*block, *([""] * draw(st.integers(0, 1)))]
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(lines) + (newline if draw(st.booleans()) else "")


documents = st.one_of(markdown(), st.text(max_size=300))
