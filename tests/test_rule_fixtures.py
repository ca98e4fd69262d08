"""Every rule against its fixture documents: expected findings are marked in the fixtures.

Layout: ``tests/fixtures/rules/<RULE>/<case>.md`` (one document) or ``<case>/`` (a document
set, for cross-document rules). A finding is expected on every line that carries
``<!-- expect: RULE -->``; a case without such a comment must give no finding of RULE.
Cases named ``pass*`` must have no expectation; ``fail*`` at least one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opslint.config import Config
from opslint.lint import Bundle, lint_paths

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
_EXPECT = re.compile(r"<!--\s*expect:\s*([A-Z0-9, ]+?)\s*-->")


def _cases() -> list[tuple[str, Path]]:
    cases = []
    for rule_dir in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        for case in sorted(rule_dir.iterdir()):
            if case.suffix == ".md" or case.is_dir():
                cases.append((rule_dir.name, case))
    return cases


def _expected(case: Path, rule_id: str) -> set[tuple[str, int]]:
    files = sorted(case.rglob("*.md")) if case.is_dir() else [case]
    expected: set[tuple[str, int]] = set()
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            for match in _EXPECT.finditer(line):
                if rule_id in [c.strip() for c in match.group(1).split(",")]:
                    expected.add((path.name, number))
    sidecar = case / "EXPECT" if case.is_dir() else None
    if sidecar is not None and sidecar.is_file():
        for entry in sidecar.read_text(encoding="utf-8").split():
            name, line, rule = entry.split(":")
            if rule == rule_id:
                expected.add((name, int(line)))
    return expected


@pytest.mark.parametrize(
    ("rule_id", "case"), _cases(), ids=[f"{r}-{c.stem}" for r, c in _cases()]
)
def test_rule_fixture(bundle: Bundle, rule_id: str, case: Path) -> None:
    expected = _expected(case, rule_id)
    if case.name.startswith("pass"):
        assert not expected, "a pass case must not expect findings"
    if case.name.startswith("fail"):
        assert expected, "a fail case must expect at least one finding"
    # Suppression findings depend on the other rules running, so META cases run them all.
    select = [] if rule_id.startswith("META") else [rule_id]
    result = lint_paths([case], Config(select=select), bundle)
    found = {(Path(f.path).name, f.line) for f in result.findings if f.rule_id == rule_id}
    assert found == expected, "\n".join(
        f"{f.path}:{f.line} {f.rule_id} {f.message}" for f in result.findings
    )


def test_every_rule_has_pass_and_fail_fixtures(bundle: Bundle) -> None:
    missing = []
    for rule in bundle.rules:
        folder = FIXTURES / rule.id
        names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
        if not any(n.startswith("pass") for n in names) or not any(
            n.startswith("fail") for n in names
        ):
            missing.append(rule.id)
    assert not missing, f"rules without a pass and a fail fixture: {missing}"
