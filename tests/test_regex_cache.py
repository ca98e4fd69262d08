"""Compiled patterns kept beside the package's bytecode (opslint/regex_cache.py): a second
process gets the same patterns without compiling them, and a bad entry is only a miss;
derived values kept in the cache folder per code."""

from __future__ import annotations

import ast
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Run in a child process: installing the cache patches re's compiler for the process.
SCRIPT = """
import re, sys
from opslint.regex_cache import install
import re._compiler as compiler
install()
owner = compiler.compile.__self__
table = owner._table
loaded = sum(len(places) // 2 for places in table.index.values())
patterns = [re.compile(rf"(?P<n{i}>\\d+)\\s*(分|min)(?i:utes)?|x{{{i}}}") for i in range(20)]
patterns.append(re.compile(rb"[\\x00-\\x08]+", re.MULTILINE))
patterns.append(re.compile(r"^\\s*#\\s*(?P<title>.+?)\\s*$", re.MULTILINE | re.IGNORECASE))
seen = [(p.pattern, p.flags, p.groups, sorted(p.groupindex.items()),
         [m.span() for m in p.finditer("12 分 3min 4 Minutes xx" if isinstance(p.pattern, str)
                                        else b"a\\x01\\x02b")]) for p in patterns]
print(repr((table.added, loaded, seen)))
"""


def _run(prefix: Path) -> tuple[int, int, list[object]]:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            timeout=120, env={**env, "PYTHONPATH": path,
                                              "PYTHONPYCACHEPREFIX": str(prefix)})
    assert result.returncode == 0, result.stderr[-3000:]
    new, table, seen = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    return new, table, seen


def test_a_second_process_reuses_the_compiled_patterns(tmp_path: Path) -> None:
    new, table, first = _run(tmp_path)
    assert new >= 21 and table == 0  # the bytes pattern is compiled as usual, not kept
    [kept] = list(tmp_path.rglob("regex-opcodes-*.marshal"))
    new, table, second = _run(tmp_path)
    assert new == 0 and table >= 21
    assert second == first
    assert list(tmp_path.rglob("*.marshal")) == [kept]


def test_a_corrupt_entry_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from opslint.pycache_table import Table, pairs

    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    first = _run(tmp_path)[2]
    [path] = list(tmp_path.rglob("regex-opcodes-*.marshal"))
    table = Table(str(path), 100)
    table.load()
    entries = [marshal.loads(table._at(offset, length)) for places in table.index.values()
               for offset, length in pairs(places)]
    table._file.close()
    path.unlink()
    broken = Table(str(path), 100)
    for text, args in entries:  # every entry's opcodes made invalid
        broken.add(text, (args[0], args[1], [99999, *args[2][1:]], *args[3:]))
    broken.save()
    new, _, seen = _run(tmp_path)
    assert new >= 21  # the entries looked up were compiled again
    assert seen == first
    new, _, seen = _run(tmp_path)
    assert new == 0 and seen == first  # and replaced


# What opslint derives from a pattern (remembered) is kept per code: computed once, read
# back equal by the next process, computed again when the code differs.
DERIVED = """
import re, sys
from pathlib import Path
from opslint import cache as cache_module
from opslint.cache import Cache
from opslint.regex_cache import install, remembered
if sys.argv[2] != "same":
    cache_module.code_fingerprint = lambda: sys.argv[2]
install(Cache(Path(sys.argv[1])))
computed = []
def derive(pattern):
    computed.append(pattern.pattern)
    return (frozenset(pattern.pattern.split("|")), pattern.flags)
patterns = [re.compile(rf"a{i}|b{i}", re.IGNORECASE if i % 2 else 0) for i in range(6)]
values = [remembered("probe", p, lambda p=p: derive(p)) for p in patterns]
again = [remembered("probe", p, lambda p=p: derive(p)) for p in patterns]
other = remembered("other", patterns[0], lambda: "another kind of value")
assert again == values
kept = sorted(map(sorted, (v[0] for v in values)))
print(repr((len(computed), kept, [v[1] for v in values], other)))
"""


def _derived(cache: Path, code: str = "same") -> tuple[int, list[object], list[int], str]:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    result = subprocess.run([sys.executable, "-c", DERIVED, str(cache), code],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": path})
    assert result.returncode == 0, result.stderr[-3000:]
    found: tuple[int, list[object], list[int], str] = ast.literal_eval(
        result.stdout.strip().splitlines()[-1])
    return found


def test_derived_values_are_computed_once_per_code(tmp_path: Path) -> None:
    computed, values, flags, other = _derived(tmp_path)
    assert computed == 6 and other == "another kind of value"
    assert flags == [int(re.UNICODE) | (int(re.IGNORECASE) if i % 2 else 0) for i in range(6)]
    assert _derived(tmp_path) == (0, values, flags, other)  # read back, equal
    assert _derived(tmp_path, "other code")[0] == 6  # another opslint: computed again


def test_without_the_cache_a_derived_value_is_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    from opslint import regex_cache

    monkeypatch.setattr(regex_cache, "_OWNER", None)  # as in a run without a cache
    calls = []
    pattern = re.compile("x|y")
    for _ in range(2):
        assert regex_cache.remembered("probe", pattern, lambda: calls.append(1) or 7) == 7
    assert calls == [1, 1]


# The prefilter needles (opslint/facts/prefilter.py) through the cache: a second check,
# of a changed file, reads every pattern's needles back, equal to working them out.
NEEDLES = """
import json, sys
from opslint import regex_cache
from opslint.facts import prefilter
from opslint.cli.app import main
worked, read = [], []
original = regex_cache.remembered
def spy(what, pattern, compute):
    def counted():
        worked.append(pattern.pattern)
        return compute()
    value = original(what, pattern, counted)
    if what == "needles":
        read.append((pattern, value))
    return value
regex_cache.remembered = spy
try:
    main(["check", "--format", "concise", sys.argv[1]])
except SystemExit:
    pass
same = all(value == prefilter._needed(pattern) for pattern, value in read)
print(repr((len(worked), len(read), same)))
"""


def test_prefilter_needles_come_back_from_the_cache_equal(tmp_path: Path) -> None:
    import shutil

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "examples" / "ja" / "defects", docs)
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path, "OPSLINT_CACHE_DIR": str(tmp_path / "cache")}
    found = []
    for run in range(2):
        for doc in docs.glob("*.md"):  # changed: its findings are not in the cache
            doc.write_text(doc.read_text(encoding="utf-8") + f"\n{run}\n", encoding="utf-8")
        result = subprocess.run([sys.executable, "-c", NEEDLES, str(docs)], capture_output=True,
                                text=True, timeout=300, env=env)
        assert result.returncode == 0, result.stderr[-3000:]
        found.append(ast.literal_eval(result.stdout.strip().splitlines()[-1]))
    (worked_first, read_first, same_first), (worked_second, read_second, same_second) = found
    assert worked_first > 20 and read_first >= worked_first and same_first
    assert worked_second == 0 and read_second == read_first and same_second
