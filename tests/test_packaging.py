"""The wheel ships rules/ inside the package, and the installed package loads the same rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling")
    pytest.importorskip("build")
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out),
         str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return next(out.glob("opslint-*.whl"))


def test_wheel_contains_every_rule_file(wheel: Path) -> None:
    source = {
        p.relative_to(ROOT / "rules").as_posix(): p.read_bytes()
        for p in (ROOT / "rules").rglob("*") if p.is_file()
    }
    with zipfile.ZipFile(wheel) as archive:
        shipped = {
            name.removeprefix("opslint/_rules/"): archive.read(name)
            for name in archive.namelist() if name.startswith("opslint/_rules/")
        }
    assert shipped == source


def test_wheel_ships_no_development_tools(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert not [n for n in names if n.startswith("tools/")]
    assert "opslint/docs.py" not in names and "opslint/schemas.py" not in names


def test_installed_package_loads_the_same_rules(wheel: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path)
    code = (
        "import json, opslint.resources as r; from opslint.lint import Bundle;"
        "b = Bundle.load(); print(json.dumps([str(r.rules_dir()), [x.id for x in b.rules]]))"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    rules_dir, ids = json.loads(result.stdout)
    assert Path(rules_dir) == tmp_path / "opslint" / "_rules"

    from opslint.lint import Bundle

    assert ids == [r.id for r in Bundle.load().rules]
