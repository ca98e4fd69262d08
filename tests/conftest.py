"""Shared test helpers: the loaded rule bundle, in-memory linting, the tools/ scripts."""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from opslint.config import Config
from opslint.document.model import DocKind, Document
from opslint.engine.findings import Finding
from opslint.lint import Bundle, document_from_text, lint_documents

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "real"
# Every Markdown source we can compare a reading on: ours, and ../shared's where present.
MARKDOWN_CORPORA = (ROOT / "examples", ROOT / "tests" / "fixtures", CORPUS,
                    SHARED / "evalkit" / "sets")


# The markdown-it-py whose code opslint's parse shortcuts were checked against (the digests
# in document/block_rules.py, emphasis.py and inline_simple.py). With another version those
# shortcuts switch themselves off and markdown-it's own code runs: the same findings,
# slower. The tests that the installed version is the checked one then skip (a new
# upstream release must not turn CI red), saying what to do.
CHECKED_MARKDOWN_IT = "4.3.0"


def skip_unless_checked_markdown_it() -> None:
    from importlib.metadata import version

    installed = version("markdown-it-py")
    if installed != CHECKED_MARKDOWN_IT:
        pytest.skip(f"markdown-it-py {installed} is installed; opslint's parse shortcuts were "
                    f"checked against {CHECKED_MARKDOWN_IT}, so markdown-it's own code runs "
                    "(same findings, slower): check the new version and add its digests")


def markdown_documents() -> list[Path]:
    """Every Markdown file of ``MARKDOWN_CORPORA`` present here, in a fixed order."""
    return [path for corpus in MARKDOWN_CORPORA if corpus.is_dir()
            for path in sorted(corpus.rglob("*.md"))]


def markdown_texts() -> list[str]:
    """The text of every file of ``markdown_documents`` (at least 50: the repository's own)."""
    texts = [path.read_text(encoding="utf-8", errors="replace")
             for path in markdown_documents()]
    assert len(texts) >= 50
    return texts
TOOLS = ROOT / "tools"


def example_documents(bundle: Bundle) -> list[Document]:
    """Every bundled example document (clean and defects, both languages), parsed."""
    docs = [document_from_text(path.read_text(encoding="utf-8"), path, bundle, Config(), None)
            for folder in ("ja/clean", "en/clean", "ja/defects", "en/defects")
            for path in sorted((ROOT / "examples" / folder).glob("*.md"))]
    assert len(docs) > 10
    return docs


def load_tool(name: str) -> ModuleType:
    """A script of tools/ (``gen_rules_doc``, ``gen_schemas``), imported by path.

    tools/ is not in the wheel, so CI's non-editable install cannot import it by name.
    """
    module_name = f"opslint_tools_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, TOOLS / f"{name}.py")
    assert spec is not None and spec.loader is not None, name
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # pydantic resolves model annotations through it
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    return Bundle.load()


CountCalls = Callable[[object, str], "Counter[str]"]


@pytest.fixture
def count_calls(monkeypatch: pytest.MonkeyPatch) -> CountCalls:
    """``count_calls(owner, name)``: replace ``owner.name`` (a module's function, or a
    class's method) by one that counts its calls and passes them through; returns the one
    Counter of every name counted in the test (work counted, never timed)."""
    calls: Counter[str] = Counter()

    def count(owner: object, name: str) -> Counter[str]:
        real = getattr(owner, name)

        def counting(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, counting)
        return calls

    return count


@pytest.fixture
def broken_release_check(bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> str:
    """The id of a release rule whose check now raises ``ValueError("boom")``."""
    rule = next(r for r in bundle.rules
                if r.check is not None and r.spec.applies_to(DocKind.RELEASE))
    assert rule.check is not None

    def broken(*_: object) -> list[object]:
        raise ValueError("boom")

    monkeypatch.setattr(importlib.import_module(rule.check.module), rule.check.function_name,
                        broken)
    return rule.id


@pytest.fixture
def refuse_workers(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """``refuse_workers()``: from then on, starting a pool of forked workers fails as a
    refused fork does (EAGAIN), so a run must do the work in its own process."""
    import multiprocessing.context

    def refused(*_: object, **__: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    def refuse() -> None:
        monkeypatch.setattr(multiprocessing.context.ForkContext, "Pool", refused)

    return refuse


def lint_text(
    bundle: Bundle,
    markdown: str,
    kind: DocKind | None = None,
    *,
    select: tuple[str, ...] = (),
    context: Mapping[DocKind, str] | None = None,
    name: str = "doc.md",
    lang: str = "auto",
) -> list[Finding]:
    """Lint one in-memory document (plus optional context documents by kind)."""
    config = Config(select=list(select))
    doc = document_from_text(markdown, Path(name), bundle, config, kind)
    others: list[Document] = [
        document_from_text(text, Path(f"context_{k.value}.md"), bundle, config, k)
        for k, text in (context or {}).items()
    ]
    return lint_documents([doc], others, config, bundle, lang=lang).findings


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the Japanese example set with planted defects, as `docs/` of the cwd."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "examples" / "ja" / "defects", tmp_path / "docs")
    return tmp_path / "docs"
