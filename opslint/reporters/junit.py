"""JUnit XML: one test suite, one test case per file and rule, so CI test views list problems."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby
from typing import TYPE_CHECKING

from opslint.engine.findings import Finding

if TYPE_CHECKING:
    from opslint.reporters import ReportInput

__all__ = ["render"]

# Characters XML 1.0 cannot carry at all, even escaped.
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CLEAN_CASE = "opslint"


def _xml_text(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _detail(finding: Finding) -> str:
    text = (f"{finding.path}:{finding.line}:{finding.column}: [{finding.severity.value}] "
            f"{finding.message}")
    return text + (f"\n  ? {finding.question}" if finding.question else "")


def _failed_case(suite: ET.Element, path: str, findings: list[Finding]) -> None:
    first = findings[0]
    case = ET.SubElement(suite, "testcase", {
        "name": f"{first.rule_id} {first.name}",
        "classname": _xml_text(path),
        "file": _xml_text(path),
        "line": str(first.line),
    })
    more = f" (+{len(findings) - 1})" if len(findings) > 1 else ""
    failure = ET.SubElement(case, "failure", {
        "type": first.rule_id,
        "message": _xml_text(f"[{first.severity.value}] {first.message}{more}"),
    })
    failure.text = _xml_text("\n".join(_detail(f) for f in findings))


def build(report: ReportInput) -> ET.Element:
    """``<testsuites>`` with one ``<testsuite name="opslint">``; clean files pass one case."""
    findings = sorted(report.findings, key=lambda f: (f.path, f.rule_id, f.line, f.column))
    root = ET.Element("testsuites", {"name": "opslint"})
    suite = ET.SubElement(root, "testsuite", {"name": "opslint"})
    failing = {f.path for f in findings}
    for path in sorted(set(report.files) | failing):
        if path not in failing:
            ET.SubElement(suite, "testcase", {"name": _CLEAN_CASE, "classname": _xml_text(path),
                                              "file": _xml_text(path)})
            continue
        in_file = [f for f in findings if f.path == path]
        for _, group in groupby(in_file, key=lambda f: f.rule_id):
            _failed_case(suite, path, list(group))
    tests = str(len(suite))
    failures = str(sum(1 for case in suite if case.find("failure") is not None))
    for element in (root, suite):
        element.attrib.update({"tests": tests, "failures": failures, "errors": "0"})
    suite.set("skipped", "0")
    return root


def render(report: ReportInput) -> str:
    root = build(report)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
