"""What opslint reads agrees with what a perfect reader extracts (each set's facts.yaml).

Every set is five consistent documents written in a house style of its own, with a
facts.yaml in the evalkit shape. The mapping from facts.yaml into the summary's facts
(``opslint summary --format json`` → ``facts``) is written here, field by field. The sets
under ../shared/evalkit are read when present (skipped cleanly otherwise); ours live in
tests/fixtures/sets and always run.

A field that opslint does not read yet is listed in ``GAPS`` with why: its test is a strict
xfail, so it fails loudly the day the reading improves and the entry must go.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml

from opslint.config import Config
from opslint.document.normalize import normalize
from opslint.facts.quantities import find_durations
from opslint.lint import Bundle, extract_model, read_documents
from opslint.summary_facts import FactSet, build_facts
from tests.conftest import ROOT

EVALKIT = ROOT.parent / "shared" / "evalkit" / "sets"
OURS = ROOT / "tests" / "fixtures" / "sets"
SETS = {p.name: p for root in (OURS, EVALKIT) if root.is_dir()
        for p in sorted(root.iterdir()) if (p / "facts.yaml").is_file()}
FIELDS = ("monitor_ids", "monitor_levels", "monitor_slo_links", "monitor_channels", "slis",
          "slo_targets", "slo_windows", "recovery_objectives", "audit_log_retention",
          "datastores", "integrations", "deploy_strategy", "dr_strategy", "backups", "people")

# (set, field) → why opslint does not read it yet. Strict xfails: remove when fixed.
GAPS: dict[tuple[str, str], str] = {
}

_LEVELS = {"critical": "critical", "warning": "warning", "info": "info"}


def _facts(name: str) -> FactSet:
    bundle = _bundle()
    docs = read_documents([SETS[name]], Config(), bundle)
    return build_facts(extract_model(docs.targets, docs.context, bundle))


_CACHE: dict[str, Any] = {}


def _bundle() -> Bundle:
    if "bundle" not in _CACHE:
        _CACHE["bundle"] = Bundle.load()
    return _CACHE["bundle"]  # type: ignore[no-any-return]


def _expected(name: str) -> dict[str, Any]:
    return yaml.safe_load((SETS[name] / "facts.yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _minutes(text: str) -> float:
    found = find_durations(str(text))
    assert found, f"no duration in {text!r}"
    return found[0].minutes


def _percent(text: str) -> float | None:
    match = re.search(r"(\d+(?:\.\d+)?)\s*[%％]", normalize(str(text)))
    return float(match.group(1)) if match else None


def _legend(expected: dict[str, Any]) -> dict[str, str]:
    """facts.yaml's level legend: the document's level word → critical / warning / info."""
    legend = expected.get("alert_levels") or {}
    out = {}
    for word, meaning in legend.items():
        first = str(meaning).split()[0].strip("(（,").casefold()
        out[normalize(str(word))] = _LEVELS.get(first, first)
    return out


def _monitors(expected: dict[str, Any]) -> list[dict[str, Any]]:
    return list(expected.get("monitors") or [])


def _operation_monitors(facts: FactSet) -> dict[str, Any]:
    return {m.id: m for m in facts.monitors if m.id}


# --------------------------------------------------------------------------- field checks


def check_monitor_ids(expected: dict[str, Any], facts: FactSet) -> None:
    want = {str(m["id"]) for m in _monitors(expected)}
    assert want == set(_operation_monitors(facts))


def check_monitor_levels(expected: dict[str, Any], facts: FactSet) -> None:
    legend, got = _legend(expected), _operation_monitors(facts)
    wrong = {m["id"]: (m["level"], got[m["id"]].level_name if m["id"] in got else None)
             for m in _monitors(expected)
             if m["id"] not in got
             or legend.get(normalize(str(m["level"]))) != got[m["id"]].level_name}
    assert not wrong


def check_monitor_slo_links(expected: dict[str, Any], facts: FactSet) -> None:
    got = _operation_monitors(facts)
    wrong = {m["id"]: (m.get("slo"), got[m["id"]].sli if m["id"] in got else None)
             for m in _monitors(expected) if m.get("slo")
             if m["id"] not in got or normalize(str(m["slo"])) not in normalize(got[m["id"]].sli)}
    assert not wrong


def check_slis(expected: dict[str, Any], facts: FactSet) -> None:
    want = {normalize(str(s["name"])) for s in expected.get("slis") or []}
    assert want <= {normalize(s.name) for s in facts.slis}


def check_slo_targets(expected: dict[str, Any], facts: FactSet) -> None:
    targets = {s.percent for s in facts.slos if s.percent is not None}
    want = {p for s in expected.get("slos") or []
            if (p := _percent(s["target"])) is not None and str(s["target"]).strip()[0].isdigit()}
    assert want <= targets


def check_recovery_objectives(expected: dict[str, Any], facts: FactSet) -> None:
    source = expected.get("recovery") or expected
    want = {("RTO", _minutes(source["rto"])), ("RPO", _minutes(source["rpo"]))}
    assert want <= {(o.kind, o.minutes) for o in facts.objectives}


def _audit_expected(expected: dict[str, Any]) -> list[tuple[str, float]]:
    logs = expected.get("audit_logs") or []
    if isinstance(logs, dict):
        logs = logs.get("logs") or []
    out = []
    for log in logs:
        kind = str(log.get("kind") or log.get("log"))
        retention = log.get("retention_operation") or log.get("ops_retention")
        out.append((kind, _minutes(str(retention)) / 1440.0))
    return out


def check_audit_log_retention(expected: dict[str, Any], facts: FactSet) -> None:
    operation = [(normalize(a.target), a.retention_days) for a in facts.audit_logs
                 if a.document == "operation" and a.retention_days]
    missing = []
    for kind, days in _audit_expected(expected):
        words = [w for w in re.split(r"[\s,（）()、]+", normalize(kind)) if len(w) >= 2]
        match = [d for t, d in operation if words and words[0] in t]
        if not match or all(abs(d - days) > 1 for d in match):
            missing.append((kind, days, match))
    assert not missing


def _datastore_texts(expected: dict[str, Any]) -> list[str]:
    return [" ".join(str(v) for k, v in d.items() if k in ("name", "engine"))
            for d in expected.get("datastores") or []]


def check_datastores(expected: dict[str, Any], facts: FactSet) -> None:
    index = _bundle()
    from opslint.facts.technology import TechIndex

    tech = TechIndex.from_vocab(index.vocab)
    want = {h.entry.name for text in _datastore_texts(expected) for h in tech.find(text)
            if h.entry.category == "datastore"}
    assert want <= set(facts.datastores)


def check_people(expected: dict[str, Any], facts: FactSet) -> None:
    members = normalize(" ".join(r.members for r in facts.roles))
    missing = [p["name"] for p in expected.get("people") or []
               if normalize(str(p["name"])) not in members]
    assert not missing


def _tech(text: str, *categories: str) -> set[str]:
    """Canonical names our vocabulary finds in an expected text (the mapping's lexicon)."""
    from opslint.facts.technology import TechIndex

    index = TechIndex.from_vocab(_bundle().vocab)
    return {h.entry.name for h in index.find(str(text)) if h.entry.category in categories}


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(_text(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return str(value or "")


def check_monitor_channels(expected: dict[str, Any], facts: FactSet) -> None:
    got = _operation_monitors(facts)
    wrong = {}
    for monitor in _monitors(expected):
        want = _tech(monitor.get("channel", ""), "channel", "alerting")
        have = set(got[monitor["id"]].channels) if monitor["id"] in got else set()
        if not want <= have:
            wrong[monitor["id"]] = (sorted(want), sorted(have))
    assert not wrong


def _window_days(text: str) -> float | str | None:
    norm = normalize(text)
    if any(w in norm for w in ("暦月", "月間", "calendar month", "monthly")):
        return "month"
    found = find_durations(text)
    return round(found[0].minutes / 1440.0) if found else None


def check_slo_windows(expected: dict[str, Any], facts: FactSet) -> None:
    wrong = []
    for slo in expected.get("slos") or []:
        percent = _percent(slo["target"])
        if percent is None or not str(slo["target"]).strip()[0].isdigit():
            continue
        want = _window_days(str(slo.get("window", "")))
        have = {("month" if s.window_kind == "month" else
                 round(s.window_days) if s.window_days else None)
                for s in facts.slos if s.percent == percent}
        if want is not None and want not in have:
            wrong.append((slo["target"], want, have))
    assert not wrong


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[\s、,（）()「」『』/・＋+]+", normalize(text)) if len(w) >= 2}


def check_integrations(expected: dict[str, Any], facts: FactSet) -> None:
    ours = [_words(name) for name in facts.integrations]
    missing = [i["name"] for i in expected.get("integrations") or []
               if not any(_words(str(i["name"])) & words for words in ours)]
    assert not missing


def check_deploy_strategy(expected: dict[str, Any], facts: FactSet) -> None:
    want = _tech(_text(expected.get("deploy_strategy")), "deploy_strategy")
    assert want and want <= set(facts.deploy_strategies)


def _dr(expected: dict[str, Any]) -> dict[str, Any]:
    dr = expected.get("dr") or (expected.get("recovery") or {}).get("dr") or {}
    return dr if isinstance(dr, dict) else {"strategy": dr}


def check_dr_strategy(expected: dict[str, Any], facts: FactSet) -> None:
    dr = _dr(expected)
    want = _tech(str(dr.get("strategy", "")), "dr_strategy")
    rejected = _tech(_text([dr.get("not_adopted"), dr.get("planned")]), "dr_strategy") - want
    assert want <= set(facts.dr_strategies)
    assert not rejected & set(facts.dr_strategies)


def check_backups(expected: dict[str, Any], facts: FactSet) -> None:
    backups = expected.get("backups") or (expected.get("recovery") or {}).get("backups") or []
    ours = [_words(b.target) for b in facts.backups]
    missing = [b["target"] for b in backups
               if not any(_words(str(b["target"])) & words for words in ours)]
    assert not missing


CHECKS: dict[str, Callable[[dict[str, Any], FactSet], None]] = {
    name: globals()[f"check_{name}"] for name in FIELDS}


def _cases() -> Iterable[Any]:
    for name in SETS:
        for field in FIELDS:
            marks = ([pytest.mark.xfail(strict=True, reason=GAPS[(name, field)])]
                     if (name, field) in GAPS else [])
            yield pytest.param(name, field, id=f"{name}-{field}", marks=marks)


@pytest.mark.parametrize(("name", "field"), list(_cases()))
def test_facts_agree(name: str, field: str) -> None:
    if name not in _CACHE:
        _CACHE[name] = _facts(name)
    CHECKS[field](_expected(name), _CACHE[name])


def test_our_sets_are_present() -> None:
    """Two sets of our own, in house styles other than examples/ and evalkit's."""
    assert {"ja-souko", "en-tidewater"} <= set(SETS)


def test_sets_outside_the_repository_are_optional() -> None:
    assert all(p.parent in (OURS, EVALKIT) for p in SETS.values())
    if not EVALKIT.is_dir():
        pytest.skip("../shared/evalkit is absent: only our own sets are compared")


def test_summary_json_carries_the_facts(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from opslint.cli import cli

    result = CliRunner().invoke(cli, ["summary", "--format", "json", str(OURS / "ja-souko")])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.output)
    assert {m["id"] for m in data["facts"]["monitors"]} == {
        str(m["id"]) for m in _monitors(_expected("ja-souko"))}
