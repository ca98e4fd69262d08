"""Property-based tests: no input makes load, parse, extract, check or fix raise, and fix only
adds text, once (issue 10). Examples are derandomized and few, so CI time stays bounded;
``HYPOTHESIS_PROFILE=deep`` explores many more (see conftest.py)."""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from opslint.config import Config
from opslint.document.load import LoadError, SourceText, decode, encode, split_lines
from opslint.document.model import DocKind
from opslint.document.parse import parse_document
from opslint.fix import fix_paths, write_fixes
from opslint.lint import document_from_source, extract_model, lint_documents
from opslint.reporters import render
from opslint.reporters.terminal import printable
from tests.robustness.strategies import BUNDLE, documents, markdown

CONFIG = Config()
KINDS = [DocKind.RELEASE, DocKind.OPERATION, DocKind.ARCHITECTURE, None]
NAMES = {DocKind.RELEASE: "16_Release_Procedure.md", DocKind.OPERATION: "17_Operation_Design.md"}


def _source(text: str) -> SourceText:
    # Any str, even what no file decodes to (NUL, lone surrogates): parsing must not care.
    return SourceText(text, "utf-8", bom=False, newline="\n")


@given(st.one_of(st.binary(max_size=400), markdown().map(lambda t: t.encode("utf-8")),
                 st.text(max_size=200).map(lambda t: t.encode("utf-16-le"))))
def test_decode_gives_text_or_a_load_error(data: bytes) -> None:
    try:
        source = decode(data)
    except LoadError as error:
        assert str(error)
        return
    if source.encoding != "cp932":  # CP932 has two byte forms for some characters
        assert encode(source, source.text) == data
    assert source.newline in ("\n", "\r\n", "\r")


@given(documents)
def test_parse_reads_any_text_consistently(text: str) -> None:
    doc = parse_document(Path("d.md"), _source(text))
    lines = split_lines(doc.text)
    assert list(doc.lines) == lines
    last = max(len(lines), 1)
    for section in doc.sections():
        assert 1 <= section.line <= section.end_line <= last
        assert doc.section_at(section.line) is section
    for problem in doc.problems:
        assert 1 <= problem.line <= problem.end_line <= last


@given(documents, st.sampled_from(KINDS))
def test_extract_and_check_never_raise(text: str, kind: DocKind | None) -> None:
    name = NAMES.get(kind or DocKind.UNKNOWN, "doc.md")
    doc = document_from_source(Path(name), _source(text), BUNDLE, CONFIG, kind)
    model = extract_model([doc], [], BUNDLE)
    model.facts(doc)
    findings = lint_documents([doc], [], CONFIG, BUNDLE).findings
    last = max(len(doc.lines), 1)
    assert all(1 <= f.line <= last + 1 for f in findings)
    output = render(_Report(findings))
    assert output == printable(output, newlines=True)  # nothing a terminal would obey


class _Report:
    def __init__(self, findings: list) -> None:  # type: ignore[type-arg]
        self.findings = findings
        self.files = ["doc.md"]
        self.color = False
        self.format = "concise"


def _fix_once(path: Path) -> bytes:
    result = write_fixes(fix_paths([path], CONFIG, BUNDLE))
    assert not [f.problem for f in result.failed], result.failed
    return path.read_bytes()


def _in_order(original: list[str], fixed: list[str]) -> bool:
    remaining = iter(fixed)
    return all(any(line == candidate for candidate in remaining) for line in original)


@given(markdown(), st.sampled_from([DocKind.RELEASE, DocKind.OPERATION]),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16-le", "cp932"]))
def test_fix_only_adds_lines_and_settles(text: str, kind: DocKind, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / NAMES[kind]
        path.write_bytes(data)
        try:
            original = decode(data).text
        except LoadError:
            return
        fixed = _fix_once(path)
        assert _in_order(split_lines(original), split_lines(decode(fixed).text))
        assert _fix_once(path) == fixed  # idempotent: nothing is left to fix
