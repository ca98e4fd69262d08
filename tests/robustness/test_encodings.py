"""UTF-16 without a BOM is read, not called binary (issue 10); binary stays binary."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from opslint.config import Config
from opslint.document.load import LoadError, decode
from opslint.fix import fix_paths, write_fixes
from opslint.lint import Bundle

EXAMPLES = Path(__file__).parents[2] / "examples"
DOCS = sorted(EXAMPLES.glob("*/clean/1[67]_*.md"))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("path", DOCS, ids=[f"{p.parent.parent.name}-{p.stem}" for p in DOCS])
def test_utf16_without_bom_is_detected(path: Path, encoding: str) -> None:
    text = path.read_text(encoding="utf-8")
    source = decode(text.encode(encoding))
    assert (source.text, source.encoding, source.bom) == (text, encoding, False)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_short_and_mostly_japanese_text(encoding: str) -> None:
    for text in ("# 一\n", "# リリース手順書\n\n一　二　三\n", "ab"):
        assert decode(text.encode(encoding)).text == text


def test_a_fix_writes_utf16_back_without_a_bom(bundle: Bundle, tmp_path: Path) -> None:
    path = tmp_path / "16_Release_Procedure.md"
    text = "# リリース手順書\r\n\r\n## 1. リリース概要\r\n\r\n概要。\r\n"
    path.write_bytes(text.encode("utf-16-le"))
    write_fixes(fix_paths([path], Config(select=["REL001"]), bundle))
    data = path.read_bytes()
    fixed = data.decode("utf-16-le")
    assert not data.startswith(b"\xff\xfe") and fixed.startswith(text)
    assert "## 6. 連絡網" in fixed and "\n" not in fixed.replace("\r\n", "")


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00",
    bytes(range(256)) * 4,
    b"\x00" * 64,
    "# 見出し\n".encode("utf-16-le")[:-1],  # odd length: truncated
    "a\x00b\n".encode("utf-16-le"),  # U+0000 is not text
], ids=["png", "all-bytes", "zeros", "odd-length", "nul-char"])
def test_binary_is_still_binary(data: bytes) -> None:
    with pytest.raises(LoadError):
        decode(data)


def test_random_binary_is_never_taken_for_text() -> None:
    rng = random.Random(10)
    for _ in range(300):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(2, 400, 2)))
        if b"\x00" in data:
            with pytest.raises(LoadError):
                decode(data)
    data = os.urandom(4096)
    with pytest.raises(LoadError):
        decode(data + b"\x00\x00")
