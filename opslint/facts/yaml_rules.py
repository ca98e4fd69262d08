"""SLOs and alert rules written as YAML in code blocks (issue 9, "documents under other
names"): OpenSLO (``kind: SLO``), Sloth (``slos:``) and Prometheus rule groups
(``groups: … rules: - alert:``).

Teams paste the files their tooling reads instead of a table. Each becomes the same fact a
table row gives (`Slo`, `Monitor`), so every SLO and monitoring rule checks it like a table.
They are read only where a document states no SLO or monitor in prose or tables (the
callers fall back to them), so a table and its generated YAML never count twice.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from opslint.document.model import CodeBlock, Document
from opslint.document.normalize import normalize
from opslint.facts.model import BurnRate, Monitor, Slo
from opslint.facts.quantities import find_thresholds
from opslint.facts.text import Terms

__all__ = ["promql_burn_rate", "yaml_monitors", "yaml_slos"]

_YAML_INFO = {"yaml", "yml"}
_HINT = re.compile(r"(?m)^\s*(?:groups:|slos:|kind:\s*SLO\b|-\s*alert:)")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|h|d|w)\s*$")
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 24 * 60, "w": 7 * 24 * 60}
_SLOTH_WINDOW = "30d"  # Sloth's default SLO period


def _documents(doc: Document) -> Iterator[tuple[CodeBlock, Any]]:
    """Each YAML document of each YAML code block that looks like SLOs or alert rules."""
    for block in doc.root.all_blocks():
        if not isinstance(block, CodeBlock):
            continue
        info = block.info.strip().split()[0].lower() if block.info.strip() else ""
        if info not in _YAML_INFO or not _HINT.search(block.text):
            continue
        yield from ((block, data) for data in _parsed(block.text) if isinstance(data, Mapping))


@functools.lru_cache(maxsize=64)
def _parsed(text: str) -> tuple[Any, ...]:
    """A block's YAML documents, parsed once for both the SLO and the alert readers."""
    from opslint.engine.yamlio import YAMLError, load_yaml_all  # only such blocks pay for it

    try:
        return tuple(load_yaml_all(text))
    except YAMLError:
        return ()  # not ours to report: a broken snippet is the author's draft


def _map(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _line(block: CodeBlock, pattern: str) -> int:
    """The document line of the first block line matching ``pattern``, else the fence."""
    found = re.compile(pattern)
    for offset, text in enumerate(block.text.splitlines(), start=1):
        if found.search(text):
            return block.line + offset
    return block.line


def _window(value: object) -> tuple[float | None, str | None, str]:
    match = _DURATION.match(str(value)) if value is not None else None
    if not match:
        return None, None, ""
    minutes = float(match.group(1)) * _UNIT_MINUTES[match.group(2)]
    return minutes, "days", str(value)


def _kind(name: str, terms: Terms) -> str:
    norm = normalize(name)
    if terms.has(norm, "sli_error_rate") and not terms.has(norm, "sli_availability"):
        return "success"
    return "availability" if terms.has(norm, "sli_availability") else "success"


def _percent(value: object, ratio: bool) -> float | None:
    try:
        number = float(str(value))
    except ValueError:
        return None
    number = number * 100 if ratio and number <= 1 else number
    return number if 0 < number < 100 else None


def _openslo(block: CodeBlock, data: Mapping[str, Any], terms: Terms) -> Iterator[Slo]:
    spec, meta = _map(data.get("spec")), _map(data.get("metadata"))
    name = str(meta.get("displayName") or meta.get("name") or "")
    windows = spec.get("timeWindow") or []
    first = _map(windows[0] if isinstance(windows, list) and windows else None)
    window = _window(first.get("duration"))
    for objective in spec.get("objectives") or []:
        if not isinstance(objective, Mapping):
            continue
        percent = (_percent(objective["targetPercent"], ratio=False)
                   if "targetPercent" in objective else
                   _percent(objective.get("target"), ratio=True))
        if percent is None:
            continue
        label = str(objective.get("displayName") or name)
        line = _line(block, r"target(?:Percent)?\s*:")
        yield Slo(label, _kind(f"{label} {spec.get('description', '')}", terms), line,
                  block.text.splitlines()[line - block.line - 1].strip(), percent=percent,
                  window_minutes=window[0], window_kind=window[1], window_text=window[2])


def _sloth(block: CodeBlock, data: Mapping[str, Any], terms: Terms) -> Iterator[Slo]:
    for slo in data.get("slos") or []:
        if not isinstance(slo, Mapping) or "objective" not in slo:
            continue
        percent = _percent(slo.get("objective"), ratio=False)
        if percent is None:
            continue
        name = str(slo.get("name") or "")
        window = _window(slo.get("time_window") or _SLOTH_WINDOW)
        line = _line(block, rf"name:\s*[\"']?{re.escape(name)}") if name else block.line
        yield Slo(name, _kind(f"{name} {slo.get('description', '')}", terms), line,
                  f"{name}: {percent}%", percent=percent, window_minutes=window[0],
                  window_kind=window[1], window_text=window[2], sli=name)


def yaml_slos(doc: Document, terms: Terms) -> tuple[Slo, ...]:
    """SLOs of OpenSLO and Sloth documents in the document's YAML code blocks."""
    found: list[Slo] = []
    for block, data in _documents(doc):
        if str(data.get("kind", "")) == "SLO":
            found.extend(_openslo(block, data, terms))
        elif isinstance(data.get("slos"), list):
            found.extend(_sloth(block, data, terms))
    return tuple(found)


def _prometheus(block: CodeBlock, data: Mapping[str, Any]) -> Iterator[Monitor]:
    for group in data.get("groups") or []:
        rules = group.get("rules") if isinstance(group, Mapping) else None
        for rule in rules or []:
            if not isinstance(rule, Mapping) or "alert" not in rule:
                continue
            name, expr = str(rule["alert"]), " ".join(str(rule.get("expr", "")).split())
            labels, notes = _map(rule.get("labels")), _map(rule.get("annotations"))
            hold = f" for {rule['for']}" if rule.get("for") else ""
            threshold = f"{expr}{hold}"
            yield Monitor(
                id=name, target=str(labels.get("service") or labels.get("component") or ""),
                item=str(notes.get("summary") or name), threshold=threshold,
                level=str(labels.get("severity") or ""),
                sli=str(labels.get("slo") or labels.get("sli") or ""),
                action=str(notes.get("runbook_url") or notes.get("runbook") or ""),
                line=_line(block, rf"alert:\s*[\"']?{re.escape(name)}\b"),
                text=f"{name} | {threshold}", thresholds=tuple(find_thresholds(threshold)),
                burn_rate=promql_burn_rate(expr, " ".join(
                    str(v) for v in (name, *labels.values(), *notes.values()))),
            )


# PromQL burn-rate conditions: "> (14.4 * (1 - 0.999))" (a factor times the budget ratio, in
# either order), or a bare error ratio "> 0.0144"; windows from range selectors ("[1h]") and
# from recording-rule names ("slo:sli_error:ratio_rate5m").
_NUM = r"(\d+(?:\.\d+)?)"
_BUDGET = r"\(\s*1\s*-\s*(0?\.\d+)\s*\)"
_TIMES = re.compile(rf"{_NUM}\s*\*\s*{_BUDGET}|{_BUDGET}\s*\*\s*{_NUM}")
_BARE = re.compile(r">=?\s*\(?\s*(0?\.\d+(?:e-?\d+)?|\d(?:\.\d+)?e-\d+)\s*\)?(?![\w.*])")
_RANGE = re.compile(r"\[(\d+)([smhdw])\]|ratio_rate(\d+)([smhdw])\b")
_LABELLED_FACTOR = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:x|×|倍)(?![a-z])", re.IGNORECASE)
_BURN_WORDS = re.compile(r"(?i)burn|バーンレート|消費速度|燃焼率")
_RANGE_MINUTES = {"s": 1 / 60, **_UNIT_MINUTES}


def _range_windows(expr: str) -> list[float]:
    found = set()
    for match in _RANGE.finditer(expr):
        value, unit = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
        found.add(float(value) * _RANGE_MINUTES[unit])
    return sorted(found, reverse=True)


def promql_burn_rate(expr: str, context: str = "") -> BurnRate | None:
    """A burn-rate condition in a PromQL expression: the factor of the error budget ratio it
    multiplies, or the bare error ratio it compares against (its factor then depends on the
    SLO the alert serves), with the long and short windows of its range selectors.
    ``context`` (the alert's name, summary, labels) tells a bare ratio is a burn rate and may
    state the factor ("14.4x")."""
    expr = " ".join(expr.split())
    windows = _range_windows(expr)
    times = _TIMES.search(expr)
    factor: float | None = None
    ratio: float | None = None
    if times:
        factor = float(times.group(1) or times.group(4))
        budget = 1 - float(times.group(2) or times.group(3))
        ratio = round(factor * budget * 100, 6)
    else:
        bare = _BARE.search(expr)
        burn = _BURN_WORDS.search(context) or (len(windows) > 1 and " and " in expr)
        if bare is None or not burn or not 0 < float(bare.group(1)) < 1:
            return None
        ratio = round(float(bare.group(1)) * 100, 6)
        stated = _LABELLED_FACTOR.search(context)
        factor = float(stated.group(1)) if stated else None
    return BurnRate(factor=factor, long_window=windows[0] if windows else None,
                    short_window=windows[-1] if len(windows) > 1 else None,
                    error_ratio=ratio, text=expr)


def yaml_monitors(doc: Document) -> tuple[Monitor, ...]:
    """Alert rules of Prometheus rule groups in the document's YAML code blocks."""
    return tuple(m for block, data in _documents(doc) if isinstance(data.get("groups"), list)
                 for m in _prometheus(block, data))
