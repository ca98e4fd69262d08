"""Turn a file's bytes into text, remembering how to write it back unchanged."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "LINE_BREAK",
    "LoadError",
    "SourceText",
    "decode",
    "encode",
    "load_file",
    "split_lines",
]

# The one definition of a line, everywhere (model, fixes, excerpts, diffs): the line breaks
# markdown-it counts. str.splitlines() also breaks at U+2028, U+2029, NEL, form feed,
# vertical tab and \x1c-\x1e, which would shift every line after them.
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class SourceText:
    """Decoded text plus what a fix needs to write the file back byte for byte."""

    text: str
    encoding: str  # "utf-8", "utf-16-le", "utf-16-be" or "cp932"
    bom: bool
    newline: str  # "\n", "\r\n" or "\r": the first line ending found


class LoadError(Exception):
    """The file cannot be read as text; the message says why, for the user."""


_MAX_BYTES = 20 * 1024 * 1024


def split_lines(text: str, *, keepends: bool = False) -> list[str]:
    """The text's lines as markdown-it and every line number of opslint count them."""
    if keepends:
        ends = [m.end() for m in LINE_BREAK.finditer(text)]
        starts = [0, *ends]
        lines = [text[a:b] for a, b in zip(starts, [*ends, len(text)], strict=True)]
    else:
        lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _newline_of(text: str) -> str:
    index = text.find("\n")
    if index > 0 and text[index - 1] == "\r":
        return "\r\n"
    if index < 0 and "\r" in text:
        return "\r"
    return "\n"


def decode(data: bytes) -> SourceText:
    """Decode UTF-8 (BOM or not), UTF-16 with BOM, or Shift_JIS/CP932; else raise LoadError."""
    if data.startswith(codecs.BOM_UTF8):
        return _make(data[3:], "utf-8", bom=True)
    if data.startswith(codecs.BOM_UTF16_LE):
        return _make(data[2:], "utf-16-le", bom=True)
    if data.startswith(codecs.BOM_UTF16_BE):
        return _make(data[2:], "utf-16-be", bom=True)
    if b"\x00" in data:
        raise LoadError("binary file (contains NUL bytes), not Markdown text")
    try:
        return _make(data, "utf-8", bom=False)
    except LoadError:
        pass
    try:
        # CP932 is the Windows superset of Shift_JIS that Japanese Office tools write.
        return _make(data, "cp932", bom=False)
    except LoadError:
        raise LoadError(
            "cannot decode as UTF-8, UTF-16 (with BOM) or Shift_JIS/CP932; "
            "save the file as UTF-8"
        ) from None


def _make(data: bytes, encoding: str, *, bom: bool) -> SourceText:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise LoadError(f"invalid {encoding} at byte {error.start}") from None
    _reject_control_characters(text)
    return SourceText(text=text, encoding=encoding, bom=bom, newline=_newline_of(text))


def _reject_control_characters(text: str) -> None:
    # A decodable file full of control bytes is a binary that happened to decode.
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if sample and controls > max(8, len(sample) // 100):
        raise LoadError("binary file (control characters), not Markdown text")


def load_file(path: Path) -> SourceText:
    """Read and decode one file; OSError and decoding problems become LoadError."""
    try:
        size = path.stat().st_size
        if size > _MAX_BYTES:
            raise LoadError(f"file is {size} bytes; opslint reads at most {_MAX_BYTES}")
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(error.strerror or str(error)) from None
    return decode(data)


def encode(source: SourceText, text: str) -> bytes:
    """Encode text back with the original encoding and BOM (newlines are the caller's)."""
    data = text.encode(source.encoding)
    if not source.bom:
        return data
    bom = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE}.get(
        source.encoding, codecs.BOM_UTF16_BE
    )
    return bom + data
