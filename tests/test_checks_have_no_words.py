"""No user-facing words in the check code: they are data in rules/ (STYLE.md, house rule 2).

Messages live in the rule files and the words filled into them (joiners, units, labels) in
rules/vocab/. Any non-ASCII string literal under opslint/checks/ outside docstrings and
comments is therefore suspect; the ones below are read, never shown.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

CHECKS = Path(__file__).resolve().parent.parent / "opslint" / "checks"

# Literals that only read documents: the punctuation, brackets and words of Japanese text that
# a check recognises. Keyed by file under opslint/checks/; each entry is a literal's
# non-ASCII characters, runs separated by one space, so an edit to the ASCII part of a
# pattern needs no change here.
READING: dict[str, set[str]] = {
    # A chain of arrows spells out steps ("検知 → 切替 → 確認").
    "bdr/backup.py": {"→"},
    # Brackets, quotes and colons between an RTO/RPO term and its value.
    "bdr/objectives.py": {"（） 「」 ："},
    # Name separators and brackets in team tables; a label's colon.
    "inc/blameless.py": {"、 ・", "、 ・ ＆", "（ （） ）", "："},
    # What may stand before an alert-level label, and the label's colon.
    "mon/alerts.py": {"、 ； （・ 【", "："},
    # Trailing punctuation stripped from an action cell before comparing it.
    "mon/rows.py": {"。"},
    # Dashes and ellipses that make a cell blank.
    "mon/table.py": {"—―ー– …"},
    # Honorifics after a name, and asides in brackets.
    "rel/contacts.py": {"さん 様 氏", "（ ） ）"},
    # A label's trailing colon.
    "rel/mentions.py": {"："},
    # Trailing punctuation stripped from a quoted criterion.
    "rel/rollback.py": {"。 、"},
    # Brackets around a placeholder time (【HH:MM】).
    "rel/timeline.py": {"（【"},
    # Where a clause ends.
    "rel/vocab.py": {"。"},
    # Severity labels: their separators.
    "shared/severity.py": {"–— ・ 、"},
    # What ends a "key: value" field.
    "shared/places.py": {"。！？"},
    # Quotation marks.
    "shared/text.py": {"「『“‘", "」』”’"},
    # The mark of a cut-off text: typography, the same in both languages.
    "shared/words.py": {"…"},
    # Units removed to find what a figure is about.
    "slo/arithmetic.py": {"秒 ミリ秒"},
    # Arithmetic signs, clause ends, percentile and month words in SLO targets.
    "slo/targets.py": {
        "− –× ÷", "、。 ； （）", "パーセンタイル", "月",
        "パーセンタイル レイテンシー 応答時間 レスポンスタイム ≦ ≧ ≤ ≥ ミリ秒 μ 秒 分 パーセント",
    },
    # Script classes of name tokens, and asides in brackets.
    "xdoc/common.py": {"々〆 ー", "（ ） ）"},
    # An owner's aside and a label's colon in the integration table.
    "xdoc/coverage.py": {"（", "："},
    # Range marks between service-hour clock times.
    "xdoc/nfr.py": {"– 〜～"},
    # Separators of approver names, and asides in brackets.
    "xdoc/security.py": {"、 ， ／ ； 及び および", "（ ） ）"},
}


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                found.add(id(first.value))
    return found


def _non_ascii_literals(path: Path) -> list[tuple[int, str]]:
    """(line, non-ASCII runs) of each string literal, docstrings and comments excepted."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):  # an f-string is judged whole
            skip.update(id(part) for part in ast.walk(node) if part is not node)
    found = []
    for node in ast.walk(tree):
        literal = isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Constant) and isinstance(node.value, str))
        if not literal or id(node) in skip:
            continue
        text = ast.get_source_segment(source, node) or ""
        if not text.isascii():
            found.append((node.lineno, " ".join(re.findall(r"[^\x00-\x7f]+", text))))
    return found


def test_check_code_holds_no_user_facing_words() -> None:
    unexpected = []
    for path in sorted(CHECKS.rglob("*.py")):
        name = path.relative_to(CHECKS).as_posix()
        for line, runs in _non_ascii_literals(path):
            if runs not in READING.get(name, set()):
                unexpected.append(f"opslint/checks/{name}:{line}: {runs}")
    assert not unexpected, (
        "non-ASCII text in check code; message words belong in rules/vocab/ "
        "(or, for a pattern that only reads documents, in READING here):\n"
        + "\n".join(unexpected)
    )


def test_reading_list_is_current() -> None:
    found = {(path.relative_to(CHECKS).as_posix(), runs)
             for path in CHECKS.rglob("*.py") for _, runs in _non_ascii_literals(path)}
    listed = {(name, runs) for name, entries in READING.items() for runs in entries}
    assert not listed - found, f"READING entries no literal needs any more: {listed - found}"
