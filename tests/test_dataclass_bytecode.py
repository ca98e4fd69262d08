"""The cache of dataclass-generated methods (opslint/dataclass_bytecode.py): the methods it
gives are the methods ``dataclasses`` compiles itself, and a bad cache file is never an error.

Installing it changes the ``dataclasses`` module for the whole process, so every test that
installs it runs in a child Python.
"""

from __future__ import annotations

import json
import marshal
import os
import struct
import subprocess
import sys
import zlib
from importlib.util import MAGIC_NUMBER
from pathlib import Path

import pytest

from opslint import dataclass_bytecode
from opslint.dataclass_bytecode import Store, pairs

ROOT = Path(__file__).resolve().parents[1]

# Runs a check (so every module of a check is imported), then prints, for each dataclass
# of opslint, a fingerprint of each method dataclasses generated, and what the store did.
_CHILD = r"""
import dataclasses, hashlib, json, sys
install = sys.argv[1] == "install"
if install:
    from opslint.dataclass_bytecode import install as install_cache
    store = install_cache()
    assert store is not None
    loaded = sum(len(places) // 2 for places in store.index.values())
from opslint.cli import main
try:
    main(["check", "--no-cache", "--format", "json", sys.argv[2]])
except SystemExit:
    pass
# a class of our own, with every kind of generated method
@dataclasses.dataclass(frozen=True, order=True, kw_only=True)
class Probe:
    name: str
    count: int = 0
    tags: tuple = dataclasses.field(default_factory=tuple)
probe = Probe(name="a", count=2)
try:
    probe.count = 3
except dataclasses.FrozenInstanceError:
    frozen = True
else:
    frozen = False
def fingerprint(code):
    parts = (code.co_code, repr(code.co_consts), code.co_names, code.co_varnames,
             code.co_freevars, code.co_cellvars, code.co_filename, code.co_name,
             code.co_qualname, code.co_flags, code.co_firstlineno, code.co_linetable,
             code.co_exceptiontable, code.co_argcount, code.co_kwonlyargcount)
    return hashlib.sha256(repr(parts).encode()).hexdigest()
prints = {}
for module in list(sys.modules.values()):
    if not (getattr(module, "__name__", "").startswith("opslint") or module.__name__ == "__main__"):
        continue
    for value in list(vars(module).values()):
        if isinstance(value, type) and dataclasses.is_dataclass(value):
            for name, member in vars(value).items():
                code = getattr(member, "__code__", None)
                if code is not None and code.co_filename == "<string>":
                    prints[f"{value.__module__}.{value.__qualname__}.{name}"] = fingerprint(code)
same_hash = hash(probe) == hash(Probe(name="a", count=2))
report = {"prints": prints, "probe": [repr(probe), probe < Probe(name="b"), same_hash, frozen]}
if install:
    report["loaded"] = loaded
    report["added"] = store.added
print(json.dumps(report))
"""


def _child(mode: str, prefix: Path, *, dont_write: bool = False) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    env["PYTHONPYCACHEPREFIX"] = str(prefix)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    if dont_write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    target = ROOT / "examples" / "ja" / "clean"
    result = subprocess.run([sys.executable, "-c", _CHILD, mode, str(target)],
                            capture_output=True, text=True, env=env, timeout=300, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def writes_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process writes bytecode (the container running the tests may say not to)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def _texts(path: Path) -> set[str]:
    """The texts of a table's entries."""
    store = Store(str(path))
    store.load()
    return {marshal.loads(store._at(offset, length))[0] for places in store.index.values()
            for offset, length in pairs(places)}


def _cache_files(prefix: Path) -> list[Path]:
    return sorted(prefix.rglob("dataclass-methods.*.marshal"))


def test_cached_methods_are_the_methods_dataclasses_compiles(tmp_path: Path) -> None:
    plain = _child("plain", tmp_path / "plain")
    assert len(plain["prints"]) > 500  # the check's dataclasses, each with its methods
    assert _cache_files(tmp_path / "plain") == []  # not installed: nothing written

    cold = _child("install", tmp_path / "cached")
    assert cold["loaded"] == 0 and cold["added"] > 500
    files = _cache_files(tmp_path / "cached")
    assert len(files) == 1 and files[0].read_bytes().startswith(MAGIC_NUMBER)

    warm = _child("install", tmp_path / "cached")
    assert warm["loaded"] >= cold["added"] and warm["added"] == 0  # nothing compiled again
    assert cold["prints"] == plain["prints"]
    assert warm["prints"] == plain["prints"]
    assert warm["probe"] == cold["probe"] == plain["probe"]
    assert plain["probe"][1:] == [True, True, True]


def test_nothing_is_written_when_python_writes_no_bytecode(tmp_path: Path) -> None:
    report = _child("install", tmp_path, dont_write=True)
    assert report["added"] > 0
    assert _cache_files(tmp_path) == []


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
    store = Store(str(path))
    store.load()
    code = store.compiled(_TEXT)
    assert store.added == 1  # compiled here, not read
    namespace: dict = {}
    exec(code, namespace)
    assert namespace["f"](1) == 2


def test_the_table_round_trips_and_only_grows_when_a_text_is_new(
        tmp_path: Path, writes_bytecode: None) -> None:
    path = tmp_path / "sub" / "methods.marshal"
    store = Store(str(path))
    store.load()
    texts = [f"def f{i}(a, b={i}):\n return a * b\n" for i in range(5)]
    for text in texts:
        store.compiled(text)
    store.save()
    assert path.is_file() and store.added == 0
    again = Store(str(path))
    again.load()
    assert _texts(path) == set(texts)
    for text in texts:
        assert again.compiled(text) == compile(text, "<string>", "exec", dont_inherit=True)
    assert again.added == 0
    stamp = path.stat().st_mtime_ns
    again.save()  # nothing new: not written
    assert path.stat().st_mtime_ns == stamp
    assert [p.name for p in path.parent.iterdir()] == ["methods.marshal"]  # no temporary left


def test_past_the_limit_only_the_texts_of_this_run_are_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writes_bytecode: None) -> None:
    monkeypatch.setattr(dataclass_bytecode, "LIMIT", 3)
    path = tmp_path / "methods.marshal"
    old = Store(str(path))
    for i in range(3):
        old.compiled(f"x{i} = {i}\n")
    old.save()
    run = Store(str(path))
    run.load()
    run.compiled("x0 = 0\n")
    run.compiled("y = 1\n")
    run.save()
    assert _texts(path) == {"x0 = 0\n", "y = 1\n"}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions")
def test_a_read_only_folder_is_no_error(tmp_path: Path, writes_bytecode: None) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        store = Store(str(folder / "methods.marshal"))
        store.compiled("z = 1\n")
        store.save()
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_an_unwritable_path_is_no_error(tmp_path: Path, writes_bytecode: None) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = Store(str(blocker / "sub" / "methods.marshal"))  # its folder cannot be made
    store.compiled("z = 1\n")
    store.save()
    assert store.added == 1 and blocker.read_text() == "not a folder"


def test_the_file_sits_with_the_package_bytecode() -> None:
    path = dataclass_bytecode.store_path()
    assert path is not None
    assert Path(path).name == f"dataclass-methods.{sys.implementation.cache_tag}.marshal" or \
        ".opt-" in Path(path).name
    if sys.pycache_prefix is None:
        assert Path(path).parent == Path(dataclass_bytecode.__file__).parent / "__pycache__"
    else:
        assert Path(path).is_relative_to(sys.pycache_prefix)


def test_a_run_adds_its_texts_to_the_file(tmp_path: Path, writes_bytecode: None) -> None:
    path = tmp_path / "methods.marshal"
    first = Store(str(path))
    first.compiled("a = 1\n")
    first.compiled("b = 2\n")
    first.save()
    second = Store(str(path))
    second.load()
    second.compiled("c = 3\n")  # new; a and b are not asked for
    second.save()
    assert _texts(path) == {"a = 1\n", "b = 2\n", "c = 3\n"}
    third = Store(str(path))
    third.load()
    for text in ("a = 1\n", "b = 2\n", "c = 3\n"):
        assert third.compiled(text) == compile(text, "<string>", "exec", dont_inherit=True)
    assert third.added == 0
