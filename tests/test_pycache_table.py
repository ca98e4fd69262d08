"""Tables of values compiled from texts, beside the package's bytecode
(opslint/pycache_table.py): what is read back is what was compiled for that very text, a
bad file is never an error, and saving merges with what other processes wrote meanwhile.
The values here are the dataclass table's (opslint/dataclass_bytecode.py `compiled`)."""

from __future__ import annotations

import marshal
import multiprocessing
import os
import struct
import sys
import zlib
from importlib.util import MAGIC_NUMBER
from pathlib import Path

import pytest

from opslint import pycache_table
from opslint.dataclass_bytecode import LIMIT, compiled
from opslint.pycache_table import Table, pairs


@pytest.fixture
def writes_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process writes bytecode (the container running the tests may say not to)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def _texts(path: Path) -> set[str]:
    """The texts of a table's entries."""
    table = Table(str(path), LIMIT)
    table.load()
    return {marshal.loads(table._at(offset, length))[0] for places in table.index.values()
            for offset, length in pairs(places)}


_TEXT = "def f(x):\n return x + 1\n"


def _file_of(entries: list[bytes], index: object, magic: bytes = MAGIC_NUMBER) -> bytes:
    packed = marshal.dumps(index)
    return magic + struct.pack("<Q", len(packed)) + packed + b"".join(entries)


_GOOD = marshal.dumps((_TEXT, compile(_TEXT, "<string>", "exec", dont_inherit=True)))
_CRC = zlib.crc32(_TEXT.encode())


@pytest.mark.parametrize("content", [
    b"", b"garbage", MAGIC_NUMBER, MAGIC_NUMBER + b"\xff\x00broken",
    MAGIC_NUMBER + struct.pack("<Q", 10**9) + b"short",
    _file_of([_GOOD], {_CRC: (0, len(_GOOD))}, magic=b"\x00\x00\x0d\x0a"),  # another Python
    _file_of([], ["not", "a", "table"]),
    _file_of([b"\xffbroken entry"], {_CRC: (0, 14)}),  # a damaged entry
    _file_of([_GOOD], {_CRC: (0, len(_GOOD) - 10)}),  # cut short
    _file_of([_GOOD], {_CRC: (len(_GOOD), 5)}),  # past the end
    _file_of([marshal.dumps(("another text", compile("1", "<string>", "exec")))],
             {_CRC: (0, 49)}),  # a checksum's entry of another text
    _file_of([marshal.dumps((_TEXT, "not code"))], {_CRC: (0, 20)}),
])
def test_a_damaged_or_foreign_file_is_compiled_around(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "methods.marshal"
    path.write_bytes(content)
    store = Table(str(path), LIMIT)
    store.load()
    code = compiled(store, _TEXT)
    assert store.added == 1  # compiled here, not read
    namespace: dict = {}
    exec(code, namespace)
    assert namespace["f"](1) == 2


def test_the_table_round_trips_and_only_grows_when_a_text_is_new(
        tmp_path: Path, writes_bytecode: None) -> None:
    path = tmp_path / "sub" / "methods.marshal"
    store = Table(str(path), LIMIT)
    store.load()
    texts = [f"def f{i}(a, b={i}):\n return a * b\n" for i in range(5)]
    for text in texts:
        compiled(store, text)
    store.save()
    assert path.is_file() and store.added == 0
    again = Table(str(path), LIMIT)
    again.load()
    assert _texts(path) == set(texts)
    for text in texts:
        assert compiled(again, text) == compile(text, "<string>", "exec", dont_inherit=True)
    assert again.added == 0
    stamp = path.stat().st_mtime_ns
    again.save()  # nothing new: not written
    assert path.stat().st_mtime_ns == stamp
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["methods.marshal", "methods.marshal.lock"]  # no temporary left


def test_past_the_limit_only_the_texts_of_this_run_are_kept(
        tmp_path: Path, writes_bytecode: None) -> None:
    path = tmp_path / "methods.marshal"
    old = Table(str(path), 3)
    for i in range(3):
        compiled(old, f"x{i} = {i}\n")
    old.save()
    run = Table(str(path), 3)
    run.load()
    compiled(run, "x0 = 0\n")
    compiled(run, "y = 1\n")
    run.save()
    assert _texts(path) == {"x0 = 0\n", "y = 1\n"}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions")
def test_a_read_only_folder_is_no_error(tmp_path: Path, writes_bytecode: None) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        store = Table(str(folder / "methods.marshal"), LIMIT)
        compiled(store, "z = 1\n")
        store.save()
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_an_unwritable_path_is_no_error(tmp_path: Path, writes_bytecode: None) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = Table(str(blocker / "sub" / "methods.marshal"), LIMIT)  # its folder cannot be made
    compiled(store, "z = 1\n")
    store.save()
    assert store.added == 1 and blocker.read_text() == "not a folder"


def test_a_run_adds_its_texts_to_the_file(tmp_path: Path, writes_bytecode: None) -> None:
    path = tmp_path / "methods.marshal"
    first = Table(str(path), LIMIT)
    compiled(first, "a = 1\n")
    compiled(first, "b = 2\n")
    first.save()
    second = Table(str(path), LIMIT)
    second.load()
    compiled(second, "c = 3\n")  # new; a and b are not asked for
    second.save()
    assert _texts(path) == {"a = 1\n", "b = 2\n", "c = 3\n"}
    third = Table(str(path), LIMIT)
    third.load()
    for text in ("a = 1\n", "b = 2\n", "c = 3\n"):
        assert compiled(third, text) == compile(text, "<string>", "exec", dont_inherit=True)
    assert third.added == 0


def test_a_save_keeps_what_another_process_added_meanwhile(
        tmp_path: Path, writes_bytecode: None) -> None:
    path = tmp_path / "methods.marshal"
    first, second = Table(str(path), LIMIT), Table(str(path), LIMIT)
    first.load()
    second.load()  # both read the file before either wrote it
    compiled(first, "a = 1\n")
    compiled(second, "b = 2\n")
    compiled(second, "a = 1\n")  # compiled by both: written once
    first.save()
    second.save()
    assert _texts(path) == {"a = 1\n", "b = 2\n"}
    table = Table(str(path), LIMIT)
    table.load()
    assert sum(len(places) // 2 for places in table.index.values()) == 2


def test_fewer_new_texts_than_few_are_not_written(tmp_path: Path, writes_bytecode: None) -> None:
    path = tmp_path / "table.marshal"
    table = Table(str(path), LIMIT, few=3)
    table.add("x", [1, 2])
    table.add("y", [3])
    table.save()
    assert not path.exists()
    table.add("z", {"k": 1})
    table.save()
    again = Table(str(path), LIMIT)
    again.load()
    assert (again.get("x"), again.get("y"), again.get("z"), again.get("w")) == \
        ([1, 2], [3], {"k": 1}, None)


def _add_in_worker(text: str) -> str:
    table = pycache_table._OPEN[0]
    compiled(table, text)
    return text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers (Linux)")
def test_a_forked_worker_adds_what_it_compiled_when_its_pool_ends(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writes_bytecode: None) -> None:
    from opslint.workers import _finish, _init_worker

    path = tmp_path / "methods.marshal"
    table = Table(str(path), LIMIT)
    monkeypatch.setattr(pycache_table, "_OPEN", [table])
    pool = multiprocessing.get_context("fork").Pool(2, initializer=_init_worker,
                                                     initargs=(None,))
    with pool:
        texts = list(pool.imap(_add_in_worker, [f"w{i} = {i}\n" for i in range(6)]))
        _finish(pool)
    assert table.added == 0  # compiled there, not here
    assert _texts(path) == set(texts)  # every worker's texts, none lost to another's save
