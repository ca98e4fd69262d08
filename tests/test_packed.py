"""opslint/packed.py: a parse packed while ``check`` reads a run is the same document when
its set is linted, and no file is parsed twice."""

from __future__ import annotations

import multiprocessing
import pickle
import shutil
import sys
from pathlib import Path

import pytest

import opslint.docsets
import opslint.packed
from opslint.config import Config
from opslint.docsets import check_paths
from opslint.lint import Bundle, document_from_text, lint_paths
from opslint.packed import PackedDocuments, pack, unpack
from tests.conftest import CountCalls

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").rglob("*.md"))
FIXTURE_SETS = ROOT / "tests" / "fixtures" / "sets"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_packed_parse_is_the_same_document(path: Path, bundle: Bundle) -> None:
    doc = document_from_text(path.read_text("utf-8"), path, bundle)
    assert unpack(pack(doc)) == doc


def test_front_matter_tables_and_code_survive_packing(bundle: Bundle) -> None:
    text = ("---\ntitle: 運用設計書\nowner: sre\n---\n# 運用設計書\n\n"
            "| 監視ID | 閾値 |\n| -- | -- |\n| M-1 | `p99 > 300ms` |\n\n"
            "```yaml\nalert: x\n```\n\n- [ ] TBD\n")
    doc = document_from_text(text, Path("17_Operation_Design.md"), bundle)
    again = unpack(pack(doc))
    assert again == doc and again.front_matter == {"title": "運用設計書", "owner": "sre"}


def _docs(bundle: Bundle) -> dict[str, bytes]:
    return {p.name: pack(document_from_text(p.read_text("utf-8"), p, bundle))
            for p in EXAMPLES[:3]}


def test_the_store_gives_back_what_it_was_given(bundle: Bundle) -> None:
    store = PackedDocuments()
    packs = _docs(bundle)
    for key, packed in packs.items():
        store.put(key, packed)
    assert all(key in store for key in packs)
    for key, packed in packs.items():
        assert store.get(key) == unpack(packed)
        assert store.get(key) == unpack(packed)  # given back as often as asked
    first = next(iter(packs))
    store.drop(first)
    assert first not in store and store.get(first) is None
    store.close()
    assert store.get(next(reversed(packs))) is None


def test_without_a_temporary_file_packs_stay_in_memory_up_to_a_budget(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def refuse(*_: object, **__: object) -> None:
        raise OSError("read-only file system")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    packs = list(_docs(bundle).items())
    monkeypatch.setattr(opslint.packed, "MEMORY_BUDGET", len(packs[0][1]) + len(packs[1][1]))
    store = PackedDocuments()
    for key, packed in packs:
        store.put(key, packed)
    assert [key in store for key, _ in packs] == [True, True, False]  # the third: parsed again
    store.drop(packs[0][0])
    store.put(packs[2][0], packs[2][1])  # room again
    assert store.get(packs[2][0]) == unpack(packs[2][1])


def test_a_full_disk_moves_the_packs_to_memory(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    packs = list(_docs(bundle).items())
    store = PackedDocuments()
    store.put(*packs[0])

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(opslint.packed, "_write_at", full)
    store.put(*packs[1])
    assert store.get(packs[0][0]) == unpack(packs[0][1])  # what the file holds stays
    assert store.get(packs[1][0]) == unpack(packs[1][1])  # the rest: in memory


def test_past_the_file_budget_packs_go_to_memory(
        bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    packs = list(_docs(bundle).items())
    monkeypatch.setattr(opslint.packed, "FILE_BUDGET", len(packs[0][1]))
    monkeypatch.setattr(opslint.packed, "MEMORY_BUDGET", len(packs[1][1]))
    store = PackedDocuments()
    for key, packed in packs:
        store.put(key, packed)
    assert [key in store for key, _ in packs] == [True, True, False]
    assert [store.get(key) == unpack(packed) for key, packed in packs[:2]] == [True, True]


def _child(store: PackedDocuments, key: str, out: multiprocessing.Queue[object]) -> None:
    out.put(store.get(key))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux only")
def test_a_forked_worker_reads_the_file_the_run_wrote(bundle: Bundle) -> None:
    store = PackedDocuments()
    packs = _docs(bundle)
    for key, packed in packs.items():
        store.put(key, packed)
    context = multiprocessing.get_context("fork")
    out: multiprocessing.Queue[object] = context.Queue()
    last = next(reversed(packs))
    child = context.Process(target=_child, args=(store, last, out))
    child.start()
    got = out.get(timeout=60)
    child.join(60)
    assert got == unpack(packs[last])
    assert store.get(last) == unpack(packs[last])  # the child moved no offset of ours


def test_a_store_pickled_to_a_spawned_worker_travels_without_its_file(bundle: Bundle) -> None:
    store = PackedDocuments()
    key, packed = next(iter(_docs(bundle).items()))
    store.put(key, packed)
    assert key not in pickle.loads(pickle.dumps(store))  # that worker parses the file
    assert store.get(key) == unpack(packed)


@pytest.fixture
def many_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ("a", "b"):
        for source in sorted((ROOT / "examples" / "ja" / "defects").glob("*.md")):
            (tmp_path / folder).mkdir(exist_ok=True)
            shutil.copyfile(source, tmp_path / folder / source.name)
    shutil.copytree(FIXTURE_SETS, tmp_path / "sets")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("jobs", [1, 2])
def test_no_file_of_a_run_is_parsed_twice(
        many_folders: Path, bundle: Bundle, monkeypatch: pytest.MonkeyPatch,
        count_calls: CountCalls, jobs: int) -> None:
    monkeypatch.setattr(opslint.docsets, "_KEEP_PARSED_CHARS", 0)  # nothing kept as objects
    config = Config.model_validate({})
    whole = lint_paths([Path(".")], config, bundle)
    parses = count_calls(opslint.docsets, "document_from_source")
    sets = check_paths([Path(".")], config, bundle, jobs=jobs)
    assert sets.findings == whole.findings
    files = len(list(many_folders.rglob("*.md")))
    # one process parses each file once; with workers, this process parses none
    assert parses["document_from_source"] == (files if jobs == 1 else 0)
