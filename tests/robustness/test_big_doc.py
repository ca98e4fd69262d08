"""The 5 MB document (issue 10, third round): whole-document work done once per document,
counted, never timed.

- ``facts/monitoring.level_legend`` is read by the operation facts and again by the alert
  levels; each reading cut every unit of the document twice (once for legend tables, once
  for inline definitions). Counted as whole-document cuts of ``facts.text.units``.
- ``checks/bdr/objectives._named_units`` and ``checks/ops/routine_read.elsewhere_units`` cut the
  whole document themselves on every call; they now read the shared document units
  (``checks/shared/units.doc_units``). Counted as whole-document cuts of the shared reader.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from opslint.checks.shared import units as shared_units
from opslint.config import Config
from opslint.document.model import DocKind, Document, Section
from opslint.facts import monitoring
from opslint.lint import Bundle, document_from_text, lint_documents
from tests.conftest import CountCalls

EXAMPLES = Path(__file__).parents[2] / "examples"


def _whole(scope: Document | Section, doc: Document) -> bool:
    return scope is doc or scope is doc.root


def _lint(bundle: Bundle, doc: Document) -> int:
    return len(lint_documents([doc], [], Config(), bundle, lang="en").findings)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_level_legend_cuts_the_document_once(bundle: Bundle, lang: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = EXAMPLES / lang / "clean" / "17_Operation_Design.md"
    doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, None,
                             DocKind.OPERATION)
    cuts = 0
    real = monitoring.units

    def counting(scope: Any, **kwargs: Any) -> Any:
        nonlocal cuts
        cuts += _whole(scope, doc)
        return real(scope, **kwargs)

    monkeypatch.setattr(monitoring, "units", counting)
    _lint(bundle, doc)
    assert cuts == 1  # was 4: two readings of the legend, two cuts each


def test_level_legend_is_read_anew_for_another_document(bundle: Bundle) -> None:
    legend = ("# Ops\n\n## Alerts\n\n| word | level |\n|---|---|\n| page | Critical |\n"
              "| ticket | Warning |\n")
    plain = "# Ops\n\n## Alerts\n\nNothing defined here.\n"
    first = document_from_text(legend, Path("a.md"), bundle, None, DocKind.OPERATION)
    second = document_from_text(plain, Path("b.md"), bundle, None, DocKind.OPERATION)
    assert monitoring.level_legend(first) == (("page", "critical"), ("ticket", "warning"))
    assert monitoring.level_legend(second) == ()
    assert monitoring.level_legend(first) == (("page", "critical"), ("ticket", "warning"))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_check_readers_share_the_documents_units(bundle: Bundle, lang: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = EXAMPLES / lang / "clean" / "17_Operation_Design.md"
    doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, None,
                             DocKind.OPERATION)
    cuts: Counter[str] = Counter()
    real = shared_units.read_units

    def counting(scope: Any, **kwargs: Any) -> Any:
        if _whole(scope, doc):
            cuts[kwargs.get("code", "none")] += 1
        return real(scope, **kwargs)

    monkeypatch.setattr(shared_units, "read_units", counting)
    _lint(bundle, doc)
    # The backup objectives and the routine work elsewhere each cut the document again.
    assert cuts and max(cuts.values()) == 1, cuts


class _CountingPattern:
    """A secret kind's pattern that counts the lines it is run over (by kind and text)."""

    def __init__(self, name: str, pattern: Any, seen: Counter[tuple[str, str]]) -> None:
        self.name, self.real, self.seen = name, pattern, seen
        self.pattern, self.flags = pattern.pattern, pattern.flags  # read by the prefilter
        self.groupindex = pattern.groupindex

    def finditer(self, text: str) -> Any:
        self.seen[self.name, text] += 1
        return self.real.finditer(text)


_SECRETS_DOC = """# Ops

## Access

- db: postgres://app:Xq7rT2pLw9@db.internal:5432/app
- token: ghp_{gh}

| k | v |
|---|---|
| a | b |
| a | b |

- db: postgres://app:Xq7rT2pLw9@db.internal:5432/app

| k | v |
|---|---|
| a | b |
""".format(gh="A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8")


def test_secret_scan_reads_each_distinct_line_once(bundle: Bundle,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from opslint.checks.sec import secrets
    from opslint.facts.prefilter import needles
    from opslint.lint import extract_model

    doc = document_from_text(_SECRETS_DOC, Path("17_Operation_Design.md"), bundle, None,
                             DocKind.OPERATION)
    model = extract_model([doc], [], bundle)
    plain = secrets._read_scan(doc, model)
    real = secrets._kinds
    seen: Counter[tuple[str, str]] = Counter()

    def counting(ctx: Any) -> Any:
        return {name: replace(kind, regex=_CountingPattern(name, kind.regex, seen))
                for name, kind in real(ctx).items()}

    monkeypatch.setattr(secrets, "_kinds", counting)
    scan = secrets._read_scan(doc, model)
    assert set(seen.values()) == {1}  # a distinct line at most once per kind
    assert len(set(doc.lines)) < len(doc.lines)
    # A kind without literals (prefilter.py) reads every distinct line; the others only the
    # lines holding one of theirs ("postgres://", "ghp_").
    for name, kind in real(secrets.CheckContext(doc, model)).items():
        read = {text for kind_name, text in seen if kind_name == name}
        if needles(kind.regex) is None and not (kind.near and kind.spec.generic):
            assert read == set(doc.lines), name
        else:  # a generic kind counted only near another's match: read only near one
            assert read < set(doc.lines), name
    # A connection string needs "://" and "@" (prefilter.needed): both are looked for.
    assert {text for name, text in seen if name == "url_credentials"} == {
        line for line in doc.lines if "://" in line and "@" in line}
    # The same matches, on every line that repeats a text, in line order.
    lines = {name: list(found) for name, found in scan.matches.items()}
    assert lines == {name: list(found) for name, found in plain.matches.items()}
    connection = [i for i, line in enumerate(doc.lines) if "postgres://" in line]
    assert any(set(connection) <= set(found) for found in scan.matches.values())
    for name, found in scan.matches.items():
        assert list(found) == sorted(found), name
        for index, hits in found.items():
            assert [m.span() for m in hits] == [
                m.span() for m in real(secrets.CheckContext(doc, model))[name].regex.finditer(
                    doc.lines[index])]
    assert scan.taken == plain.taken


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_routine_units_are_read_once_per_document(bundle: Bundle, lang: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Four routine rules read the routine units and two the units elsewhere: once each."""
    from opslint.checks.ops import routine_read

    path = EXAMPLES / lang / "clean" / "17_Operation_Design.md"
    doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, None,
                             DocKind.OPERATION)
    walks: Counter[str] = Counter()
    real_walk, real_elsewhere = routine_read._walk, routine_read._elsewhere

    def walk(*args: Any) -> None:
        walks["walk:" + args[1].title] += 1
        real_walk(*args)

    def elsewhere(*args: Any) -> Any:
        walks["elsewhere"] += 1
        return real_elsewhere(*args)

    monkeypatch.setattr(routine_read, "_walk", walk)
    monkeypatch.setattr(routine_read, "_elsewhere", elsewhere)
    _lint(bundle, doc)
    assert walks and set(walks.values()) == {1}, walks


def test_routine_units_of_another_document_are_read_anew(bundle: Bundle) -> None:
    from opslint.checks.ops import routine_read

    texts = ["# Ops\n\n## 定常運用\n\n### 日次\n\n- ログを確認する\n",
             "# Ops\n\n## Routine operations\n\n### Weekly\n\n- Review the capacity report\n"
             "- Rotate the on-call roster\n"]
    docs = [document_from_text(t, Path("17_Operation_Design.md"), bundle, None,
                               DocKind.OPERATION) for t in texts]
    read = [[u.unit.text for u in routine_read.routine_units(d, [d.root], vocab)]
            for d in docs for vocab in [_routine_vocab(bundle, d)]]
    assert any("ログを確認する" in t for t in read[0])
    assert any("capacity" in t for t in read[1]) and not any("ログ" in t for t in read[1])
    again = routine_read.routine_units(docs[0], [docs[0].root], _routine_vocab(bundle, docs[0]))
    assert [u.unit.text for u in again] == read[0]


def _routine_vocab(bundle: Bundle, doc: Document) -> Any:
    from opslint.checks.ops.routine_read import routine_vocab
    from opslint.engine.context import CheckContext
    from opslint.lint import extract_model

    return routine_vocab(CheckContext(doc, extract_model([doc], [], bundle)))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_scope_units_are_sliced_from_the_documents_units(bundle: Bundle, lang: str,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """The parts rules read their chapters' units from the document's units: the same units
    as cutting each chapter, with one cut of the document per code mode."""
    from opslint.engine.context import CheckContext
    from opslint.lint import extract_model

    path = EXAMPLES / lang / "clean" / "17_Operation_Design.md"
    doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, None,
                             DocKind.OPERATION)
    ctx = CheckContext(doc, extract_model([doc], [], bundle))
    modes = ("none", "comments", "all")
    expected = {(id(s), code): list(shared_units.section_units(doc, s, code=code))
                for s in doc.sections() for code in modes}
    cuts = 0
    real = shared_units.read_units

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal cuts
        cuts += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(shared_units, "read_units", counting)
    for _ in range(2):
        for section in doc.sections():
            for code in modes:
                got = list(shared_units.scope_units(ctx, section, code=code))
                assert got == expected[(id(section), code)], (section.title, code)
    assert len(expected) > 30
    assert cuts <= len(modes)  # was one per section, mode and reading


def test_scope_sections_are_matched_once_per_document_and_keys(bundle: Bundle) -> None:
    """Many rules ask for the same chapters: the titles are matched once per document and
    keys, and another document or other keys are read anew."""
    texts = ["# Ops\n\n## 監視\n\n### 監視項目\n\n- CPU\n\n## バックアップ\n\n- 日次\n",
             "# Ops\n\n## Backup\n\n- daily\n"]
    docs = [document_from_text(t, Path("17_Operation_Design.md"), bundle, None,
                               DocKind.OPERATION) for t in texts]
    vocab = bundle.vocab
    calls = 0
    real = type(vocab).section_matches

    def counting(self: Any, section: Section, key: str) -> bool:
        nonlocal calls
        calls += 1
        return real(self, section, key)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(type(vocab), "section_matches", counting)
        first = shared_units.scope_sections(vocab, docs[0], ["observability"])
        once = calls
        for _ in range(5):
            assert shared_units.scope_sections(vocab, docs[0], ["observability"]) == first
        assert calls == once > 0
        backup = shared_units.scope_sections(vocab, docs[0], ["backup"])
        assert calls > once and [s.title for s in backup] == ["バックアップ"]
        assert [s.title for s in first] == ["監視"]
        assert [s.title for s in shared_units.scope_sections(vocab, docs[1], ["backup"])] == [
            "Backup"]
        first.clear()  # a caller's list is its own
        assert shared_units.scope_sections(vocab, docs[0], ["observability"])


def test_routine_chapters_are_read_once_per_document(bundle: Bundle,
                                                     count_calls: CountCalls) -> None:
    """Every routine rule asks for the routine chapters: every heading is read for a cadence
    once per document (was once per rule)."""
    from opslint.checks.ops import routine_read

    path = EXAMPLES / "ja" / "clean" / "17_Operation_Design.md"
    doc = document_from_text(path.read_text(encoding="utf-8"), path, bundle, None,
                             DocKind.OPERATION)
    calls = count_calls(routine_read, "outermost")
    _lint(bundle, doc)
    assert calls["outermost"] == 1
