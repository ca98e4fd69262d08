"""Turn a file's bytes into text, remembering how to write it back unchanged."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DEFAULT_MAX_BYTES",
    "LINE_BREAK",
    "LoadError",
    "SourceText",
    "decode",
    "encode",
    "load_file",
    "read_regular",
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
    """Decode UTF-8 (BOM or not), UTF-16 (BOM or not), or Shift_JIS/CP932; else LoadError."""
    if data.startswith(codecs.BOM_UTF8):
        return _make(data[3:], "utf-8", bom=True)
    if data.startswith(codecs.BOM_UTF16_LE):
        return _make(data[2:], "utf-16-le", bom=True)
    if data.startswith(codecs.BOM_UTF16_BE):
        return _make(data[2:], "utf-16-be", bom=True)
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise LoadError("binary file (contains NUL bytes), not Markdown text")
        try:
            return _make(data, encoding, bom=False)
        except LoadError as error:
            raise LoadError(f"looks like {encoding.upper()} without a BOM, but: {error}") from None
    try:
        return _make(data, "utf-8", bom=False)
    except LoadError:
        pass
    try:
        # CP932 is the Windows superset of Shift_JIS that Japanese Office tools write.
        return _make(data, "cp932", bom=False)
    except LoadError:
        raise LoadError(
            "cannot decode as UTF-8, UTF-16 or Shift_JIS/CP932; "
            "save the file as UTF-8"
        ) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "-be" when NUL bytes sit where UTF-16 puts them, else None.

    Markdown is never free of ASCII (``#``, ``|``, ``-``, spaces, newlines), and in UTF-16
    every ASCII character has a NUL high byte: after the other byte in little-endian, before
    it in big-endian. Japanese text adds NULs on the other side (U+4E00 一, U+3000
    ideographic space), fewer. Binary data has NULs on both sides; strict decoding (no lone
    surrogates), no U+0000 and the control-character check reject what slips through.
    """
    sample = data[: 1 << 16]
    units = len(sample) // 2
    if len(data) % 2 or units < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    least = max(1, units // 10)  # every real document in the corpus: 18% ASCII or more
    if odd >= least and even < odd:
        return "utf-16-le"
    if even >= least and odd < even:
        return "utf-16-be"
    return None


def _make(data: bytes, encoding: str, *, bom: bool) -> SourceText:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise LoadError(f"invalid {encoding} at byte {error.start}") from None
    if not bom and "\x00" in text:  # UTF-16 guessed from NUL bytes: U+0000 is no text
        raise LoadError("binary file (contains NUL characters), not Markdown text")
    _reject_control_characters(text)
    return SourceText(text=text, encoding=encoding, bom=bom, newline=_newline_of(text))


# Every byte but the control characters below U+0020 other than tab, newline, vertical tab,
# form feed and CR: in UTF-8 those are the only bytes below 0x20.
_NOT_CONTROL = bytes(range(256)).translate(None, bytes([*range(0x09), *range(0x0E, 0x20)]))


def _reject_control_characters(text: str) -> None:
    # A decodable file full of control bytes is a binary that happened to decode.
    sample = text[:4096]
    # counted in C on the sample's UTF-8 bytes: a loop over its characters took 0.4 ms a
    # document, about 6 % of its parse
    controls = len(sample.encode("utf-8", "surrogatepass").translate(None, _NOT_CONTROL))
    if sample and controls > max(8, len(sample) // 100):
        raise LoadError("binary file (control characters), not Markdown text")


DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # config: max-file-size

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_NOCTTY", 0))


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _open_problem(path: Path, error: OSError) -> str:
    reason = error.strerror or str(error)
    if error.errno == errno.ELOOP:
        return f"{reason} (a symbolic link loop)"
    if path.is_symlink() and error.errno == errno.ENOENT:
        return f"broken symbolic link to {os.readlink(path)}"
    return reason


def read_regular(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one regular file of at most ``max_bytes``; every problem (a FIFO, a
    device, a symlink loop, a file too large, an OS error) becomes a LoadError.

    The file is opened without blocking and checked on the open descriptor, so a FIFO cannot
    hang the run and ``/dev/zero`` behind a ``.md`` link is refused before a byte is read.
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise LoadError(_open_problem(path, error)) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(f"{_file_kind(info.st_mode)}, not a regular file")
        if info.st_size > max_bytes:
            raise LoadError(_too_large(info.st_size, max_bytes))
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(max_bytes + 1)
    except OSError as error:
        raise LoadError(error.strerror or str(error)) from None
    finally:
        os.close(descriptor)
    if len(data) > max_bytes:  # it grew after fstat
        raise LoadError(_too_large(len(data), max_bytes, more=True))
    return data


def load_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read (``read_regular``) and decode one file; every problem becomes a LoadError."""
    return decode(read_regular(path, max_bytes))


def _too_large(size: int, limit: int, *, more: bool = False) -> str:
    over = "more than " if more else ""
    return (f"the file is {over}{size:,} bytes, over the limit of {limit:,} bytes "
            "(max-file-size in the config)")


def encode(source: SourceText, text: str) -> bytes:
    """Encode text back with the original encoding and BOM (newlines are the caller's)."""
    data = text.encode(source.encoding)
    if not source.bom:
        return data
    bom = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE}.get(
        source.encoding, codecs.BOM_UTF16_BE
    )
    return bom + data
