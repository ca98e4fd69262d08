"""The cache of dataclass-generated methods (opslint/dataclass_bytecode.py): the methods it
gives are the methods ``dataclasses`` compiles itself, and a bad cache file is never an error.

Installing it changes the ``dataclasses`` module for the whole process, so every test that
installs it runs in a child Python.
"""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from importlib.util import MAGIC_NUMBER
from pathlib import Path

import pytest

from opslint import dataclass_bytecode
from opslint.pycache_table import Table, pairs, table_path

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
    table = Table(str(path), dataclass_bytecode.LIMIT)
    table.load()
    return {marshal.loads(table._at(offset, length))[0] for places in table.index.values()
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


def test_the_file_sits_with_the_package_bytecode() -> None:
    path = table_path("dataclass-methods")
    assert path is not None
    assert Path(path).name == f"dataclass-methods.{sys.implementation.cache_tag}.marshal" or \
        ".opt-" in Path(path).name
    if sys.pycache_prefix is None:
        assert Path(path).parent == Path(dataclass_bytecode.__file__).parent / "__pycache__"
    else:
        assert Path(path).is_relative_to(sys.pycache_prefix)


