"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from opslint import __version__
from opslint.engine.findings import Finding, LocalText, Location, Severity
from opslint.engine.fixes import Applicability

if TYPE_CHECKING:
    from opslint.engine.registry import Rule
    from opslint.reporters import ReportInput

__all__ = [
    "INFORMATION_URI", "SCHEMA_URI", "build", "clean_path", "extra_of", "fingerprints", "render",
]

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/opslint/"
FINGERPRINT_KEY = "opslint/v1"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_HELP_HEADINGS = {
    "ja": ("検査内容", "理由", "修正方法"),
    "en": ("What it checks", "Why it matters", "How to fix"),
}


def extra_of(report: ReportInput) -> Mapping[str, Any]:
    """What the CLI passes beside the findings: ``rules``, ``lines`` (path → source lines)."""
    extra = getattr(report, "extra", None)
    return extra if isinstance(extra, Mapping) else {}


def _line_text(lines: Mapping[str, Sequence[str]], path: str, line: int) -> str:
    source = lines.get(path, ())
    text = source[line - 1] if 0 < line <= len(source) else ""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def fingerprints(
    findings: Sequence[Finding], lines: Mapping[str, Sequence[str]]
) -> list[str]:
    """One stable hash per finding: rule, path, key and the normalised text of its line.

    The line number is left out so that edits above a finding keep its identity; equal
    hashes get an occurrence suffix (``:2``) so that every finding stays distinct.
    """
    seen: Counter[str] = Counter()
    out: list[str] = []
    for f in findings:
        basis = "\0".join((f.rule_id, f.path, f.key, _line_text(lines, f.path, f.line)))
        digest = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]
        seen[digest] += 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def clean_path(path: str) -> str:
    """Forward slashes and no leading ``./``: the form CI services match against the repo."""
    posix = path.replace("\\", "/")
    while posix.startswith("./"):
        posix = posix[2:]
    return posix


def _uri(path: str) -> tuple[str, str | None]:
    """A relative URI against %SRCROOT% for relative paths, a file URI for absolute ones.

    The CLI shows a path under the working folder relative to it (also when it was given
    as an absolute path), and any other path absolute; %SRCROOT% is the working folder,
    declared in the run's ``originalUriBaseIds``."""
    posix = clean_path(path)
    if PurePosixPath(posix).is_absolute() or PureWindowsPath(path).is_absolute():
        return "file://" + quote(posix if posix.startswith("/") else "/" + posix), None
    return quote(posix), "%SRCROOT%"


def _location(path: str, line: int, column: int = 1, end_line: int | None = None,
              message: str = "") -> dict[str, Any]:
    uri, base = _uri(path)
    artifact: dict[str, Any] = {"uri": uri}
    if base:
        artifact["uriBaseId"] = base
    region = {"startLine": max(line, 1), "startColumn": max(column, 1),
              "endLine": max(end_line or line, line, 1)}
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": artifact, "region": region}
    }
    if message:
        location["message"] = {"text": message}
    return location


def _note(location: Location, lang: str) -> str:
    note = location.note
    return note.get(lang) if isinstance(note, LocalText) else note


def _rule_descriptor(rule: Rule, lang: str) -> dict[str, Any]:
    spec = rule.spec
    what, why, fix = (spec.explain.what.get(lang), spec.explain.why.get(lang),
                      spec.explain.fix.get(lang))
    heads = _HELP_HEADINGS["ja" if lang == "ja" else "en"]
    text = "\n\n".join(f"{h}: {body}" for h, body in zip(heads, (what, why, fix), strict=True))
    markdown = "\n\n".join(f"**{h}**\n\n{body}" for h, body in zip(heads, (what, why, fix),
                                                                      strict=True))
    kinds = [str(getattr(k, "value", k)) for k in spec.doc_kinds]
    return {
        "id": spec.id,
        "name": spec.name,
        # The message with its placeholders elided reads as a one-line summary of the rule.
        "shortDescription": {"text": _PLACEHOLDER.sub("…", spec.message.get(lang))},
        "fullDescription": {"text": what},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": _LEVEL[spec.severity]},
        "properties": {
            "gate": spec.gate,
            "priority": spec.priority,
            "docKinds": kinds,
            "fixable": spec.fix is not None,
            "tags": [spec.id.rstrip("0123456789"), f"gate-{spec.gate}", spec.priority,
                     *spec.tags],
        },
    }


def _fallback_descriptor(finding: Finding) -> dict[str, Any]:
    # Without the rule files (a reporter called directly), describe rules from their findings.
    return {
        "id": finding.rule_id,
        "name": finding.name,
        "shortDescription": {"text": finding.name},
        "defaultConfiguration": {"level": _LEVEL[finding.severity]},
        "properties": {"gate": finding.gate, "priority": finding.priority,
                       "tags": [finding.rule_id.rstrip("0123456789"), f"gate-{finding.gate}",
                                finding.priority]},
    }


def _run_lang(findings: Sequence[Finding]) -> str:
    counts = Counter(f.lang for f in findings)
    return "en" if counts["en"] > counts["ja"] else "ja" if counts else "en"


def _fix(finding: Finding) -> dict[str, Any]:
    """The finding's edits as a SARIF fix: code-point offsets (the run's columnKind)."""
    assert finding.fix is not None
    uri, base = _uri(finding.path)
    artifact: dict[str, Any] = {"uri": uri, **({"uriBaseId": base} if base else {})}
    replacements = [
        {"deletedRegion": {"charOffset": edit.start, "charLength": edit.end - edit.start},
         "insertedContent": {"text": edit.content}}
        for edit in finding.fix.edits
    ]
    label = ("opslint fix" if finding.fix.applicability is Applicability.SAFE
             else "opslint fix --unsafe-fixes")
    return {"description": {"text": label},
            "artifactChanges": [{"artifactLocation": artifact, "replacements": replacements}]}


def _result(finding: Finding, index: int, fingerprint: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.path, finding.line, finding.column, finding.end_line)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {
            "question": finding.question,
            "gate": finding.gate,
            "priority": finding.priority,
            "docKind": finding.doc_kind,
            "lang": finding.lang,
            "key": finding.key,
            "fixable": finding.fixable,
        },
    }
    if finding.fix is not None:
        result["fixes"] = [_fix(finding)]
    if finding.count > 1:  # repeated findings in one table, collapsed into this one
        result["occurrenceCount"] = finding.count
    if finding.related:
        result["relatedLocations"] = [
            {"id": number, **_location(r.path, r.line, message=_note(r, finding.lang))}
            for number, r in enumerate(finding.related, start=1)
        ]
    return result


def build(report: ReportInput) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict: one run, every known rule, one result per finding."""
    findings = list(report.findings)
    extra = extra_of(report)
    lang = _run_lang(findings)
    known: Sequence[Rule] = extra.get("rules") or ()
    descriptors = [_rule_descriptor(r, lang) for r in sorted(known, key=lambda r: r.id)]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    for finding in findings:
        if finding.rule_id not in index:
            index[finding.rule_id] = len(descriptors)
            descriptors.append(_fallback_descriptor(finding))
    prints = fingerprints(findings, extra.get("lines") or {})
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "opslint",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }},
            # No absolute uri: the log stays the same on every machine (SARIF 3.14.14 lets
            # a producer leave the root out and describe it; viewers use the open folder).
            "originalUriBaseIds": {"%SRCROOT%": {"description": {
                "text": "The folder opslint ran in (the repository root in CI); relative "
                        "URIs are relative to it."}}},
            "language": "ja-JP" if lang == "ja" else "en-US",
            "columnKind": "unicodeCodePoints",
            "results": [_result(f, index[f.rule_id], p) for f, p in zip(findings, prints,
                                                                          strict=True)],
        }],
    }


def render(report: ReportInput) -> str:
    return json.dumps(build(report), ensure_ascii=False, indent=2) + "\n"
