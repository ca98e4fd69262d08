"""Loading: encodings, BOMs, newline styles, and clear errors for what cannot be read."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from opslint.document.load import LoadError, decode, encode, load_file

TEXT = "# リリース手順書\n\n切り戻し手順を記載する。\n"


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (TEXT.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", True),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", True),
        (TEXT.encode("cp932"), "cp932", False),
        (TEXT.encode("shift_jis"), "cp932", False),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "cp932", "shift-jis"],
)
def test_decodes_and_round_trips(data: bytes, encoding: str, bom: bool) -> None:
    source = decode(data)
    assert source.text == TEXT
    assert (source.encoding, source.bom) == (encoding, bom)
    assert encode(source, source.text) == data


@pytest.mark.parametrize(
    ("text", "newline"), [("a\nb\n", "\n"), ("a\r\nb\r\n", "\r\n"), ("a\rb\r", "\r"), ("a", "\n")]
)
def test_remembers_newline_style(text: str, newline: str) -> None:
    source = decode(text.encode("utf-8"))
    assert source.newline == newline
    assert source.text == text  # never translated


def test_cp932_specific_characters() -> None:
    # ①, ㈱ and NEC special characters exist in CP932 but not in strict Shift_JIS.
    text = "① ㈱ｼｮｯﾌﾟ ～\n"
    data = text.encode("cp932")
    source = decode(data)
    assert source.text == text
    assert encode(source, source.text) == data


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)) * 4, b"\x01\x02\x03\x04" * 200],
    ids=["png", "all-bytes", "control-chars"],
)
def test_binary_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(LoadError) as error:
        decode(data)
    assert str(error.value)


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError):
        load_file(tmp_path / "absent.md")
