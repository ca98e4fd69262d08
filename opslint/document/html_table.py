"""Raw HTML ``<table>`` blocks read as tables (PagerDuty's severity tables, corpus C016)."""

from __future__ import annotations

from html.parser import HTMLParser

from opslint.document.model import Row, Table

__all__ = ["html_table"]


class _HTMLTableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self.cell).split(" ")).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def html_table(html: str, line: int, end: int) -> Table | None:
    # PagerDuty's severity tables are raw HTML; read them as tables too (corpus C016).
    parser = _HTMLTableParser()
    parser.feed(html)
    rows = [r for r in parser.rows if r]
    if not rows:
        return None
    body = tuple(Row(tuple(r), line) for r in rows[1:])
    return Table(tuple(rows[0]), body, line, end)
