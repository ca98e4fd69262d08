"""The real public documents in ../shared/corpus/real: no crash, right kinds, bounded noise.

Skipped on a fresh clone, where ../shared is absent.
"""

from __future__ import annotations

from collections import Counter

import pytest
from click.testing import CliRunner

from opslint.cli import cli
from opslint.config import Config
from opslint.document.model import DocKind
from opslint.lint import Bundle, lint_paths
from tests.conftest import CORPUS

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/real is absent")

FAMILY = {
    "C001": DocKind.RELEASE,
    "C004": DocKind.BASIC_DESIGN,
    "C006": DocKind.RELEASE,
    "C007": DocKind.OPERATION,
    "C008": DocKind.SECURITY,
}


@pytest.fixture(scope="module")
def result(bundle: Bundle):  # type: ignore[no-untyped-def]
    return lint_paths([CORPUS], Config(), bundle)


def test_template_family_kinds(result) -> None:  # type: ignore[no-untyped-def]
    kinds = {d.path.name[:4]: d.kind for d in result.targets}
    for prefix, kind in FAMILY.items():
        assert kinds[prefix] is kind, prefix


def test_every_file_is_read(result) -> None:  # type: ignore[no-untyped-def]
    assert len(result.targets) == len(list(CORPUS.glob("*.md")))
    assert not result.unreadable


def test_unknown_documents_get_no_errors(result) -> None:  # type: ignore[no-untyped-def]
    # Runbooks, postmortems and OSS release notes are not what the spec describes: only
    # kind-independent rules (secrets) may speak about them, and never structurally.
    unknown = {d.path.as_posix() for d in result.targets if d.kind is DocKind.UNKNOWN}
    noisy = Counter(f.rule_id for f in result.findings
                    if f.path in unknown and f.severity.value == "error")
    assert not noisy, noisy


def test_cli_never_crashes_on_the_corpus() -> None:
    outcome = CliRunner().invoke(cli, ["check", str(CORPUS)])
    assert outcome.exit_code in (0, 1), outcome.output
    assert "Traceback" not in outcome.output and "internal error" not in outcome.output
